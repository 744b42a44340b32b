using OncRpc.Xdr;
using OncRpc.XdrGen.Tests.Demo;
using Xunit;

namespace OncRpc.XdrGen.Tests;

/// <summary>What generated codecs accept and reject: bounds, lists, depth, discriminants, enum values.</summary>
public sealed class CodecBehaviourTests
{
    [Fact]
    public void A_list_of_a_million_nodes_round_trips_without_recursion()
    {
        // mount.x's groups list (from the corpus library): a name per node.
        const int count = 1_000_000;
        var head = new Corpus.Mount.Groupnode("g", null);
        for (int i = 1; i < count; i++)
        {
            head = new Corpus.Mount.Groupnode("g", head);
        }

        byte[] data = DemoValues.Encode(Corpus.Mount.Groupnode.Codec, head);
        Assert.Equal(count * 12, data.Length);
        var decoded = DemoValues.Decode(Corpus.Mount.Groupnode.Codec, data, new XdrReaderOptions { MaxListLength = count });
        int seen = 0;
        for (Corpus.Mount.Groupnode? node = decoded; node is not null; node = node.GrNext)
        {
            seen++;
        }

        Assert.Equal(count, seen);
    }

    [Fact]
    public void A_list_longer_than_MaxListLength_fails_to_decode()
    {
        var list = new Itemlist(new Item(), new Itemlist(new Item(), new Itemlist(new Item(), null)));
        byte[] data = DemoValues.Encode(Itemlist.Codec, list);
        var ex = Assert.Throws<XdrException>(() => DemoValues.Decode(Itemlist.Codec, data, new XdrReaderOptions { MaxListLength = 2 }));
        Assert.Equal(XdrError.LimitExceeded, ex.Error);
        Assert.Equal(3, DemoValues.Decode(Itemlist.Codec, data, new XdrReaderOptions { MaxListLength = 3 }) is { Next.Next: not null } ? 3 : 0);
    }

    [Fact]
    public void A_tree_deeper_than_MaxDepth_fails_to_decode()
    {
        byte[] data = DemoValues.Encode(Tree.Codec, DemoValues.Tree(10));
        Assert.Equal(10, DemoValues.Decode(Tree.Codec, data, new XdrReaderOptions { MaxDepth = 11 }).Value);
        var ex = Assert.Throws<XdrException>(() => DemoValues.Decode(Tree.Codec, data, new XdrReaderOptions { MaxDepth = 10 }));
        Assert.Equal(XdrError.LimitExceeded, ex.Error);
    }

