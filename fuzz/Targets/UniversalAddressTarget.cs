using System.Net;
using System.Text;
using OncRpc.Portmapper;

namespace OncRpc.Fuzz.Targets;

/// <summary>
/// Universal addresses (RFC 5665) as a peer's rpcbind sends them, read with and without a netid; what parses must
/// format back to text that parses to the same address. Layout: [netid][address text].
/// </summary>
internal sealed class UniversalAddressTarget : FuzzTarget
{
    private static readonly string?[] NetIds = [null, NetId.Tcp, NetId.Udp, NetId.Tcp6, NetId.Udp6, NetId.Local, NetId.Unix, "rdma", ""];

    public override string Name => "uaddr";

    public override string Description => "UniversalAddress.Parse/TryParse for every netid, ToEndPoint, and the text round trip; NetId lookups";

    public override bool IsExpected(Exception exception) => exception is FormatException || base.IsExpected(exception);

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length == 0)
        {
            return;
        }

        string? netId = NetIds[input[0] % NetIds.Length];
        string text = Encoding.UTF8.GetString(input.Slice(1));
        NetId.TryGetInfo(text, out _);
        if (!UniversalAddress.TryParse(text, netId, out UniversalAddress? address))
        {
            // Parse must refuse what TryParse refuses, with the documented exception.
            UniversalAddress.Parse(text, netId);
            throw new FuzzFindingException($"Parse accepted '{text}' ({netId}), which TryParse refused");
        }

        EndPoint endPoint = address.ToEndPoint();
        string formatted = address.ToString();
        UniversalAddress again = UniversalAddress.Parse(formatted, netId);
        _ = endPoint.ToString();
        if (!again.Equals(address))
        {
            throw new FuzzFindingException($"'{text}' ({netId}) parsed as {formatted}, which parses as {again}");
        }
    }

    public override IEnumerable<byte[]> Seeds(SeedSources sources)
    {
        string[] samples =
        [
            "127.0.0.1.0.111", "0.0.0.0.3.233", "::1.0.111", "::.0.111", "fe80::1%eth0.8.1", "::ffff:10.1.2.3.4.1",
            "/run/rpcbind.sock", "255.255.255.255.255.255", "1.2.3.4.256.1", "2001:db8::1.255.255",
        ];
        for (int i = 0; i < samples.Length; i++)
        {
            for (byte n = 0; n < NetIds.Length; n += 3)
            {
                yield return [(byte)(n + (i % 3)), .. Encoding.UTF8.GetBytes(samples[i])];
            }
        }

        foreach (RecordedExchange e in sources.Exchanges.Where(e => e.Name.Contains("addr", StringComparison.Ordinal)))
        {
            byte[] results = e.Results;
            if (results.Length > 4)
            {
                yield return [0, .. results.AsSpan(4).TrimEnd((byte)0)];
            }
        }
    }
}
