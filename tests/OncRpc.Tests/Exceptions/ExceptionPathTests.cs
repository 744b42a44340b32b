using OncRpc.Client;
using OncRpc.Messages;
using OncRpc.Server;
using OncRpc.Tests.Client;
using OncRpc.Tests.Server;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Exceptions;

/// <summary>
/// The data of each exception survives the way from the server (or a scripted peer) to the caller: over TCP, UDP and
/// a Unix socket, in every I/O mode, for one call and for every call a connection-wide failure ends.
/// </summary>
public sealed class ExceptionPathTests : IAsyncLifetime
{
    private const uint Rejecting = 0x2000_0997;
    private ServerTestHost _host = null!;

    public static TheoryData<RpcClientIoMode, string> Modes()
    {
        var data = new TheoryData<RpcClientIoMode, string>();
        foreach (RpcClientIoMode mode in Enum.GetValues<RpcClientIoMode>())
        {
            foreach (string transport in new[] { "tcp", "udp", "unix" })
            {
                data.Add(mode, transport);
            }
        }

        return data;
    }

    public async Task InitializeAsync()
    {
        _host = await ServerTestHost.StartAsync();
        _host.Server.AddProcedure(Rejecting, 1, 1, XdrCodec.Void, XdrCodec.Void, (_, _) => throw RpcCallRejectedException.WithStatus(AcceptStatus.ProcedureUnavailable));
        _host.Server.AddProcedure(Rejecting, 1, 2, XdrCodec.Void, XdrCodec.Void, (_, _) => throw RpcCallRejectedException.WithStatus(AcceptStatus.GarbageArguments));
        _host.Server.AddProcedure(Rejecting, 1, 3, XdrCodec.Void, XdrCodec.Void, (_, _) => throw RpcCallRejectedException.WithStatus(AcceptStatus.SystemError));
        _host.Server.AddProcedure(Rejecting, 1, 4, XdrCodec.Void, XdrCodec.Void, (_, _) => throw RpcCallRejectedException.WithAuthError(AuthStatus.RejectedVerifier));
        _host.Server.AddProcedure(Rejecting, 1, 5, XdrCodec.Void, XdrCodec.Void, (_, _) => throw RpcCallRejectedException.NoReply());
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Each_rejection_reaches_the_caller_with_its_type_status_and_data(RpcClientIoMode mode, string transport)
    {
        RpcTransportKind kind = transport switch { "tcp" => RpcTransportKind.Tcp, "udp" => RpcTransportKind.Udp, _ => RpcTransportKind.Local };
        var options = new RpcClientOptions { IoMode = mode, Timeout = TimeSpan.FromSeconds(20) };
        await using RpcClient client = await ClientCalls.OnOwnThread(() => RpcClient.ConnectAsync(_host.EndPointFor(transport), kind, options));

        RpcProgramMismatchException mismatch = await Fails<RpcProgramMismatchException>(mode, () => client.PingAsync(ServerTestHost.Program, 9));
        Assert.Equal((RpcStatus.ProgramVersionMismatch, 2u, 4u), (mismatch.Status, mismatch.Low, mismatch.High));
        Assert.Equal(RpcStatus.ProgramUnavailable, (await Fails<RpcException>(mode, () => client.PingAsync(0x2000_0996, 1))).Status);

        for (uint procedure = 1; procedure <= 3; procedure++)
        {
            RpcCallRejectedException thrown = procedure switch
            {
                1 => RpcCallRejectedException.WithStatus(AcceptStatus.ProcedureUnavailable),
                2 => RpcCallRejectedException.WithStatus(AcceptStatus.GarbageArguments),
                _ => RpcCallRejectedException.WithStatus(AcceptStatus.SystemError),
            };
            uint p = procedure;
            RpcException seen = await Fails<RpcException>(mode, () => client.CallAsync(Rejecting, 1, p, XdrCodec.Void, default, XdrCodec.Void));
            Assert.Equal(typeof(RpcException), seen.GetType());
            Assert.Equal(thrown.Status, seen.Status);
        }

        RpcAuthenticationException denied = await Fails<RpcAuthenticationException>(mode, () => client.CallAsync(Rejecting, 1, 4, XdrCodec.Void, default, XdrCodec.Void));
        Assert.Equal((RpcStatus.AuthError, AuthStatus.RejectedVerifier), (denied.Status, denied.AuthStatus));

        var shortCall = new RpcCallOptions { Timeout = TimeSpan.FromMilliseconds(300) };
        TimeoutException silent = await Fails<TimeoutException>(mode, () => client.CallAsync(Rejecting, 1, 5, XdrCodec.Void, default, XdrCodec.Void, shortCall));
        Assert.Equal("RPC: Timed out", silent.Message);

        // The connection is still good after all of them.
        await ClientCalls.Start(mode, async () => { await client.PingAsync(ServerTestHost.Program, 2); return 0; });
    }

    [Theory]
    [InlineData(RpcClientIoMode.DedicatedThread)]
    [InlineData(RpcClientIoMode.Asynchronous)]
    [InlineData(RpcClientIoMode.CallingThread)]
    public async Task Rpc_version_mismatch_from_a_scripted_server_keeps_its_range(RpcClientIoMode mode)
    {
        await using var server = new ScriptedTcpServer();
        await using RpcClient client = await RpcClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp, new RpcClientOptions { IoMode = mode });
        await server.AcceptAsync();
        Task<RpcVersionMismatchException> call = Fails<RpcVersionMismatchException>(mode, () => client.PingAsync(100000, 2));
        byte[] request = await server.ReadCallAsync();
        await server.SendRecordAsync(RpcWire.Reply(RpcReplyHeader.RpcMismatch(RpcWire.Xid(request), 3, 7)));
        RpcVersionMismatchException mismatch = await call;
        Assert.Equal((RpcStatus.VersionMismatch, 3u, 7u), (mismatch.Status, mismatch.Low, mismatch.High));
        Assert.Equal("RPC: Incompatible versions of RPC; low version = 3, high version = 7", mismatch.Message);
    }

    [Theory]
    [InlineData(RpcClientIoMode.DedicatedThread)]
    [InlineData(RpcClientIoMode.Asynchronous)]
    public async Task A_protocol_error_fails_every_outstanding_and_later_call_with_an_instance_of_its_own(RpcClientIoMode mode)
    {
        await using var server = new ScriptedTcpServer();
        await using RpcClient client = await RpcClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp, new RpcClientOptions { IoMode = mode, MaxReplySize = 1024 });
        await server.AcceptAsync();
        Task first = client.PingAsync(100000, 2);
        Task second = client.PingAsync(100000, 2);
        await server.ReadCallAsync();
        await server.ReadCallAsync();
        await server.SendAsync([0x80, 0x10, 0x00, 0x00]);   // a record of 1 MiB, beyond the limit

        RpcProtocolException a = await Assert.ThrowsAsync<RpcProtocolException>(() => first);
        RpcProtocolException b = await Assert.ThrowsAsync<RpcProtocolException>(() => second);
        RpcProtocolException later = await Assert.ThrowsAsync<RpcProtocolException>(() => client.PingAsync(100000, 2));
        Assert.NotSame(a, b);
        Assert.NotSame(a, later);
        Assert.Equal(RpcStatus.ProtocolError, later.Status);
        Assert.Equal(a.Message, b.Message);
        Assert.Equal(a.Message, later.Message);
    }

    private static async Task<T> Fails<T>(RpcClientIoMode mode, Func<Task> call)
        where T : Exception =>
        await Assert.ThrowsAsync<T>(() => ClientCalls.Start(mode, async () => { await call(); return 0; }));
}
