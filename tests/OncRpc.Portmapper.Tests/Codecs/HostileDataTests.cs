using System.Buffers.Binary;
using System.Diagnostics;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Portmapper.Tests.Codecs;

public sealed class HostileDataTests
{
    private static byte[] EndlessPmaplist(int entries, bool terminate)
    {
        var data = new byte[(entries * 20) + (terminate ? 4 : 0)];
        for (int i = 0; i < entries; i++)
        {
            Span<byte> e = data.AsSpan(i * 20);
            BinaryPrimitives.WriteUInt32BigEndian(e, 1);
            BinaryPrimitives.WriteUInt32BigEndian(e.Slice(4), 100000);
            BinaryPrimitives.WriteUInt32BigEndian(e.Slice(8), 2);
            BinaryPrimitives.WriteUInt32BigEndian(e.Slice(12), 6);
            BinaryPrimitives.WriteUInt32BigEndian(e.Slice(16), 111);
        }

        return data;
    }

    [Fact]
    public void A_pmaplist_longer_than_the_limit_is_rejected_without_recursion()
    {
        byte[] data = EndlessPmaplist(200_000, terminate: true);
        var sw = Stopwatch.StartNew();
        XdrException ex = Assert.Throws<XdrException>(() => XdrTestHelpers.Decode(PortMapping.ListCodec, data));
        Assert.Equal(XdrError.LimitExceeded, ex.Error);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void The_list_limit_is_configurable()
    {
        byte[] data = EndlessPmaplist(11, terminate: true);
        var options = new XdrReaderOptions { MaxListLength = 10 };
        Assert.Equal(XdrError.LimitExceeded, Assert.Throws<XdrException>(() => XdrTestHelpers.Decode(PortMapping.ListCodec, data, options)).Error);
        Assert.Equal(11, XdrTestHelpers.Decode(PortMapping.ListCodec, data, new XdrReaderOptions { MaxListLength = 11 }).Count);
    }

    [Fact]
    public void A_chain_that_never_ends_is_reported_as_truncated()
    {
        byte[] data = EndlessPmaplist(1000, terminate: false);
        Assert.Equal(XdrError.Truncated, Assert.Throws<XdrException>(() => XdrTestHelpers.Decode(PortMapping.ListCodec, data)).Error);
    }

    [Fact]
    public void A_long_list_within_the_limit_decodes_in_a_loop()
    {
        // Deep enough that a recursive decoder would overflow the stack.
        byte[] data = EndlessPmaplist(60_000, terminate: true);
        Assert.Equal(60_000, XdrTestHelpers.Decode(PortMapping.ListCodec, data).Count);
    }

    [Fact]
    public void A_giant_string_in_an_rpcblist_is_rejected_before_allocating()
    {
        var data = new byte[4 + 8 + 4];
        BinaryPrimitives.WriteUInt32BigEndian(data, 1);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), 100000);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), 4);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(12), 0x7FFFFFF0);
        Assert.Equal(XdrError.LimitExceeded, Assert.Throws<XdrException>(() => XdrTestHelpers.Decode(RpcbindMapping.ListCodec, data)).Error);
    }

    [Fact]
    public void Statistics_lists_are_capped_too()
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        var w = new XdrWriter(writer);
        for (int i = 0; i < 15; i++)
        {
            w.WriteInt32(0);
        }

        for (int i = 0; i < 20; i++)
        {
            w.WriteBoolean(true);
            w.WriteUInt32(1);
            w.WriteUInt32(1);
            w.WriteInt32(0);
            w.WriteInt32(0);
            w.WriteString("tcp");
        }

        w.WriteBoolean(false);
        w.WriteBoolean(false);
        w.Flush();
        Assert.Equal(20, XdrTestHelpers.Decode(RpcbindStatistics.Codec, writer.WrittenSpan).AddressLookups.Count);
        Assert.Equal(
            XdrError.LimitExceeded,
            Assert.Throws<XdrException>(() => XdrTestHelpers.Decode(RpcbindStatistics.Codec, writer.WrittenSpan, new XdrReaderOptions { MaxListLength = 19 })).Error);
    }

    [Fact]
    public void Writing_statistics_with_the_wrong_counter_count_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new RpcbindStatistics(new int[12], 0, 0, [], []));
    }
}
