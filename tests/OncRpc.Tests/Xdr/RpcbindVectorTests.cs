using OncRpc.Testing;
using OncRpc.Xdr;
using Xunit;
using static OncRpc.Tests.Xdr.RpcbindFixtureCodecs;

namespace OncRpc.Tests.Xdr;

/// <summary>
/// Decodes the argument and result bodies of the recorded rpcbind 1.2.6 exchanges with codecs composed from the
/// XDR layer and requires byte-identical re-encoding. The RPC headers are skipped by hand with the reader.
/// </summary>
public sealed class RpcbindVectorTests
{
    private const uint Portmapper = 100000;

    private static readonly Lazy<Dictionary<string, Vector>> Vectors = new(Load);

    public static TheoryData<string> Rows()
    {
        var data = new TheoryData<string>();
        foreach (string key in Vectors.Value.Keys)
        {
            data.Add(key);
        }

        return data;
    }

    [Fact]
    public void The_vectors_file_covers_every_body_type()
    {
        Assert.True(Vectors.Value.Count >= 39, $"only {Vectors.Value.Count} vectors");
        string[] names = Vectors.Value.Keys.ToArray();
        foreach (string prefix in new[] { "pmap2_dump", "pmap2_getport", "rpcb3_getaddr", "rpcb3_dump", "rpcb3_uaddr2taddr", "rpcb3_taddr2uaddr", "rpcb4_getaddrlist", "rpcb4_getstat", "rpcb4_getversaddr" })
        {
            Assert.Contains(names, n => n.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Request_arguments_decode_and_reencode_byte_for_byte(string row)
    {
        Vector vector = Vectors.Value[row];
        byte[] message = Unframe(vector.Request, vector.Transport);
        var reader = new XdrReader(message);
        reader.ReadUInt32(); // xid
        Assert.Equal(0u, reader.ReadUInt32()); // CALL
        uint rpcVersion = reader.ReadUInt32();
        uint program = reader.ReadUInt32();
        uint version = reader.ReadUInt32();
        uint procedure = reader.ReadUInt32();
        SkipOpaqueAuth(ref reader);
        SkipOpaqueAuth(ref reader);
        Assert.True(rpcVersion is 2 or 3);

        Body body = Bodies(program, version, procedure);
        int start = reader.Position;
        if (row.StartsWith("err_garbage_args", StringComparison.Ordinal))
        {
            // The recorded call cuts the mapping short; the reader must say so without moving.
            try
            {
                body.Arguments(ref reader);
                Assert.Fail("truncated arguments decoded");
            }
            catch (XdrException ex)
            {
                Assert.Equal(XdrError.Truncated, ex.Error);
            }

            Assert.Equal(start, reader.Position);
            return;
        }

        byte[] reencoded = body.Arguments(ref reader);
        reader.ReadEnd();
        Assert.Equal(Convert.ToHexString(message.AsSpan(start)), Convert.ToHexString(reencoded));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Reply_results_decode_and_reencode_byte_for_byte(string row)
    {
        Vector vector = Vectors.Value[row];
        if (vector.Reply.Length == 0)
        {
            return; // the server dropped the datagram
        }

        byte[] request = Unframe(vector.Request, vector.Transport);
        var call = new XdrReader(request);
        call.Skip(12);
        Body body = Bodies(call.ReadUInt32(), call.ReadUInt32(), call.ReadUInt32());

        byte[] message = Unframe(vector.Reply, vector.Transport);
        var reader = new XdrReader(message);
        Assert.Equal(new XdrReader(request).ReadUInt32(), reader.ReadUInt32()); // xid
        Assert.Equal(1u, reader.ReadUInt32()); // REPLY
        Assert.Equal(0u, reader.ReadUInt32()); // MSG_ACCEPTED
        SkipOpaqueAuth(ref reader);
        uint acceptStatus = reader.ReadUInt32();

        int start = reader.Position;
        byte[] reencoded = acceptStatus switch
        {
            0 => body.Results(ref reader),
            2 => Reencode(ref reader, MismatchInfo),
            _ => [],
        };
        reader.ReadEnd();
        Assert.Equal(Convert.ToHexString(message.AsSpan(start)), Convert.ToHexString(reencoded));
    }

    [Fact]
    public void Dump_results_decode_to_the_expected_values()
    {
        byte[] message = Unframe(Vectors.Value["rpcb3_dump/tcp"].Reply, "tcp");
        var reader = new XdrReader(message);
        reader.Skip(24);
        IReadOnlyList<Rpcb> list = reader.Read(RpcbList);
        Assert.Equal(new Rpcb(100000, 4, "tcp6", "::.0.111", "superuser"), list[0]);
        Assert.Contains(list, e => e.NetId == "local" && e.Address == "/run/rpcbind.sock");
        Assert.Equal(RpcbList.GetEncodedSize(list), message.Length - 24);

        message = Unframe(Vectors.Value["pmap2_dump/udp"].Reply, "udp");
        reader = new XdrReader(message);
        reader.Skip(24);
        IReadOnlyList<Mapping> maps = reader.Read(PmapList);
        Assert.Equal(new Mapping(100000, 4, 6, 111), maps[0]);
        Assert.Equal(8, maps.Count);
    }

    [Fact]
    public void Getstat_results_decode_three_versions_of_statistics()
    {
        byte[] message = Unframe(Vectors.Value["rpcb4_getstat/tcp"].Reply, "tcp");
        var reader = new XdrReader(message);
        reader.Skip(24);
        RpcbStat[] stats = reader.Read(StatByVersion);
        reader.ReadEnd();
        Assert.Equal(3, stats.Length);
        Assert.Equal(13, stats[0].Info.Length);
        Assert.Contains(stats.SelectMany(s => s.Addresses), a => a.Program == 100003 && a.NetId == "tcp");
    }

    private static byte[] Reencode<T>(ref XdrReader reader, IXdrCodec<T> codec)
    {
        T value = reader.Read(codec);
        int size = codec.GetEncodedSize(value);
        byte[] bytes = XdrBytes.Encode(codec, value);
        Assert.Equal(size, bytes.Length);
        return bytes;
    }

    private delegate byte[] BodyReader(ref XdrReader reader);

    private sealed record Body(BodyReader Arguments, BodyReader Results);

    private static Body Of<TArgs, TResult>(IXdrCodec<TArgs> arguments, IXdrCodec<TResult> results) =>
        new((ref XdrReader r) => Reencode(ref r, arguments), (ref XdrReader r) => Reencode(ref r, results));

    private static Body Bodies(uint program, uint version, uint procedure)
    {
        if (procedure == 0 || program != Portmapper)
        {
            return Of(XdrCodec.Void, XdrCodec.Void);
        }

        return (version, procedure) switch
        {
            (2, 3) => Of(MappingCodec, XdrCodec.UInt32),
            (2, 4) => Of(XdrCodec.Void, PmapList),
            (3 or 4, 3) => Of(RpcbCodec, XdrCodec.String),
            (3 or 4, 4) => Of(XdrCodec.Void, RpcbList),
            (3 or 4, 6) => Of(XdrCodec.Void, XdrCodec.UInt32),
            (3 or 4, 7) => Of(XdrCodec.String, NetbufCodec),
            (3 or 4, 8) => Of(NetbufCodec, XdrCodec.String),
            (4, 9) => Of(RpcbCodec, XdrCodec.String),
            (4, 11) => Of(RpcbCodec, EntryList),
            (4, 12) => Of(XdrCodec.Void, StatByVersion),
            _ => Of(XdrCodec.Void, XdrCodec.Void),
        };
    }

    private static void SkipOpaqueAuth(ref XdrReader reader)
    {
        reader.ReadUInt32(); // flavor
        Assert.True(reader.ReadOpaque(400).Length <= 400);
    }

    private static byte[] Unframe(byte[] bytes, string transport)
    {
        if (transport != "tcp")
        {
            return bytes;
        }

        var reader = new XdrReader(bytes);
        uint mark = reader.ReadUInt32();
        Assert.True((mark & 0x8000_0000) != 0, "not the last fragment");
        Assert.Equal(bytes.Length - 4, (int)(mark & 0x7FFF_FFFF));
        return bytes[4..];
    }

    private static Dictionary<string, Vector> Load()
    {
        var vectors = new Dictionary<string, Vector>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(RepositoryPaths.VectorsFile).Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            string[] cols = line.Split('\t');
            vectors[cols[0] + "/" + cols[1]] = new Vector(cols[1], Convert.FromHexString(cols[2]), Convert.FromHexString(cols.Length > 3 ? cols[3] : string.Empty));
        }

        return vectors;
    }

    private sealed record Vector(string Transport, byte[] Request, byte[] Reply);
}
