using FsCheck;
using FsCheck.Fluent;
using OncRpc.XdrGen.Tests.Demo;
using Xunit;
using Result = OncRpc.XdrGen.Tests.Demo.Result;

namespace OncRpc.XdrGen.Tests;

/// <summary>FsCheck: for generated values of the demo protocol, decode(encode(v)) encodes to the same bytes, and GetEncodedSize is exact.</summary>
public sealed class RoundTripProperties
{
    private static Gen<string> Text(int max) => Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(Gen.Elements('a', 'z', '0', 'é', '€', ' '), n)).Select(c => new string(c).Length > max ? string.Empty : new string(c))
        .Where(s => System.Text.Encoding.UTF8.GetByteCount(s) <= max);

    private static Gen<byte[]> Bytes(int min, int max) => Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n));

    private static Gen<Point> Points => ArbMap.Default.GeneratorFor<int>().Two().Select(t => new Point(t.Item1, t.Item2));

    private static Gen<Item> Items =>
        from label in Text(64)
        from tint in Gen.Elements(Color.Red, Color.Green, Color.Blue)
        from form in Gen.Elements(Enum.GetValues<Shape>())
        from signed in ArbMap.Default.GeneratorFor<long>()
        from unsigned in ArbMap.Default.GeneratorFor<ulong>()
        from ratio in ArbMap.Default.GeneratorFor<float>()
        from precise in ArbMap.Default.GeneratorFor<double>()
        from wide in Bytes(16, 16)
        from enabled in ArbMap.Default.GeneratorFor<bool>()
        from hash in Bytes(20, 20)
        from payload in Bytes(0, 40)
        from coords in Gen.ArrayOf(ArbMap.Default.GeneratorFor<int>(), 3)
        from corners in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Points, n))
        from origin in Gen.OneOf(Gen.Constant<Point?>(null), Points.Select(p => (Point?)p))
        from flags in Gen.ArrayOf(ArbMap.Default.GeneratorFor<uint>(), 2)
        from tags in Text(16)
        from range in Points
        from legacy in ArbMap.Default.GeneratorFor<int>()
        select new Item(label, tint, form, signed, unsigned, ratio, precise, wide, enabled, hash, payload, coords, corners, origin, flags, tags, new ItemRange(range.X, range.Y), legacy, -legacy, unsigned ^ 1);

    private static Gen<Result> Results => Gen.OneOf(
        Items.Select(i => (Result)new Result.Red(i)),
        Text(64).Select(t => (Result)new Result.Green(Color.Blue, t)),
        Gen.Choose(5, 1000).Select(v => (Result)new Result.Default((Color)v)));

    private static Gen<Code> Codes => Gen.OneOf(
        Text(30).Select(t => (Code)new Code.CaseMinus1(t)),
        Points.Select(p => (Code)new Code.Case0(p)),
        ArbMap.Default.GeneratorFor<long>().Select(v => (Code)new Code.Case1(new CodeNested.Case7(v))),
        Bytes(0, 8).Select(b => (Code)new Code.Case1(new CodeNested.Default(8, b))));

    private static Property RoundTrips<T>(Gen<T> generator, global::OncRpc.Xdr.IXdrCodec<T> codec) =>
        Prop.ForAll(generator.ToArbitrary(), value =>
        {
            byte[] encoded = DemoValues.Encode(codec, value);
            return encoded.Length == codec.GetEncodedSize(value) && encoded.AsSpan().SequenceEqual(DemoValues.Encode(codec, DemoValues.Decode(codec, encoded)));
        });

    [Fact]
    public void Items_round_trip() => RoundTrips(Items, Item.Codec).QuickCheckThrowOnFailure();

    [Fact]
    public void Unions_round_trip() => RoundTrips(Results, Result.Codec).QuickCheckThrowOnFailure();

    [Fact]
    public void Nested_unions_round_trip() => RoundTrips(Codes, Code.Codec).QuickCheckThrowOnFailure();

    [Fact]
    public void Lists_round_trip() =>
        RoundTrips(
            Gen.Choose(1, 20).SelectMany(n => Gen.ArrayOf(Items, n)).Select(items =>
            {
                Itemlist? head = null;
                foreach (Item item in items)
                {
                    head = new Itemlist(item, head);
                }

                return head!;
            }),
            Itemlist.Codec).QuickCheckThrowOnFailure();

    [Fact]
    public void Multi_argument_tuples_round_trip() =>
        RoundTrips(
            from name in Text(64)
            from other in Text(200)
            from color in Gen.Elements(Color.Red, Color.Green, Color.Blue)
            select (name, other, color),
            DemoV1Arguments.DemoConcat.Instance).QuickCheckThrowOnFailure();
}
