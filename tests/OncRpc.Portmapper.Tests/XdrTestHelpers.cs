using OncRpc.Xdr;

namespace OncRpc.Portmapper.Tests;

internal static class XdrTestHelpers
{
    public static byte[] Encode<T>(IXdrCodec<T> codec, T value)
    {
        var buffer = new byte[codec.GetEncodedSize(value)];
        var writer = new XdrWriter(buffer);
        codec.Write(ref writer, value);
        if (writer.BytesWritten != buffer.Length)
        {
            throw new InvalidOperationException($"GetEncodedSize said {buffer.Length} bytes but Write produced {writer.BytesWritten}.");
        }

        return buffer;
    }

    public static T Decode<T>(IXdrCodec<T> codec, ReadOnlySpan<byte> data, XdrReaderOptions? options = null)
    {
        var reader = new XdrReader(data, options);
        T value = reader.Read(codec);
        reader.ReadEnd();
        return value;
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);
}
