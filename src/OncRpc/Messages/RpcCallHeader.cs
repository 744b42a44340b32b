using OncRpc.Xdr;

namespace OncRpc.Messages;

/// <summary>
/// The header of an RPC call (RFC 5531 <c>rpc_msg</c> with a <c>call_body</c>): the transaction id, the RPC
/// version, the program, version and procedure to call, and the caller's credential and verifier. The
/// procedure's arguments follow it on the wire.
/// </summary>
/// <remarks>Read and write it with <see cref="RpcMessage.ReadCall"/> and <see cref="RpcMessage.WriteCall"/>, or compose it with <see cref="Codec"/>.</remarks>
public readonly struct RpcCallHeader : IEquatable<RpcCallHeader>
{
    /// <summary>Initializes a call header for RPC version 2.</summary>
    /// <param name="xid">The transaction id the reply will carry.</param>
    /// <param name="program">The program number.</param>
    /// <param name="version">The program version.</param>
    /// <param name="procedure">The procedure number.</param>
    /// <param name="credential">The caller's credential.</param>
    /// <param name="verifier">The caller's verifier.</param>
    public RpcCallHeader(uint xid, uint program, uint version, uint procedure, OpaqueAuth credential, OpaqueAuth verifier)
    {
        Xid = xid;
        RpcVersion = RpcMessage.ProtocolVersion;
        Program = program;
        Version = version;
        Procedure = procedure;
        Credential = credential;
        Verifier = verifier;
    }

    /// <summary>Gets the codec of a call header, for composing a whole call message with the codec of its arguments.</summary>
    public static IXdrCodec<RpcCallHeader> Codec { get; } = new CallHeaderCodec();

    /// <summary>Gets the transaction id.</summary>
    public uint Xid { get; }

    /// <summary>Gets the RPC protocol version: <see cref="RpcMessage.ProtocolVersion"/> (2) unless set otherwise, for example to test a server's <see cref="RejectStatus.RpcMismatch"/> answer.</summary>
    public uint RpcVersion { get; init; }

    /// <summary>Gets the program number.</summary>
    public uint Program { get; }

    /// <summary>Gets the program version.</summary>
    public uint Version { get; }

    /// <summary>Gets the procedure number.</summary>
    public uint Procedure { get; }

    /// <summary>Gets the caller's credential.</summary>
    public OpaqueAuth Credential { get; }

    /// <summary>Gets the caller's verifier.</summary>
    public OpaqueAuth Verifier { get; }

    /// <summary>Determines whether two headers are equal field by field.</summary>
    /// <param name="left">The first header.</param>
    /// <param name="right">The second header.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(RpcCallHeader left, RpcCallHeader right) => left.Equals(right);

    /// <summary>Determines whether two headers differ in any field.</summary>
    /// <param name="left">The first header.</param>
    /// <param name="right">The second header.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(RpcCallHeader left, RpcCallHeader right) => !left.Equals(right);

    /// <summary>Determines whether this header equals <paramref name="other"/> field by field (credential and verifier bodies by content).</summary>
    /// <param name="other">The header to compare with.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public bool Equals(RpcCallHeader other) =>
        Xid == other.Xid &&
        RpcVersion == other.RpcVersion &&
        Program == other.Program &&
        Version == other.Version &&
        Procedure == other.Procedure &&
        Credential.Equals(other.Credential) &&
        Verifier.Equals(other.Verifier);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RpcCallHeader other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => unchecked((int)Xid ^ ((int)Program * 31) ^ ((int)Version * 961) ^ ((int)Procedure * 29791));

    /// <summary>Returns a short description for diagnostics.</summary>
    /// <returns>The xid, program, version and procedure.</returns>
    public override string ToString() =>
        $"CALL xid={Xid} rpcvers={RpcVersion} prog={Program} vers={Version} proc={Procedure} cred={Credential} verf={Verifier}";

    private sealed class CallHeaderCodec : IXdrCodec<RpcCallHeader>
    {
        public RpcCallHeader Read(ref XdrReader reader) => RpcMessage.ReadCall(ref reader);

        public void Write(ref XdrWriter writer, RpcCallHeader value) => RpcMessage.WriteCall(ref writer, value);

        public int GetEncodedSize(RpcCallHeader value) => RpcMessage.GetCallHeaderSize(value);
    }
}
