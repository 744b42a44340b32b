using OncRpc;
using OncRpc.Messages;
using OncRpc.Xdr;

namespace OncRpc.Fuzz.Targets;

/// <summary>A reply as a sample's client reads it: the header, then the results with that client's reader options.</summary>
internal static class ReplyResults
{
    public static T Read<T>(ReadOnlySpan<byte> reply, IXdrCodec<T> codec, XdrReaderOptions options)
    {
        var reader = new XdrReader(reply, options);
        RpcReplyHeader header = RpcMessage.ReadReply(ref reader);
        if (!header.IsSuccess)
        {
            throw new RpcProtocolException("refused");
        }

        T value = codec.Read(ref reader);
        reader.ReadEnd();
        return value;
    }
}
