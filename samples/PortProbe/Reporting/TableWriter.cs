using System.Globalization;
using PortProbe.Probing;
using PortProbe.Risk;

namespace PortProbe.Reporting;

/// <summary>The human-readable report: one summary row per address, details for exposed ones, then what to do.</summary>
internal static class TableWriter
{
    public static void Write(TextWriter output, IReadOnlyList<HostReport> reports, int port, Palette palette, Func<uint, string?> programName)
    {
        string[] header = ["ADDRESS", $"TCP/{port}", $"UDP/{port}", "AMPLIFICATION", "PROGRAMS", "SHARES", "RPC-TLS", "VERDICT"];
        var rows = new List<(string[] Cells, string Colour)>();
        foreach (HostReport r in reports)
        {
            rows.Add(([
                r.Label,
                r.Tcp is null ? "-" : TcpText(r.Tcp.State),
                UdpText(r.Udp.State),
                r.Udp.Amplification is { } f ? Format.Factor(f) + "x" : "-",
                r.Listing is null ? "-" : r.Listing.Programs.Count.ToString(CultureInfo.InvariantCulture),
                r.Shares?.Listing is { } shares ? shares.Exports.Count.ToString(CultureInfo.InvariantCulture) : "-",
                TlsColumn(r.TlsResult),
                VerdictText(r),
            ], VerdictColour(r, palette)));
        }

        int[] widths = new int[header.Length];
        for (int c = 0; c < header.Length; c++)
        {
            widths[c] = Math.Max(header[c].Length, rows.Count == 0 ? 0 : rows.Max(row => row.Cells[c].Length));
        }

        output.WriteLine(palette.Bold + Row(header, widths).TrimEnd() + palette.Reset);
        foreach ((string[] cells, string colour) in rows)
        {
            string line = Row(cells[..^1], widths[..^1]);
            output.WriteLine(line + colour + cells[^1] + palette.Reset);
        }

        foreach (HostReport r in reports.Where(r => r.IsExposed || r.Verdict == Verdict.Error))
        {
            output.WriteLine();
            WriteDetails(output, r, palette, programName);
        }

        HostReport? worst = reports.FirstOrDefault(r => r.Verdict == Verdict.ExposedUdp) ?? reports.FirstOrDefault(r => r.IsExposed);
        if (worst is not null)
        {
            output.WriteLine();
            output.WriteLine(palette.Bold + "What to do on each exposed host:" + palette.Reset);
            HostReport steps = reports.FirstOrDefault(r => r.SharesToEveryone) ?? reports.FirstOrDefault(r => r.SharesExposed) ?? worst;
            foreach (string step in Remediation.For(steps with { Verdict = worst.Verdict }, port))
            {
                output.WriteLine("  - " + step);
            }
        }

        output.WriteLine();
        output.WriteLine(ScanSummary.Of(reports).Describe());
    }

    public static string VerdictText(HostReport r) => PortVerdictText(r) + SharesText(r);

    /// <summary>
    /// The shares part of the verdict: exports visible from outside leak the network shares; one open to everyone
    /// is high risk.
    /// </summary>
    public static string SharesText(HostReport r)
    {
        if (r.Shares?.Listing is not { Exports.Count: > 0 } shares)
        {
            return "";
        }

        string count = $"{shares.Exports.Count.ToString(CultureInfo.InvariantCulture)} export{(shares.Exports.Count == 1 ? "" : "s")}";
        return shares.ToEveryone > 0
            ? $"; shares leak: {count}, {shares.ToEveryone.ToString(CultureInfo.InvariantCulture)} open to everyone (high risk)"
            : $"; shares leak: {count} visible (information leak)";
    }

    private static string PortVerdictText(HostReport r) => r.Verdict switch
    {
        Verdict.ExposedUdp => r.Udp.Amplification is { } f
            ? $"exposed over UDP (reflection amplifier, factor {Format.Factor(f)})"
            : "exposed over UDP (reflection amplifier)",
        Verdict.ExposedTcpOnly => "exposed over TCP only",
        Verdict.NotExposed => "not exposed",
        _ => "not checked: " + r.Error,
    };

