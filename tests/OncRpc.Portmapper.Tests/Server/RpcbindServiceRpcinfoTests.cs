using System.Net;
using OncRpc.Client;
using OncRpc.Portmapper.Server;
using OncRpc.Server;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Portmapper.Tests.Server;

/// <summary>The C rpcinfo against our rpcbind service on a spare port.</summary>
public sealed class RpcbindServiceRpcinfoTests
{
    /// <remarks>
    /// Debian's rpcinfo parses <c>-n portnum</c> but its <c>-t</c> and <c>-u</c> pings still ask the host's
    /// rpcbind on port 111, so the service is addressed by its universal address (<c>-a</c>) instead: that is the
    /// only way to make the C program talk to it and not to whatever the system rpcbind holds.
    /// </remarks>
    [RpcinfoFact]
    public async Task Rpcinfo_pings_every_version_over_tcp_and_udp()
    {
        var (service, dir) = await ServiceTestHelpers.StartAsync();
        await using (service)
        {
            int port = ServiceTestHelpers.PortOf(service);
            string uaddr = $"127.0.0.1.{port >> 8}.{port & 255}";
            const string everyVersion =
                "program 100000 version 2 ready and waiting\nprogram 100000 version 3 ready and waiting\nprogram 100000 version 4 ready and waiting\n";
            Assert.Equal((0, "program 100000 version 2 ready and waiting\n"), ServiceTestHelpers.RunRpcinfo("-a", uaddr, "-T", "tcp", "100000", "2"));
            Assert.Equal((0, everyVersion), ServiceTestHelpers.RunRpcinfo("-a", uaddr, "-T", "tcp", "100000"));
            Assert.Equal((0, everyVersion), ServiceTestHelpers.RunRpcinfo("-a", uaddr, "-T", "udp", "100000"));
            var missing = ServiceTestHelpers.RunRpcinfo("-a", uaddr, "-T", "tcp", "100005");
            Assert.Equal(1, missing.ExitCode);
            Assert.Equal("program 100005 version 0 is not available\nrpcinfo: RPC: Program unavailable\n", missing.Output);
        }

        Directory.Delete(dir, true);
    }

    [RpcinfoFact]
    public async Task Rpcinfo_pings_by_universal_address()
    {
        var (service, dir) = await ServiceTestHelpers.StartAsync();
        await using (service)
        {
            int port = ServiceTestHelpers.PortOf(service);
            string uaddr = $"127.0.0.1.{port >> 8}.{port & 255}";
            Assert.Equal((0, "program 100000 version 4 ready and waiting\n"), ServiceTestHelpers.RunRpcinfo("-a", uaddr, "-T", "tcp", "100000", "4"));
            Assert.Equal((0, "program 100000 version 3 ready and waiting\n"), ServiceTestHelpers.RunRpcinfo("-a", $"::1.{port >> 8}.{port & 255}", "-T", "udp6", "100000", "3"));
        }

        Directory.Delete(dir, true);
    }

    [RpcinfoFact(remapRun: true)]
    public async Task Rpcinfo_dump_portmap_dump_and_statistics_over_the_local_socket()
    {
        var (service, dir) = await ServiceTestHelpers.StartAsync();
        await using (service)
        {
            int port = ServiceTestHelpers.PortOf(service);
            Assert.True(service.Register(new RpcbindMapping(100024, 1, "udp", "0.0.0.0.195.209", "103")));
            Assert.True(service.Register(new RpcbindMapping(100024, 1, "tcp", "0.0.0.0.195.210", "103")));
            var run = ServiceTestHelpers.Run("/usr/bin/unshare", "-m", "sh", "-c", $"mount --bind {dir} /run && rpcinfo && echo --- && rpcinfo -p && echo --- && rpcinfo -m && echo --- && rpcinfo -s");
            Assert.True(run.ExitCode == 0, run.Output);
            string[] parts = run.Output.Split("---\n");
            Assert.Matches($"\\n    100000    4    tcp       127\\.0\\.0\\.1\\.{port >> 8}\\.{port & 255} +portmapper superuser\\n", parts[0]);
            Assert.Contains($"    100000    2    local     {dir}/rpcbind.sock portmapper superuser\n", parts[0], StringComparison.Ordinal);
            Assert.Contains("    100024    1    udp       0.0.0.0.195.209        status     103\n", parts[0], StringComparison.Ordinal);
            Assert.Contains("    100024    1   udp  50129  status\n", parts[1], StringComparison.Ordinal);
            Assert.Contains("    100024    1   tcp  50130  status\n", parts[1], StringComparison.Ordinal);
            Assert.Contains("PORTMAP (version 2) statistics", parts[2], StringComparison.Ordinal);
            Assert.Contains("    100024  1         tcp,udp                          status      103\n", parts[3], StringComparison.Ordinal);
            Assert.Equal(1, service.GetStatistics().Version2.ProcedureCalls[4]);
        }

        Directory.Delete(dir, true);
    }

