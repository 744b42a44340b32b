using System.Buffers.Binary;
using OncRpc.Messages;
using OncRpc.Server;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Server;

public sealed class RpcServerReplyStatusTests : IAsyncLifetime
{
    private ServerTestHost _host = null!;

    public static TheoryData<string> Transports => ["tcp", "udp", "unix", "tcp6", "udp6"];

    public async Task InitializeAsync() => _host = await ServerTestHost.StartAsync(ipv6: true);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Typed_sync_handler_answers_with_its_result(string transport)
    {
        byte[] call = RawRpc.Call(7, ServerTestHost.Program, 2, ServerTestHost.AddProcedure, ServerTestHost.Pair, [40, 2]);
        byte[]? reply = await _host.ExchangeAsync(transport, call);
        Assert.Equal(42, RawRpc.Results(reply!, XdrCodec.Int32));
        Assert.Equal(7u, RawRpc.ParseReply(reply!).Xid);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Async_handler_sees_its_call_context(string transport)
    {
        byte[] call = RawRpc.Call(8, ServerTestHost.Program, 4, ServerTestHost.EchoProcedure, XdrCodec.String, "hi");
        string expected = transport.StartsWith("udp", StringComparison.Ordinal) ? "hi/4/Udp" : transport == "unix" ? "hi/4/Local" : "hi/4/Tcp";
        Assert.Equal(expected, RawRpc.Results((await _host.ExchangeAsync(transport, call))!, XdrCodec.String));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Null_procedure_of_a_registered_version_answers_void(string transport)
    {
        byte[] reply = (await _host.ExchangeAsync(transport, RawRpc.Null(9, ServerTestHost.Program, 2)))!;
        Assert.True(RawRpc.ParseReply(reply, out byte[] results).IsSuccess);
        Assert.Empty(results);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Unknown_program_is_program_unavailable(string transport)
    {
        RpcReplyHeader header = RawRpc.ParseReply((await _host.ExchangeAsync(transport, RawRpc.Null(10, 0x2000_0999, 1)))!);
        Assert.Equal(AcceptStatus.ProgramUnavailable, header.AcceptStatus);
        Assert.Equal(10u, header.Xid);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Unknown_version_is_program_mismatch_with_the_real_range(string transport)
    {
        RpcReplyHeader header = RawRpc.ParseReply((await _host.ExchangeAsync(transport, RawRpc.Null(11, ServerTestHost.Program, 3)))!);
        Assert.Equal(AcceptStatus.ProgramMismatch, header.AcceptStatus);
        Assert.Equal((2u, 4u), (header.MismatchLow, header.MismatchHigh));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Unknown_procedure_is_procedure_unavailable(string transport)
    {
        RpcReplyHeader header = RawRpc.ParseReply((await _host.ExchangeAsync(transport, RawRpc.Call(12, ServerTestHost.Program, 2, 99, XdrCodec.Void, default)))!);
        Assert.Equal(AcceptStatus.ProcedureUnavailable, header.AcceptStatus);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Truncated_arguments_are_garbage_args(string transport)
    {
        byte[] call = RawRpc.Call(13, ServerTestHost.Program, 2, ServerTestHost.AddProcedure, ServerTestHost.Pair, [1, 2]);
        RpcReplyHeader header = RawRpc.ParseReply((await _host.ExchangeAsync(transport, call[..^2]))!);
        Assert.Equal(AcceptStatus.GarbageArguments, header.AcceptStatus);
        Assert.Equal(13u, header.Xid);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Huge_string_length_in_arguments_is_garbage_args(string transport)
    {
        byte[] call = RawRpc.Call(14, ServerTestHost.Program, 2, ServerTestHost.EchoProcedure, XdrCodec.String, "abcd");
        BinaryPrimitives.WriteUInt32BigEndian(call.AsSpan(call.Length - 8), 0xffff_fff0);
        RpcReplyHeader header = RawRpc.ParseReply((await _host.ExchangeAsync(transport, call))!);
        Assert.Equal(AcceptStatus.GarbageArguments, header.AcceptStatus);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Trailing_bytes_after_arguments_are_garbage_args(string transport)
    {
        byte[] call = [.. RawRpc.Call(15, ServerTestHost.Program, 2, ServerTestHost.AddProcedure, ServerTestHost.Pair, [1, 2]), 0, 0, 0, 0];
        Assert.Equal(AcceptStatus.GarbageArguments, RawRpc.ParseReply((await _host.ExchangeAsync(transport, call))!).AcceptStatus);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Throwing_handler_is_system_error(string transport)
    {
        byte[] call = RawRpc.Call(16, ServerTestHost.Program, 2, ServerTestHost.ThrowProcedure, XdrCodec.Void, default);
        Assert.Equal(AcceptStatus.SystemError, RawRpc.ParseReply((await _host.ExchangeAsync(transport, call))!).AcceptStatus);
        Assert.True(_host.Server.GetEventCount(RpcServerEventKind.HandlerFailed) >= 1);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Other_rpc_version_is_rpc_mismatch_2_2(string transport)
    {
        byte[] call = RawRpc.Null(17, ServerTestHost.Program, 2);
        BinaryPrimitives.WriteUInt32BigEndian(call.AsSpan(8), 3);
        RpcReplyHeader header = RawRpc.ParseReply((await _host.ExchangeAsync(transport, call))!);
        Assert.Equal(ReplyStatus.Denied, header.Status);
        Assert.Equal(RejectStatus.RpcMismatch, header.RejectStatus);
        Assert.Equal((2u, 2u), (header.MismatchLow, header.MismatchHigh));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Truncated_header_is_garbage_args_with_the_xid(string transport)
    {
        byte[] call = RawRpc.Null(18, ServerTestHost.Program, 2);
        RpcReplyHeader header = RawRpc.ParseReply((await _host.ExchangeAsync(transport, call[..30]))!);
        Assert.Equal(AcceptStatus.GarbageArguments, header.AcceptStatus);
        Assert.Equal(18u, header.Xid);
    }
}
