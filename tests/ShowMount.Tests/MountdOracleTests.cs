using OncRpc.Testing;
using Xunit;

namespace ShowMount.Tests;

/// <summary>
/// The C showmount and ours against the test mount daemon (generated MOUNT v1 and v3 server stubs, registered in
/// the system rpcbind), byte for byte: export lists with several groups, none (everyone), long and empty lists,
/// and mount lists for the default listing, -a and -d (sorted, duplicates removed).
/// </summary>
[Collection(SystemRpcbindCollection.Name)]
public sealed class MountdOracleTests
{
    private static readonly (string, string[])[] Exports =
    [
        ("/srv/nfs/public", []),
        ("/home", ["192.0.2.0/24", "admin.example", "@trusted"]),
        ("/srv/données", ["*"]),
        ("/", ["10.0.0.1"]),
        ("/var/lib/a-rather-long-export-path/with/several/levels", ["*.example.org", "2001:db8::/32"]),
    ];

    private static readonly (string, string)[] Mounts =
    [
        ("client-b.example", "/home"),
        ("192.0.2.7", "/srv/nfs/public"),
        ("client-a.example", "/home"),
        ("client-b.example", "/home"),
        ("192.0.2.7", "/"),
        ("ünïcode.example", "/srv/données"),
    ];

    public static TheoryData<string> Listings() => new()
    {
        "-e 127.0.0.1", "--exports 127.0.0.1", "--no-headers -e 127.0.0.1", "-e localhost", "-e ::1", "-e",
        "127.0.0.1", "-a 127.0.0.1", "-d 127.0.0.1", "--no-headers -a 127.0.0.1", "--no-headers 127.0.0.1",
        "--directories --no-headers localhost", "-a",
    };

    [RpcbindTheory]
    [MemberData(nameof(Listings))]
    public async Task Exports_and_mounts_match_the_C_showmount(string args)
    {
        await using TestMountd mountd = await TestMountd.StartAsync(Exports, Mounts);
        await ShowMountRunner.AssertSameAsync(CommandLineOracleTests.Split(args));
    }

    [RpcbindTheory]
    [InlineData("-e 127.0.0.1")]
    [InlineData("-a 127.0.0.1")]
    [InlineData("-d ::1")]
    public async Task A_mountd_registered_over_udp_only_is_reached_over_udp_as_by_the_C_showmount(string args)
    {
        await using TestMountd mountd = await TestMountd.StartAsync(Exports, Mounts, tcp: false);
        await ShowMountRunner.AssertSameAsync(CommandLineOracleTests.Split(args));
    }

    [RpcbindTheory]
    [InlineData("-e 127.0.0.1")]
    [InlineData("-a 127.0.0.1")]
    [InlineData("-d 127.0.0.1")]
    [InlineData("127.0.0.1")]
    public async Task Empty_lists_match_the_C_showmount(string args)
    {
        await using TestMountd mountd = await TestMountd.StartAsync([]);
        await ShowMountRunner.AssertSameAsync(CommandLineOracleTests.Split(args));
    }

    [RpcbindTheory]
    [InlineData("-e 127.0.0.1")]
    [InlineData("-a 127.0.0.1")]
    [InlineData("-d 127.0.0.1")]
    public async Task Long_lists_match_the_C_showmount(string args)
    {
        var exports = Enumerable.Range(0, 2000).Select(i => ($"/export/{i % 97}/{new string('d', i % 50)}{i}", Enumerable.Range(0, i % 7).Select(g => $"host{g}.example").ToArray())).ToArray();
        var mounts = Enumerable.Range(0, 3000).Select(i => ($"client{i % 211}.example", $"/export/{i % 89}")).ToArray();
        await using TestMountd mountd = await TestMountd.StartAsync(exports, mounts);
        await ShowMountRunner.AssertSameAsync(CommandLineOracleTests.Split(args));
    }
}
