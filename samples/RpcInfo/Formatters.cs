using System.Text;
using OncRpc.Portmapper;

namespace RpcInfo;

/// <summary>The tables rpcinfo prints, column for column as the C tool's printf formats lay them out.</summary>
internal static class Formatters
{
    internal const string NoPrograms = "No remote programs registered.\n";

    /// <summary>The no-option dump: "program version netid address service owner".</summary>
    public static void WriteRpcbindDump(TextWriter w, IReadOnlyList<RpcbindMapping> list, Func<uint, string?> name)
    {
        if (list.Count == 0)
        {
            w.Write(NoPrograms);
            return;
        }

        var sb = new StringBuilder();
        sb.Append("   program version netid     address                service    owner\n");
        foreach (RpcbindMapping m in list)
        {
            sb.Append(CText.Right(m.Program, 10)).Append(CText.Right(m.Version, 5)).Append("    ");
            sb.Append(CText.Left(CText.C(m.NetId), 9)).Append(' ');
            sb.Append(CText.Left(CText.C(m.Address), 22));
            sb.Append(' ').Append(CText.Left(name(m.Program) ?? "-", 10));
            sb.Append(' ').Append(CText.C(m.Owner)).Append('\n');
        }

        w.Write(sb.ToString());
    }

    /// <summary>-s: versions and netids merged per program, in the C tool's (prepending) order.</summary>
    public static void WriteRpcbindSummary(TextWriter w, IReadOnlyList<RpcbindMapping> list, Func<uint, string?> name)
    {
        if (list.Count == 0)
        {
            w.Write(NoPrograms);
            return;
        }

        var programs = new List<(uint Program, string Owner, List<int> Versions, List<string> NetIds)>();
        var index = new Dictionary<uint, int>();
        foreach (RpcbindMapping m in list)
        {
            if (!index.TryGetValue(m.Program, out int at))
            {
                at = programs.Count;
                index.Add(m.Program, at);
                programs.Add((m.Program, CText.C(m.Owner), new List<int>(), new List<string>()));
            }

            var p = programs[at];
            int version = unchecked((int)m.Version);
            if (!p.Versions.Contains(version))
            {
                p.Versions.Insert(0, version);
            }

            string netid = CText.C(m.NetId);
            if (!p.NetIds.Contains(netid, StringComparer.Ordinal))
            {
                p.NetIds.Insert(0, netid);
            }
        }

        var sb = new StringBuilder();
        sb.Append("   program version(s) netid(s)                         service     owner\n");
        foreach (var p in programs)
        {
            sb.Append(CText.Right(p.Program, 10)).Append("  ");
            string versions = string.Join(",", p.Versions.Select(v => CText.Num(v)));
            sb.Append(versions);
            int l = versions.Length;
            sb.Append(l < 10 ? new string(' ', 10 - l) : " ");
            sb.Append(CText.Left(JoinNetIds(p.NetIds), 32));
            sb.Append(' ').Append(CText.Left(name(p.Program) ?? "-", 11));
            sb.Append(' ').Append(p.Owner).Append('\n');
        }

        w.Write(sb.ToString());
    }

    /// <summary>The netid column of -s: joined with commas into a 256-byte buffer, as the C tool's strncat loop does.</summary>
    internal static string JoinNetIds(IReadOnlyList<string> netids)
    {
        var buf = new StringBuilder();
        int max = 255;
        for (int i = 0; i < netids.Count; i++)
        {
            string netid = netids[i];
            buf.Append(CText.Truncate(netid, max));
            int len = CText.Length(netid);
            if (len < max)
            {
                max -= len;
            }
            else
            {
                break;
            }

            if (i + 1 < netids.Count && max > 1)
            {
                buf.Append(',');
                max--;
            }
        }

        return buf.ToString();
    }

    /// <summary>-p: the portmapper version 2 table.</summary>
    public static void WritePortmapperDump(TextWriter w, IReadOnlyList<PortMapping> list, Func<uint, string?> name)
    {
        if (list.Count == 0)
        {
            w.Write(NoPrograms);
            return;
        }

        var sb = new StringBuilder();
        sb.Append("   program vers proto   port  service\n");
        foreach (PortMapping m in list)
        {
            sb.Append(CText.Right(m.Program, 10)).Append(CText.Right(m.Version, 5));
            sb.Append(m.Protocol switch
            {
                PortMapping.Udp => CText.Right("udp", 6),
                PortMapping.Tcp => CText.Right("tcp", 6),
                _ => CText.Right(m.Protocol, 6),
            });
            sb.Append(CText.Right(m.Port, 7));
            string? service = name(m.Program);
            sb.Append(service is null ? "\n" : "  " + service + "\n");
        }

        w.Write(sb.ToString());
    }

    /// <summary>
    /// The no-option dump from a portmapper that only speaks version 2: each mapping becomes a row with netid
    /// "tcp"/"udp" (or the protocol number, padded as "%6ld"), owner "unknown" and address 0.0.0.0.port.
    /// </summary>
    public static List<RpcbindMapping> FromPortmapper(IReadOnlyList<PortMapping> list)
    {
        var result = new List<RpcbindMapping>(list.Count);
        foreach (PortMapping m in list)
        {
            string netid = m.Protocol switch
            {
                PortMapping.Udp => "udp",
                PortMapping.Tcp => "tcp",
                _ => CText.Right(m.Protocol, 6),
            };
            uint port = m.Port;
            string address = "0.0.0.0." + CText.Num((port >> 8) & 0xff) + "." + CText.Num(port & 0xff);
            result.Add(new RpcbindMapping(m.Program, m.Version, netid, address, "unknown"));
        }

        return result;
    }

    /// <summary>-l: the GETADDRLIST table.</summary>
    public static void WriteAddressList(TextWriter w, uint program, uint version, IReadOnlyList<RpcbindEntry> list, Func<uint, string?> name)
    {
        if (list.Count == 0)
        {
            w.Write(NoPrograms);
            return;
        }

        var sb = new StringBuilder();
        sb.Append("   program vers  tp_family/name/class    address\t\t  service\n");
        string service = CText.Left(name(program) ?? "-", 13);
        foreach (RpcbindEntry e in list)
        {
            sb.Append(CText.Right(program, 10)).Append(CText.Right(version, 3)).Append("    ");
            string semantics = (uint)e.Semantics switch
            {
                1 => "clts",
                2 => "cots",
                _ => "cots_ord",
            };
            string cell = CText.Truncate(CText.C(e.ProtocolFamily) + "/" + CText.C(e.Protocol) + "/" + semantics + " ", 127);
            sb.Append(CText.Left(cell, 24));
            sb.Append(CText.Left(CText.C(e.Address), 24));
            sb.Append(' ').Append(service).Append('\n');
        }

        w.Write(sb.ToString());
    }
}
