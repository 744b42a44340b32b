using System.Net;
using System.Net.Sockets;
using System.Text;
using OncRpc.Messages;
using OncRpc.Portmapper;
using OncRpc.Xdr;
using RpcInfo;

namespace OncRpc.Fuzz.Targets;

/// <summary>
/// rpcinfo's handling of what a server answers: its broadcast reply decoder and address parser, and the replies of
/// its dump, -p, -m and -l modes decoded with its reader options and printed by its formatters (plus its
/// /etc/netconfig parser). Layout: [mode][reply message, or text for the parsers].
/// </summary>
internal sealed class RpcInfoReplyTarget : FuzzTarget
{
    // rpcinfo's client reader options (RpcInfoApp.ClientOptions) with its default list limit.
    private static readonly XdrReaderOptions ReaderOptions = new()
    {
        MaxListLength = 65_536,
        MaxArrayLength = 65_536,
        MaxStringLength = 8192,
        MaxOpaqueLength = 8192,
        RequireZeroPadding = false,
    };

    private static readonly Netconfig Netconfig = Netconfig.Parse(Netconfig.DebianDefault);
    private static readonly Func<uint, string?> Names = RpcProgramNames.BuiltIn.GetName;

    public override string Name => "rpcinfo-reply";

    public override string Description => "samples/RpcInfo: broadcast replies, transport addresses, dump/-p/-m/-l replies through its formatters, netconfig text";

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length == 0)
        {
            return;
        }

        ReadOnlySpan<byte> data = input.Slice(1);
        var output = new StringWriter();
        int mode = input[0] % 9;
        switch (mode)
        {
            case 0 or 1:
            {
                bool v6 = (input[0] & 0x10) != 0;
                NetconfigEntry nconf = Netconfig.Find(v6 ? "udp6" : "udp")!;
                var sender = new IPEndPoint(v6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 111);
                RpcInfoApp.DecodeBroadcastReply(data, fromPortmapper: mode == 1, nconf, sender);
                break;
            }

            case 2:
                Formatters.WriteRpcbindDump(output, Results(data, RpcbindMapping.ListCodec), Names);
                Formatters.WriteRpcbindSummary(output, Results(data, RpcbindMapping.ListCodec), Names);
                break;
            case 3:
            {
                IReadOnlyList<PortMapping> maps = Results(data, PortMapping.ListCodec);
                Formatters.WritePortmapperDump(output, maps, Names);
                Formatters.WriteRpcbindSummary(output, Formatters.FromPortmapper(maps), Names);
                break;
            }

            case 4:
                StatisticsFormatter.Write(output, Results(data, RpcbindStatisticsByVersion.Codec), Names);
                break;
            case 5:
                Formatters.WriteAddressList(output, 100_000, 4, Results(data, RpcbindEntry.ListCodec), Names);
                break;
            case 6:
            {
                string text = Encoding.Latin1.GetString(data);
                RpcInfoApp.ParseTransportAddress(text, AddressFamily.InterNetwork);
                RpcInfoApp.ParseTransportAddress(text, AddressFamily.InterNetworkV6);
                break;
            }

            case 7:
            {
                IPEndPoint? endPoint = RpcInfoApp.ParseTransportAddress(Encoding.Latin1.GetString(data), (input[0] & 0x10) != 0 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);
                if (endPoint is not null)
                {
                    _ = RpcInfoApp.FormatTransportAddress(endPoint);
                }

                break;
            }

            default:
                _ = Netconfig.Parse(Encoding.Latin1.GetString(data)).Find("udp");
                break;
        }
    }

    /// <summary>A reply as rpcinfo's client reads it: the header, then the results with rpcinfo's reader options.</summary>
    private static T Results<T>(ReadOnlySpan<byte> reply, IXdrCodec<T> codec) => ReplyResults.Read(reply, codec, ReaderOptions);

    public override IEnumerable<byte[]> Seeds(SeedSources sources)
    {
        foreach (RecordedExchange e in sources.Exchanges.Where(e => e.Reply.Length > 0))
        {
            byte mode = e.Name switch
            {
                _ when e.Name.Contains("dump", StringComparison.Ordinal) => e.Name.StartsWith("pmap2", StringComparison.Ordinal) ? (byte)3 : (byte)2,
                _ when e.Name.Contains("getstat", StringComparison.Ordinal) => 4,
                _ when e.Name.Contains("addrlist", StringComparison.Ordinal) => 5,
                _ when e.Name.Contains("callit", StringComparison.Ordinal) => (byte)(e.Name.StartsWith("pmap2", StringComparison.Ordinal) ? 1 : 0),
                _ => (byte)(e.Name.StartsWith("pmap2", StringComparison.Ordinal) ? 1 : 0),
            };
            yield return [mode, .. e.Reply];
        }

        yield return [6, .. "127.0.0.1.0.111"u8];
        yield return [0x17, .. "fe80::1.2.3"u8];
        yield return [8, .. Encoding.Latin1.GetBytes(Netconfig.DebianDefault)];
    }
}
