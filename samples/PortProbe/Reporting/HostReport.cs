using System.Net;
using PortProbe.Probing;
using PortProbe.Risk;

namespace PortProbe.Reporting;

/// <summary>Everything learned about one address, and the verdict.</summary>
internal sealed record HostReport(
    string Target,
    IPAddress? Address,
    TcpCheck? Tcp,
    UdpInspection Udp,
    ProgramListing? Listing,
    string? ListingError,
    IReadOnlyList<KnownRisk> Risks,
    Verdict Verdict,
    string? Error,
    TimeSpan Elapsed,
    ShareInspection? Shares = null,
    TlsInspection? Tls = null)
{
    /// <summary>Gets the AUTH_TLS probe results; not checked when the TCP side was not open.</summary>
    public TlsInspection TlsResult => Tls ?? TlsInspection.NotChecked;

    public string Label => new Targets.ProbeTarget(Target, Address, Error).Label;

    public bool IsExposed => Verdict is Verdict.ExposedTcpOnly or Verdict.ExposedUdp;

    /// <summary>True when the mount daemon listed at least one export: the network shares leak too.</summary>
    public bool SharesExposed => Shares?.Listing is { Exports.Count: > 0 };

    /// <summary>True when an export is open to everyone, the worst finding of a port-111 check.</summary>
    public bool SharesToEveryone => Shares?.Listing is { ToEveryone: > 0 };

    /// <summary>Decides the verdict from the two checks; an answering UDP side outweighs everything else.</summary>
    public static Verdict Decide(TcpCheck? tcp, UdpInspection udp, string? error) =>
        error is not null ? Verdict.Error
        : udp.State == UdpState.Answering ? Verdict.ExposedUdp
        : tcp?.State == TcpState.Open ? Verdict.ExposedTcpOnly
        : Verdict.NotExposed;
}
