using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using OncRpc.Testing;
using PortProbe.Probing;
using PortProbe.Reporting;
using PortProbe.Risk;
using PortProbe.Tests.Support;
using Xunit;

namespace PortProbe.Tests.Reporting;

public sealed class JsonReportWriterTests
{
    private static readonly HostReport Exposed = new("nfs.example", IPAddress.Parse("192.0.2.10"), new TcpCheck(TcpState.Open, null),
        FakeInspector.Answering, FakeInspector.SampleListing, null, KnownRisks.Among(FakeInspector.SampleListing.Programs),
        Verdict.ExposedUdp, null, TimeSpan.FromMilliseconds(12.34),
        new ShareInspection(new ShareListing(3, "tcp", 20048, [new ExportedShare("/srv/public", []), new ExportedShare("/srv/home", ["192.0.2.0/24", "admin.example"])]), null),
        new TlsInspection(
            new TlsServiceCheck(100000, 2, 111, TlsState.Refused, "AUTH_ERROR bad credential"),
            new TlsServiceCheck(100003, 4, 2049, TlsState.StartTls, null)));

    private static readonly HostReport Unresolved = new("gone.example", null, null, UdpInspection.NotChecked, null, null, [],
        Verdict.Error, "cannot resolve", TimeSpan.Zero);

