using PortProbe.Probing;

namespace PortProbe.Risk;

/// <summary>
/// The table of RPC programs that are known risks when exposed. The portmapper itself is not listed: it is what the
/// verdict is about.
/// </summary>
internal static class KnownRisks
{
    public static IReadOnlyList<KnownRisk> All { get; } =
    [
        new(100001, "rstatd", RiskLevel.Medium, "gives anyone the host's load, uptime, disk and network counters"),
        new(100002, "rusersd", RiskLevel.Medium, "lists logged-in user names: ready-made logins for password guessing"),
        new(100003, "nfs", RiskLevel.High, "file shares; NFSv3 with AUTH_SYS believes whatever uid the client claims"),
        new(100004, "ypserv", RiskLevel.High, "NIS server: anyone who guesses the domain name can fetch the password maps"),
        new(100005, "mountd", RiskLevel.High, "reveals the export list (showmount -e) and hands out NFS file handles"),
        new(100007, "ypbind", RiskLevel.High, "NIS client binding: can be pointed at a rogue NIS server (ypset)"),
        new(100008, "walld", RiskLevel.Medium, "lets anyone write messages to every logged-in user's terminal"),
        new(100009, "yppasswdd", RiskLevel.High, "changes NIS passwords over the network; remote overflows in the past"),
        new(100011, "rquotad", RiskLevel.Medium, "reveals users' disk quotas; remote overflows in the past"),
        new(100012, "sprayd", RiskLevel.Medium, "answers packet floods by design: a ready-made denial-of-service helper"),
        new(100017, "rexd", RiskLevel.High, "runs commands for anyone who claims a uid: remote code execution"),
        new(100020, "llockmgr", RiskLevel.Medium, "NFS lock manager: attack surface only NFSv3 needs"),
        new(100021, "nlockmgr", RiskLevel.Medium, "NFS lock manager: attack surface only NFSv3 needs"),
        new(100024, "status", RiskLevel.Medium, "rpc.statd, NFSv3 helper with a history of remote root exploits"),
        new(100026, "bootparam", RiskLevel.Medium, "tells anyone the boot and root servers of diskless clients"),
        new(100068, "cmsd", RiskLevel.High, "calendar manager with a history of remote root exploits"),
        new(100083, "ttdbserverd", RiskLevel.High, "ToolTalk database server with a history of remote root exploits"),
        new(100227, "nfs_acl", RiskLevel.Medium, "NFSv3 ACL side protocol: reveals and changes file ACLs"),
        new(100232, "sadmind", RiskLevel.High, "Solaris remote administration with a history of remote root exploits"),
        new(150001, "pcnfsd", RiskLevel.High, "PC-NFS authentication and printing: hands out credentials"),
        new(300019, "amd", RiskLevel.High, "automounter daemon with a history of remote root exploits"),
    ];

    private static readonly Dictionary<uint, KnownRisk> ByNumber = All.ToDictionary(r => r.Program);

    public static KnownRisk? Find(uint program) => ByNumber.GetValueOrDefault(program);

    /// <summary>The distinct known risks among the registrations, in program-number order.</summary>
    public static IReadOnlyList<KnownRisk> Among(IEnumerable<RegisteredProgram> programs) =>
        programs.Select(p => p.Program).Distinct().Order().Select(Find).OfType<KnownRisk>().ToArray();
}
