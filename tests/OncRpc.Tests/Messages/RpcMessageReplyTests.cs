using OncRpc.Messages;
using OncRpc.Xdr;
using Xunit;
using static OncRpc.Tests.Messages.RpcMessageCallTests;

namespace OncRpc.Tests.Messages;

/// <summary>Reply headers: every accepted and denied form, sizes, malformed input.</summary>
public sealed class RpcMessageReplyTests
{
    public static TheoryData<string, uint[]> Forms() => new()
    {
        { "success", new uint[] { 9, 1, 0, 0, 0, 0 } },
        { "prog_unavail", new uint[] { 9, 1, 0, 0, 0, 1 } },
        { "prog_mismatch", new uint[] { 9, 1, 0, 0, 0, 2, 2, 4 } },
        { "proc_unavail", new uint[] { 9, 1, 0, 0, 0, 3 } },
        { "garbage_args", new uint[] { 9, 1, 0, 0, 0, 4 } },
        { "system_err", new uint[] { 9, 1, 0, 0, 0, 5 } },
        { "rpc_mismatch", new uint[] { 9, 1, 1, 0, 2, 2 } },
        { "auth_error", new uint[] { 9, 1, 1, 1, 5 } },
    };

    private static RpcReplyHeader Header(string form) => form switch
    {
        "success" => RpcReplyHeader.Success(9, OpaqueAuth.None),
        "prog_unavail" => RpcReplyHeader.ProgramUnavailable(9),
        "prog_mismatch" => RpcReplyHeader.ProgramMismatch(9, 2, 4),
        "proc_unavail" => RpcReplyHeader.ProcedureUnavailable(9),
        "garbage_args" => RpcReplyHeader.GarbageArguments(9),
        "system_err" => RpcReplyHeader.SystemError(9),
        "rpc_mismatch" => RpcReplyHeader.RpcMismatch(9, 2, 2),
        "auth_error" => RpcReplyHeader.AuthError(9, AuthStatus.TooWeak),
        _ => throw new ArgumentOutOfRangeException(nameof(form)),
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Every_reply_form_is_written_in_rfc5531_layout_and_read_back(string form, uint[] expectedWords)
    {
        RpcReplyHeader header = Header(form);
        byte[] expected = Words(expectedWords);
        byte[] bytes = Write(header);
        Assert.Equal(expected, bytes);
        Assert.Equal(expected.Length, RpcMessage.GetReplyHeaderSize(header));

        var reader = new XdrReader(bytes);
        RpcReplyHeader read = RpcMessage.ReadReply(ref reader);
        Assert.Equal(header, read);
        Assert.True(reader.IsAtEnd);
        Assert.Equal(form == "success", read.IsSuccess);
    }

    [Fact]
    public void Every_auth_status_round_trips()
    {
        foreach (AuthStatus status in Enum.GetValues<AuthStatus>().Append((AuthStatus)99))
        {
            RpcReplyHeader header = RpcReplyHeader.AuthError(1, status);
            var reader = new XdrReader(Write(header));
            RpcReplyHeader read = RpcMessage.ReadReply(ref reader);
            Assert.Equal(ReplyStatus.Denied, read.Status);
            Assert.Equal(RejectStatus.AuthError, read.RejectStatus);
            Assert.Equal(status, read.AuthStatus);
        }
    }

    [Fact]
    public void Success_with_short_verifier_keeps_the_verifier_and_leaves_reader_at_results()
    {
        var verifier = new OpaqueAuth(AuthFlavor.Short, new byte[] { 1, 2, 3, 4, 5, 6 });
        byte[] message = [.. Write(RpcReplyHeader.Success(3, verifier)), .. Words(111)];
        var reader = new XdrReader(message);
        RpcReplyHeader read = RpcMessage.ReadReply(ref reader);
        Assert.Equal(verifier, read.Verifier);
        Assert.Equal(111u, reader.ReadUInt32());
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData(new uint[] { 1, 0, 2, 100000, 2, 0 })]   // a call
    [InlineData(new uint[] { 1, 2, 0 })]                 // message type 2
    [InlineData(new uint[] { 1, 1, 2 })]                 // reply status 2
    [InlineData(new uint[] { 1, 1, 0, 0, 0, 6 })]        // accept status 6
    [InlineData(new uint[] { 1, 1, 0, 0, 0, 0xFFFFFFFF })]
    [InlineData(new uint[] { 1, 1, 1, 2 })]              // reject status 2
    public void Undefined_statuses_throw_protocol_exception_and_keep_position(uint[] words)
    {
        var reader = new XdrReader(Words(words));
        try
        {
            RpcMessage.ReadReply(ref reader);
            Assert.Fail("no exception");
        }
        catch (RpcProtocolException)
        {
            Assert.Equal(0, reader.Position);
        }
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Every_truncation_of_a_reply_throws_xdr_exception(string form, uint[] expectedWords)
    {
        byte[] bytes = Words(expectedWords);
        _ = form;
        for (int length = 0; length < bytes.Length; length++)
        {
            var reader = new XdrReader(bytes.AsSpan(0, length));
            try
            {
                RpcMessage.ReadReply(ref reader);
                Assert.Fail($"length {length} decoded");
            }
            catch (XdrException ex)
            {
                Assert.Equal(XdrError.Truncated, ex.Error);
                Assert.Equal(0, reader.Position);
            }
        }
    }

    [Fact]
    public void Reply_header_codec_matches_rpc_message()
    {
        RpcReplyHeader header = RpcReplyHeader.ProgramMismatch(3, 1, 9, new OpaqueAuth(AuthFlavor.Short, new byte[] { 7 }));
        byte[] buffer = new byte[RpcReplyHeader.Codec.GetEncodedSize(header)];
        var writer = new XdrWriter(buffer);
        writer.Write(RpcReplyHeader.Codec, header);
        Assert.Equal(Write(header), buffer);
        var reader = new XdrReader(buffer);
        Assert.Equal(header, reader.Read(RpcReplyHeader.Codec));
    }

    [Fact]
    public void Default_reply_header_is_a_success_with_auth_none()
    {
        RpcReplyHeader header = default;
        Assert.True(header.IsSuccess);
        Assert.Equal(RpcReplyHeader.Success(0, OpaqueAuth.None), header);
    }

    private static byte[] Write(in RpcReplyHeader header)
    {
        byte[] buffer = new byte[RpcMessage.GetReplyHeaderSize(header)];
        var writer = new XdrWriter(buffer);
        RpcMessage.WriteReply(ref writer, header);
        Assert.Equal(buffer.Length, writer.BytesWritten);
        return buffer;
    }
}
