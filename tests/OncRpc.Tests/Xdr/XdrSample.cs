using FsCheck;
using FsCheck.Fluent;
using OncRpc.Xdr;

namespace OncRpc.Tests.Xdr;

/// <summary>A leaf of <see cref="XdrSample"/>: a small struct with a string.</summary>
internal sealed record XdrLeaf(uint Id, string Name, bool Flag)
{
    public static readonly IXdrCodec<XdrLeaf> Codec = new LeafCodec();

    private sealed class LeafCodec : IXdrCodec<XdrLeaf>
    {
        public XdrLeaf Read(ref XdrReader reader) => new(reader.ReadUInt32(), reader.ReadString(32), reader.ReadBoolean());

        public void Write(ref XdrWriter writer, XdrLeaf value)
        {
            writer.WriteUInt32(value.Id);
            writer.WriteString(value.Name, 32);
            writer.WriteBoolean(value.Flag);
        }

        public int GetEncodedSize(XdrLeaf value) => 8 + XdrSize.String(value.Name);
    }
}

/// <summary>
/// A composite of every XDR type, nested through optional data, used by the property tests:
/// <code>
/// struct sample {
///   int i; unsigned int u; hyper h; unsigned hyper uh; bool b; float f; double d; enum day;
///   opaque fixed[5]; opaque var&lt;&gt;; string text&lt;&gt;; unsigned int values&lt;16&gt;; leaf pair[2];
///   leaf *maybe; leaf_node *list; sample *child;
///   union switch (int kind) { case 0: void; case 1: hyper n; case 2: string s&lt;&gt;; } choice;
/// };
/// </code>
/// </summary>
internal sealed class XdrSample
{
    public static readonly IXdrCodec<XdrSample> Codec = new SampleCodec();

    private static readonly IXdrCodec<byte[]> FixedOpaque = XdrCodec.FixedOpaque(5);
    private static readonly IXdrCodec<uint[]> Values = XdrCodec.Array(XdrCodec.UInt32, 16);
    private static readonly IXdrCodec<XdrLeaf[]> Pair = XdrCodec.FixedArray(XdrLeaf.Codec, 2);
    private static readonly IXdrCodec<XdrLeaf?> Maybe = XdrCodec.Optional(XdrLeaf.Codec);
    private static readonly IXdrCodec<IReadOnlyList<XdrLeaf>> List = XdrCodec.LinkedList(XdrLeaf.Codec, 64);
    private static readonly IXdrCodec<XdrSample?> Child = XdrCodec.Optional(Codec);
    private static readonly IXdrCodec<DayOfWeek?> Day = XdrCodec.OptionalValue(new DayCodec());

    public int I { get; init; }

    public uint U { get; init; }

    public long H { get; init; }

    public ulong UH { get; init; }

    public bool B { get; init; }

    public float F { get; init; }

    public double D { get; init; }

    public DayOfWeek? Weekday { get; init; }

    public byte[] Fixed { get; init; } = new byte[5];

    public byte[] Var { get; init; } = [];

    public string Text { get; init; } = string.Empty;

    public uint[] Numbers { get; init; } = [];

    public XdrLeaf[] Leaves { get; init; } = [new(0, string.Empty, false), new(0, string.Empty, false)];

    public XdrLeaf? MaybeLeaf { get; init; }

    public IReadOnlyList<XdrLeaf> Nodes { get; init; } = [];

    public XdrSample? Nested { get; init; }

    public int Kind { get; init; }

    public long KindNumber { get; init; }

    public string KindText { get; init; } = string.Empty;

    public static Gen<string> TextGen(int maxChars) =>
        Gen.Frequency(
                (8, Gen.Choose(0x20, 0x7E)),
                (2, Gen.Choose(0x80, 0x7FF)),
                (1, Gen.Choose(0x800, 0xD7FF)),
                (1, Gen.Choose(0x10000, 0x10FFFF)))
            .Select(char.ConvertFromUtf32)
            .ArrayOf()
            .Select(parts => string.Concat(parts.Take(maxChars)));

