using System.Net;
using OncRpc.Client;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Portmapper.Tests.Clients;

public sealed class ScriptedServerTests
{
    [Fact]
    public async Task Resolver_falls_back_from_v4_to_v3_to_portmapper_v2_like_libtirpc()
    {
        await using var server = new ScriptedRpcbindServer((version, procedure, _) => version switch
        {
            2 when procedure == (uint)PortmapperProcedure.GetPort => ScriptedRpcbindServer.Success(XdrTestHelpers.Encode(XdrCodec.UInt32, 2049u)),
            _ => ScriptedRpcbindServer.ProgramMismatch(2, 2),
        });
        EndPoint resolved = await RpcbindResolver.ResolveAsync(server.EndPoint, 100003, 3, RpcTransportKind.Tcp);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 2049), resolved);
        Assert.Equal(
            new (uint, uint)[] { (4, (uint)RpcbindProcedure.GetVersAddr), (3, (uint)RpcbindProcedure.GetAddr), (2, (uint)PortmapperProcedure.GetPort) },
            server.Calls.Select(c => (c.Version, c.Procedure)).ToArray());
        Assert.Equal(new PortMapping(100003, 3, PortMapping.Tcp, 0), XdrTestHelpers.Decode(PortMapping.Codec, server.Calls.Last().Arguments));
    }

    [Fact]
    public async Task Resolver_stops_at_the_first_version_that_answers_and_replaces_a_wildcard_address()
    {
        await using var server = new ScriptedRpcbindServer((version, procedure, _) =>
            ScriptedRpcbindServer.Success(XdrTestHelpers.Encode(XdrCodec.String, "0.0.0.0.8.1")));
        EndPoint resolved = await RpcbindResolver.ResolveAsync(server.EndPoint, 100003, 3, RpcTransportKind.Tcp);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 2049), resolved);
        (uint version, uint procedure, byte[] arguments) = Assert.Single(server.Calls);
        Assert.Equal((4u, (uint)RpcbindProcedure.GetVersAddr), (version, procedure));
        Assert.Equal(new RpcbindMapping(100003, 3, NetId.Tcp, "", ""), XdrTestHelpers.Decode(RpcbindMapping.Codec, arguments));
    }

    [Fact]
    public async Task Resolver_reports_an_unregistered_program_like_libtirpc()
    {
        await using var server = new ScriptedRpcbindServer((_, _, _) => ScriptedRpcbindServer.Success(XdrTestHelpers.Encode(XdrCodec.String, "")));
        RpcException ex = await Assert.ThrowsAnyAsync<RpcException>(() => RpcbindResolver.ResolveAsync(server.EndPoint, 100003, 3, RpcTransportKind.Tcp));
        Assert.Equal(RpcStatus.ProgramNotRegistered, ex.Status);
        Assert.Equal("RPC: Program not registered", ex.Message);
        Assert.Single(server.Calls);
    }

    [Fact]
    public async Task CallIt_encodes_rmtcallargs_and_decodes_the_typed_result()
    {
        byte[] pmapResult = XdrTestHelpers.Encode(PortmapperRemoteCallResult.Codec, new PortmapperRemoteCallResult(2049, XdrTestHelpers.Encode(XdrCodec.UInt32, 7u)));
        byte[] rpcbResult = XdrTestHelpers.Encode(RpcbindRemoteCallResult.Codec, new RpcbindRemoteCallResult("127.0.0.1.8.1", XdrTestHelpers.Encode(XdrCodec.UInt32, 7u)));
        await using var server = new ScriptedRpcbindServer((version, _, _) => ScriptedRpcbindServer.Success(version == 2 ? pmapResult : rpcbResult));
        RemoteCallArguments arguments = RemoteCallArguments.Create(100003, 3, 1, XdrCodec.String, "x");

        await using (var pmap = new PortmapperClient(await RpcClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp), ownsClient: true))
        {
            PortmapperRemoteCallResult result = await pmap.CallItAsync(arguments);
            Assert.Equal(2049u, result.Port);
            Assert.Equal(7u, result.DecodeResults(XdrCodec.UInt32));
        }

        await using (RpcbindClient rpcb = await RpcbindClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp))
        {
            RpcbindRemoteCallResult viaBcast = await rpcb.CallItAsync(arguments);
            RpcbindRemoteCallResult viaIndirect = await rpcb.IndirectAsync(arguments);
            Assert.Equal("127.0.0.1.8.1", viaBcast.Address);
            Assert.Equal(viaBcast, viaIndirect);
            Assert.Equal(7u, viaIndirect.DecodeResults(XdrCodec.UInt32));
        }

        var calls = server.Calls.ToArray();
        Assert.Equal(new (uint, uint)[] { (2, 5), (4, 5), (4, 10) }, calls.Select(c => (c.Version, c.Procedure)).ToArray());
        foreach (var call in calls)
        {
            RemoteCallArguments sent = XdrTestHelpers.Decode(RemoteCallArguments.Codec, call.Arguments);
            Assert.Equal(arguments, sent);
            Assert.Equal("x", RemoteCallDecodingHelper(sent));
        }
    }

    [Fact]
    public async Task Connecting_an_rpcbind_client_for_version_2_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => RpcbindClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 1), RpcTransportKind.Tcp, 2));
    }

    private static string RemoteCallDecodingHelper(RemoteCallArguments sent)
    {
        var reader = new XdrReader(sent.Arguments.Span);
        return reader.ReadString();
    }
}
