using System.Buffers.Binary;
using FsCheck.Xunit;
using OncRpc.Messages;
using OncRpc.Xdr;

namespace OncRpc.Tests.Messages;

/// <summary>Properties: any message round-trips; arbitrary or damaged bytes fail only with the documented exceptions.</summary>
[Properties(Arbitrary = [typeof(MessageArbitraries)], MaxTest = 300)]
public sealed class MessagePropertyTests
{
    [Property]
    public bool Any_call_header_round_trips_and_leaves_the_arguments(RpcCallHeader header, byte[] arguments)
    {
        byte[] message = new byte[RpcMessage.GetCallHeaderSize(header) + arguments.Length];
        var writer = new XdrWriter(message);
        RpcMessage.WriteCall(ref writer, header);
        int headerSize = (int)writer.BytesWritten;
        arguments.CopyTo(message, headerSize);

        var reader = new XdrReader(message);
        RpcCallHeader read = RpcMessage.ReadCall(ref reader);
        return read == header && reader.Position == headerSize && reader.RemainingSpan.SequenceEqual(arguments);
    }

    [Property]
    public bool Any_reply_header_round_trips_and_leaves_the_results(RpcReplyHeader header, byte[] results)
    {
        byte[] message = new byte[RpcMessage.GetReplyHeaderSize(header) + results.Length];
        var writer = new XdrWriter(message);
        RpcMessage.WriteReply(ref writer, header);
        int headerSize = (int)writer.BytesWritten;
        results.CopyTo(message, headerSize);

        var reader = new XdrReader(message);
        RpcReplyHeader read = RpcMessage.ReadReply(ref reader);
        return read == header && reader.Position == headerSize && reader.RemainingSpan.SequenceEqual(results)
            && RpcMessage.TryPeekHeader(message, out uint xid, out MessageType type) && xid == header.Xid && type == MessageType.Reply;
    }

    [Property]
    public bool Any_auth_sys_parameters_round_trip(AuthSysParameters parameters)
    {
        OpaqueAuth auth = parameters.ToOpaqueAuth();
        return auth.Body.Length <= OpaqueAuth.MaxBodyLength && AuthSysParameters.FromOpaqueAuth(auth).Equals(parameters);
    }

    [Property]
    public bool Any_opaque_auth_round_trips(OpaqueAuth auth)
    {
        byte[] bytes = new byte[OpaqueAuth.Codec.GetEncodedSize(auth)];
        var writer = new XdrWriter(bytes);
        writer.Write(OpaqueAuth.Codec, auth);
        var reader = new XdrReader(bytes);
        return reader.Read(OpaqueAuth.Codec) == auth && reader.IsAtEnd;
    }

    [Property(MaxTest = 2000)]
    public void Random_bytes_decode_or_fail_with_documented_exceptions(byte[] garbage, bool asReply, bool plausibleStart)
    {
        if (plausibleStart && garbage.Length >= 12)
        {
            // Steer toward deeper paths: a valid message type and a small status/version word.
            BinaryPrimitives.WriteUInt32BigEndian(garbage.AsSpan(4), asReply ? 1u : 0u);
            BinaryPrimitives.WriteUInt32BigEndian(garbage.AsSpan(8), (uint)(garbage[8] & 3));
        }

        DecodeAndCheck(garbage, asReply);
    }

    [Property(MaxTest = 1000)]
    public void Damaged_headers_decode_or_fail_with_documented_exceptions(RpcCallHeader call, RpcReplyHeader reply, bool asReply, int position, byte value, int cut)
    {
        byte[] bytes;
        if (asReply)
        {
            bytes = new byte[RpcMessage.GetReplyHeaderSize(reply)];
            var writer = new XdrWriter(bytes);
            RpcMessage.WriteReply(ref writer, reply);
        }
        else
        {
            bytes = new byte[RpcMessage.GetCallHeaderSize(call)];
            var writer = new XdrWriter(bytes);
            RpcMessage.WriteCall(ref writer, call);
        }

        bytes[(int)((uint)position % (uint)bytes.Length)] = value;
        int length = cut < 0 ? bytes.Length : cut % (bytes.Length + 1);
        DecodeAndCheck(bytes.AsSpan(0, length).ToArray(), asReply);
    }

    [Property(MaxTest = 1000)]
    public void Random_auth_sys_bodies_decode_or_fail_with_xdr_exception(byte[] body)
    {
        if (body.Length > OpaqueAuth.MaxBodyLength)
        {
            return;
        }

        try
        {
            AuthSysParameters p = AuthSysParameters.FromOpaqueAuth(new OpaqueAuth(AuthFlavor.Sys, body));
            if (!p.ToOpaqueAuth().Body.Span.SequenceEqual(body))
            {
                throw new InvalidOperationException("A decoded AUTH_SYS body did not re-encode to the same bytes.");
            }
        }
        catch (XdrException)
        {
        }
    }

    private static void DecodeAndCheck(byte[] bytes, bool asReply)
    {
        var reader = new XdrReader(bytes);
        try
        {
            byte[] again;
            if (asReply)
            {
                RpcReplyHeader reply = RpcMessage.ReadReply(ref reader);
                again = new byte[RpcMessage.GetReplyHeaderSize(reply)];
                var writer = new XdrWriter(again);
                RpcMessage.WriteReply(ref writer, reply);
            }
            else
            {
                RpcCallHeader call = RpcMessage.ReadCall(ref reader);
                again = new byte[RpcMessage.GetCallHeaderSize(call)];
                var writer = new XdrWriter(again);
                RpcMessage.WriteCall(ref writer, call);
            }

            // Whatever decodes is canonical: it re-encodes to exactly the bytes that were consumed.
            if (again.Length != reader.Position || !bytes.AsSpan(0, reader.Position).SequenceEqual(again))
            {
                throw new InvalidOperationException("A decoded header did not re-encode to the bytes it was read from.");
            }
        }
        catch (Exception ex) when (ex is XdrException or RpcProtocolException)
        {
            if (reader.Position != 0)
            {
                throw new InvalidOperationException("The reader moved on a failed read.", ex);
            }
        }
    }
}
