using System.Net;
using OncRpc.Portmapper.Server;
using OncRpc.Server;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Portmapper.Tests.Server;

/// <summary>RegisterWithRpcbindAsync against a scripted rpcbind (an <see cref="RpcServer"/> on loopback) that fails on cue.</summary>
public sealed class RpcServerRpcbindRegistrationTests
{
    [Fact]
    public async Task A_failed_registration_reports_its_own_error_even_when_withdrawing_the_earlier_ones_fails_too()
    {
        int sets = 0;
        int unsets = 0;
        await using var rpcbind = new RpcServer();
        rpcbind.AddProcedure(PortmapperProgram.Number, PortmapperProgram.Version4, (uint)RpcbindProcedure.Set, RpcbindMapping.Codec, XdrCodec.Boolean, (_, _) =>
            Interlocked.Increment(ref sets) == 1 ? true : throw new InvalidOperationException("second SET fails"));
        rpcbind.AddProcedure(PortmapperProgram.Number, PortmapperProgram.Version4, (uint)RpcbindProcedure.Unset, RpcbindMapping.Codec, XdrCodec.Boolean, (_, _) =>
        {
            Interlocked.Increment(ref unsets);
            throw new InvalidOperationException("UNSET fails");
        });
        EndPoint rpcbindEndPoint = await rpcbind.ListenTcpAsync(new IPEndPoint(IPAddress.Loopback, 0));

        await using var server = new RpcServer();
        server.AddProcedure(0x2000_0001u, 1, 1, XdrCodec.UInt32, XdrCodec.UInt32, (x, _) => x);
        await server.ListenTcpAsync(new IPEndPoint(IPAddress.Loopback, 0));
        await server.ListenUdpAsync(new IPEndPoint(IPAddress.Loopback, 0));

        // The second endpoint's SET gets SYSTEM_ERR; withdrawing the first one gets SYSTEM_ERR as well. The caller
        // sees the registration's error, not an AggregateException from the clean-up.
        RpcException error = await Assert.ThrowsAnyAsync<RpcException>(() => server.RegisterWithRpcbindAsync(rpcbindEndPoint));
        Assert.Equal(RpcStatus.SystemError, error.Status);
        Assert.Equal(2, Volatile.Read(ref sets));
        Assert.Equal(1, Volatile.Read(ref unsets));
    }
}
