using System.Net;
using OncRpc.Client;
using OncRpc.Portmapper.Server;
using OncRpc.Server;
using OncRpc.Testing;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Portmapper.Tests.Interop;

[Collection(SystemRpcbindCollection.Name)]
public sealed class ServerRegistrationInteropTests
{
    [RpcbindFact]
    public async Task Server_registers_its_programs_with_the_system_rpcbind_and_withdraws_them_on_stop()
    {
        // A program number from the range RFC 5531 leaves to local use, random so parallel runs do not collide.
        uint program = 0x2000_0000u + (uint)Random.Shared.Next(1, 0x0FFF_FFFF);
        var server = new RpcServer();
        await using (server)
        {
            server.AddProcedure(program, 1, 1, XdrCodec.UInt32, XdrCodec.UInt32, (x, _) => x + 1);
            server.AddProcedure(program, 2, 1, XdrCodec.UInt32, XdrCodec.UInt32, (x, _) => x + 2);
            var tcp = (IPEndPoint)await server.ListenTcpAsync(new IPEndPoint(IPAddress.Loopback, 0));
            var udp = (IPEndPoint)await server.ListenUdpAsync(new IPEndPoint(IPAddress.Loopback, 0));

            IReadOnlyList<RpcbindMapping> registered = await server.RegisterWithRpcbindAsync(options: RpcbindTransports.Options);
            Assert.Equal(4, registered.Count);

            foreach (uint version in new[] { 1u, 2u })
            {
                Assert.Equal(tcp, await RpcbindResolver.ResolveAsync(IPAddress.Loopback, program, version, RpcTransportKind.Tcp, RpcbindTransports.Options));
                Assert.Equal(udp, await RpcbindResolver.ResolveAsync(IPAddress.Loopback, program, version, RpcTransportKind.Udp, RpcbindTransports.Options));
            }

            // A client that only knows the program number finds the server through rpcbind and calls it.
            await using (RpcClient client = await RpcbindResolver.ConnectAsync(IPAddress.Loopback, program, 2, RpcTransportKind.Tcp, RpcbindTransports.Options))
            {
                Assert.Equal(42u, await client.CallAsync(program, 2, 1, XdrCodec.UInt32, 40u, XdrCodec.UInt32));
            }

            await server.StopAsync();
            Assert.Equal(0, server.GetEventCount(RpcServerEventKind.StoppingCallbackFailed));
        }

        await using PortmapperClient pmap = await RpcbindTransports.PortmapperAsync(NetId.Tcp);
        Assert.DoesNotContain(await pmap.DumpAsync(), m => m.Program == program);
    }
}
