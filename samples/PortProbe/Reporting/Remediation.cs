namespace PortProbe.Reporting;

/// <summary>What to do about an exposed port 111, as short steps an administrator can follow.</summary>
internal static class Remediation
{
    /// <summary>The steps for a verdict; empty when nothing is exposed.</summary>
    public static IReadOnlyList<string> For(Verdict verdict, int port) => verdict switch
    {
        Verdict.ExposedUdp or Verdict.ExposedTcpOnly => Steps(verdict, port),
        _ => [],
    };

    private static string[] Steps(Verdict verdict, int port)
    {
        var steps = new List<string>();
        if (verdict == Verdict.ExposedUdp)
        {
            steps.Add($"UDP {port} answers: the host is a reflection/amplification DDoS source; fix this first.");
        }

        steps.Add("If the host needs no RPC services (no NFSv3, no NIS): stop and disable rpcbind. On systemd distributions "
            + "rpcbind.socket starts it again on the next request, so stop and mask both units: "
            + "`systemctl stop rpcbind.service rpcbind.socket && systemctl mask rpcbind.service rpcbind.socket`.");
        steps.Add("Or remove the package: `apt-get purge rpcbind` (Debian, Ubuntu) or `dnf remove rpcbind` (Fedora, RHEL).");
        steps.Add($"If rpcbind must stay (NFSv3 server or client, NIS): firewall {port}/tcp and {port}/udp from untrusted networks, "
            + $"e.g. `nft add rule inet filter input udp dport {port} drop` and the same for tcp, allowing only trusted clients.");
        steps.Add("NFSv4-only servers do not need rpcbind: disable NFSv2/v3 (`vers3=n` under [nfsd] in /etc/nfs.conf) and then rpcbind.");
        steps.Add($"Re-check: `portprobe HOST` (or `rpcinfo -p HOST` and `nmap -sT -sU -p {port} HOST`) from outside the host's network.");
        return [.. steps];
    }
}
