using System.Net;
using OncRpc.Testing;
using PortProbe.Probing;
using Xunit;

namespace PortProbe.Tests.Probing;

/// <summary>The AUTH_TLS probe against the system rpcbind, which does not offer RPC-with-TLS.</summary>
[Collection(SystemRpcbindCollection.Name)]
public sealed class TlsProbeTests
{
    [RpcbindFact]
    public async Task Local_rpcbind_answers_the_AUTH_TLS_probe_without_STARTTLS()
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, 111);
        TlsInspection tls = await TlsProber.InspectAsync(endPoint, null, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.True(tls.Portmapper.State is TlsState.Refused or TlsState.NoStartTls, $"{tls.Portmapper}");
        Assert.Equal(111, tls.Portmapper.Port);
        Assert.Equal(TlsState.NotChecked, tls.Nfs.State);
    }

    [Fact]
    public async Task A_closed_port_is_reported_as_an_error_not_an_exception()
    {
        using var holder = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var closed = (IPEndPoint)holder.LocalEndPoint!;
        var listing = new ProgramListing(4, "tcp", [new RegisteredProgram(100003, 3, "tcp", closed.Port, "127.0.0.1.0.0", "")]);

        TlsInspection tls = await TlsProber.InspectAsync(closed, listing, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(TlsState.Error, tls.Portmapper.State);
        Assert.Equal(TlsState.Error, tls.Nfs.State);
        Assert.Equal(3u, tls.Nfs.Version);
    }
}