    [Fact]
    public void A_hostile_tree_of_a_million_levels_is_stopped_by_the_default_depth()
    {
        // value=0, left present, ... a million times: only 8 bytes per level, no stack overflow.
        var data = new byte[8 * 1_000_000];
        for (int i = 0; i < 1_000_000; i++)
        {
            data[(i * 8) + 7] = 1;
        }

        var ex = Assert.Throws<XdrException>(() => DemoValues.Decode(Tree.Codec, data));
        Assert.Equal(XdrError.LimitExceeded, ex.Error);
        Assert.Contains("64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reader_depth_is_back_to_zero_after_a_tree()
    {
        byte[] data = DemoValues.Encode(Tree.Codec, DemoValues.Tree(5));
        var reader = new XdrReader(data);
        Tree.Codec.Read(ref reader);
        Assert.Equal(0, reader.Depth);
    }

    [Fact]
    public void An_unknown_discriminant_without_default_fails_to_decode()
    {
        byte[] data = [0, 0, 0, 2];
        var ex = Assert.Throws<XdrException>(() => DemoValues.Decode(Code.Codec, data));
        Assert.Equal(XdrError.InvalidDiscriminant, ex.Error);
        Assert.Contains("code", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_discriminant_with_default_keeps_its_value()
    {
        byte[] data = [0, 0, 0, 99];
        var value = Assert.IsType<Result.Default>(DemoValues.Decode(Result.Codec, data));
        Assert.Equal(99, (int)value.Status);
        Assert.Equal(data, DemoValues.Encode(Result.Codec, value));
    }

    [Fact]
    public void A_bool_discriminant_other_than_0_or_1_fails()
    {
        var ex = Assert.Throws<XdrException>(() => DemoValues.Decode(Flag.Codec, [0, 0, 0, 2]));
        Assert.Equal(XdrError.InvalidBoolean, ex.Error);
    }

    [Fact]
    public void An_undeclared_enum_value_is_rejected_on_decode_and_encode()
    {
        var ex = Assert.Throws<XdrException>(() => DemoValues.Decode(ColorXdr.Codec, [0, 0, 0, 3]));
        Assert.Equal(XdrError.InvalidValue, ex.Error);
        Assert.Equal(Color.Blue, DemoValues.Decode(ColorXdr.Codec, [0, 0, 0, 4]));
        Assert.Throws<ArgumentException>(() => DemoValues.Encode(ColorXdr.Codec, (Color)3));
        Assert.False(ColorXdr.IsDefined((Color)3));
    }

    [Fact]
    public void Typedef_bounds_are_enforced_on_encode_and_decode()
    {
        string tooLong = new('x', 65);
        Assert.Throws<ArgumentException>(() => DemoValues.Encode(Name.Codec, tooLong));
        byte[] data = DemoValues.Encode(XdrCodec.String, tooLong);
        Assert.Equal(XdrError.LimitExceeded, Assert.Throws<XdrException>(() => DemoValues.Decode(Name.Codec, data)).Error);
        Assert.Equal(new string('x', 64), DemoValues.Decode(Name.Codec, DemoValues.Encode(Name.Codec, new string('x', 64))));
    }

    [Fact]
    public void Array_maximum_is_enforced_on_encode_and_decode()
    {
        var item = new Item { Corners = new Point[5] };
        Assert.Throws<ArgumentException>(() => DemoValues.Encode(Item.Codec, item));

        // Corners are field 13 of item: patch a valid encoding's count from 2 to 5.
        item = DemoValues.Item(1);
        byte[] data = DemoValues.Encode(Item.Codec, item);
        int offset = DemoValues.Encode(Name.Codec, item.Label).Length + 4 + 4 + 8 + 8 + 4 + 8 + 16 + 4 + 20 + XdrSize.Opaque(item.Payload.Length) + 12;
        Assert.Equal(2, data[offset + 3]);
        data[offset + 3] = 5;
        Assert.Equal(XdrError.LimitExceeded, Assert.Throws<XdrException>(() => DemoValues.Decode(Item.Codec, data)).Error);
    }

    [Fact]
    public void Fixed_sizes_are_enforced_on_encode()
    {
        Assert.Throws<ArgumentException>(() => DemoValues.Encode(Digest.Codec, new byte[19]));
        Assert.Throws<ArgumentException>(() => DemoValues.Encode(Triple.Codec, [1, 2]));
        Assert.Throws<ArgumentException>(() => DemoValues.Encode(Item.Codec, new Item { Wide = new byte[15] }));
    }

    [Fact]
    public void Union_arm_constructors_check_the_discriminant()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Result.Green(Color.Red, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Result.Default(Color.Green));
        Assert.Equal(Color.Green, new Result.Green().Status);
    }

    [Fact]
    public void Encoded_size_matches_what_is_written()
    {
        Item item = DemoValues.Item(3);
        Assert.Equal(Item.GetEncodedSize(item), DemoValues.Encode(Item.Codec, item).Length);
        Assert.Equal(8, Point.GetEncodedSize(new Point()));
    }

    [Fact]
    public void Quadruple_is_16_raw_bytes_on_the_wire()
    {
        var item = new Item { Wide = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray() };
        byte[] data = DemoValues.Encode(Item.Codec, item);
        int offset = 4 + 4 + 4 + 8 + 8 + 4 + 8; // label "", tint, form, hypers, float, double
        Assert.Equal(item.Wide, data.AsSpan(offset, 16).ToArray());
    }
}
