using System.Net;

namespace PortProbe.Probing;

/// <summary>
/// The read-only portmapper questions the probe asks (DUMP, GETSTAT), behind an interface so the scan logic can be
/// tested without a network. Implementations never SET, UNSET or forward calls.
/// </summary>
internal interface IRpcbindInspector
{
    /// <summary>
    /// Asks DUMP (v2, v3, v4) and GETSTAT over UDP and measures each exchange; a host that does not answer the first
    /// question within <paramref name="timeout"/> is reported silent without waiting for the others.
    /// </summary>
    Task<UdpInspection> InspectUdpAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Connects over TCP within <paramref name="timeout"/> (open, closed or filtered, as <c>nmap -sT</c> reports it)
    /// and, when open, lists the registrations over that connection: rpcbind v4, then v3, then portmapper v2.
    /// </summary>
    Task<TcpInspection> InspectTcpAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Sends the RPC-with-TLS probe (a NULL call with the AUTH_TLS credential, RFC 9289) to the portmapper at
    /// <paramref name="endPoint"/> and to NFS at the TCP port <paramref name="listing"/> gives it, each on a
    /// connection of its own that is closed after the answer: no TLS handshake is started.
    /// </summary>
    Task<TlsInspection> InspectTlsAsync(IPEndPoint endPoint, ProgramListing? listing, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult(TlsInspection.NotChecked);

    /// <summary>The name of a program number as rpcinfo shows it, or null when unknown.</summary>
    string? ProgramName(uint program);
}
