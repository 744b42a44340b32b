using System.Text;
using PortProbe.Cli;
using PortProbe.Probing;
using PortProbe.Reporting;
using PortProbe.Targets;

namespace PortProbe;

/// <summary>The whole program: parse, expand targets, scan, report, exit code.</summary>
internal static class ProbeApp
{
    public static async Task<int> RunAsync(string[] args, ProbeConsole console, IRpcbindInspector inspector, CancellationToken cancellationToken, IShareInspector? shares = null)
    {
        ProbeOptions? options = CommandLine.Parse(args, out string? usageError);
        if (options is null)
        {
            console.Error.WriteLine($"portprobe: {usageError}");
            console.Error.WriteLine("Try 'portprobe --help'.");
            return ScanSummary.ExitError;
        }

        if (options.ShowHelp)
        {
            console.Out.WriteLine(CommandLine.Usage);
            return 0;
        }

        if (options.ShowVersion)
        {
            console.Out.WriteLine("portprobe " + typeof(ProbeApp).Assembly.GetName().Version);
            return 0;
        }

        var words = new List<string>(options.Targets);
        foreach (string file in options.TargetFiles)
        {
            try
            {
                using TextReader reader = file == "-" ? console.In : new StreamReader(file);
                words.AddRange(TargetExpander.ReadWords(reader));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                console.Error.WriteLine($"portprobe: {file}: {ex.Message}");
                return ScanSummary.ExitError;
            }
        }

        IReadOnlyList<TargetSpec>? specs = TargetExpander.ParseAll(words, options.MaxHosts, out string? targetError);
        if (specs is null)
        {
            console.Error.WriteLine($"portprobe: {targetError}");
            return ScanSummary.ExitError;
        }

        DateTimeOffset started = DateTimeOffset.UtcNow;
        HostReport[] reports;
        try
        {
            IReadOnlyList<ProbeTarget> targets = await TargetExpander.ExpandAsync(specs, options.Family, options.Timeout, null, cancellationToken).ConfigureAwait(false);
            bool showProgress = options.Progress == ProgressMode.Always || (options.Progress == ProgressMode.Auto && console.ErrorIsTerminal);
            var progress = showProgress ? new ProgressReporter(console.Error, console.ErrorIsTerminal, targets.Count) : null;
            var prober = new HostProber(inspector, options.Port, options.Timeout, options.Udp, shares);
            reports = await Scanner.ScanAsync(targets, prober, options.Concurrency, progress is null ? null : progress.OnHostDone, cancellationToken).ConfigureAwait(false);
            progress?.Complete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine("portprobe: interrupted");
            return ScanSummary.ExitError;
        }

        if (options.Json)
        {
            using var buffer = new MemoryStream();
            JsonReportWriter.Write(buffer, reports, options.Port, options.Timeout, started, inspector.ProgramName);
            console.Out.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
        else
        {
            Palette palette = Palette.Choose(options.Color, console.OutputIsTerminal, console.Environment);
            TableWriter.Write(console.Out, reports, options.Port, palette, inspector.ProgramName);
        }

        console.Out.Flush();
        return ScanSummary.Of(reports).ExitCode;
    }
}
