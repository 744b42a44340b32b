using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OncRpc.Portmapper;

/// <summary>
/// Maps RPC program numbers to names and back, the way <c>getrpcbynumber</c> and <c>rpcinfo</c> do: from
/// <c>/etc/rpc</c> when it exists, otherwise from a built-in table of the well-known programs.
/// </summary>
/// <remarks>
/// The file format is one program per line, <c>name number alias...</c>, with <c>#</c> starting a comment.
/// Lines that do not fit (a missing or non-numeric number, binary junk) are skipped. When a number appears twice,
/// the first line wins, as with the C library. Instances are immutable and thread-safe.
/// </remarks>
public sealed class RpcProgramNames
{
    /// <summary>The path of the system's program name database: <c>/etc/rpc</c>.</summary>
    public const string SystemPath = "/etc/rpc";

    // Reading stops here: a real /etc/rpc is a few kilobytes, and a huge or endless file must not exhaust memory.
    private const int MaxFileBytes = 1024 * 1024;

    private static readonly Lazy<RpcProgramNames> DefaultNames = new(() => LoadOrBuiltIn(SystemPath));
    private static readonly Lazy<RpcProgramNames> BuiltInNames = new(() => Parse(BuiltInTable, isBuiltIn: true));

    private readonly Dictionary<uint, RpcProgramEntry> _byNumber = new();
    private readonly Dictionary<string, RpcProgramEntry> _byName = new(StringComparer.Ordinal);

    private RpcProgramNames(IReadOnlyList<RpcProgramEntry> entries, bool isBuiltIn)
    {
        Entries = entries;
        IsBuiltIn = isBuiltIn;
        foreach (RpcProgramEntry entry in entries)
        {
            if (!_byNumber.ContainsKey(entry.Number))
            {
                _byNumber.Add(entry.Number, entry);
            }

            if (!_byName.ContainsKey(entry.Name))
            {
                _byName.Add(entry.Name, entry);
            }

            foreach (string alias in entry.Aliases)
            {
                if (!_byName.ContainsKey(alias))
                {
                    _byName.Add(alias, entry);
                }
            }
        }
    }

    /// <summary>Gets the names of this system: <c>/etc/rpc</c> read once on first use, or the built-in table when it is missing or unreadable.</summary>
    public static RpcProgramNames Default => DefaultNames.Value;

    /// <summary>Gets the built-in table of well-known programs (portmapper, nfs, mountd, nlockmgr, status, ypserv, ypbind, rquotad and others).</summary>
    public static RpcProgramNames BuiltIn => BuiltInNames.Value;

    /// <summary>Gets the entries in file order, duplicates included.</summary>
    public IReadOnlyList<RpcProgramEntry> Entries { get; }

    /// <summary>Gets a value indicating whether these names come from the built-in table rather than a file.</summary>
    public bool IsBuiltIn { get; }

    /// <summary>Reads a program name database from <paramref name="path"/>, or returns <see cref="BuiltIn"/> when the file does not exist or cannot be read.</summary>
    /// <param name="path">The path of a file in <c>/etc/rpc</c> format.</param>
    /// <returns>The names.</returns>
    public static RpcProgramNames LoadOrBuiltIn(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

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

            // Latin-1 maps every byte to a character, so junk bytes can never make decoding fail.
            string text = System.Text.Encoding.GetEncoding("ISO-8859-1").GetString(buffer, 0, total);
            return Parse(text, isBuiltIn: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            return BuiltIn;
        }
    }

