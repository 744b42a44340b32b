using System.Buffers.Binary;
using OncRpc.Xdr;

namespace OncRpc.Messages;

/// <summary>Reads and writes the headers of RPC version 2 messages (RFC 5531).</summary>
/// <remarks>
/// <para>A message is one record on a stream transport or one datagram. Give the reader exactly that span:
/// every length is then bounded by the message, so a truncated datagram ends in <see cref="XdrException"/>
/// rather than a read beyond it.</para>
/// <para>The readers stop where the procedure's arguments or results begin and never copy them: they remain a
/// slice of the message, read by the procedure's codec from the same reader. A server answers an
/// <see cref="XdrException"/> thrown while decoding arguments with <see cref="RpcReplyHeader.GarbageArguments(uint)"/>;
/// a client reports one thrown while decoding results as <see cref="RpcStatus.CantDecodeResult"/>.</para>
/// <para>Malformed headers fail with <see cref="XdrException"/> (truncated data, a body beyond
/// <see cref="OpaqueAuth.MaxBodyLength"/>, bad padding) or <see cref="RpcProtocolException"/> (a reply where a
/// call was expected or the reverse, an undefined reply, accept or reject status). On failure the reader is
/// left where it was.</para>
/// </remarks>
public static class RpcMessage
{
    /// <summary>The RPC protocol version this library speaks: 2.</summary>
    public const uint ProtocolVersion = 2;

    // xid, msg_type, rpcvers, prog, vers, proc
    private const int CallFixedSize = 24;

    // xid, msg_type, reply_stat
    private const int ReplyFixedSize = 12;

    /// <summary>Writes a call header; the caller writes the procedure's arguments after it.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="header">The header.</param>
    public static void WriteCall(ref XdrWriter writer, in RpcCallHeader header)
    {
        writer.WriteUInt32(header.Xid);
        writer.WriteInt32((int)MessageType.Call);
        writer.WriteUInt32(header.RpcVersion);
        writer.WriteUInt32(header.Program);
        writer.WriteUInt32(header.Version);
        writer.WriteUInt32(header.Procedure);
        header.Credential.WriteTo(ref writer);
        header.Verifier.WriteTo(ref writer);
    }

    /// <summary>Computes the number of bytes <see cref="WriteCall"/> writes for <paramref name="header"/>.</summary>
    /// <param name="header">The header.</param>
    /// <returns>The size in bytes.</returns>
    public static int GetCallHeaderSize(in RpcCallHeader header) =>
        CallFixedSize + header.Credential.EncodedSize + header.Verifier.EncodedSize;

    /// <summary>Reads a call header and leaves the reader at the procedure's arguments, which are not copied.</summary>
    /// <param name="reader">The reader, positioned at the start of the message.</param>
    /// <returns>The header. Its <see cref="RpcCallHeader.RpcVersion"/> is returned as sent; a server answers a version other than <see cref="ProtocolVersion"/> with <see cref="RpcReplyHeader.RpcMismatch"/>.</returns>
    /// <exception cref="XdrException">The header is truncated or malformed.</exception>
    /// <exception cref="RpcProtocolException">The message is not a call.</exception>
    public static RpcCallHeader ReadCall(ref XdrReader reader)
    {
        int start = reader.Position;
        try
        {
            uint xid = reader.ReadUInt32();
            uint type = reader.ReadUInt32();
            if (type != (uint)MessageType.Call)
            {
                throw new RpcProtocolException(
                    $"Expected a call at offset {start}, but the message type is {DescribeType(type)}.");
            }

            uint rpcVersion = reader.ReadUInt32();
            uint program = reader.ReadUInt32();
            uint version = reader.ReadUInt32();
            uint procedure = reader.ReadUInt32();
            OpaqueAuth credential = OpaqueAuth.ReadFrom(ref reader);
            OpaqueAuth verifier = OpaqueAuth.ReadFrom(ref reader);
            return new RpcCallHeader(xid, program, version, procedure, credential, verifier) { RpcVersion = rpcVersion };
        }
        catch (Exception ex) when (ex is XdrException or RpcProtocolException)
        {
            reader.Position = start;
            throw;
        }
    }

    /// <summary>Writes a reply header; after a successful one, the caller writes the procedure's results.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="header">The header.</param>
    /// <exception cref="ArgumentException">The header's status fields hold values RFC 5531 does not define.</exception>
    public static void WriteReply(ref XdrWriter writer, in RpcReplyHeader header)
    {
        writer.WriteUInt32(header.Xid);
        writer.WriteInt32((int)MessageType.Reply);
        writer.WriteInt32((int)header.Status);
        switch (header.Status)
        {
            case ReplyStatus.Accepted:
                header.Verifier.WriteTo(ref writer);
                writer.WriteInt32((int)header.AcceptStatus);
                switch (header.AcceptStatus)
                {
                    case AcceptStatus.ProgramMismatch:
                        writer.WriteUInt32(header.MismatchLow);
                        writer.WriteUInt32(header.MismatchHigh);
                        break;
                    case AcceptStatus.Success:
                    case AcceptStatus.ProgramUnavailable:
                    case AcceptStatus.ProcedureUnavailable:
                    case AcceptStatus.GarbageArguments:
                    case AcceptStatus.SystemError:
                        break;
                    default:
                        throw new ArgumentException($"The accept status {(int)header.AcceptStatus} is not defined.", nameof(header));
                }

                break;
            case ReplyStatus.Denied:
                writer.WriteInt32((int)header.RejectStatus);
                switch (header.RejectStatus)
                {
                    case RejectStatus.RpcMismatch:
                        writer.WriteUInt32(header.MismatchLow);
                        writer.WriteUInt32(header.MismatchHigh);
                        break;
                    case RejectStatus.AuthError:
                        writer.WriteInt32((int)header.AuthStatus);
                        break;
                    default:
                        throw new ArgumentException($"The reject status {(int)header.RejectStatus} is not defined.", nameof(header));
                }

                break;
            default:
                throw new ArgumentException($"The reply status {(int)header.Status} is not defined.", nameof(header));
        }
    }

