using System.Net;
using OncRpc.Client;
using OncRpc.Messages;
using OncRpc.Server;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Server;

/// <summary>Our client against our server, on every transport.</summary>
public sealed class RpcClientAgainstServerTests : IAsyncLifetime
{
    private ServerTestHost _host = null!;

    public static TheoryData<string> Transports => ["tcp", "udp", "unix", "tcp6", "udp6"];

    public async Task InitializeAsync() => _host = await ServerTestHost.StartAsync(ipv6: true);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Calls_pings_and_errors_map_to_the_client_exceptions(string transport)
    {
        await using RpcClient client = await ConnectAsync(transport);
        Assert.Equal(42, await client.CallAsync(ServerTestHost.Program, 2, ServerTestHost.AddProcedure, ServerTestHost.Pair, [40, 2], XdrCodec.Int32));
        Assert.StartsWith("x/4/", await client.CallAsync(ServerTestHost.Program, 4, ServerTestHost.EchoProcedure, XdrCodec.String, "x", XdrCodec.String), StringComparison.Ordinal);
        await client.PingAsync(ServerTestHost.Program, 2);

        RpcProgramMismatchException mismatch = await Assert.ThrowsAsync<RpcProgramMismatchException>(() => client.PingAsync(ServerTestHost.Program, 9));
        Assert.Equal((2u, 4u), (mismatch.Low, mismatch.High));
        Assert.Equal(RpcStatus.ProgramUnavailable, (await Assert.ThrowsAnyAsync<RpcException>(() => client.PingAsync(0x2000_0999, 1))).Status);
        Assert.Equal(RpcStatus.ProcedureUnavailable, (await Assert.ThrowsAnyAsync<RpcException>(() => client.CallAsync(ServerTestHost.Program, 2, 77, XdrCodec.Void, default, XdrCodec.Void))).Status);
        Assert.Equal(RpcStatus.SystemError, (await Assert.ThrowsAnyAsync<RpcException>(() => client.CallAsync(ServerTestHost.Program, 2, ServerTestHost.ThrowProcedure, XdrCodec.Void, default, XdrCodec.Void))).Status);
        Assert.Equal(RpcStatus.CantDecodeArguments, (await Assert.ThrowsAnyAsync<RpcException>(() => client.CallAsync(ServerTestHost.Program, 2, ServerTestHost.AddProcedure, XdrCodec.Int32, 1, XdrCodec.Int32))).Status);
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("unix")]
    [InlineData("udp")]
    public async Task Many_concurrent_calls_on_one_client_all_complete(string transport)
    {
        await using RpcClient client = await ConnectAsync(transport);
        Task<int>[] calls = Enumerable.Range(0, 200)
            .Select(i => client.CallAsync(ServerTestHost.Program, 2, ServerTestHost.AddProcedure, ServerTestHost.Pair, [i, 1], XdrCodec.Int32))
            .ToArray();
        int[] results = await Task.WhenAll(calls);
        Assert.Equal(Enumerable.Range(1, 200), results);
    }

    [Fact]
    public async Task Authentication_error_reaches_the_client_as_its_status()
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync(new RpcServerOptions { Authenticate = c => c.Credential.Flavor == AuthFlavor.Sys ? AuthStatus.Ok : AuthStatus.TooWeak });
        await using RpcClient client = await RpcClient.ConnectAsync(host.Tcp, RpcTransportKind.Tcp);
        RpcAuthenticationException denied = await Assert.ThrowsAsync<RpcAuthenticationException>(() => client.PingAsync(ServerTestHost.Program, 2));
        Assert.Equal(AuthStatus.TooWeak, denied.AuthStatus);
        await client.PingAsync(ServerTestHost.Program, 2, new RpcCallOptions { Auth = RpcAuth.Sys(new AuthSysParameters(0, "h", 1, 1)) });
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task A_handler_can_deny_its_call_with_an_authentication_error(string transport)
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync();
        host.Server.AddProcedure(0x2000_0998, 1, 1, XdrCodec.Void, XdrCodec.Void, (_, _) => throw RpcCallRejectedException.WithAuthError(AuthStatus.TooWeak));
        await using RpcClient client = await RpcClient.ConnectAsync(host.EndPointFor(transport), transport == "udp" ? RpcTransportKind.Udp : RpcTransportKind.Tcp);
        RpcAuthenticationException denied = await Assert.ThrowsAsync<RpcAuthenticationException>(() => client.CallAsync(0x2000_0998, 1, 1, XdrCodec.Void, default, XdrCodec.Void));
        Assert.Equal(AuthStatus.TooWeak, denied.AuthStatus);
        Assert.Equal(0, host.Server.GetEventCount(RpcServerEventKind.HandlerFailed));
        Assert.Throws<ArgumentOutOfRangeException>(() => RpcCallRejectedException.WithAuthError(AuthStatus.Ok));
        Assert.Equal((null, AuthStatus.BadCredential), (RpcCallRejectedException.WithAuthError(AuthStatus.BadCredential).AcceptStatus, RpcCallRejectedException.WithAuthError(AuthStatus.BadCredential).AuthStatus));
    }

    private Task<RpcClient> ConnectAsync(string transport)
    {
        EndPoint endPoint = _host.EndPointFor(transport);
        RpcTransportKind kind = transport.StartsWith("udp", StringComparison.Ordinal) ? RpcTransportKind.Udp : transport == "unix" ? RpcTransportKind.Local : RpcTransportKind.Tcp;
        return RpcClient.ConnectAsync(endPoint, kind);
    }
}