    /// <summary>Parses text in <c>/etc/rpc</c> format.</summary>
    /// <param name="text">The contents of the file.</param>
    /// <returns>The names.</returns>
    public static RpcProgramNames Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return Parse(text, isBuiltIn: false);
    }

    /// <summary>Gets the name of a program.</summary>
    /// <param name="program">The program number.</param>
    /// <param name="name">When this method returns <see langword="true"/>, the official name.</param>
    /// <returns><see langword="true"/> when the program has a name.</returns>
    public bool TryGetName(uint program, [NotNullWhen(true)] out string? name)
    {
        if (_byNumber.TryGetValue(program, out RpcProgramEntry? entry))
        {
            name = entry.Name;
            return true;
        }

        name = null;
        return false;
    }

    /// <summary>Gets the name of a program, or <see langword="null"/> when it has none.</summary>
    /// <param name="program">The program number.</param>
    /// <returns>The official name or <see langword="null"/>.</returns>
    public string? GetName(uint program) => _byNumber.TryGetValue(program, out RpcProgramEntry? entry) ? entry.Name : null;

    /// <summary>Gets the entry of a program, or <see langword="null"/> when it has none.</summary>
    /// <param name="program">The program number.</param>
    /// <returns>The first entry with that number, or <see langword="null"/>.</returns>
    public RpcProgramEntry? Find(uint program) => _byNumber.TryGetValue(program, out RpcProgramEntry? entry) ? entry : null;

    /// <summary>Gets the number of a program from its name or an alias, or a decimal number, as <c>rpcinfo</c> accepts them.</summary>
    /// <param name="nameOrNumber">A name, an alias, or a decimal program number.</param>
    /// <param name="program">When this method returns <see langword="true"/>, the program number.</param>
    /// <returns><see langword="true"/> when the name is known or the text is a number.</returns>
    public bool TryGetProgram(string? nameOrNumber, out uint program)
    {
        program = 0;
        if (string.IsNullOrEmpty(nameOrNumber))
        {
            return false;
        }

        if (uint.TryParse(nameOrNumber, NumberStyles.None, CultureInfo.InvariantCulture, out program))
        {
            return true;
        }

        if (_byName.TryGetValue(nameOrNumber!, out RpcProgramEntry? entry))
        {
            program = entry.Number;
            return true;
        }

        return false;
    }

    private static RpcProgramNames Parse(string text, bool isBuiltIn)
    {
        var entries = new List<RpcProgramEntry>();
        var fields = new List<string>();
        int lineStart = 0;
        while (lineStart < text.Length)
        {
            int lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            int hash = text.IndexOf('#', lineStart, lineEnd - lineStart);
            int contentEnd = hash >= 0 ? hash : lineEnd;
            Split(text, lineStart, contentEnd, fields);
            if (fields.Count >= 2 &&
                uint.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint number) &&
                IsName(fields[0]))
            {
                var aliases = new List<string>(fields.Count - 2);
                for (int i = 2; i < fields.Count; i++)
                {
                    if (IsName(fields[i]))
                    {
                        aliases.Add(fields[i]);
                    }
                }

                entries.Add(new RpcProgramEntry(fields[0], number, aliases));
            }

            lineStart = lineEnd + 1;
        }

        return new RpcProgramNames(entries, isBuiltIn);
    }

    private static void Split(string text, int start, int end, List<string> fields)
    {
        fields.Clear();
        int i = start;
        while (i < end)
        {
            while (i < end && IsSpace(text[i]))
            {
                i++;
            }

            int fieldStart = i;
            while (i < end && !IsSpace(text[i]))
            {
                i++;
            }

            if (i > fieldStart)
            {
                fields.Add(text.Substring(fieldStart, i - fieldStart));
            }
        }
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\v' or '\f';

    private static bool IsName(string field)
    {
        // Names are printable; control characters and NULs mark a damaged line.
        foreach (char c in field)
        {
            if (c < '!' || c == '\u007F')
            {
                return false;
            }
        }

        return field.Length <= 255;
    }

    private const string BuiltInTable = """
        portmapper      100000  portmap sunrpc rpcbind
        rstatd          100001  rstat rstat_svc rup perfmeter
        rusersd         100002  rusers
        nfs             100003  nfsprog
        ypserv          100004  ypprog
        mountd          100005  mount showmount
        ypbind          100007
        walld           100008  rwall shutdown
        yppasswdd       100009  yppasswd
        etherstatd      100010  etherstat
        rquotad         100011  rquotaprog quota rquota
        sprayd          100012  spray
        3270_mapper     100013
        rje_mapper      100014
        selection_svc   100015  selnsvc
        database_svc    100016
        rexd            100017  rex
        alis            100018
        sched           100019
        llockmgr        100020
        nlockmgr        100021
        x25.inr         100022
        statmon         100023
        status          100024
        bootparam       100026
        ypupdated       100028  ypupdate
        keyserv         100029  keyserver
        tfsd            100037
        nsed            100038
        nsemntd         100039
        ypxfrd          100069
        nfs_acl         100227
        pcnfsd          150001
        amd             300019  amq
        sgi_fam         391002
        ugidd           545580417
        fypxfrd         600100069 freebsd-ypxfrd
        bwnfsd          788585389
        """;
}