    [RpcinfoFact(remapRun: true)]
    public async Task Rpcinfo_statistics_show_forwarded_remote_calls_per_version()
    {
        const uint program = 0x2000_0078;
        var (service, dir) = await ServiceTestHelpers.StartAsync(allowRemoteCalls: true, addresses: [IPAddress.Loopback]);
        await using (service)
        await using (var target = new RpcServer())
        {
            target.AddProcedure(program, 1, 1, XdrCodec.UInt32, XdrCodec.UInt32, (x, _) => x + 1);
            var targetUdp = (IPEndPoint)await target.ListenUdpAsync(new IPEndPoint(IPAddress.Loopback, 0));
            Assert.True(service.Register(new RpcbindMapping(program, 1, NetId.Udp, UniversalAddress.FromEndPoint(targetUdp).ToString(), "superuser")));

            var udp = new IPEndPoint(IPAddress.Loopback, ServiceTestHelpers.PortOf(service));
            // No retransmission: the statistics count every datagram.
            var clientOptions = new RpcClientOptions { Timeout = TimeSpan.FromSeconds(20), RetransmitInterval = TimeSpan.FromSeconds(20) };
            RemoteCallArguments call = RemoteCallArguments.Create(program, 1, 1, XdrCodec.UInt32, 1u);
            await using (PortmapperClient pmap = await PortmapperClient.ConnectAsync(udp, RpcTransportKind.Udp, clientOptions))
            {
                await pmap.CallItAsync(call);
                await pmap.CallItAsync(call);
            }

            await using (RpcbindClient v3 = await RpcbindClient.ConnectAsync(udp, RpcTransportKind.Udp, 3, clientOptions))
            {
                await v3.CallItAsync(call);
            }

            await using (RpcbindClient v4 = await RpcbindClient.ConnectAsync(udp, RpcTransportKind.Udp, 4, clientOptions))
            {
                await v4.IndirectAsync(call);
                await v4.IndirectAsync(call);
                await v4.CallItAsync(call);
            }

            var run = ServiceTestHelpers.Run("/usr/bin/unshare", "-m", "sh", "-c", $"mount --bind {dir} /run && rpcinfo -m");
            Assert.True(run.ExitCode == 0, run.Output);

            // One section per version, as rpcinfo prints rpcbind's: version 2 and 3 rows without the indirect column.
            // rpcinfo shows CALLIT as successes/calls, the successes summed from the remote-call rows (INDIRECT included).
            string[] versions = run.Output.Split("statistics\n");
            Assert.True(versions.Length == 7, run.Output);
            Assert.Matches("\\s2/2\\s", versions[1]);
            Assert.Matches("^prog\\s+vers\\s+proc\\s+netid\\s+success\\s+failure\\n536871032\\s+1\\s+1\\s+udp\\s+2\\s+0\\n", versions[2]);
            Assert.Matches("\\s1/1\\s", versions[3]);
            Assert.Matches("^prog\\s+vers\\s+proc\\s+netid\\s+success\\s+failure\\n536871032\\s+1\\s+1\\s+udp\\s+1\\s+0\\n", versions[4]);
            Assert.Matches("\\s3/1\\s", versions[5]);
            Assert.Matches("^prog\\s+vers\\s+proc\\s+netid\\s+indirect\\s+success\\s+failure\\n536871032\\s+1\\s+1\\s+udp\\s+2\\s+3\\s+0\\n", versions[6]);
        }

        Directory.Delete(dir, true);
    }
}