    /// <summary>Computes the number of bytes <see cref="WriteReply"/> writes for <paramref name="header"/>.</summary>
    /// <param name="header">The header.</param>
    /// <returns>The size in bytes.</returns>
    public static int GetReplyHeaderSize(in RpcReplyHeader header)
    {
        if (header.Status == ReplyStatus.Accepted)
        {
            return ReplyFixedSize + header.Verifier.EncodedSize + 4 + (header.AcceptStatus == AcceptStatus.ProgramMismatch ? 8 : 0);
        }

        return ReplyFixedSize + 4 + (header.RejectStatus == RejectStatus.RpcMismatch ? 8 : 4);
    }

    /// <summary>Reads a reply header; after a successful one (<see cref="RpcReplyHeader.IsSuccess"/>) the reader is left at the results, which are not copied.</summary>
    /// <param name="reader">The reader, positioned at the start of the message.</param>
    /// <returns>The header. An <c>auth_stat</c> RFC 5531 does not define is kept as a number.</returns>
    /// <exception cref="XdrException">The header is truncated or malformed.</exception>
    /// <exception cref="RpcProtocolException">The message is not a reply, or its reply, accept or reject status is not defined.</exception>
    public static RpcReplyHeader ReadReply(ref XdrReader reader)
    {
        int start = reader.Position;
        try
        {
            uint xid = reader.ReadUInt32();
            uint type = reader.ReadUInt32();
            if (type != (uint)MessageType.Reply)
            {
                throw new RpcProtocolException(
                    $"Expected a reply at offset {start}, but the message type is {DescribeType(type)}.");
            }

            uint status = reader.ReadUInt32();
            switch (status)
            {
                case (uint)ReplyStatus.Accepted:
                    OpaqueAuth verifier = OpaqueAuth.ReadFrom(ref reader);
                    uint accept = reader.ReadUInt32();
                    return accept switch
                    {
                        (uint)AcceptStatus.Success => RpcReplyHeader.Success(xid, verifier),
                        (uint)AcceptStatus.ProgramUnavailable => RpcReplyHeader.ProgramUnavailable(xid, verifier),
                        (uint)AcceptStatus.ProgramMismatch => ReadProgramMismatch(ref reader, xid, verifier),
                        (uint)AcceptStatus.ProcedureUnavailable => RpcReplyHeader.ProcedureUnavailable(xid, verifier),
                        (uint)AcceptStatus.GarbageArguments => RpcReplyHeader.GarbageArguments(xid, verifier),
                        (uint)AcceptStatus.SystemError => RpcReplyHeader.SystemError(xid, verifier),
                        _ => throw new RpcProtocolException(
                            $"The reply with xid {xid} has accept status {accept} at offset {reader.Position - 4}, which RFC 5531 does not define."),
                    };
                case (uint)ReplyStatus.Denied:
                    uint reject = reader.ReadUInt32();
                    switch (reject)
                    {
                        case (uint)RejectStatus.RpcMismatch:
                            uint low = reader.ReadUInt32();
                            uint high = reader.ReadUInt32();
                            return RpcReplyHeader.RpcMismatch(xid, low, high);
                        case (uint)RejectStatus.AuthError:
                            return RpcReplyHeader.AuthError(xid, (AuthStatus)reader.ReadInt32());
                        default:
                            throw new RpcProtocolException(
                                $"The reply with xid {xid} has reject status {reject} at offset {reader.Position - 4}, which RFC 5531 does not define.");
                    }

                default:
                    throw new RpcProtocolException(
                        $"The reply with xid {xid} has reply status {status} at offset {reader.Position - 4}, which RFC 5531 does not define.");
            }
        }
        catch (Exception ex) when (ex is XdrException or RpcProtocolException)
        {
            reader.Position = start;
            throw;
        }
    }

    /// <summary>Reads the transaction id and message type at the start of a message without decoding the rest, for example to route a reply to its call.</summary>
    /// <param name="message">The message, or at least its first 8 bytes.</param>
    /// <param name="xid">The transaction id, when the method returns <see langword="true"/>; otherwise 0.</param>
    /// <param name="type">The message type, when the method returns <see langword="true"/>; otherwise <see cref="MessageType.Call"/>.</param>
    /// <returns><see langword="true"/> when the message holds at least 8 bytes and its type is a call or a reply.</returns>
    public static bool TryPeekHeader(ReadOnlySpan<byte> message, out uint xid, out MessageType type)
    {
        if (message.Length >= 8)
        {
            uint rawType = BinaryPrimitives.ReadUInt32BigEndian(message.Slice(4));
            if (rawType <= (uint)MessageType.Reply)
            {
                xid = BinaryPrimitives.ReadUInt32BigEndian(message);
                type = (MessageType)rawType;
                return true;
            }
        }

        xid = 0;
        type = MessageType.Call;
        return false;
    }

    private static RpcReplyHeader ReadProgramMismatch(ref XdrReader reader, uint xid, OpaqueAuth verifier)
    {
        uint low = reader.ReadUInt32();
        uint high = reader.ReadUInt32();
        return RpcReplyHeader.ProgramMismatch(xid, low, high, verifier);
    }

    private static string DescribeType(uint type) => type switch
    {
        (uint)MessageType.Call => "CALL",
        (uint)MessageType.Reply => "REPLY",
        _ => type.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
