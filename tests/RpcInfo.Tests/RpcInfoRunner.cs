using OncRpc.Testing;
using RpcInfo;

namespace RpcInfo.Tests;

/// <summary>Runs the C rpcinfo, our rpcinfo in-process, and our rpcinfo as its own process.</summary>
internal static class RpcInfoRunner
{
    public const string CRpcInfo = "/usr/sbin/rpcinfo";

    public static bool CRpcInfoExists => File.Exists(CRpcInfo);

    /// <summary>
    /// Runs /usr/sbin/rpcinfo with argv[0] = "rpcinfo" (getopt prints argv[0] in its diagnostics; ours always
    /// says "rpcinfo"), under an optional wrapper such as "unshare -n".
    /// </summary>
    public static Task<RunResult> RunCAsync(params string[] args) => RunCWrappedAsync(null, args);

    public static Task<RunResult> RunCWrappedAsync(string? wrapperScript, params string[] args)
    {
        string inner = "exec -a rpcinfo " + CRpcInfo + " \"$@\"";
        string script = wrapperScript is null ? inner : wrapperScript.Replace("{}", inner, StringComparison.Ordinal);
        var argv = new List<string> { "-c", script, "rpcinfo" };
        argv.AddRange(args);
        return ToolProcess.RunAsync("/bin/bash", argv);
    }

    /// <summary>Our rpcinfo, called in-process.</summary>
    public static async Task<RunResult> RunOursAsync(RpcInfoSettings? settings, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        using var cts = new CancellationTokenSource(ToolProcess.Limit);
        int code = await RpcInfoApp.RunAsync(args, stdout, stderr, settings ?? RpcInfoSettings.Default, cts.Token);
        return new RunResult(stdout.ToString(), stderr.ToString(), code);
    }

    public static Task<RunResult> RunOursAsync(params string[] args) => RunOursAsync(null, args);

    /// <summary>The command line (quoted for bash) that starts our rpcinfo as its own process.</summary>
    public static string OursCommand
    {
        get
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "rpcinfo.dll");
            string dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
            return "\"" + dotnet + "\" \"" + dll + "\"";
        }
    }

    /// <summary>Our rpcinfo as a separate process (dotnet rpcinfo.dll), under an optional wrapper.</summary>
    public static Task<RunResult> RunOursProcessAsync(string? wrapperScript, params string[] args)
    {
        string inner = "exec " + OursCommand + " \"$@\"";
        string script = wrapperScript is null ? inner : wrapperScript.Replace("{}", inner, StringComparison.Ordinal);
        var argv = new List<string> { "-c", script, "rpcinfo" };
        argv.AddRange(args);
        return ToolProcess.RunAsync("/bin/bash", argv);
    }

    /// <summary>Runs a bash script with arguments ($1...) and returns what it printed.</summary>
    public static Task<RunResult> RunScriptAsync(string script, params string[] args)
    {
        var argv = new List<string> { "-c", script, "bash" };
        argv.AddRange(args);
        return ToolProcess.RunAsync("/bin/bash", argv);
    }
}
