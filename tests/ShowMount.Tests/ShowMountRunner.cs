using System.Diagnostics;
using System.Text;
using ShowMount;

namespace ShowMount.Tests;

/// <summary>What one run of showmount printed and returned.</summary>
internal sealed record RunResult(string Stdout, string Stderr, int ExitCode)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}

/// <summary>Runs the C showmount (argv[0] = "showmount") and ours, in-process, with the same arguments.</summary>
internal static class ShowMountRunner
{
    public const string CShowMount = "/usr/sbin/showmount";

    private static readonly TimeSpan ProcessLimit = TimeSpan.FromSeconds(90);

    public static bool CShowMountExists => File.Exists(CShowMount);

    public static async Task<RunResult> RunCAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec -a showmount " + CShowMount + " \"$@\"");
        psi.ArgumentList.Add("showmount");
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Remove("POSIXLY_CORRECT");
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(ProcessLimit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"showmount {string.Join(' ', args)} did not finish within {ProcessLimit}.");
        }

        return new RunResult(await stdout, await stderr, process.ExitCode);
    }

    public static async Task<RunResult> RunOursAsync(ShowMountSettings? settings, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        using var cts = new CancellationTokenSource(ProcessLimit);
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
