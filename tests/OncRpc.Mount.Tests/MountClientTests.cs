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

    private static async Task<(TestMountd Server, RpcClient Client)> StartAsync(RpcTransportKind transport, (string, string)[]? mounts = null)
    {
        TestMountd server = await TestMountd.StartAsync(Shares, mounts, IPAddress.Loopback, register: false);
        int port = transport == RpcTransportKind.Tcp ? server.TcpPort : server.UdpPort;
        RpcClient client = await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), transport);
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
    public void A_directory_longer_than_MNTPATHLEN_is_refused_by_the_codec()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new XdrWriter(buffer);
        writer.WriteUInt32(1);
        writer.WriteString(new string('d', MountConstants.Mntpathlen + 1));
        writer.WriteUInt32(0);
        writer.WriteUInt32(0);
        byte[] bytes = buffer.WrittenSpan.ToArray();
        Assert.Throws<XdrException>(() =>
        {
            var reader = new XdrReader(bytes);
            Exports.Codec.Read(ref reader);
        });
    }
}
