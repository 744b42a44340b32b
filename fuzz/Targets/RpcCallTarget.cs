using OncRpc.Messages;
using OncRpc.Xdr;

namespace OncRpc.Fuzz.Targets;

/// <summary>
/// A call message as a server receives it: <see cref="RpcMessage.ReadCall"/>, the AUTH_SYS credential a server
/// would authenticate, and the header written back, which must read as the same header.
/// </summary>
internal sealed class RpcCallTarget : FuzzTarget
{
    public override string Name => "rpc-call";

    public override string Description => "RpcMessage.ReadCall, RpcCallHeader.Codec and AUTH_SYS credentials of a call; re-encoding must round-trip";

    public override void Run(ReadOnlySpan<byte> input)
    {
        RpcMessage.TryPeekHeader(input, out _, out _);
        var reader = new XdrReader(input);
        RpcCallHeader header = RpcMessage.ReadCall(ref reader);
        if (header.Credential.Flavor == AuthFlavor.Sys)
        {
            AuthSysParameters.FromOpaqueAuth(header.Credential).ToOpaqueAuth();
        }

        var buffer = new byte[RpcMessage.GetCallHeaderSize(header)];
        var writer = new XdrWriter(buffer);
        RpcMessage.WriteCall(ref writer, header);
        var again = new XdrReader(buffer);
        if (!RpcCallHeader.Codec.Read(ref again).Equals(header) || !again.IsAtEnd)
        {
            throw new FuzzFindingException($"call header {header} does not read back the same after writing");
        }
    }

    public override IEnumerable<byte[]> Seeds(SeedSources sources) =>
        sources.Exchanges.Select(e => e.Request).Concat(sources.TestBlobs);
}