    public static Gen<XdrSample> Generator(int depth)
    {
        Gen<byte[]> bytes = ArbMap.Default.GeneratorFor<byte[]>();
        Gen<XdrLeaf> leaf =
            from id in ArbMap.Default.GeneratorFor<uint>()
            from name in TextGen(8)
            from flag in ArbMap.Default.GeneratorFor<bool>()
            select new XdrLeaf(id, name, flag);
        Gen<XdrSample?> child = depth == 0
            ? Gen.Constant<XdrSample?>(null)
            : Gen.Frequency((2, Gen.Constant<XdrSample?>(null)), (1, Generator(depth - 1).Select(s => (XdrSample?)s)));

        Gen<(int, uint, long, ulong, bool, float, double)> primitives =
            from i in ArbMap.Default.GeneratorFor<int>()
            from u in ArbMap.Default.GeneratorFor<uint>()
            from h in ArbMap.Default.GeneratorFor<long>()
            from uh in ArbMap.Default.GeneratorFor<ulong>()
            from b in ArbMap.Default.GeneratorFor<bool>()
            from f in ArbMap.Default.GeneratorFor<float>()
            from d in ArbMap.Default.GeneratorFor<double>()
            select (i, u, h, uh, b, f, d);

        return
            from p in primitives
            from day in Gen.Elements<DayOfWeek?>(null, DayOfWeek.Monday, DayOfWeek.Sunday)
            from fixedBytes in bytes.Select(b => b.Concat(new byte[5]).Take(5).ToArray())
            from var in bytes
            from text in TextGen(40)
            from numbers in Gen.ArrayOf(ArbMap.Default.GeneratorFor<uint>()).Select(a => a.Take(16).ToArray())
            from pair in Gen.ArrayOf(leaf, 2)
            from maybe in Gen.OneOf(Gen.Constant<XdrLeaf?>(null), leaf.Select(l => (XdrLeaf?)l))
            from nodes in Gen.ListOf(leaf).Select(l => (IReadOnlyList<XdrLeaf>)l.Take(10).ToList())
            from nested in child
            from kind in Gen.Choose(0, 2)
            from kindNumber in ArbMap.Default.GeneratorFor<long>()
            from kindText in TextGen(12)
            select new XdrSample
            {
                I = p.Item1, U = p.Item2, H = p.Item3, UH = p.Item4, B = p.Item5, F = p.Item6, D = p.Item7,
                Weekday = day, Fixed = fixedBytes, Var = var, Text = text, Numbers = numbers, Leaves = pair,
                MaybeLeaf = maybe, Nodes = nodes, Nested = nested, Kind = kind,
                KindNumber = kind == 1 ? kindNumber : 0, KindText = kind == 2 ? kindText : string.Empty,
            };
    }

    private sealed class DayCodec : IXdrCodec<DayOfWeek>
    {
        public DayOfWeek Read(ref XdrReader reader) => reader.ReadEnum<DayOfWeek>();

        public void Write(ref XdrWriter writer, DayOfWeek value) => writer.WriteEnum(value);

        public int GetEncodedSize(DayOfWeek value) => 4;
    }

    private sealed class SampleCodec : IXdrCodec<XdrSample>
    {
        public XdrSample Read(ref XdrReader reader)
        {
            var sample = new XdrSample
            {
                I = reader.ReadInt32(),
                U = reader.ReadUInt32(),
                H = reader.ReadInt64(),
                UH = reader.ReadUInt64(),
                B = reader.ReadBoolean(),
                F = reader.ReadSingle(),
                D = reader.ReadDouble(),
                Weekday = Day.Read(ref reader),
                Fixed = FixedOpaque.Read(ref reader),
                Var = reader.ReadOpaqueArray(),
                Text = reader.ReadString(),
                Numbers = Values.Read(ref reader),
                Leaves = Pair.Read(ref reader),
                MaybeLeaf = Maybe.Read(ref reader),
                Nodes = List.Read(ref reader),
                Nested = Child.Read(ref reader),
            };
            int kind = reader.ReadInt32();
            return kind switch
            {
                0 => WithKind(sample, 0, 0, string.Empty),
                1 => WithKind(sample, 1, reader.ReadInt64(), string.Empty),
                2 => WithKind(sample, 2, 0, reader.ReadString()),
                _ => throw reader.InvalidDiscriminant(kind, "sample.choice"),
            };
        }

        public void Write(ref XdrWriter writer, XdrSample value)
        {
            writer.WriteInt32(value.I);
            writer.WriteUInt32(value.U);
            writer.WriteInt64(value.H);
            writer.WriteUInt64(value.UH);
            writer.WriteBoolean(value.B);
            writer.WriteSingle(value.F);
            writer.WriteDouble(value.D);
            Day.Write(ref writer, value.Weekday);
            FixedOpaque.Write(ref writer, value.Fixed);
            writer.WriteOpaque(value.Var);
            writer.WriteString(value.Text);
            Values.Write(ref writer, value.Numbers);
            Pair.Write(ref writer, value.Leaves);
            Maybe.Write(ref writer, value.MaybeLeaf);
            List.Write(ref writer, value.Nodes);
            Child.Write(ref writer, value.Nested);
            writer.WriteInt32(value.Kind);
            if (value.Kind == 1)
            {
                writer.WriteInt64(value.KindNumber);
            }
            else if (value.Kind == 2)
            {
                writer.WriteString(value.KindText);
            }
        }

        public int GetEncodedSize(XdrSample value) =>
            (4 * 3) + (8 * 3) + 4 + Day.GetEncodedSize(value.Weekday) + FixedOpaque.GetEncodedSize(value.Fixed) +
            XdrSize.Opaque(value.Var.Length) + XdrSize.String(value.Text) + Values.GetEncodedSize(value.Numbers) +
            Pair.GetEncodedSize(value.Leaves) + Maybe.GetEncodedSize(value.MaybeLeaf) + List.GetEncodedSize(value.Nodes) +
            Child.GetEncodedSize(value.Nested) + 4 + value.Kind switch { 1 => 8, 2 => XdrSize.String(value.KindText), _ => 0 };

        private static XdrSample WithKind(XdrSample s, int kind, long number, string text) =>
            new()
            {
                I = s.I, U = s.U, H = s.H, UH = s.UH, B = s.B, F = s.F, D = s.D, Weekday = s.Weekday, Fixed = s.Fixed,
                Var = s.Var, Text = s.Text, Numbers = s.Numbers, Leaves = s.Leaves, MaybeLeaf = s.MaybeLeaf, Nodes = s.Nodes,
                Nested = s.Nested, Kind = kind, KindNumber = number, KindText = text,
            };
    }
}
