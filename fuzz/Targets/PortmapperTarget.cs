using OncRpc.Portmapper;
using OncRpc.Xdr;

namespace OncRpc.Fuzz.Targets;

/// <summary>
/// Every portmapper v2 and rpcbind v3/v4 argument and result type, decoded with OncRpc.Portmapper's codecs as the
/// clients decode results and the rpcbind service decodes arguments. What decodes under the default (strict)
/// options is canonical, so writing it back must give exactly the bytes that were read. Layout: [codec][XDR].
/// </summary>
internal sealed class PortmapperTarget : FuzzTarget
{
    private static readonly string[] NetIds = [NetId.Tcp, NetId.Udp, NetId.Tcp6, NetId.Udp6, NetId.Local];

    public override string Name => "portmapper";

    public override string Description => "PortMapping, RpcbindMapping, RpcbindEntry, statistics, NetBuffer, CALLIT/INDIRECT arguments and results; canonical round trip";

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length == 0)
        {
            return;
        }

        ReadOnlySpan<byte> xdr = input.Slice(1);
        switch (input[0] % 13)
        {
            case 0: RoundTrip(PortMapping.Codec, xdr); break;
            case 1: RoundTrip(PortMapping.ListCodec, xdr); break;
            case 2: Addresses(RoundTrip(RpcbindMapping.Codec, xdr)); break;
            case 3: RoundTrip(RpcbindMapping.ListCodec, xdr).ToList().ForEach(Addresses); break;
            case 4: RoundTrip(RpcbindEntry.Codec, xdr); break;
            case 5:
                foreach (RpcbindEntry e in RoundTrip(RpcbindEntry.ListCodec, xdr))
                {
                    UniversalAddress.TryParse(e.Address, e.NetId, out _);
                }

                break;
            case 6: _ = RoundTrip(RpcbindStatistics.Codec, xdr).ToString(); break;
            case 7: _ = RoundTrip(RpcbindStatisticsByVersion.Codec, xdr).ToString(); break;
            case 8: _ = RoundTrip(NetBuffer.Codec, xdr).ToString(); break;
            case 9: _ = RoundTrip(RemoteCallArguments.Codec, xdr).ToString(); break;
            case 10:
                RoundTrip(PortmapperRemoteCallResult.Codec, xdr).DecodeResults(XdrCodec.Array(XdrCodec.String, 16));
                break;
            case 11:
            {
                RpcbindRemoteCallResult result = RoundTrip(RpcbindRemoteCallResult.Codec, xdr);
                UniversalAddress.TryParse(result.Address, out _);
                result.DecodeResults(XdrCodec.LinkedList(PortMapping.Codec));
                break;
            }

            default:
            {
                // GETADDR's result: a universal address to be read for the netid asked about.
                string address = RoundTrip(XdrCodec.String, xdr);
                foreach (string netId in NetIds)
                {
                    if (UniversalAddress.TryParse(address, netId, out UniversalAddress? parsed))
                    {
                        _ = parsed.ToEndPoint();
                    }
                }

                break;
            }
        }
    }

    private static void Addresses(RpcbindMapping m)
    {
        if (UniversalAddress.TryParse(m.Address, m.NetId, out UniversalAddress? parsed))
        {
            _ = parsed.ToString();
        }
    }

    private static T RoundTrip<T>(IXdrCodec<T> codec, ReadOnlySpan<byte> xdr)
    {
        var reader = new XdrReader(xdr);
        T value = codec.Read(ref reader);
        int consumed = xdr.Length - reader.BytesRemaining;
        var buffer = new byte[codec.GetEncodedSize(value)];
        var writer = new XdrWriter(buffer);
        codec.Write(ref writer, value);
        if (!xdr.Slice(0, consumed).SequenceEqual(buffer))
        {
            throw new FuzzFindingException(
                $"{typeof(T).Name}: {consumed} bytes read ({Convert.ToHexString(xdr.Slice(0, Math.Min(consumed, 64)))}) write back as {buffer.Length} other bytes ({Convert.ToHexString(buffer.AsSpan(0, Math.Min(buffer.Length, 64)))})");
        }

        return value;
    }

    public override IEnumerable<byte[]> Seeds(SeedSources sources)
    {
        // Each distinct recorded argument and result, under a few codecs (the right one among them for most).
        byte[][] blobs = sources.Exchanges.SelectMany(e => new[] { e.Arguments, e.Results })
            .Where(b => b.Length > 0).DistinctBy(Convert.ToHexString).ToArray();
        for (int i = 0; i < blobs.Length; i++)
        {
            for (int k = 0; k < 3; k++)
            {
                yield return [(byte)((i + (k * 5)) % 13), .. blobs[i]];
            }
        }

        for (byte codec = 0; codec < 13; codec++)
        {
            yield return [codec, 0, 0, 0, 0, 0, 0, 0, 0];
        }
    }
}
