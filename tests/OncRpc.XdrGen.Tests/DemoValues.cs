using OncRpc.XdrGen.Tests.Demo;

namespace OncRpc.XdrGen.Tests;

/// <summary>Sample values of the demo protocol, and a comparison by encoding (generated types have reference equality).</summary>
internal static class DemoValues
{
    public static Item Item(int seed) => new(
        $"item-{seed}",
        Color.Blue,
        Shape.Hexagon,
        -1234567890123L * seed,
        ulong.MaxValue - (ulong)seed,
        1.5f * seed,
        Math.PI * seed,
        Enumerable.Range(0, 16).Select(i => (byte)(i + seed)).ToArray(),
        seed % 2 == 0,
        Enumerable.Range(0, 20).Select(i => (byte)(i * seed)).ToArray(),
        Enumerable.Range(0, seed % 7).Select(i => (byte)i).ToArray(),
        [seed, -seed, 3],
        [new Point(1, 2), new Point(-3, seed)],
        seed % 3 == 0 ? null : new Point(seed, seed),
        [0xDEADBEEF, (uint)seed],
        "tag-é",
        new ItemRange(-seed, seed),
        -7,
        int.MinValue,
        ulong.MaxValue);

    public static byte[] Encode<T>(global::OncRpc.Xdr.IXdrCodec<T> codec, T value)
    {
        var buffer = new byte[codec.GetEncodedSize(value)];
        var writer = new global::OncRpc.Xdr.XdrWriter(buffer);
        codec.Write(ref writer, value);
        return writer.WrittenSpan.Length == buffer.Length ? buffer : throw new InvalidOperationException($"GetEncodedSize said {buffer.Length}, Write wrote {writer.WrittenSpan.Length}");
    }

    public static T Decode<T>(global::OncRpc.Xdr.IXdrCodec<T> codec, byte[] data, global::OncRpc.Xdr.XdrReaderOptions? options = null)
    {
        var reader = new global::OncRpc.Xdr.XdrReader(data, options);
        T value = codec.Read(ref reader);
        reader.ReadEnd();
        return value;
    }

    public static Tree Tree(int depth) => depth == 0 ? new Tree(0, null, null) : new Tree(depth, Tree(depth - 1), null);
}
