using System.Diagnostics;
using System.Globalization;
using System.Text;
using OncRpc.Testing;

namespace OncRpc.Tests.Tls;

/// <summary>
/// One of the Python RPC-with-TLS peers (tests/OncRpc.Tests/Tls/python) as a subprocess on loopback: started with
/// arguments, its output collected line by line, killed when disposed. Every wait is bounded.
/// </summary>
internal sealed class PythonPeer : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly object _gate = new();
    private readonly StringBuilder _stderr = new();

    private PythonPeer(Process process)
    {
        _process = process;
    }

    public static string ScriptDirectory => Path.Combine(RepositoryPaths.Root, "tests", "OncRpc.Tests", "Tls", "python");

    public static PythonPeer Start(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ScriptDirectory,
        };
        info.ArgumentList.Add("-u");
        info.ArgumentList.Add("-B");
        info.ArgumentList.Add(Path.Combine(ScriptDirectory, script));
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
        var peer = new PythonPeer(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (peer._gate)
                {
                    peer._lines.Add(e.Data);
                    Monitor.PulseAll(peer._gate);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (peer._gate)
                {
                    peer._stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join("\n", _lines) + "\n" + _stderr;
            }
        }
    }

    /// <summary>Waits for the "PORT n" line of a server script.</summary>
    public int WaitForPort()
    {
        string line = WaitForLine(l => l.StartsWith("PORT ", StringComparison.Ordinal));
        return int.Parse(line.AsSpan(5), CultureInfo.InvariantCulture);
    }

    /// <summary>Waits for a line matching <paramref name="match"/>; fails the test after 30 s or when the process ends without one.</summary>
    public string WaitForLine(Func<string, bool> match)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        lock (_gate)
        {
            while (true)
            {
                string? found = _lines.FirstOrDefault(match);
                if (found is not null)
                {
                    return found;
                }

                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || (_process.HasExited && !Monitor.Wait(_gate, 100)))
                {
                    throw new TimeoutException("The Python peer did not print the expected line. Output so far:\n" + string.Join("\n", _lines) + "\n" + _stderr);
                }

                Monitor.Wait(_gate, left < TimeSpan.FromMilliseconds(50) ? left : TimeSpan.FromMilliseconds(50));
            }
        }
    }

    /// <summary>Waits (bounded) for a client script to end and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
