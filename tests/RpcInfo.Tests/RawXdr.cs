using System.Buffers.Binary;

namespace RpcInfo.Tests;

/// <summary>Hand-made XDR for the scripted servers: big-endian words, and byte arrays joined.</summary>
internal static class RawXdr
{
    /// <summary>The words, each as a big-endian unsigned 32-bit integer.</summary>
    public static byte[] Words(params uint[] words)
    {
        var b = new byte[words.Length * 4];
        for (int i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(i * 4), words[i]);
        }

        return b;
    }

    /// <summary>The parts one after the other.</summary>
    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
