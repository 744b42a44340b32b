using PortProbe.Probing;

namespace PortProbe.Reporting;

/// <summary>Counts over a whole scan, and the exit code they imply.</summary>
internal sealed record ScanSummary(int Hosts, int Exposed, int ExposedUdp, int ExposedTcpOnly, int NotExposed, int Errors, double? MaxAmplification, int SharesExposed = 0, int SharesToEveryone = 0)
{
    public const int ExitNothingExposed = 0;
    public const int ExitExposed = 1;
    public const int ExitError = 2;

    public static ScanSummary Of(IReadOnlyList<HostReport> reports)
    {
        double? max = null;
        foreach (HostReport r in reports)
        {
            if (r.Verdict == Verdict.ExposedUdp && r.Udp.Amplification is { } f && (max is null || f > max))
            {
                max = f;
            }
        }

        int udp = reports.Count(r => r.Verdict == Verdict.ExposedUdp);
        int tcp = reports.Count(r => r.Verdict == Verdict.ExposedTcpOnly);
        return new ScanSummary(reports.Count, udp + tcp, udp, tcp, reports.Count(r => r.Verdict == Verdict.NotExposed),
            reports.Count(r => r.Verdict == Verdict.Error), max, reports.Count(r => r.SharesExposed), reports.Count(r => r.SharesToEveryone));
    }

    /// <summary>
    /// 1 when anything is exposed (the finding a monitor must not miss), else 2 when some target could not be
    /// checked, else 0.
    /// </summary>
    public int ExitCode => Exposed > 0 || SharesExposed > 0 ? ExitExposed : Errors > 0 ? ExitError : ExitNothingExposed;

    public string Describe()
    {
        string text = $"{Hosts} address{(Hosts == 1 ? "" : "es")} probed: {Exposed} exposed";
        if (Exposed > 0)
        {
            text += $" ({ExposedUdp} over UDP, {ExposedTcpOnly} over TCP only)";
        }

        text += $", {NotExposed} not exposed";
        if (Errors > 0)
        {
            text += $", {Errors} not checked";
        }

        if (SharesExposed > 0)
        {
            text += $"; {SharesExposed} listing NFS exports ({SharesToEveryone} with an export open to everyone)";
        }

        if (MaxAmplification is { } f)
        {
            text += $"; largest amplification factor {Format.Factor(f)}";
        }

        return text + ".";
    }
}
