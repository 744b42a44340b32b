using OncRpc.Xdr;

namespace OncRpc.Portmapper;

internal static class RemoteCallDecoding
{
    public static T Decode<T>(ReadOnlyMemory<byte> data, IXdrCodec<T> codec, XdrReaderOptions? options)
    {
        if (codec is null)
        {
            throw new ArgumentNullException(nameof(codec));
        }

        var reader = new XdrReader(data.Span, options);
        T value = reader.Read(codec);
        reader.ReadEnd();
        return value;
    }
}
