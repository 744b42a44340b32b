using OncRpc.Messages;
using OncRpc.Xdr;

namespace OncRpc.Client;

/// <summary>A call message: the header followed by the procedure's arguments, encoded in one pass.</summary>
internal readonly struct CallMessage<TArgs>
{
    public CallMessage(in RpcCallHeader header, IXdrCodec<TArgs> argumentsCodec, TArgs arguments)
    {
        Header = header;
        ArgumentsCodec = argumentsCodec;
        Arguments = arguments;
    }

    public RpcCallHeader Header { get; }

    public IXdrCodec<TArgs> ArgumentsCodec { get; }

    public TArgs Arguments { get; }
}

/// <summary>The codec of <see cref="CallMessage{TArgs}"/>, so the framer can size and write a whole call straight into the send buffer.</summary>
internal sealed class CallMessageCodec<TArgs> : IXdrCodec<CallMessage<TArgs>>
{
    public static readonly CallMessageCodec<TArgs> Instance = new();

    public CallMessage<TArgs> Read(ref XdrReader reader) =>
        throw new NotSupportedException("The client only writes call messages.");

    public void Write(ref XdrWriter writer, CallMessage<TArgs> value)
    {
        RpcCallHeader header = value.Header;
        RpcMessage.WriteCall(ref writer, in header);
        value.ArgumentsCodec.Write(ref writer, value.Arguments);
    }

    public int GetEncodedSize(CallMessage<TArgs> value)
    {
        RpcCallHeader header = value.Header;
        long size = (long)RpcMessage.GetCallHeaderSize(in header) + value.ArgumentsCodec.GetEncodedSize(value.Arguments);
        return size <= int.MaxValue ? (int)size : throw new ArgumentException("The call message is larger than 2 GiB.");
    }
}
