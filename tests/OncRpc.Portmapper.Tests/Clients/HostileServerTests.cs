using System.Buffers.Binary;
using System.Diagnostics;
using OncRpc.Client;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Portmapper.Tests.Clients;

public sealed class HostileServerTests
{
    private static IEnumerable<ReadOnlyMemory<byte>> Pmaplist(int entries, bool terminate)
    {
        var chunk = new byte[20 * 1024];
        for (int i = 0; i < chunk.Length; i += 20)
        {
            BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(i), 1);
            BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(i + 4), 100000);
            BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(i + 8), 2);
            BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(i + 12), 6);
            BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(i + 16), 111);
        }

        for (int sent = 0; sent < entries; sent += 1024)
        {
            yield return chunk.AsMemory(0, Math.Min(1024, entries - sent) * 20);
        }

        if (terminate)
        {
            yield return new byte[4];
        }
    }

    [Fact]
    public async Task A_pmaplist_longer_than_the_list_limit_fails_with_a_decode_error()
    {
        const int Entries = 100_000;
        await using var server = new HostileRpcbindServer(() => Pmaplist(Entries, terminate: true), (Entries * 20) + 4);
        await using PortmapperClient client = await PortmapperClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp);
        var sw = Stopwatch.StartNew();
        RpcException ex = await Assert.ThrowsAnyAsync<RpcException>(() => client.DumpAsync());
        Assert.Equal(RpcStatus.CantDecodeResult, ex.Status);
        XdrException inner = Assert.IsType<XdrException>(ex.InnerException);
        Assert.Equal(XdrError.LimitExceeded, inner.Error);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task The_list_limit_comes_from_the_client_options()
    {
        await using var server = new HostileRpcbindServer(() => Pmaplist(101, terminate: true), (101 * 20) + 4);
        var options = new RpcClientOptions { ReaderOptions = new XdrReaderOptions { MaxListLength = 100 } };
        await using PortmapperClient client = await PortmapperClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp, options);
        RpcException ex = await Assert.ThrowsAnyAsync<RpcException>(() => client.DumpAsync());
        Assert.Equal(XdrError.LimitExceeded, Assert.IsType<XdrException>(ex.InnerException).Error);
    }

    [Fact]
    public async Task An_endless_reply_is_cut_off_by_the_reply_size_limit()
    {
        // Announces 2 GiB of pmaplist: the client must refuse from the record mark, not buffer it.
        await using var server = new HostileRpcbindServer(() => Pmaplist(int.MaxValue / 20, terminate: false), 0x7FFF_FFFF - 24);
        await using PortmapperClient client = await PortmapperClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp);
        long before = GC.GetAllocatedBytesForCurrentThread();
        await Assert.ThrowsAnyAsync<RpcException>(() => client.DumpAsync());
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024 * 1024);
    }

    [Fact]
    public async Task A_giant_universal_address_is_rejected_before_allocating_it()
    {
        var result = new byte[4 + 1024];
        BinaryPrimitives.WriteUInt32BigEndian(result, 0x7FFF_0000);
        await using var server = new HostileRpcbindServer(() => [result], result.Length);
        await using RpcbindClient client = await RpcbindClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp);
        RpcException ex = await Assert.ThrowsAnyAsync<RpcException>(() => client.GetAddrAsync(100024, 1, NetId.Tcp));
        Assert.Equal(XdrError.LimitExceeded, Assert.IsType<XdrException>(ex.InnerException).Error);
    }

    [Fact]
    public async Task A_universal_address_that_does_not_parse_is_a_decode_error()
    {
        byte[] result = XdrTestHelpers.Encode(XdrCodec.String, "not-an-address");
        await using var server = new HostileRpcbindServer(() => [result], result.Length);
        await using RpcbindClient client = await RpcbindClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp);
        RpcException ex = await Assert.ThrowsAnyAsync<RpcException>(() => client.GetAddrAsync(100024, 1, NetId.Tcp));
        Assert.Equal(RpcStatus.CantDecodeResult, ex.Status);
        Assert.IsType<FormatException>(ex.InnerException);
    }

    [Fact]
    public async Task A_port_beyond_65535_is_a_protocol_error_not_a_port()
    {
        byte[] result = XdrTestHelpers.Encode(XdrCodec.UInt32, 70000u);
        await using var server = new HostileRpcbindServer(() => [result], result.Length);
        await using PortmapperClient client = await PortmapperClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp);
        await Assert.ThrowsAsync<RpcProtocolException>(() => client.GetPortAsync(100024, 1, System.Net.Sockets.ProtocolType.Tcp));
    }

    [Fact]
    public async Task Statistics_with_endless_address_lists_are_capped()
    {
        byte[] head = new byte[15 * 4];
        byte[] element = XdrTestHelpers.Encode(XdrCodec.UInt32, 1u)
            .Concat(XdrTestHelpers.Encode(XdrCodec.UInt32, 100024u))
            .Concat(new byte[12])
            .Concat(XdrTestHelpers.Encode(XdrCodec.String, "tcp"))
            .ToArray();
        IEnumerable<ReadOnlyMemory<byte>> Results()
        {
            yield return head;
            for (int i = 0; i < 70_000; i++)
            {
                yield return element;
            }
        }

        await using var server = new HostileRpcbindServer(Results, head.Length + (70_000 * element.Length));
        await using RpcbindClient client = await RpcbindClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp);
        RpcException ex = await Assert.ThrowsAnyAsync<RpcException>(() => client.GetStatAsync());
        Assert.Equal(XdrError.LimitExceeded, Assert.IsType<XdrException>(ex.InnerException).Error);
    }
}
