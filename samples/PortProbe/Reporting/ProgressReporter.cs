using System.Diagnostics;
using System.Globalization;

namespace PortProbe.Reporting;

/// <summary>
/// Progress on standard error: a line redrawn in place on a terminal, or occasional plain lines when forced into a
/// pipe; throttled so a fast scan does not spend its time printing.
/// </summary>
internal sealed class ProgressReporter(TextWriter error, bool terminal, int total)
{
    private readonly Lock _gate = new();
    private int _done;
    private int _exposed;
    private long _lastWrite;
    private bool _wroteLine;

    public void OnHostDone(HostReport report)
    {
        lock (_gate)
        {
            _done++;
            if (report.IsExposed)
            {
                _exposed++;
            }

            long now = Stopwatch.GetTimestamp();
            bool due = Stopwatch.GetElapsedTime(_lastWrite, now) >= (terminal ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(2));
            if (!due && _done != total)
            {
                return;
            }

            _lastWrite = now;
            string text = string.Create(CultureInfo.InvariantCulture, $"portprobe: {_done}/{total} addresses probed, {_exposed} exposed");
            if (terminal)
            {
                error.Write("\r" + text + "\e[K");
                _wroteLine = true;
            }
            else
            {
                error.WriteLine(text);
            }

            error.Flush();
        }
    }

    /// <summary>Clears the redrawn line so the report starts on a clean screen.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (terminal && _wroteLine)
            {
                error.Write("\r\e[K");
                error.Flush();
            }
        }
    }
}
