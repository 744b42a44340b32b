using FsCheck.Xunit;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Xdr;

[Properties(Arbitrary = [typeof(XdrArbitraries)])]
public sealed class XdrStringPoolTests
{
    private static byte[] Strings(params string[] values) => XdrBytes.Encode((ref XdrWriter w) =>
    {
        foreach (string value in values)
        {
            w.WriteString(value);
        }
    });

    [Fact]
    public void Repeated_strings_decode_to_one_instance()
    {
        var options = new XdrReaderOptions { StringPool = new XdrStringPool() };
        byte[] bytes = Strings("tcp6", "superuser", "tcp6", "superuser", "udp");
        var reader = new XdrReader(bytes, options);
        string a = reader.ReadString(), b = reader.ReadString(), c = reader.ReadString(), d = reader.ReadString(), e = reader.ReadString();
        Assert.Equal(("tcp6", "superuser", "udp"), (a, b, e));
        Assert.Same(a, c);
        Assert.Same(b, d);
        Assert.True(reader.IsAtEnd);

        // A second reader sharing the options reuses the instances too.
        var again = new XdrReader(bytes, options);
        Assert.Same(a, again.ReadString());
    }

    [Fact]
    public void Strings_longer_than_the_limit_bypass_the_pool()
    {
        var options = new XdrReaderOptions { StringPool = new XdrStringPool(maxLength: 4) };
        var reader = new XdrReader(Strings("local", "local", "udp", "udp"), options);
        string a = reader.ReadString(), b = reader.ReadString(), c = reader.ReadString(), d = reader.ReadString();
        Assert.Equal(a, b);
        Assert.NotSame(a, b);
        Assert.Same(c, d);
    }

    [Fact]
    public void Invalid_utf8_is_rejected_with_a_pool_and_the_reader_stays_in_place()
    {
        var options = new XdrReaderOptions { StringPool = new XdrStringPool() };
        byte[] bytes = [0, 0, 0, 2, 0xC3, 0x28, 0, 0];
        var reader = new XdrReader(bytes, options);
        XdrException ex = Assert.Throws<XdrException>(() =>
        {
            var r = new XdrReader(bytes, options);
            r.ReadString();
        });
        Assert.Equal(XdrError.InvalidString, ex.Error);
        try
        {
            reader.ReadString();
        }
        catch (XdrException)
        {
        }

        Assert.Equal(0, reader.Position);

        // The invalid bytes were not cached: the same bytes fail again.
        Assert.Throws<XdrException>(() =>
        {
            var r = new XdrReader(bytes, options);
            r.ReadString();
        });
    }

    [Fact]
    public void A_lenient_readers_replacement_text_is_not_pooled_for_a_strict_reader()
    {
        var pool = new XdrStringPool();
        byte[] bytes = [0, 0, 0, 2, 0xC3, 0x28, 0, 0];
        var lenient = new XdrReader(bytes, new XdrReaderOptions { StringPool = pool, RequireValidUtf8 = false });
        Assert.Equal("\uFFFD(", lenient.ReadString());

        XdrException ex = Assert.Throws<XdrException>(() =>
        {
            var strict = new XdrReader(bytes, new XdrReaderOptions { StringPool = pool });
            strict.ReadString();
        });
        Assert.Equal(XdrError.InvalidString, ex.Error);

        // Valid non-ASCII text decoded leniently is not pooled either, as it was not checked; strict decoding pools it.
        byte[] valid = Strings("grüße");
        string first = new XdrReader(valid, new XdrReaderOptions { StringPool = pool, RequireValidUtf8 = false }).ReadString();
        string second = new XdrReader(valid, new XdrReaderOptions { StringPool = pool }).ReadString();
        string third = new XdrReader(valid, new XdrReaderOptions { StringPool = pool }).ReadString();
        Assert.Equal("grüße", first);
        Assert.NotSame(first, second);
        Assert.Same(second, third);
    }

    [Fact]
    public void Colliding_strings_replace_each_other_and_stay_correct()
    {
        var pool = new XdrStringPool(capacity: 1);
        Assert.Equal(1, pool.Capacity);
        var options = new XdrReaderOptions { StringPool = pool };
        string[] values = ["a", "b", "a", "ab", "b", "a"];
        var reader = new XdrReader(Strings(values), options);
        foreach (string expected in values)
        {
            Assert.Equal(expected, reader.ReadString());
        }
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(65537, 64)]
    [InlineData(256, 0)]
    [InlineData(256, 1025)]
    public void Out_of_range_settings_are_rejected(int capacity, int maxLength) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new XdrStringPool(capacity, maxLength));

    [Fact]
    public void Capacity_rounds_up_to_a_power_of_two() => Assert.Equal(128, new XdrStringPool(100).Capacity);

    [Fact]
    public async Task Concurrent_readers_sharing_a_pool_read_the_right_strings()
    {
        var pool = new XdrStringPool(capacity: 4);
        var options = new XdrReaderOptions { StringPool = pool };
        string[] values = Enumerable.Range(0, 64).Select(i => "s" + i).ToArray();
        byte[] bytes = Strings(values);
        Task[] workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (int round = 0; round < 200; round++)
            {
                var reader = new XdrReader(bytes, options);
                foreach (string expected in values)
                {
                    Assert.Equal(expected, reader.ReadString());
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
    }

    [Property(MaxTest = 200)]
    public void Pooled_decoding_equals_plain_decoding(XdrText[] texts)
    {
        string[] values = texts.Select(t => t.Value).ToArray();
        byte[] bytes = Strings(values);
        var pooledReader = new XdrReader(bytes, new XdrReaderOptions { StringPool = new XdrStringPool(capacity: 8) });
        var plainReader = new XdrReader(bytes);
        foreach (string _ in values)
        {
            Assert.Equal(plainReader.ReadString(), pooledReader.ReadString());
        }

        Assert.True(pooledReader.IsAtEnd);
    }
}
