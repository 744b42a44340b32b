using System.Net;
using System.Net.Sockets;
using OncRpc;
using OncRpc.Portmapper;
using OncRpc.Testing;
using Xunit;

namespace RpcInfo.Tests;

/// <summary>
/// The machine's rpcbind with a program the test registers itself (through the library's
/// <see cref="RpcbindRegistration"/>, over the local socket): a test-only number in the 0x40000000 range, at a
/// loopback port nothing listens on. -d is compared on fresh registrations (each tool deletes its own, and the
/// registrations left afterwards must match too); pings and lists of the closed service are compared directly.
/// </summary>
[Collection(SystemRpcbindCollection.Name)]
public sealed class RegistrationOracleTests
{
    /// <summary>A test-only program number, different per run so that parallel runs do not meet.</summary>
    private static uint NewProgram() => 0x40000000u + (uint)Random.Shared.Next(0x100000, 0x1000000);

    /// <summary>A loopback port that is free for both TCP and UDP at the moment of asking.</summary>
    private static int ClosedPort()
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("no free loopback port");
    }

    private static async Task RegisterAsync(uint program, uint version, int port, bool tcp = true)
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        Assert.True(await RpcbindRegistration.RegisterAsync(program, version, RpcTransportKind.Udp, endPoint));
        if (tcp)
        {
            Assert.True(await RpcbindRegistration.RegisterAsync(program, version, RpcTransportKind.Tcp, endPoint));
        }
    }

    private static async Task CleanUpAsync(uint program, params uint[] versions)
    {
        foreach (uint version in versions)
        {
            await RpcbindRegistration.UnregisterAsync(program, version);
        }
    }

    /// <summary>The registrations of one program, as our -p-free view of rpcbind's DUMP shows them.</summary>
    private static async Task<string> RegistrationsAsync(uint program)
    {
        await using RpcbindClient client = await RpcbindClient.ConnectLocalAsync();
        IReadOnlyList<RpcbindMapping> all = await client.DumpAsync();
        return string.Join("\n", all.Where(m => m.Program == program).Select(m => $"{m.Version} {m.NetId} {m.Address}"));
    }

    public static TheoryData<string, string, bool> DeleteCases() => new()
    {
        // args after -d ("{0}" is the program), versions registered, whether udp and tcp both are registered
        { "{0} 1", "1", true },
        { "-T udp {0} 1", "1", true },
        { "-T tcp {0} 1", "1", false },
        { "{0} 2", "1", true },
        { "-T tcp6 {0} 1", "1", true },
        { "-T local {0} 1", "1", true },
        { "{0} 1", "1,2", true },
    };

    [RpcbindTheory]
    [MemberData(nameof(DeleteCases))]
    public async Task Delete_of_a_fresh_registration_matches_the_C_rpcinfo(string argsFormat, string versionList, bool both)
    {
        uint[] versions = versionList.Split(',').Select(uint.Parse).ToArray();
        int port = ClosedPort();
        uint program = NewProgram();
        string[] args = ["-d", .. OracleTests.Split(string.Format(System.Globalization.CultureInfo.InvariantCulture, argsFormat, program))];
        try
        {
            foreach (uint v in versions)
            {
                await RegisterAsync(program, v, port, tcp: both);
            }

            string before = await RegistrationsAsync(program);
            RunResult c = await RpcInfoRunner.RunCAsync(args);
            string afterC = await RegistrationsAsync(program);

            await CleanUpAsync(program, versions);
            foreach (uint v in versions)
            {
                await RegisterAsync(program, v, port, tcp: both);
            }

            Assert.Equal(before, await RegistrationsAsync(program));
            RunResult ours = await RpcInfoRunner.RunOursAsync(args);
            string afterOurs = await RegistrationsAsync(program);

            Assert.Equal(c.ToString(), ours.ToString());
            Assert.Equal(afterC, afterOurs);
        }
        finally
        {
            await CleanUpAsync(program, versions);
        }
    }

    public static TheoryData<string> ClosedServiceCases() => new()
    {
        "-t 127.0.0.1 {0} 1", "-t 127.0.0.1 {0}", "-u 127.0.0.1 {0} 1", "-u 127.0.0.1 {0}",
        "-T tcp 127.0.0.1 {0} 1", "-T udp 127.0.0.1 {0}", "-T tcp6 ::1 {0} 1", "-T local 127.0.0.1 {0} 1",
        "-t 127.0.0.1 {0} 3", "-l 127.0.0.1 {0} 1", "-l -T udp 127.0.0.1 {0} 1", "-l ::1 {0} 1",
        "-a 127.0.0.1.{1}.{2} -T tcp {0} 1", "-a 127.0.0.1.{1}.{2} -T udp {0}",
    };

    [RpcbindTheory]
    [MemberData(nameof(ClosedServiceCases))]
    public async Task A_registered_program_on_a_closed_port_matches_the_C_rpcinfo(string argsFormat)
    {
        int port = ClosedPort();
        uint program = NewProgram();
        string[] args = OracleTests.Split(string.Format(System.Globalization.CultureInfo.InvariantCulture, argsFormat, program, port >> 8, port & 0xff));
        try
        {
            await RegisterAsync(program, 1, port);
            RunResult c = await RpcInfoRunner.RunCAsync(args);
            RunResult ours = await RpcInfoRunner.RunOursAsync(args);
            Assert.Equal(c.ToString(), ours.ToString());
        }
        finally
        {
            await CleanUpAsync(program, 1);
        }
    }
}
