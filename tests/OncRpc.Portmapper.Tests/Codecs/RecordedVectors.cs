using OncRpc.Testing;
using OncRpc.Xdr;

namespace OncRpc.Portmapper.Tests.Codecs;

/// <summary>The recorded rpcbind exchanges of ../shared/vectors, with the RPC headers taken apart.</summary>
internal sealed record RecordedVector(string Name, string Transport, byte[] Request, byte[] Reply)
{
    private static readonly Lazy<IReadOnlyList<RecordedVector>> AllVectors = new(Load);

    public static IReadOnlyList<RecordedVector> All => AllVectors.Value;

    public static RecordedVector Get(string name, string transport = "tcp") =>
        All.Single(v => v.Name == name && v.Transport == transport);

    /// <summary>The procedure arguments: the request without record mark and call header.</summary>
    public byte[] Arguments
    {
        get
        {
            var reader = new XdrReader(Strip(Request));
            reader.Skip(4 * 6); // xid, CALL, rpcvers, prog, vers, proc
            SkipAuth(ref reader);
            SkipAuth(ref reader);
            return reader.RemainingSpan.ToArray();
        }
    }

    public (uint Program, uint Version, uint Procedure) CallTarget
    {
        get
        {
            var reader = new XdrReader(Strip(Request));
            reader.Skip(12);
            return (reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());
        }
    }

    /// <summary>The results of an accepted, successful reply: the reply without record mark and reply header.</summary>
    public byte[] Results
    {
        get
        {
            var reader = new XdrReader(Strip(Reply));
            reader.Skip(4);
            if (reader.ReadUInt32() != 1 || reader.ReadUInt32() != 0)
            {
                throw new InvalidOperationException($"{Name} is not an accepted reply.");
            }

            SkipAuth(ref reader);
            if (reader.ReadUInt32() != 0)
            {
                throw new InvalidOperationException($"{Name} is not a successful reply.");
            }

            return reader.RemainingSpan.ToArray();
        }
    }

    private ReadOnlySpan<byte> Strip(byte[] message) => Transport == "tcp" ? message.AsSpan(4) : message;

    private static void SkipAuth(ref XdrReader reader)
    {
        reader.ReadUInt32();
        reader.ReadOpaque();
    }

    private static IReadOnlyList<RecordedVector> Load() =>
        File.ReadAllLines(RepositoryPaths.VectorsFile)
            .Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(f => new RecordedVector(f[0], f[1], Convert.FromHexString(f[2]), Convert.FromHexString(f.Length > 3 ? f[3] : string.Empty)))
            .ToList();
}
