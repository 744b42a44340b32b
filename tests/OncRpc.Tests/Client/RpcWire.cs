using System.Buffers;
using System.Buffers.Binary;
using OncRpc.Messages;
using OncRpc.Xdr;

namespace OncRpc.Tests.Client;

/// <summary>Builds and parses the raw messages scripted servers exchange with the client.</summary>
internal static class RpcWire
{
    public static uint Xid(ReadOnlySpan<byte> call) => BinaryPrimitives.ReadUInt32BigEndian(call);

    public static uint Procedure(ReadOnlySpan<byte> call) => BinaryPrimitives.ReadUInt32BigEndian(call.Slice(20));

    /// <summary>A reply message (no record mark) with the header and the encoded results.</summary>
    public static byte[] Reply(in RpcReplyHeader header, Action<IBufferWriter<byte>>? results = null)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new XdrWriter(output);
        RpcMessage.WriteReply(ref writer, header);
        writer.Flush();
        results?.Invoke(output);
        return output.WrittenSpan.ToArray();
    }

    public static byte[] SuccessReply(uint xid) => Reply(RpcReplyHeader.Success(xid, OpaqueAuth.None));

    public static byte[] UInt32Reply(uint xid, uint value) => Reply(RpcReplyHeader.Success(xid, OpaqueAuth.None), o =>
    {
        var w = new XdrWriter(o);
        w.WriteUInt32(value);
        w.Flush();
    });

    /// <summary>The message with a single last-fragment record mark in front.</summary>
    public static byte[] Record(byte[] message)
    {
        byte[] record = new byte[message.Length + 4];
        BinaryPrimitives.WriteUInt32BigEndian(record, 0x8000_0000u | (uint)message.Length);
        message.CopyTo(record, 4);
        return record;
    }
}