    [Fact]
    public void Every_field_written_is_documented_and_every_documented_field_is_written()
    {
        JsonDocument doc = Write(Exposed, Unresolved);
        var written = new SortedSet<string>(StringComparer.Ordinal);
        Collect(doc.RootElement, "", written);

        string readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "samples", "PortProbe", "README.md"));
        Match block = Regex.Match(readme, @"<!-- schema -->(.*?)<!-- /schema -->", RegexOptions.Singleline);
        Assert.True(block.Success, "samples/PortProbe/README.md has no <!-- schema --> block");
        var documented = new SortedSet<string>(
            block.Groups[1].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("```", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]),
            StringComparer.Ordinal);

        Assert.Equal(documented, written);
    }

    /// <summary>
    /// Schema portprobe/1, pinned: monitoring scripts read these names. Renaming or removing one is a new schema
    /// version (and this list, the README block and the writer change together); adding one appends here.
    /// </summary>
    private static readonly string[] PinnedSchema =
    [
        "schema",
        "started",
        "port",
        "timeoutMs",
        "summary",
        "summary.hosts",
        "summary.exposed",
        "summary.exposedUdp",
        "summary.exposedTcpOnly",
        "summary.notExposed",
        "summary.errors",
        "summary.maxAmplification",
        "summary.exitCode",
        "summary.sharesExposed",
        "summary.sharesToEveryone",
        "hosts",
        "hosts[].target",
        "hosts[].address",
        "hosts[].verdict",
        "hosts[].error",
        "hosts[].tcp",
        "hosts[].tcp.state",
        "hosts[].tcp.detail",
        "hosts[].udp",
        "hosts[].udp.state",
        "hosts[].udp.detail",
        "hosts[].udp.amplification",
        "hosts[].udp.probes",
        "hosts[].udp.probes[].procedure",
        "hosts[].udp.probes[].version",
        "hosts[].udp.probes[].requestBytes",
        "hosts[].udp.probes[].replyBytes",
        "hosts[].udp.probes[].factor",
        "hosts[].listing",
        "hosts[].listing.dumpVersion",
        "hosts[].listing.transport",
        "hosts[].listingError",
        "hosts[].programs",
        "hosts[].programs[].program",
        "hosts[].programs[].version",
        "hosts[].programs[].protocol",
        "hosts[].programs[].port",
        "hosts[].programs[].address",
        "hosts[].programs[].owner",
        "hosts[].programs[].name",
        "hosts[].risks",
        "hosts[].risks[].program",
        "hosts[].risks[].name",
        "hosts[].risks[].level",
        "hosts[].risks[].why",
        "hosts[].remediation",
        "hosts[].elapsedMs",
        "hosts[].shares",
        "hosts[].shares.error",
        "hosts[].shares.mountVersion",
        "hosts[].shares.transport",
        "hosts[].shares.port",
        "hosts[].shares.toEveryone",
        "hosts[].shares.exports",
        "hosts[].shares.exports[].directory",
        "hosts[].shares.exports[].groups",
        "hosts[].shares.exports[].everyone",
        "hosts[].tls",
        "hosts[].tls.portmapper",
        "hosts[].tls.portmapper.state",
        "hosts[].tls.portmapper.version",
        "hosts[].tls.portmapper.port",
        "hosts[].tls.portmapper.detail",
        "hosts[].tls.nfs",
        "hosts[].tls.nfs.state",
        "hosts[].tls.nfs.version",
        "hosts[].tls.nfs.port",
        "hosts[].tls.nfs.detail",
    ];

    [Fact]
    public void Property_names_of_schema_portprobe_1_are_pinned_in_writing_order()
    {
        JsonElement root = Write(Exposed, Unresolved).RootElement;
        var written = new List<string>();
        Collect(root, "", written);

        Assert.Equal(PinnedSchema, written.Distinct());
        Assert.Equal("portprobe/1", root.GetProperty("schema").GetString());
    }

    [Fact]
    public void Enumerated_values_are_the_documented_words()
    {
        JsonElement root = Write(Exposed, Unresolved).RootElement;
        Assert.Equal(["exposed-udp", "error"], root.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("verdict").GetString()));
        Assert.Equal(["open", "not-checked"], root.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("tcp").GetProperty("state").GetString()));
        Assert.Equal(["answering", "not-checked"], root.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("udp").GetProperty("state").GetString()));
        Assert.Equal(["refused", "not-checked"], root.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("tls").GetProperty("portmapper").GetProperty("state").GetString()));
        Assert.Equal(["starttls", "not-checked"], root.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("tls").GetProperty("nfs").GetProperty("state").GetString()));
        Assert.Equal(2049, root.GetProperty("hosts")[0].GetProperty("tls").GetProperty("nfs").GetProperty("port").GetInt32());
        Assert.Equal(["high", "medium"], root.GetProperty("hosts")[0].GetProperty("risks").EnumerateArray().Select(r => r.GetProperty("level").GetString()));
    }

    [Fact]
    public void Values_carry_the_measurements_verdict_and_exit_code()
    {
        JsonElement root = Write(Exposed, Unresolved).RootElement;
        Assert.Equal("portprobe/1", root.GetProperty("schema").GetString());
        Assert.Equal(111, root.GetProperty("port").GetInt32());
        JsonElement summary = root.GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("hosts").GetInt32());
        Assert.Equal(1, summary.GetProperty("exposedUdp").GetInt32());
        Assert.Equal(1, summary.GetProperty("errors").GetInt32());
        Assert.Equal(28.6, summary.GetProperty("maxAmplification").GetDouble());
        Assert.Equal(1, summary.GetProperty("exitCode").GetInt32());

        JsonElement host = root.GetProperty("hosts")[0];
        Assert.Equal("exposed-udp", host.GetProperty("verdict").GetString());
        Assert.Equal("answering", host.GetProperty("udp").GetProperty("state").GetString());
        JsonElement probe = host.GetProperty("udp").GetProperty("probes")[1];
        Assert.Equal("DUMP", probe.GetProperty("procedure").GetString());
        Assert.Equal(4, probe.GetProperty("version").GetInt32());
        Assert.Equal(40, probe.GetProperty("requestBytes").GetInt32());
        Assert.Equal(1144, probe.GetProperty("replyBytes").GetInt32());
        JsonElement local = host.GetProperty("programs").EnumerateArray().Single(p => p.GetProperty("protocol").GetString() == "local");
        Assert.Equal(JsonValueKind.Null, local.GetProperty("port").ValueKind);
        Assert.Equal("rpcbind", local.GetProperty("name").GetString());
        Assert.Equal(["mountd", "status"], host.GetProperty("risks").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.NotEqual(0, host.GetProperty("remediation").GetArrayLength());
        Assert.Contains("/etc/exports", host.GetProperty("remediation")[0].GetString(), StringComparison.Ordinal);
        JsonElement shares = host.GetProperty("shares");
        Assert.Equal(1, shares.GetProperty("toEveryone").GetInt32());
        Assert.Equal(["/srv/public", "/srv/home"], shares.GetProperty("exports").EnumerateArray().Select(e => e.GetProperty("directory").GetString()));
        Assert.Equal([true, false], shares.GetProperty("exports").EnumerateArray().Select(e => e.GetProperty("everyone").GetBoolean()));
        Assert.Equal(["192.0.2.0/24", "admin.example"], shares.GetProperty("exports")[1].GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(1, summary.GetProperty("sharesToEveryone").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("hosts")[1].GetProperty("shares").ValueKind);

        JsonElement error = root.GetProperty("hosts")[1];
        Assert.Equal("error", error.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("address").ValueKind);
        Assert.Equal(0, error.GetProperty("remediation").GetArrayLength());
    }

    private static JsonDocument Write(params HostReport[] reports)
    {
        using var stream = new MemoryStream();
        JsonReportWriter.Write(stream, reports, 111, TimeSpan.FromSeconds(3), DateTimeOffset.UnixEpoch, p => p == 100000 ? "rpcbind" : null);
        return JsonDocument.Parse(stream.ToArray());
    }

    /// <summary>Adds the path of every property under <paramref name="e"/> in writing order, array items as "[]".</summary>
    private static void Collect(JsonElement e, string path, ICollection<string> paths)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty p in e.EnumerateObject())
                {
                    string child = path.Length == 0 ? p.Name : path + "." + p.Name;
                    paths.Add(child);
                    Collect(p.Value, child, paths);
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in e.EnumerateArray())
                {
                    Collect(item, path + "[]", paths);
                }

                break;
        }
    }
}
