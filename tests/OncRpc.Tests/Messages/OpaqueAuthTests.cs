using OncRpc.Messages;
using OncRpc.Xdr;
using Xunit;
using static OncRpc.Tests.Messages.RpcMessageCallTests;

namespace OncRpc.Tests.Messages;

public sealed class OpaqueAuthTests
{
    [Fact]
    public void None_is_the_default_value_with_an_empty_body()
    {
        Assert.Equal(AuthFlavor.None, OpaqueAuth.None.Flavor);
        Assert.True(OpaqueAuth.None.Body.IsEmpty);
        Assert.Equal(default, OpaqueAuth.None);
    }

    [Fact]
    public void Constructor_rejects_a_body_longer_than_400_bytes()
    {
        _ = new OpaqueAuth(AuthFlavor.Sys, new byte[OpaqueAuth.MaxBodyLength]);
        Assert.Throws<ArgumentException>(() => new OpaqueAuth(AuthFlavor.Sys, new byte[OpaqueAuth.MaxBodyLength + 1]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(399)]
    [InlineData(400)]
    public void Body_round_trips_with_zero_padding(int length)
    {
        byte[] body = Enumerable.Range(1, length).Select(i => (byte)i).ToArray();
        var auth = new OpaqueAuth((AuthFlavor)77, body);
        byte[] bytes = new byte[OpaqueAuth.Codec.GetEncodedSize(auth)];
        Assert.Equal(8 + XdrSize.Align(length), bytes.Length);
        var writer = new XdrWriter(bytes);
        writer.Write(OpaqueAuth.Codec, auth);

        var reader = new XdrReader(bytes);
        OpaqueAuth read = reader.Read(OpaqueAuth.Codec);
        Assert.Equal(auth, read);
        Assert.Equal((AuthFlavor)77, read.Flavor);
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void Decoded_body_is_a_copy_that_outlives_the_buffer()
    {
        byte[] bytes = Words(1, 4, 0x01020304);
        var reader = new XdrReader(bytes);
        OpaqueAuth read = reader.Read(OpaqueAuth.Codec);
        Array.Clear(bytes);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, read.Body.ToArray());
    }

    [Fact]
    public void Decoding_an_empty_body_allocates_nothing()
    {
        byte[] bytes = Words(0, 0);
        static OpaqueAuth Decode(byte[] b)
        {
            var reader = new XdrReader(b);
            return OpaqueAuth.Codec.Read(ref reader);
        }

        OpaqueAuth read = default;
        for (int i = 0; i < 100; i++)
        {
            read = Decode(bytes);
        }

        // Measure many calls so a one-off allocation by the runtime (tiering, type loading) cannot pass for a per-call one.
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            read = Decode(bytes);
        }

        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(after - before < 1000, $"{after - before} bytes allocated by 1000 decodes");
        Assert.Equal(OpaqueAuth.None, read);
    }

    [Fact]
    public void Body_longer_than_400_is_rejected_even_when_the_reader_allows_more()
    {
        byte[] bytes = new byte[8 + 404];
        Words(1, 401).CopyTo(bytes, 0);
        var reader = new XdrReader(bytes, new XdrReaderOptions { MaxOpaqueLength = 100_000 });
        try
        {
            reader.Read(OpaqueAuth.Codec);
            Assert.Fail("no exception");
        }
        catch (XdrException ex)
        {
            Assert.Equal(XdrError.LimitExceeded, ex.Error);
            Assert.Equal(0, reader.Position);
        }
    }

    [Fact]
    public void Non_zero_padding_is_rejected()
    {
        byte[] bytes = Words(1, 1, 0x01000001);
        Assert.Throws<XdrException>(() =>
        {
            var reader = new XdrReader(bytes);
            reader.Read(OpaqueAuth.Codec);
        });
    }

    [Fact]
    public void Equality_compares_flavor_and_body_bytes()
    {
        var a = new OpaqueAuth(AuthFlavor.Short, new byte[] { 1, 2 });
        var b = new OpaqueAuth(AuthFlavor.Short, new byte[] { 1, 2 });
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a != new OpaqueAuth(AuthFlavor.Sys, new byte[] { 1, 2 }));
        Assert.True(a != new OpaqueAuth(AuthFlavor.Short, new byte[] { 1, 3 }));
        Assert.DoesNotContain("1", a.ToString().Replace("(2 bytes)", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
