using System.Diagnostics;
using System.Text;

namespace OncRpc.Testing;

/// <summary>What one run of a command-line tool printed and returned.</summary>
internal sealed record RunResult(string Stdout, string Stderr, int ExitCode)
{
    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}

/// <summary>Runs a tool (the C oracles, our samples as processes, scripts) as its own process, bounded in time.</summary>
internal static class ToolProcess
{
    /// <summary>How long a run may take before it is killed and the test fails.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Runs <paramref name="file"/> with an empty, closed stdin and without POSIXLY_CORRECT (it changes how getopt
    /// reads the arguments), and returns what it printed (UTF-8) and its exit code.
    /// </summary>
    /// <exception cref="TimeoutException">It did not finish within <see cref="Limit"/>; it was killed.</exception>
    public static async Task<RunResult> RunAsync(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment.Remove("POSIXLY_CORRECT");
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', psi.ArgumentList)} did not finish within {Limit}.");
        }

        return new RunResult(await stdout, await stderr, process.ExitCode);
    }
}
