using OncRpc.Messages;
using OncRpc.Xdr;

namespace OncRpc.Fuzz.Targets;

/// <summary>
/// A reply as a client receives it: <see cref="RpcMessage.ReadReply"/> with strict and lenient reader options; the
/// header written back must read as the same header.
/// </summary>
internal sealed class RpcReplyTarget : FuzzTarget
{
    private static readonly XdrReaderOptions Lenient = new() { RequireZeroPadding = false, StrictBooleans = false, RequireValidUtf8 = false };

    public override string Name => "rpc-reply";

    public override string Description => "RpcMessage.ReadReply and RpcReplyHeader.Codec (accepted, denied, mismatch, auth errors); re-encoding must round-trip";

    public override void Run(ReadOnlySpan<byte> input)
    {
        RpcMessage.TryPeekHeader(input, out _, out _);
        var reader = new XdrReader(input, input.Length > 0 && (input[^1] & 1) != 0 ? Lenient : XdrReaderOptions.Default);
        RpcReplyHeader header = RpcMessage.ReadReply(ref reader);
        _ = header.IsSuccess;
        _ = header.ToString();

        var buffer = new byte[RpcMessage.GetReplyHeaderSize(header)];
        var writer = new XdrWriter(buffer);
        RpcMessage.WriteReply(ref writer, header);
        var again = new XdrReader(buffer);
        if (!RpcReplyHeader.Codec.Read(ref again).Equals(header) || !again.IsAtEnd)
        {
            throw new FuzzFindingException($"reply header {header} does not read back the same after writing");
        }
    }

    public override IEnumerable<byte[]> Seeds(SeedSources sources) =>
        sources.Exchanges.Select(e => e.Reply).Where(r => r.Length > 0).Concat(sources.TestBlobs);
}
