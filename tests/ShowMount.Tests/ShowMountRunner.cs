using OncRpc.Testing;
using ShowMount;

namespace ShowMount.Tests;

/// <summary>Runs the C showmount (argv[0] = "showmount") and ours, in-process, with the same arguments.</summary>
internal static class ShowMountRunner
{
    public const string CShowMount = "/usr/sbin/showmount";

    public static bool CShowMountExists => File.Exists(CShowMount);

    public static Task<RunResult> RunCAsync(params string[] args) =>
        ToolProcess.RunAsync("/bin/bash", ["-c", "exec -a showmount " + CShowMount + " \"$@\"", "showmount", .. args]);

    public static async Task<RunResult> RunOursAsync(ShowMountSettings? settings, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        using var cts = new CancellationTokenSource(ToolProcess.Limit);
        int code = await ShowMountApp.RunAsync(args, "showmount", stdout, stderr, settings ?? ShowMountSettings.Default, cts.Token);
        return new RunResult(stdout.ToString(), stderr.ToString(), code);
    }

    public static Task<RunResult> RunOursAsync(params string[] args) => RunOursAsync(null, args);

    /// <summary>Runs both and requires the same stdout, stderr and exit code.</summary>
    public static async Task AssertSameAsync(params string[] args)
    {
        Xunit.Assert.True(CShowMountExists, CShowMount + " is not installed (Debian's nfs-common)");
        RunResult c = await RunCAsync(args);
        RunResult ours = await RunOursAsync(args);
        Xunit.Assert.Equal(c.ToString(), ours.ToString());
    }
}
