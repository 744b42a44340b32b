using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using OncRpc.Testing;
using PortProbe.Probing;
using PortProbe.Tests.Support;
using ShowMount.Tests.Support;
using Xunit;

namespace PortProbe.Tests.Probing;

/// <summary>
/// The shares check against the test mount daemon (MOUNT v1 and v3 from the generated server stubs, registered in
/// the system rpcbind): the exports portprobe lists are the ones nmap's nfs-showmount script lists, only EXPORT is
/// ever sent, and an export open to everyone makes the verdict high risk.
/// </summary>
[Collection(SystemRpcbindCollection.Name)]
public sealed class MountdSharesTests
{
    private static readonly (string, string[])[] Exports =
    [
        ("/srv/public", []),
        ("/home", ["192.0.2.0/24", "admin.example"]),
        ("/srv/backup", ["*"]),
        ("/srv/projects", ["@staff"]),
    ];

    [RpcbindFact]
    public async Task Exports_listed_are_those_nmap_nfs_showmount_lists()
    {
        await using TestMountd mountd = await TestMountd.StartAsync(Exports);
        var console = new ConsoleCapture();
        int exit = await ProbeApp.RunAsync(["--json", "127.0.0.1"], console.Console, new LibraryRpcbindInspector(), CancellationToken.None, new MountShareInspector());

        Assert.True(exit == 1, console.Out + console.Error);
        JsonElement shares = JsonDocument.Parse(console.Out).RootElement.GetProperty("hosts")[0].GetProperty("shares");
        string[] ours = shares.GetProperty("exports").EnumerateArray()
            .Select(e => string.Join(" ", [e.GetProperty("directory").GetString()!, .. e.GetProperty("groups").EnumerateArray().Select(g => g.GetString()!)]))
            .Order(StringComparer.Ordinal).ToArray();
        string[] nmap = (await NmapShowMountAsync("127.0.0.1")).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(nmap, ours);
        Assert.Equal(4, ours.Length);
        Assert.Equal(2, shares.GetProperty("toEveryone").GetInt32());
    }

    [RpcbindFact]
    public async Task Only_export_is_sent_to_mountd_never_mnt()
    {
        await using TestMountd mountd = await TestMountd.StartAsync(Exports);
        var console = new ConsoleCapture();
        await ProbeApp.RunAsync(["127.0.0.1"], console.Console, new LibraryRpcbindInspector(), CancellationToken.None, new MountShareInspector());

        // The procedures a read-only probe may send to mountd: NULL (0) and EXPORT (5) — never MNT, UMNT or UMNTALL.
        var allowed = new HashSet<uint> { 0, 5 };
        Assert.NotEmpty(mountd.Calls);
        Assert.All(mountd.Calls, c => Assert.Contains(c.Procedure, allowed));
    }

    [RpcbindFact]
    public async Task An_export_to_everyone_is_a_high_risk_verdict_with_remediation()
    {
        await using TestMountd mountd = await TestMountd.StartAsync(Exports);
        var console = new ConsoleCapture();
        int exit = await ProbeApp.RunAsync(["127.0.0.1"], console.Console, new LibraryRpcbindInspector(), CancellationToken.None, new MountShareInspector());

        Assert.Equal(1, exit);
        Assert.Contains("shares leak: 4 exports, 2 open to everyone (high risk)", console.Out, StringComparison.Ordinal);
        Assert.Contains("    /home          192.0.2.0/24,admin.example\n", console.Out, StringComparison.Ordinal);
        Assert.Contains("    /srv/public    (everyone)                  high: open to everyone\n", console.Out, StringComparison.Ordinal);
        Assert.Contains("    /srv/backup    *                           high: open to everyone\n", console.Out, StringComparison.Ordinal);
        Assert.Contains("/etc/exports", console.Out, StringComparison.Ordinal);
        Assert.Contains("firewall mountd", console.Out, StringComparison.Ordinal);
    }

