using System.Net;
using OncRpc.Client;
using OncRpc.Testing;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Mount.Tests;

/// <summary>
/// The generated MOUNT v1 and v3 clients against the generated server stubs (TestMountd, not registered), over TCP
/// and UDP: NULL, EXPORT, DUMP, MNT and UMNT. MNT goes only to this test's own server.
/// </summary>
public sealed class MountClientTests
{
    private static readonly (string, string[])[] Shares = [("/srv/public", []), ("/home", ["192.0.2.0/24", "admin.example"])];

    public static TheoryData<RpcTransportKind> Transports() => new() { RpcTransportKind.Tcp, RpcTransportKind.Udp };

    private static async Task<(TestMountd Server, RpcClient Client)> StartAsync(RpcTransportKind transport, (string, string)[]? mounts = null, RpcClientOptions? options = null)
    {
        TestMountd server = await TestMountd.StartAsync(Shares, mounts, IPAddress.Loopback, register: false);
        int port = transport == RpcTransportKind.Tcp ? server.TcpPort : server.UdpPort;
        RpcClient client = await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), transport, options);
        return (server, client);
    }

    private static List<(string, string[])> Flatten(Exportnode? head)
    {
        var list = new List<(string, string[])>();
        for (Exportnode? e = head; e is not null; e = e.ExNext)
        {
            var groups = new List<string>();
            for (Groupnode? g = e.ExGroups; g is not null; g = g.GrNext)
            {
                groups.Add(g.GrName);
            }

            list.Add((e.ExDir, groups.ToArray()));
        }

        return list;
    }

    private static List<(string, string)> Flatten(Mountbody? head)
    {
        var list = new List<(string, string)>();
        for (Mountbody? m = head; m is not null; m = m.MlNext)
        {
            list.Add((m.MlHostname, m.MlDirectory));
        }

        return list;
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Version_1_null_export_dump_mnt_and_umnt(RpcTransportKind transport)
    {
        (TestMountd server, RpcClient rpc) = await StartAsync(transport, [("old.example", "/home")]);
        await using (server)
        await using (rpc)
        {
            var client = new MountversClient(rpc);
            await client.MountprocNullAsync();
            Assert.Equal(Shares, Flatten(await client.MountprocExportAsync()));
            Assert.Equal([("old.example", "/home")], Flatten(await client.MountprocDumpAsync()));

            Fhstatus mounted = await client.MountprocMntAsync("/srv/public");
            byte[] handle = Assert.IsType<Fhstatus.Case0>(mounted).FhsFhandle;
            Assert.Equal(MountConstants.Fhsize, handle.Length);
            Assert.Equal(2u, Assert.IsType<Fhstatus.Default>(await client.MountprocMntAsync("/not/exported")).FhsStatus);
            Assert.Equal([("old.example", "/home"), ("127.0.0.1", "/srv/public")], Flatten(await client.MountprocDumpAsync()));

            await client.MountprocUmntAsync("/srv/public");
            Assert.Equal([("old.example", "/home")], Flatten(await client.MountprocDumpAsync()));
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Version_3_null_export_dump_mnt_and_umnt(RpcTransportKind transport)
    {
        (TestMountd server, RpcClient rpc) = await StartAsync(transport);
        await using (server)
        await using (rpc)
        {
            var client = new Mountvers3Client(rpc);
            await client.Mountproc3NullAsync();
            Assert.Equal(Shares, Flatten(await client.Mountproc3ExportAsync()));
            Assert.Empty(Flatten(await client.Mountproc3DumpAsync()));

            Mountres3 mounted = await client.Mountproc3MntAsync("/home");
            Mountres3Ok ok = Assert.IsType<Mountres3.Mnt3Ok>(mounted).Mountinfo;
            Assert.InRange(ok.Fhandle.Length, 1, MountConstants.Fhsize3);
            Assert.Equal([1], ok.AuthFlavors);
            Assert.Equal(Mountstat3.Mnt3errNoent, (await client.Mountproc3MntAsync("/nope")).FhsStatus);
            Assert.Equal([("127.0.0.1", "/home")], Flatten(await client.Mountproc3DumpAsync()));

            await client.Mountproc3UmntAsync("/home");
            Assert.Empty(Flatten(await client.Mountproc3DumpAsync()));
            Assert.Equal([(3u, 0u), (3u, 5u), (3u, 2u), (3u, 1u), (3u, 1u), (3u, 2u), (3u, 3u), (3u, 2u)], server.Calls);
        }
    }

    [Fact]
    public async Task Udp_retransmissions_reach_the_server_but_each_call_is_counted_and_applied_once()
    {
        // Retransmitting every millisecond makes duplicates certain; the server sees them (same sender, same xid),
        // and the client takes the first reply to each call and drops the rest.
        var options = new RpcClientOptions { RetransmitInterval = TimeSpan.FromMilliseconds(1) };
        (TestMountd server, RpcClient rpc) = await StartAsync(RpcTransportKind.Udp, options: options);
        await using (server)
        await using (rpc)
        {
            var client = new Mountvers3Client(rpc);
            for (int i = 0; i < 20; i++)
            {
                Assert.IsType<Mountres3.Mnt3Ok>(await client.Mountproc3MntAsync("/home"));
                Assert.Equal([("127.0.0.1", "/home")], Flatten(await client.Mountproc3DumpAsync()));
                await client.Mountproc3UmntAsync("/home");
            }

            Assert.Equal(60, server.Calls.Count);
            Assert.Empty(server.Mounts);
        }
    }

    [Fact]
    public async Task A_MNT_datagram_sent_twice_with_one_xid_mounts_once_and_is_answered_twice()
    {
        await using TestMountd server = await TestMountd.StartAsync(Shares, null, IPAddress.Loopback, register: false);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new XdrWriter(buffer);
        foreach (uint word in new uint[] { 0x5EED0001, 0, 2, Mountprog.Program, 3, 1, 0, 0, 0, 0 })
        {
            writer.WriteUInt32(word); // xid, CALL, rpcvers 2, MOUNT v3 MNT, AUTH_NONE credential and verifier
        }

        writer.WriteString("/home");
        writer.Flush();
        byte[] call = buffer.WrittenSpan.ToArray();
        using var socket = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, server.UdpPort);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (int i = 0; i < 2; i++)
        {
            await socket.SendAsync(call, target, deadline.Token);
            byte[] reply = (await socket.ReceiveAsync(deadline.Token)).Buffer;
            Assert.Equal(call.AsSpan(0, 4).ToArray(), reply.AsSpan(0, 4).ToArray());
        }

        Assert.Equal([(3u, 1u)], server.Calls);
        Assert.Equal([("127.0.0.1", "/home")], server.Mounts);
    }

    [Fact]
    public void A_directory_longer_than_MNTPATHLEN_is_refused_by_the_codec()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new XdrWriter(buffer);
        writer.WriteUInt32(1);
        writer.WriteString(new string('d', MountConstants.Mntpathlen + 1));
        writer.WriteUInt32(0);
        writer.WriteUInt32(0);
        writer.Flush();
        byte[] bytes = buffer.WrittenSpan.ToArray();
        Assert.Equal(4 + 4 + ((MountConstants.Mntpathlen + 1 + 3) & ~3) + 8, bytes.Length);
        XdrException ex = Assert.Throws<XdrException>(() =>
        {
            var reader = new XdrReader(bytes);
            Exports.Codec.Read(ref reader);
        });
        Assert.Contains("1024", ex.Message);
    }
}
