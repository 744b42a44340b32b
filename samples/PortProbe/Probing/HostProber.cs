using System.Diagnostics;
using System.Net;
using PortProbe.Reporting;
using PortProbe.Risk;
using PortProbe.Targets;

namespace PortProbe.Probing;

/// <summary>Probes one address: UDP and TCP side by side (the TCP listing right after the connect), then the verdict.</summary>
/// <remarks>When the portmapper lists a mount daemon and a share inspector is given, its export list is read last.</remarks>
internal sealed class HostProber(IRpcbindInspector inspector, int port, TimeSpan timeout, bool udp, IShareInspector? shares = null)
{
    public async Task<HostReport> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        if (target.Address is null)
        {
            return new HostReport(target.Target, null, null, UdpInspection.NotChecked, null, null, [], Verdict.Error, target.Error, TimeSpan.Zero);
        }

        var endPoint = new IPEndPoint(target.Address, port);
        Task<UdpInspection> udpTask = udp
            ? inspector.InspectUdpAsync(endPoint, timeout, cancellationToken)
            : Task.FromResult(UdpInspection.NotChecked);

        // The TCP listing is preferred: it is what `nmap -sT --script rpcinfo` and `rpcinfo -p` see, and it is not
        // cut short by a datagram size limit. It is read over the connection of the open/closed/filtered check, while
        // the UDP questions are out. The UDP listing stands in when only UDP answers.
        TcpInspection tcpResult = await inspector.InspectTcpAsync(endPoint, timeout, cancellationToken).ConfigureAwait(false);
        TcpCheck tcp = tcpResult.Check;
        ProgramListing? listing = tcpResult.Listing;
        string? listingError = tcpResult.ListingError;
        UdpInspection udpResult = await udpTask.ConfigureAwait(false);
        if (listing is null && udpResult.Listing is not null)
        {
            listing = udpResult.Listing;
            listingError = null;
        }

        TlsInspection tls = tcp.State == TcpState.Open
            ? await inspector.InspectTlsAsync(endPoint, listing, timeout, cancellationToken).ConfigureAwait(false)
            : TlsInspection.NotChecked;
        IReadOnlyList<KnownRisk> risks = listing is null ? [] : KnownRisks.Among(listing.Programs);
        Verdict verdict = HostReport.Decide(tcp, udpResult, null);
        ShareInspection? shareResult = shares is not null && listing is not null
            ? await shares.InspectAsync(target.Address, listing.Programs, timeout, cancellationToken).ConfigureAwait(false)
            : null;
        return new HostReport(target.Target, target.Address, tcp, udpResult, listing, listingError, risks, verdict, null,
            Stopwatch.GetElapsedTime(start), shareResult, tls);
    }
}