    [RpcbindFact]
    public async Task Restricted_exports_are_an_information_leak()
    {
        await using TestMountd mountd = await TestMountd.StartAsync([("/home", ["192.0.2.0/24"])]);
        var console = new ConsoleCapture();
        int exit = await ProbeApp.RunAsync(["127.0.0.1"], console.Console, new LibraryRpcbindInspector(), CancellationToken.None, new MountShareInspector());

        Assert.Equal(1, exit);
        Assert.Contains("shares leak: 1 export visible (information leak)", console.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("open to everyone (high risk)", console.Out, StringComparison.Ordinal);
    }

    [RpcbindTheory]
    [InlineData("list")]
    [InlineData("record")]
    [InlineData("silence")]
    public async Task A_hostile_mountd_costs_a_bounded_error(string attack)
    {
        // 1,200 exports of 300 groups each (about 37 MiB), a record mark announcing 2 GiB, or no answer at all. The
        // list's record is built before counting: the scripted server runs in this process, and its copy is not the
        // client's allocation.
        Reply reply = attack switch
        {
            "list" => Reply.PrebuiltSuccess(HugeExportList()),
            "record" => Reply.HugeRecord(0x7fff_ffff, 1024 * 1024),
            _ => Reply.Silence,
        };
        await using ScriptedMountd mountd = await ScriptedMountd.StartAsync((_, _) => reply);
        var console = new ConsoleCapture();
        var watch = Stopwatch.StartNew();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        int exit = await ProbeApp.RunAsync(["--json", "--timeout", "1s", "127.0.0.1"], console.Console, new LibraryRpcbindInspector(), CancellationToken.None, new MountShareInspector());
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.True(exit == 1, console.Out + console.Error);
        JsonElement shares = JsonDocument.Parse(console.Out).RootElement.GetProperty("hosts")[0].GetProperty("shares");
        Assert.StartsWith("MOUNT v3 EXPORT over tcp port ", shares.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, shares.GetProperty("exports").GetArrayLength());
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        Assert.True(allocated < 64L * 1024 * 1024, $"{allocated} bytes allocated; {shares.GetProperty("error").GetString()}");
        if (attack != "silence")
        {
            // Refused at the record mark, not timed out.
            Assert.Contains("the configured maximum is 1048576", shares.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
    }

    private static byte[] HugeExportList()
    {
        byte[] group = Reply.XdrString(new string('g', 100));
        using var body = new MemoryStream();
        for (int e = 0; e < 1_200; e++)
        {
            body.Write(Reply.Words(1));
            body.Write(Reply.XdrString("/export/" + e));
            for (int g = 0; g < 300; g++)
            {
                body.Write(Reply.Words(1));
                body.Write(group);
            }

            body.Write(Reply.Words(0));
        }

        body.Write(Reply.Words(0));
        return body.ToArray();
    }

    /// <summary>
    /// The exports `nmap -sT -p 111 --script nfs-showmount` reports, one "directory group group..." per export (the
    /// script joins the groups with spaces and leaves a trailing space when there are none).
    /// </summary>
    private static async Task<List<string>> NmapShowMountAsync(string host)
    {
        var psi = new ProcessStartInfo("nmap", ["-Pn", "-n", "-sT", "-p", "111", "--script", "nfs-showmount", host])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(psi)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(cts.Token);
        string output = await stdout;
        var exports = new List<string>();
        bool inScript = false;
        foreach (string line in output.Split('\n'))
        {
            if (line.StartsWith("| nfs-showmount:", StringComparison.Ordinal))
            {
                inScript = true;
                continue;
            }

            Match m = Regex.Match(line, @"^\|[_ ]\s+(\S.*)$");
            if (inScript && m.Success)
            {
                exports.Add(m.Groups[1].Value.TrimEnd());
            }

            if (line.StartsWith("|_", StringComparison.Ordinal))
            {
                inScript = false;
            }
        }

        Assert.True(exports.Count > 0, "nmap listed no exports:\n" + output + await stderr);
        return exports;
    }
}
