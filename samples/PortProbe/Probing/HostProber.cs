using System.Diagnostics;
using System.Net;
using PortProbe.Reporting;
using PortProbe.Risk;
using PortProbe.Targets;

namespace PortProbe.Probing;

/// <summary>Probes one address: TCP and UDP in parallel, then the program list, then the verdict.</summary>
internal sealed class HostProber(IRpcbindInspector inspector, int port, TimeSpan timeout, bool udp)
{
    public async Task<HostReport> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        if (target.Address is null)
        {
            return new HostReport(target.Target, null, null, UdpInspection.NotChecked, null, null, [], Verdict.Error, target.Error, TimeSpan.Zero);
        }

        var endPoint = new IPEndPoint(target.Address, port);
        Task<TcpCheck> tcpTask = TcpProbe.CheckAsync(endPoint, timeout, cancellationToken);
        Task<UdpInspection> udpTask = udp
            ? inspector.InspectUdpAsync(endPoint, timeout, cancellationToken)
            : Task.FromResult(UdpInspection.NotChecked);
        TcpCheck tcp = await tcpTask.ConfigureAwait(false);
        UdpInspection udpResult = await udpTask.ConfigureAwait(false);

        // The TCP listing is preferred: it is what `nmap -sT --script rpcinfo` and `rpcinfo -p` see, and it is not
        // cut short by a datagram size limit. The UDP listing stands in when only UDP answers.
        ProgramListing? listing = null;
        string? listingError = null;
        if (tcp.State == TcpState.Open)
        {
            (listing, listingError) = await inspector.DumpTcpAsync(endPoint, timeout, cancellationToken).ConfigureAwait(false);
        }

        if (listing is null && udpResult.Listing is not null)
        {
            listing = udpResult.Listing;
            listingError = null;
        }

        IReadOnlyList<KnownRisk> risks = listing is null ? [] : KnownRisks.Among(listing.Programs);
        Verdict verdict = HostReport.Decide(tcp, udpResult, null);
        return new HostReport(target.Target, target.Address, tcp, udpResult, listing, listingError, risks, verdict, null,
            Stopwatch.GetElapsedTime(start));
    }
}
