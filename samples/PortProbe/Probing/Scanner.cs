using PortProbe.Reporting;
using PortProbe.Targets;

namespace PortProbe.Probing;

/// <summary>Probes many addresses with a bounded number in flight; results keep the order of the targets.</summary>
internal static class Scanner
{
    public static async Task<HostReport[]> ScanAsync(
        IReadOnlyList<ProbeTarget> targets,
        HostProber prober,
        int concurrency,
        Action<HostReport>? onHostDone,
        CancellationToken cancellationToken)
    {
        var reports = new HostReport[targets.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count), options, async (i, ct) =>
        {
            HostReport report = await prober.ProbeAsync(targets[i], ct).ConfigureAwait(false);
            reports[i] = report;
            onHostDone?.Invoke(report);
        }).ConfigureAwait(false);
        return reports;
    }
}
