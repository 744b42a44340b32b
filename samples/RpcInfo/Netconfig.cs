namespace RpcInfo;

/// <summary>
/// The netconfig database (<c>/etc/netconfig</c>) as rpcinfo consults it: which netids exist, in which order the
/// visible ones are tried, and each one's family and protocol. Falls back to Debian's default file.
/// </summary>
internal sealed class Netconfig
{
    internal const string DebianDefault =
        "udp        tpi_clts      v     inet     udp     -       -\n" +
        "tcp        tpi_cots_ord  v     inet     tcp     -       -\n" +
        "udp6       tpi_clts      v     inet6    udp     -       -\n" +
        "tcp6       tpi_cots_ord  v     inet6    tcp     -       -\n" +
        "rawip      tpi_raw       -     inet      -      -       -\n" +
        "local      tpi_cots_ord  -     loopback  -      -       -\n" +
        "unix       tpi_cots_ord  -     loopback  -      -       -\n";

    // A real netconfig file is a few hundred bytes; anything past this is ignored.
    private const int MaxFileBytes = 64 * 1024;

    private Netconfig(IReadOnlyList<NetconfigEntry> entries)
    {
        Entries = entries;
    }

    public IReadOnlyList<NetconfigEntry> Entries { get; }

    public static Netconfig Load(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var buffer = new byte[MaxFileBytes];
            int total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            return Parse(System.Text.Encoding.Latin1.GetString(buffer, 0, total));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Parse(DebianDefault);
        }
    }

    public static Netconfig Parse(string text)
    {
        var entries = new List<NetconfigEntry>();
        foreach (string rawLine in text.Split('\n'))
        {
            string line = rawLine.TrimStart();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 5)
            {
                continue;
            }

            NetconfigSemantics semantics = f[1] switch
            {
                "tpi_clts" => NetconfigSemantics.Clts,
                "tpi_cots" => NetconfigSemantics.Cots,
                "tpi_cots_ord" => NetconfigSemantics.CotsOrd,
                "tpi_raw" => NetconfigSemantics.Raw,
                _ => NetconfigSemantics.Unknown,
            };
            if (semantics == NetconfigSemantics.Unknown)
            {
                continue;
            }

            entries.Add(new NetconfigEntry(f[0], semantics, f[2].Contains('v', StringComparison.Ordinal), f[3], f[4]));
        }

        return new Netconfig(entries);
    }

    /// <summary><c>getnetconfigent</c>: the entry of a netid, or null.</summary>
    public NetconfigEntry? Find(string netid)
    {
        foreach (NetconfigEntry e in Entries)
        {
            if (e.NetId == netid)
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>The visible entries of a protocol ("tcp" or "udp"), in file order, as <c>ip_getclient</c> walks them.</summary>
    public IEnumerable<NetconfigEntry> ByProtocol(string protocol) =>
        Entries.Where(e => e.Protocol == protocol);

    /// <summary>
    /// The transports <c>clnt_rpcbind_create</c> tries in turn: the visible connection-oriented ones ("circuit_n",
    /// then again "circuit_v"), then the visible datagram ones ("datagram_v").
    /// </summary>
    public IEnumerable<NetconfigEntry> RpcbindCandidates()
    {
        var circuits = Entries.Where(e => e.Visible && e.Semantics is NetconfigSemantics.Cots or NetconfigSemantics.CotsOrd).ToList();
        return circuits.Concat(circuits).Concat(Entries.Where(e => e.Visible && e.Semantics == NetconfigSemantics.Clts));
    }
}

internal enum NetconfigSemantics
{
    Unknown = 0,
    Clts = 1,
    Cots = 2,
    CotsOrd = 3,
    Raw = 4,
}

/// <summary>One line of the netconfig database.</summary>
internal sealed record NetconfigEntry(string NetId, NetconfigSemantics Semantics, bool Visible, string Family, string Protocol)
{
    public bool IsInet => Family == "inet";

    public bool IsInet6 => Family == "inet6";

    public bool IsLoopback => Family == "loopback";

    public bool IsStream => Semantics is NetconfigSemantics.Cots or NetconfigSemantics.CotsOrd;

    public bool IsDatagram => Semantics == NetconfigSemantics.Clts;
}
