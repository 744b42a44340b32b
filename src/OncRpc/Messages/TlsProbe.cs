using OncRpc.Xdr;

namespace OncRpc.Messages;

/// <summary>
/// The messages of the RPC-with-TLS probe (RFC 9289, section 4.1): a NULL call whose credential is
/// <c>AUTH_TLS</c> with an empty body and whose verifier is <c>AUTH_NONE</c>, and the reply of a server that is
/// ready for a TLS handshake, whose <c>AUTH_NONE</c> verifier carries the eight bytes <c>STARTTLS</c>.
/// </summary>
internal static class TlsProbe
{
    /// <summary>The size of a probe call message: 24 fixed bytes and two empty opaque_auth of 8 bytes each.</summary>
    public const int CallSize = 40;

    /// <summary>The largest probe reply read; the one RFC 9289 describes is 36 bytes, a denial 20.</summary>
    public const int MaxReplySize = 1024;

    private static readonly byte[] Token = [(byte)'S', (byte)'T', (byte)'A', (byte)'R', (byte)'T', (byte)'T', (byte)'L', (byte)'S'];

    /// <summary>Gets the <c>AUTH_TLS</c> credential of the probe: flavor 7, empty body.</summary>
    public static OpaqueAuth Credential { get; } = new(AuthFlavor.Tls, ReadOnlyMemory<byte>.Empty);

    /// <summary>Gets the verifier of a server's positive answer: <c>AUTH_NONE</c> with the body <c>STARTTLS</c>.</summary>
    public static OpaqueAuth StartTlsVerifier { get; } = new(AuthFlavor.None, Token);

    /// <summary>Gets a value indicating whether <paramref name="verifier"/> is the <c>STARTTLS</c> answer.</summary>
    public static bool IsStartTls(OpaqueAuth verifier) =>
        verifier.Flavor == AuthFlavor.None && verifier.Body.Span.SequenceEqual(Token);

    /// <summary>Gets a value indicating whether a call carries the <c>AUTH_TLS</c> credential (on any procedure).</summary>
    public static bool HasTlsCredential(in RpcCallHeader header) => header.Credential.Flavor == AuthFlavor.Tls;

    /// <summary>Gets a value indicating whether a call is a well-formed probe: <c>AUTH_TLS</c> on the NULL procedure.</summary>
    public static bool IsProbe(in RpcCallHeader header) => header.Credential.Flavor == AuthFlavor.Tls && header.Procedure == 0;

    /// <summary>Creates the header of a probe call to <paramref name="program"/>, <paramref name="version"/>.</summary>
    public static RpcCallHeader CreateCall(uint xid, uint program, uint version) =>
        new(xid, program, version, 0, Credential, OpaqueAuth.None);

    /// <summary>Writes a probe call message (without record marking) into <paramref name="destination"/>, which holds at least <see cref="CallSize"/> bytes.</summary>
    public static int WriteCall(Span<byte> destination, uint xid, uint program, uint version)
    {
        var writer = new XdrWriter(destination);
        RpcCallHeader header = CreateCall(xid, program, version);
        RpcMessage.WriteCall(ref writer, in header);
        return (int)writer.BytesWritten;
    }

    /// <summary>Decodes the reply to a probe and checks it answers <paramref name="xid"/>.</summary>
    /// <exception cref="RpcProtocolException">The message is not a well-formed reply to the probe.</exception>
    public static RpcReplyHeader ReadReply(ReadOnlySpan<byte> message, uint xid)
    {
        var reader = new XdrReader(message);
        RpcReplyHeader header;
        try
        {
            header = RpcMessage.ReadReply(ref reader);
        }
        catch (XdrException ex)
        {
            throw new RpcProtocolException("The reply to the AUTH_TLS probe is malformed: " + ex.Message, ex);
        }

        if (header.Xid != xid)
        {
            throw new RpcProtocolException($"The reply to the AUTH_TLS probe has xid {header.Xid}, but the probe was sent with xid {xid}.");
        }

        return header;
    }
}