    /// <summary>The RPC-TLS column: which of portmapper and NFS answered STARTTLS, "none" when neither did, "-" when not asked.</summary>
    public static string TlsColumn(TlsInspection tls)
    {
        if (tls.Portmapper.State == TlsState.NotChecked && tls.Nfs.State == TlsState.NotChecked)
        {
            return "-";
        }

        var offered = new List<string>();
        if (tls.Portmapper.State == TlsState.StartTls)
        {
            offered.Add("portmapper");
        }

        if (tls.Nfs.State == TlsState.StartTls)
        {
            offered.Add("nfs");
        }

        return offered.Count == 0 ? "none" : string.Join("+", offered);
    }

    /// <summary>The word of a probe answer, the same in the table details and the JSON report.</summary>
    public static string TlsText(TlsState state) => state switch
    {
        TlsState.StartTls => "starttls",
        TlsState.Refused => "refused",
        TlsState.NoStartTls => "no-starttls",
        TlsState.Error => "error",
        _ => "not-checked",
    };

    public static string TcpText(TcpState state) => state switch
    {
        TcpState.Open => "open",
        TcpState.Closed => "closed",
        _ => "filtered",
    };

    public static string UdpText(UdpState state) => state switch
    {
        UdpState.Answering => "answering",
        UdpState.NoAnswer => "no answer",
        UdpState.Closed => "closed",
        _ => "not checked",
    };

    private static string VerdictColour(HostReport r, Palette p) => r.SharesToEveryone ? p.Red : r.Verdict switch
    {
        Verdict.ExposedUdp => p.Red,
        Verdict.ExposedTcpOnly => p.Yellow,
        Verdict.NotExposed => p.Green,
        _ => p.Magenta,
    };

    private static void WriteDetails(TextWriter output, HostReport r, Palette p, Func<uint, string?> programName)
    {
        output.WriteLine($"{p.Bold}{r.Label}{p.Reset}: {VerdictColour(r, p)}{VerdictText(r)}{p.Reset}");
        if (r.Tcp is { Detail: { } tcpDetail } && r.Tcp.State != TcpState.Open)
        {
            output.WriteLine($"  tcp: {tcpDetail}");
        }

        if (r.Udp.Probes.Count > 0)
        {
            output.WriteLine("  udp replies: " + string.Join(", ", r.Udp.Probes.Select(s =>
                $"{s.Procedure} v{s.Version.ToString(CultureInfo.InvariantCulture)} {s.RequestBytes.ToString(CultureInfo.InvariantCulture)} -> {s.ReplyBytes.ToString(CultureInfo.InvariantCulture)} bytes ({Format.Factor(s.Factor)}x)")));
        }

        if (r.ListingError is { } listingError)
        {
            output.WriteLine($"  programs: not listed ({listingError})");
        }

        if (r.Listing is { } listing)
        {
            output.WriteLine($"  programs (DUMP v{listing.DumpVersion.ToString(CultureInfo.InvariantCulture)} over {listing.Transport}):");
            string[] header = ["program", "vers", "proto", "port", "name", "risk"];
            var rows = new List<string[]>();
            foreach (RegisteredProgram prog in Sorted(listing.Programs))
            {
                KnownRisk? risk = KnownRisks.Find(prog.Program);
                rows.Add([
                    prog.Program.ToString(CultureInfo.InvariantCulture),
                    prog.Version.ToString(CultureInfo.InvariantCulture),
                    prog.Protocol,
                    prog.Port?.ToString(CultureInfo.InvariantCulture) ?? prog.Address,
                    programName(prog.Program) ?? risk?.Name ?? "-",
                    risk is null ? "" : risk.Level.ToString().ToLowerInvariant(),
                ]);
            }

            int[] widths = new int[header.Length - 1];
            for (int c = 0; c < widths.Length; c++)
            {
                widths[c] = Math.Max(header[c].Length, rows.Count == 0 ? 0 : rows.Max(row => row[c].Length));
            }

            output.WriteLine("    " + Row(header[..^1], widths) + header[^1]);
            foreach (string[] row in rows)
            {
                string colour = row[^1] == "high" ? p.Red : row[^1] == "medium" ? p.Yellow : "";
                output.WriteLine(("    " + Row(row[..^1], widths) + colour + row[^1] + (colour.Length > 0 ? p.Reset : "")).TrimEnd());
            }
        }

        WriteShares(output, r, p);
        if (r.TlsResult is { } tls && (tls.Portmapper.State != TlsState.NotChecked || tls.Nfs.State != TlsState.NotChecked))
        {
            output.WriteLine("  rpc-with-tls (AUTH_TLS probe): portmapper " + TlsDetail(tls.Portmapper) + "; nfs " + TlsDetail(tls.Nfs));
        }

        if (r.Risks.Count > 0)
        {
            output.WriteLine("  known risks:");
            foreach (KnownRisk risk in r.Risks)
            {
                string colour = risk.Level == RiskLevel.High ? p.Red : p.Yellow;
                output.WriteLine($"    {colour}{risk.Name}{p.Reset} ({risk.Program.ToString(CultureInfo.InvariantCulture)}): {risk.Why}");
            }
        }
    }

