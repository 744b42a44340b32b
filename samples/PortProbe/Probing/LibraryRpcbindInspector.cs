using System.Net;

namespace PortProbe.Probing;

/// <summary>
/// Asks the portmapper through the OncRpc client library. Until the RPC client lands this first cut reports the
/// UDP side and the program list as not checked.
/// </summary>
internal sealed class LibraryRpcbindInspector : IRpcbindInspector
{
    public Task<UdpInspection> InspectUdpAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult(UdpInspection.NotChecked);

    public Task<(ProgramListing? Listing, string? Error)> DumpTcpAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult<(ProgramListing?, string?)>((null, "the RPC client is not available in this build"));

    public string? ProgramName(uint program) => null;
}
