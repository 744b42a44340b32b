using OncRpc.Messages;
using OncRpc.Xdr;

namespace OncRpc.Fuzz.Targets;

/// <summary>
/// XDR primitives: a small program of reads over the data, as a codec composed by a user would issue them.
/// Layout: [options][count n][n op bytes][data]. The op's low 5 bits pick the read, its high 3 bits a size or limit.
/// </summary>
internal sealed class XdrTarget : FuzzTarget
{
    private static readonly XdrStringPool Pool = new(64, 32);
    private static readonly IXdrCodec<uint[]> UInts = XdrCodec.Array(XdrCodec.UInt32);
    private static readonly IXdrCodec<string[]> Strings = XdrCodec.Array(XdrCodec.String, 64);
    private static readonly IXdrCodec<uint[][]> Nested = XdrCodec.Array(XdrCodec.Array(XdrCodec.UInt32, 16), 16);
    private static readonly IXdrCodec<string?> OptionalString = XdrCodec.Optional(XdrCodec.String);
    private static readonly IXdrCodec<int?> OptionalInt = XdrCodec.OptionalValue(XdrCodec.Int32);
    private static readonly IXdrCodec<IReadOnlyList<string>> StringList = XdrCodec.LinkedList(XdrCodec.String, 1000);
    private static readonly IXdrCodec<IReadOnlyList<IReadOnlyList<long>>> NestedList = XdrCodec.LinkedList(XdrCodec.LinkedList(XdrCodec.Int64));
    private static readonly IXdrCodec<byte[][]> Opaques = XdrCodec.Array(XdrCodec.BoundedOpaque(100));

    public override string Name => "xdr";

    public override string Description => "XdrReader primitives, strings, opaques, arrays, lists and optionals under every reader option";

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2)
        {
            return;
        }

        byte flags = input[0];
        int count = Math.Min(input[1], input.Length - 2);
        ReadOnlySpan<byte> ops = input.Slice(2, count);
        var options = new XdrReaderOptions
        {
            RequireZeroPadding = (flags & 1) != 0,
            StrictBooleans = (flags & 2) != 0,
            RequireValidUtf8 = (flags & 4) != 0,
            StringPool = (flags & 8) != 0 ? Pool : null,
            MaxStringLength = (flags & 16) != 0 ? 12 : 64 * 1024,
            MaxOpaqueLength = (flags & 16) != 0 ? 12 : 1024 * 1024,
            MaxArrayLength = (flags & 32) != 0 ? 5 : 64 * 1024,
            MaxListLength = (flags & 32) != 0 ? 5 : 64 * 1024,
        };
        var reader = new XdrReader(input.Slice(2 + count), options);
        foreach (byte op in ops)
        {
            Step(ref reader, op & 31, op >> 5);
        }
    }

    private static void Step(ref XdrReader reader, int kind, int p)
    {
        int limit = p == 7 ? int.MaxValue : p * 4;
        switch (kind)
        {
            case 0: reader.ReadInt32(); break;
            case 1: reader.ReadUInt32(); break;
            case 2: reader.ReadInt64(); break;
            case 3: reader.ReadUInt64(); break;
            case 4: reader.ReadSingle(); break;
            case 5: reader.ReadDouble(); break;
            case 6: reader.ReadBoolean(); break;
            case 7: reader.ReadEnum<AuthFlavor>(); break;
            case 8: reader.ReadOpaque(limit); break;
            case 9: reader.ReadOpaqueArray(limit); break;
            case 10: reader.ReadString(limit); break;
            case 11: reader.ReadStringBytes(limit); break;
            case 12: reader.ReadFixedOpaque(p * 3); break;
            case 13: reader.ReadArray(XdrCodec.Int32, limit); break;
            case 14: reader.ReadLinkedList(XdrCodec.String, limit); break;
            case 15: reader.ReadOptional(XdrCodec.String); break;
            case 16: reader.ReadOptionalValue(XdrCodec.UInt64); break;
            case 17: reader.ReadFixedArray(XdrCodec.Int64, p); break;
            case 18: reader.Skip(Math.Min(p * 4, reader.BytesRemaining)); break;
            case 19: reader.ReadArrayCount(limit); break;
            case 20: reader.Read(UInts); break;
            case 21: reader.Read(Strings); break;
            case 22: reader.Read(Nested); break;
            case 23: reader.Read(OptionalString); break;
            case 24: reader.Read(OptionalInt); break;
            case 25: reader.Read(StringList); break;
            case 26: reader.Read(NestedList); break;
            case 27: reader.Read(Opaques); break;
            case 28: reader.Read(XdrCodec.BoundedString(p + 1)); break;
            case 29: reader.Read(XdrCodec.FixedOpaque(p * 5)); break;
            case 30: reader.ReadVoid(); break;
            default: reader.ReadEnd(); break;
        }
    }

    public override IEnumerable<byte[]> Seeds(SeedSources sources)
    {
        // Each recorded message and test vector read as a few plausible programs.
        byte[][] programs =
        [
            [0x07, 6, 0, 1, 2, 3, 5, 31],
            [0x07, 8, 1, 1, 1, 1, 1, 1, 15, 31],
            [0x00, 4, 10, 11, 8, 9],
            [0x2f, 3, 25, 20, 21],
            [0x08, 6, 1, 1, 14 | (7 << 5), 22, 26, 27],
        ];
        foreach (byte[] blob in sources.Exchanges.SelectMany(e => new[] { e.Request, e.Reply }).Concat(sources.TestBlobs).Where(b => b.Length > 0))
        {
            foreach (byte[] program in programs)
            {
                yield return [.. program, .. blob];
            }
        }
    }
}
