using System.Buffers;
using OncRpc.Xdr;

namespace OncRpc.Tests.Xdr;

/// <summary>Helpers shared by the XDR tests: hex literals and encoding through both writer kinds.</summary>
internal static class XdrBytes
{
    public delegate void WriteAction(ref XdrWriter writer);

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    /// <summary>Encodes with a writer over an <see cref="IBufferWriter{T}"/> and checks a fixed-span writer produces the same bytes.</summary>
    public static byte[] Encode(WriteAction write)
    {
        var output = new ArrayBufferWriter<byte>();
        var growing = new XdrWriter(output);
        write(ref growing);
        growing.Flush();
        byte[] viaBufferWriter = output.WrittenSpan.ToArray();

        byte[] buffer = new byte[viaBufferWriter.Length];
        var fixedWriter = new XdrWriter(buffer);
        write(ref fixedWriter);
        if (fixedWriter.BytesWritten != buffer.Length || !fixedWriter.WrittenSpan.SequenceEqual(viaBufferWriter))
        {
            throw new InvalidOperationException("The span writer and the buffer writer disagree.");
        }

        return viaBufferWriter;
    }

    public static byte[] Encode<T>(IXdrCodec<T> codec, T value) => Encode((ref XdrWriter w) => codec.Write(ref w, value));
}