    private static void WriteShares(TextWriter output, HostReport r, Palette p)
    {
        if (r.Shares is not { } shares)
        {
            return;
        }

        if (shares.Listing is not { } listing)
        {
            output.WriteLine($"  shares: not listed ({shares.Error})");
            return;
        }

        output.WriteLine($"  shares (MOUNT v{listing.MountVersion.ToString(CultureInfo.InvariantCulture)} EXPORT over {listing.Transport}, port {listing.Port.ToString(CultureInfo.InvariantCulture)}):"
            + (listing.Exports.Count == 0 ? " none" : ""));
        if (listing.Exports.Count == 0)
        {
            return;
        }

        // showmount -e's words: the clients comma-separated, "(everyone)" for an empty list.
        string[] clients = listing.Exports.Select(e => e.Groups.Count == 0 ? "(everyone)" : string.Join(",", e.Groups)).ToArray();
        int width = Math.Max("export".Length, listing.Exports.Max(e => e.Directory.Length));
        int clientWidth = Math.Max("clients".Length, clients.Max(c => c.Length));
        output.WriteLine("    " + "export".PadRight(width) + "  " + "clients".PadRight(clientWidth) + "  risk");
        for (int i = 0; i < clients.Length; i++)
        {
            ExportedShare export = listing.Exports[i];
            string line = "    " + export.Directory.PadRight(width) + "  " + clients[i].PadRight(clientWidth);
            output.WriteLine(export.Everyone ? $"{line}  {p.Red}high: open to everyone{p.Reset}" : line.TrimEnd());
        }
    }

    private static string TlsDetail(TlsServiceCheck check)
    {
        string where = check.Port is { } port && check.Version is { } version
            ? $" (v{version.ToString(CultureInfo.InvariantCulture)} at port {port.ToString(CultureInfo.InvariantCulture)})"
            : "";
        return TlsText(check.State) + where + (check.Detail is { } detail ? ": " + detail : "");
    }

    /// <summary>Program, version, then transport order, so two scans of one host compare line by line.</summary>
    public static IEnumerable<RegisteredProgram> Sorted(IEnumerable<RegisteredProgram> programs) =>
        programs.OrderBy(p => p.Program).ThenBy(p => p.Version).ThenBy(p => p.Protocol, StringComparer.Ordinal).ThenBy(p => p.Address, StringComparer.Ordinal);

    private static string Row(string[] cells, int[] widths)
    {
        var sb = new System.Text.StringBuilder();
        for (int c = 0; c < cells.Length; c++)
        {
            sb.Append(cells[c].PadRight(widths[c])).Append("  ");
        }

        return sb.ToString();
    }
}
