using System.Net;
using OncRpc.Messages;
using OncRpc.Portmapper;
using OncRpc.Xdr;
using PortProbe.Probing;
using PortProbe.Reporting;
using PortProbe.Risk;

namespace OncRpc.Fuzz.Targets;

/// <summary>
/// samples/PortProbe's handling of a portmapper's answers: DUMP v2/v3/v4 and GETSTAT replies decoded with the
/// probe's client reader options, turned into its program listing, risks and verdict, and written as the table
/// (with colour) and the JSON report. Layout: [mode][reply message].
/// </summary>
internal sealed class ProbeReplyTarget : FuzzTarget
{
    private static readonly XdrReaderOptions ReaderOptions = TcpProbe.ClientOptions(TimeSpan.FromSeconds(1)).ReaderOptions ?? XdrReaderOptions.Default;
    private static readonly Func<uint, string?> Names = RpcProgramNames.BuiltIn.GetName;

    public override string Name => "probe-reply";

    public override string Description => "samples/PortProbe: DUMP v2/v3/v4 and GETSTAT replies to listing, risks, verdict, table and JSON report";

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length == 0)
        {
            return;
        }

        ReadOnlySpan<byte> reply = input.Slice(1);
        bool udp = (input[0] & 0x10) != 0;
        string transport = udp ? "udp" : "tcp";
        ProgramListing? listing = null;
        switch (input[0] % 4)
        {
            case 0:
                listing = LibraryRpcbindInspector.FromPortmapper(Results(reply, PortMapping.ListCodec), IPAddress.Loopback, transport);
                break;
            case 1 or 2:
                listing = LibraryRpcbindInspector.FromRpcbind(Results(reply, RpcbindMapping.ListCodec), (uint)(input[0] % 4) + 2, transport);
                break;
            default:
                Results(reply, RpcbindStatisticsByVersion.Codec);
                break;
        }

        SizeProbe[] probes = udp ? [new SizeProbe("DUMP", 2, 40, reply.Length)] : [];
        var udpResult = new UdpInspection(udp ? UdpState.Answering : UdpState.NoAnswer, probes, udp ? listing : null, null);
        var tcp = new TcpCheck(TcpState.Open, null);
        IReadOnlyList<KnownRisk> risks = listing is null ? [] : KnownRisks.Among(listing.Programs);
        var report = new HostReport("fuzz.example", IPAddress.Loopback, tcp, udpResult, listing, null, risks, HostReport.Decide(tcp, udpResult, null), null, TimeSpan.FromMilliseconds(3));
        TableWriter.Write(new StringWriter(), [report], 111, Palette.On, Names);
        using var json = new MemoryStream();
        JsonReportWriter.Write(json, [report], 111, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch, Names);
    }

    /// <summary>A reply as the probe's client reads it: the header, then the results with its reader options.</summary>
    private static T Results<T>(ReadOnlySpan<byte> reply, IXdrCodec<T> codec) => ReplyResults.Read(reply, codec, ReaderOptions);

    public override IEnumerable<byte[]> Seeds(SeedSources sources)
    {
        foreach (RecordedExchange e in sources.Exchanges.Where(e => e.Reply.Length > 0))
        {
            byte udp = e.Transport == "udp" ? (byte)0x10 : (byte)0;
            if (e.Name.StartsWith("pmap2_dump", StringComparison.Ordinal))
            {
                yield return [udp, .. e.Reply];
            }
            else if (e.Name.Contains("dump", StringComparison.Ordinal))
            {
                yield return [(byte)(udp | (e.Name.StartsWith("rpcb3", StringComparison.Ordinal) ? 1 : 2)), .. e.Reply];
            }
            else if (e.Name.Contains("getstat", StringComparison.Ordinal))
            {
                yield return [(byte)(udp | 3), .. e.Reply];
            }
        }
    }
}
