using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using OncRpc.Messages;
using OncRpc.Xdr;

namespace OncRpc.Fuzz;

/// <summary>One recorded exchange of ../shared/vectors: the bytes as they were on the wire.</summary>
internal sealed record RecordedExchange(string Name, string Transport, byte[] WireRequest, byte[] WireReply)
{
    /// <summary>The call message without a TCP record mark.</summary>
    public byte[] Request => Unframe(WireRequest);

    /// <summary>The reply message without a TCP record mark (empty when the server sent nothing).</summary>
    public byte[] Reply => Unframe(WireReply);

    /// <summary>The procedure's arguments: the call without its header.</summary>
    public byte[] Arguments => AfterHeader(Request, call: true);

    /// <summary>The procedure's results: the reply without its header (empty for refusals).</summary>
    public byte[] Results => AfterHeader(Reply, call: false);

    public (uint Program, uint Version, uint Procedure) Call =>
        Request.Length < 24
            ? default
            : (BinaryPrimitives.ReadUInt32BigEndian(Request.AsSpan(12)), BinaryPrimitives.ReadUInt32BigEndian(Request.AsSpan(16)), BinaryPrimitives.ReadUInt32BigEndian(Request.AsSpan(20)));

    private byte[] Unframe(byte[] bytes) => Transport == "tcp" && bytes.Length >= 4 ? bytes[4..] : bytes;

    private static byte[] AfterHeader(byte[] message, bool call)
    {
        if (message.Length == 0)
        {
            return [];
        }

        var reader = new XdrReader(message);
        try
        {
            if (call)
            {
                RpcMessage.ReadCall(ref reader);
            }
            else
            {
                RpcMessage.ReadReply(ref reader);
            }

            return reader.RemainingSpan.ToArray();
        }
        catch (Exception ex) when (ex is XdrException or RpcException)
        {
            return [];
        }
    }
}

/// <summary>Where seeds come from: the recorded rpcbind traffic, hex test vectors in tests/, and .x files.</summary>
internal sealed class SeedSources
{
    public IReadOnlyList<RecordedExchange> Exchanges { get; private init; } = [];

    /// <summary>Hex literals of 8 bytes or more found in the test sources (most are XDR or RPC messages).</summary>
    public IReadOnlyList<byte[]> TestBlobs { get; private init; } = [];

    /// <summary>The text of each .x file found.</summary>
    public IReadOnlyList<string> XFiles { get; private init; } = [];

    public static SeedSources Load(string? vectorsFile, string? testsDirectory, string? xDirectory) => new()
    {
        Exchanges = vectorsFile is not null && File.Exists(vectorsFile) ? ReadVectors(vectorsFile) : [],
        TestBlobs = testsDirectory is not null && Directory.Exists(testsDirectory) ? ReadHexLiterals(testsDirectory) : [],
        XFiles = xDirectory is not null && Directory.Exists(xDirectory)
            ? Directory.GetFiles(xDirectory, "*.x").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray()
            : [],
    };

    private static List<RecordedExchange> ReadVectors(string path)
    {
        var rows = new List<RecordedExchange>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            string[] cols = line.Split('\t');
            if (cols.Length < 3)
            {
                continue;
            }

            rows.Add(new RecordedExchange(cols[0], cols[1], Convert.FromHexString(cols[2]), cols.Length > 3 ? Convert.FromHexString(cols[3]) : []));
        }

        return rows;
    }

    private static List<byte[]> ReadHexLiterals(string directory)
    {
        var blobs = new List<byte[]>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (file.Contains("/bin/", StringComparison.Ordinal) || file.Contains("/obj/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match m in HexLiteral().Matches(File.ReadAllText(file)))
            {
                string hex = m.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToLower(CultureInfo.InvariantCulture);
                if (hex.Length % 2 == 0 && seen.Add(hex))
                {
                    blobs.Add(Convert.FromHexString(hex));
                }
            }
        }

        return blobs;
    }

    // A plain Regex: the fuzz project, like the library, stays free of source generators.
    private static readonly Regex HexLiteralPattern = new("\"((?:[0-9A-Fa-f]{2} ?){8,})\"", RegexOptions.CultureInvariant);

    private static Regex HexLiteral() => HexLiteralPattern;
}
