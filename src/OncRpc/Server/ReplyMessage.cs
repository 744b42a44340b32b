using System.Net;
using OncRpc.Messages;
using OncRpc.Server.Transport;
using OncRpc.Xdr;

namespace OncRpc.Server;

/// <summary>A reply header and the results that follow it, encoded as one message.</summary>
internal readonly struct ReplyMessage<T>(RpcReplyHeader header, T results)
{
    public RpcReplyHeader Header { get; } = header;

    public T Results { get; } = results;
}

/// <summary>Encodes a <see cref="ReplyMessage{T}"/>: the header, then the results only when the call succeeded.</summary>
internal sealed class ReplyMessageCodec<T>(IXdrCodec<T> results) : IXdrCodec<ReplyMessage<T>>
{
    public ReplyMessage<T> Read(ref XdrReader reader) => throw new NotSupportedException("The server only writes replies.");

    public void Write(ref XdrWriter writer, ReplyMessage<T> value)
    {
        RpcReplyHeader header = value.Header;
        RpcMessage.WriteReply(ref writer, in header);
        if (header.IsSuccess)
        {
            results.Write(ref writer, value.Results);
        }
    }

    public int GetEncodedSize(ReplyMessage<T> value)
    {
        RpcReplyHeader header = value.Header;
        int size = RpcMessage.GetReplyHeaderSize(in header);
        return header.IsSuccess ? checked(size + results.GetEncodedSize(value.Results)) : size;
    }
}

/// <summary>The codec of replies that carry no results (errors, NULL).</summary>
internal static class EmptyReply
{
    public static ReplyMessageCodec<XdrVoid> Codec { get; } = new(XdrCodec.Void);

    /// <summary>Sends a reply that is its header alone (an error status, or the NULL procedure's success).</summary>
    public static ReplyOutcome Send(ReplyChannel channel, EndPoint? remote, RpcReplyHeader header)
    {
        var message = new ReplyMessage<XdrVoid>(header, default);
        return channel.SendReply(remote, header.Xid, Codec, in message);
    }
}
