using OncRpc.Xdr;

namespace OncRpc.Messages;

/// <summary>
/// The header of an RPC reply (RFC 5531 <c>rpc_msg</c> with a <c>reply_body</c>): the transaction id and
/// every form a reply takes, accepted (with a verifier and an <see cref="Messages.AcceptStatus"/>) or denied
/// (with a <see cref="Messages.RejectStatus"/>). When the call succeeded its results follow on the wire.
/// </summary>
/// <remarks>
/// Create one with the static factories. Properties that do not apply to a reply's form read as zero:
/// <see cref="AcceptStatus"/> and <see cref="Verifier"/> apply when <see cref="Status"/> is
/// <see cref="ReplyStatus.Accepted"/>, <see cref="RejectStatus"/> when it is <see cref="ReplyStatus.Denied"/>,
/// <see cref="MismatchLow"/> and <see cref="MismatchHigh"/> to <see cref="AcceptStatus.ProgramMismatch"/> and
/// <see cref="RejectStatus.RpcMismatch"/>, <see cref="AuthStatus"/> to <see cref="RejectStatus.AuthError"/>.
/// Check <see cref="IsSuccess"/> rather than <see cref="AcceptStatus"/> alone.
/// </remarks>
public readonly struct RpcReplyHeader : IEquatable<RpcReplyHeader>
{
    private RpcReplyHeader(
        uint xid,
        ReplyStatus status,
        AcceptStatus acceptStatus,
        RejectStatus rejectStatus,
        OpaqueAuth verifier,
        uint mismatchLow,
        uint mismatchHigh,
        AuthStatus authStatus)
    {
        Xid = xid;
        Status = status;
        AcceptStatus = acceptStatus;
        RejectStatus = rejectStatus;
        Verifier = verifier;
        MismatchLow = mismatchLow;
        MismatchHigh = mismatchHigh;
        AuthStatus = authStatus;
    }

    /// <summary>Gets the codec of a reply header, for composing a whole reply message with the codec of its results.</summary>
    public static IXdrCodec<RpcReplyHeader> Codec { get; } = new ReplyHeaderCodec();

    /// <summary>Gets the transaction id of the call this reply answers.</summary>
    public uint Xid { get; }

    /// <summary>Gets whether the server accepted or denied the call.</summary>
    public ReplyStatus Status { get; }

    /// <summary>Gets the outcome of an accepted call.</summary>
    public AcceptStatus AcceptStatus { get; }

    /// <summary>Gets why the call was denied.</summary>
    public RejectStatus RejectStatus { get; }

    /// <summary>Gets the server's verifier of an accepted call (<see cref="AuthFlavor.Short"/> when it hands out a short credential).</summary>
    public OpaqueAuth Verifier { get; }

    /// <summary>Gets the lowest version the server supports, for <see cref="AcceptStatus.ProgramMismatch"/> (program versions) and <see cref="RejectStatus.RpcMismatch"/> (RPC versions).</summary>
    public uint MismatchLow { get; }

    /// <summary>Gets the highest version the server supports, for <see cref="AcceptStatus.ProgramMismatch"/> (program versions) and <see cref="RejectStatus.RpcMismatch"/> (RPC versions).</summary>
    public uint MismatchHigh { get; }

    /// <summary>Gets why authentication failed, for <see cref="RejectStatus.AuthError"/>. Values RFC 5531 does not define are kept as numbers.</summary>
    public AuthStatus AuthStatus { get; }

    /// <summary>Gets a value indicating whether the call was accepted and succeeded, so that its results follow.</summary>
    public bool IsSuccess => Status == ReplyStatus.Accepted && AcceptStatus == AcceptStatus.Success;

    /// <summary>Creates the header of a successful reply; the results follow it.</summary>
    /// <param name="xid">The transaction id of the call.</param>
    /// <param name="verifier">The server's verifier, usually <see cref="OpaqueAuth.None"/>.</param>
    /// <returns>The header.</returns>
    public static RpcReplyHeader Success(uint xid, OpaqueAuth verifier) => Accepted(xid, verifier, AcceptStatus.Success);

    /// <summary>Creates the header of a reply saying the program is not available, with an <c>AUTH_NONE</c> verifier.</summary>
    /// <param name="xid">The transaction id of the call.</param>
    /// <returns>The header.</returns>
    public static RpcReplyHeader ProgramUnavailable(uint xid) => ProgramUnavailable(xid, OpaqueAuth.None);

    /// <summary>Creates the header of a reply saying the program is not available.</summary>
    /// <param name="xid">The transaction id of the call.</param>
    /// <param name="verifier">The server's verifier.</param>
    /// <returns>The header.</returns>
    public static RpcReplyHeader ProgramUnavailable(uint xid, OpaqueAuth verifier) => Accepted(xid, verifier, AcceptStatus.ProgramUnavailable);

    /// <summary>Creates the header of a reply saying the program version is not supported, with an <c>AUTH_NONE</c> verifier.</summary>
    /// <param name="xid">The transaction id of the call.</param>
    /// <param name="low">The lowest version supported.</param>
    /// <param name="high">The highest version supported.</param>
    /// <returns>The header.</returns>
    public static RpcReplyHeader ProgramMismatch(uint xid, uint low, uint high) => ProgramMismatch(xid, low, high, OpaqueAuth.None);

    /// <summary>Creates the header of a reply saying the program version is not supported.</summary>
    /// <param name="xid">The transaction id of the call.</param>
    /// <param name="low">The lowest version supported.</param>
    /// <param name="high">The highest version supported.</param>
    /// <param name="verifier">The server's verifier.</param>
    /// <returns>The header.</returns>
    public static RpcReplyHeader ProgramMismatch(uint xid, uint low, uint high, OpaqueAuth verifier) =>
        new(xid, ReplyStatus.Accepted, AcceptStatus.ProgramMismatch, default, verifier, low, high, default);

    /// <summary>Creates the header of a reply saying the procedure is not available, with an <c>AUTH_NONE</c> verifier.</summary>
    /// <param name="xid">The transaction id of the call.</param>
    /// <returns>The header.</returns>
    public static RpcReplyHeader ProcedureUnavailable(uint xid) => ProcedureUnavailable(xid, OpaqueAuth.None);

    /// <summary>Creates the header of a reply saying the procedure is not available.</summary>
    /// <param name="xid">The transaction id of the call.</param>
    /// <param name="verifier">The server's verifier.</param>
    /// <returns>The header.</returns>
    public static RpcReplyHeader ProcedureUnavailable(uint xid, OpaqueAuth verifier) => Accepted(xid, verifier, AcceptStatus.ProcedureUnavailable);

    /// <summary>Creates the header of a reply saying the arguments could not be decoded, with an <c>AUTH_NONE</c> verifier.</summary>
    /// <param name="xid">The transaction id of the call.</param>
    /// <returns>The header.</returns>
    public static RpcReplyHeader GarbageArguments(uint xid) => GarbageArguments(xid, OpaqueAuth.None);

    /// <summary>Creates the header of a reply saying the arguments could not be decoded.</summary>
    /// <param name="xid">The transaction id of the call.</param>
    /// <param name="verifier">The server's verifier.</param>
    /// <returns>The header.</returns>
    public static RpcReplyHeader GarbageArguments(uint xid, OpaqueAuth verifier) => Accepted(xid, verifier, AcceptStatus.GarbageArguments);

    /// <summary>Creates the header of a reply saying the server failed, with an <c>AUTH_NONE</c> verifier.</summary>
    /// <param name="xid">The transaction id of the call.</param>
    /// <returns>The header.</returns>
    public static RpcReplyHeader SystemError(uint xid) => SystemError(xid, OpaqueAuth.None);

    /// <summary>Creates the header of a reply saying the server failed.</summary>
    /// <param name="xid">The transaction id of the call.</param>
    /// <param name="verifier">The server's verifier.</param>
    /// <returns>The header.</returns>
    public static RpcReplyHeader SystemError(uint xid, OpaqueAuth verifier) => Accepted(xid, verifier, AcceptStatus.SystemError);

    /// <summary>Creates the header of a reply denying a call whose RPC version the server does not speak.</summary>
    /// <param name="xid">The transaction id of the call.</param>
    /// <param name="low">The lowest RPC version supported (2).</param>
    /// <param name="high">The highest RPC version supported (2).</param>
    /// <returns>The header.</returns>
    public static RpcReplyHeader RpcMismatch(uint xid, uint low, uint high) =>
        new(xid, ReplyStatus.Denied, default, RejectStatus.RpcMismatch, default, low, high, default);

    /// <summary>Creates the header of a reply denying a call whose caller could not be authenticated.</summary>
    /// <param name="xid">The transaction id of the call.</param>
    /// <param name="status">Why authentication failed.</param>
    /// <returns>The header.</returns>
    public static RpcReplyHeader AuthError(uint xid, AuthStatus status) =>
        new(xid, ReplyStatus.Denied, default, RejectStatus.AuthError, default, 0, 0, status);

    /// <summary>Determines whether two headers are equal field by field.</summary>
    /// <param name="left">The first header.</param>
    /// <param name="right">The second header.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(RpcReplyHeader left, RpcReplyHeader right) => left.Equals(right);

    /// <summary>Determines whether two headers differ in any field.</summary>
    /// <param name="left">The first header.</param>
    /// <param name="right">The second header.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(RpcReplyHeader left, RpcReplyHeader right) => !left.Equals(right);

    /// <summary>Determines whether this header equals <paramref name="other"/> field by field (the verifier body by content).</summary>
    /// <param name="other">The header to compare with.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public bool Equals(RpcReplyHeader other) =>
        Xid == other.Xid &&
        Status == other.Status &&
        AcceptStatus == other.AcceptStatus &&
        RejectStatus == other.RejectStatus &&
        MismatchLow == other.MismatchLow &&
        MismatchHigh == other.MismatchHigh &&
        AuthStatus == other.AuthStatus &&
        Verifier.Equals(other.Verifier);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RpcReplyHeader other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        unchecked((int)Xid ^ ((int)Status * 31) ^ ((int)AcceptStatus * 961) ^ ((int)RejectStatus * 29791) ^ ((int)AuthStatus * 923521));

    /// <summary>Returns a short description for diagnostics.</summary>
    /// <returns>The xid and the reply's form.</returns>
    public override string ToString() => Status switch
    {
        ReplyStatus.Accepted when AcceptStatus == AcceptStatus.ProgramMismatch =>
            $"REPLY xid={Xid} accepted {AcceptStatus} low={MismatchLow} high={MismatchHigh} verf={Verifier}",
        ReplyStatus.Accepted => $"REPLY xid={Xid} accepted {AcceptStatus} verf={Verifier}",
        _ when RejectStatus == RejectStatus.RpcMismatch => $"REPLY xid={Xid} denied {RejectStatus} low={MismatchLow} high={MismatchHigh}",
        _ => $"REPLY xid={Xid} denied {RejectStatus} {AuthStatus}",
    };

    /// <summary>An accepted reply with a status that carries no further fields (not PROG_MISMATCH).</summary>
    internal static RpcReplyHeader Accepted(uint xid, OpaqueAuth verifier, AcceptStatus status) =>
        new(xid, ReplyStatus.Accepted, status, default, verifier, 0, 0, default);

    private sealed class ReplyHeaderCodec : IXdrCodec<RpcReplyHeader>
    {
        public RpcReplyHeader Read(ref XdrReader reader) => RpcMessage.ReadReply(ref reader);

        public void Write(ref XdrWriter writer, RpcReplyHeader value) => RpcMessage.WriteReply(ref writer, value);

        public int GetEncodedSize(RpcReplyHeader value) => RpcMessage.GetReplyHeaderSize(value);
    }
}
