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

    /// <summary>The steps for a host: the shares first when mountd lists exports, then the port-111 steps.</summary>
    public static IReadOnlyList<string> For(HostReport report, int port)
    {
        var steps = new List<string>();
        if (report.SharesToEveryone)
        {
            steps.Add("An export is open to everyone (`*` or no client list in /etc/exports): any host that reaches mountd can mount "
                + "it, which is worse than anything port 111 itself reveals. Name the clients on each line, e.g. `/srv/nfs 192.0.2.10(rw) 192.0.2.0/24(ro)`, then `exportfs -ra`.");
        }

        if (report.SharesExposed)
        {
            steps.Add("The export list is visible from outside (`showmount -e HOST`): restrict /etc/exports to the clients that need "
                + "each share, and firewall mountd like port 111: pin its port (`port=20048` under [mountd] in /etc/nfs.conf, "
                + "then `systemctl restart nfs-mountd`) and allow that port, 2049 and 111 only from the NFS clients.");
        }

        steps.AddRange(For(report.Verdict, port));
        return steps;
    }

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
