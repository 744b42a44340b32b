using System.Net;
using PortProbe.Probing;

namespace PortProbe.Tests.Support;

/// <summary>An inspector with canned answers, to test the scan and report logic without a portmapper.</summary>
internal sealed class FakeInspector(UdpInspection udp, ProgramListing? tcpListing) : IRpcbindInspector
{
    public static ProgramListing SampleListing { get; } = new(4, "tcp",
    [
        new RegisteredProgram(100000, 4, "tcp", 111, "0.0.0.0.0.111", "superuser"),
        new RegisteredProgram(100000, 2, "udp", 111, "0.0.0.0.0.111", "superuser"),
        new RegisteredProgram(100024, 1, "udp", 49646, "0.0.0.0.193.238", "28"),
        new RegisteredProgram(100005, 3, "tcp", 20048, "0.0.0.0.78.80", "superuser"),
        new RegisteredProgram(100000, 4, "local", null, "/run/rpcbind.sock", "superuser"),
    ]);

    public static UdpInspection Answering { get; } = new(UdpState.Answering,
        [new SizeProbe("DUMP", 2, 40, 268), new SizeProbe("DUMP", 4, 40, 1144), new SizeProbe("GETSTAT", 4, 40, 400)],
        SampleListing with { Transport = "udp" }, null);

    public Task<UdpInspection> InspectUdpAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult(udp);

    /// <summary>The real connect check (tests open a listener or hold a closed port), then the canned listing when open.</summary>
    public async Task<TcpInspection> InspectTcpAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        TcpCheck check = await TcpProbe.CheckAsync(endPoint, timeout, cancellationToken);
        return check.State == TcpState.Open
            ? new TcpInspection(check, tcpListing, tcpListing is null ? "no listing" : null)
            : new TcpInspection(check, null, null);
    }

    public string? ProgramName(uint program) => program == 100000 ? "rpcbind" : null;
}
