using System.Net;
using System.Net.Sockets;

namespace RpcInfo;

/// <summary>
/// Where rpcinfo finds rpcbind and how long it waits. The defaults are those of the C rpcinfo; tests point them
/// at scripted servers (a Unix socket in a temp directory, a loopback port) and shorten the waits.
/// </summary>
internal sealed class RpcInfoSettings
{
    /// <summary>The settings of the real tool.</summary>
    public static RpcInfoSettings Default { get; } = new();

    /// <summary>The port of rpcbind on a named host (rpcinfo asks getaddrinfo for the "rpcbind" service).</summary>
    public int RpcbindPort { get; init; } = 111;

    /// <summary>The Unix socket of the local rpcbind (libtirpc's <c>_PATH_RPCBINDSOCK</c>).</summary>
    public string LocalSocketPath { get; init; } = "/run/rpcbind.sock";

    /// <summary>The wait for a NULL procedure ping (rpcinfo: 10 seconds).</summary>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait for dumps, statistics and address lists (rpcinfo: 60 seconds).</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The wait for rpcbind's GETADDR (or the portmapper's GETPORT) when pinging by program number: libtirpc's
    /// total timeout of 60 seconds, which the C tool is seen to wait over udp6 when nothing answers.
    /// </summary>
    public TimeSpan LookupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait for a TCP or Unix connection to be accepted.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>How long a broadcast first waits for answers after sending (libtirpc: 4 seconds).</summary>
    public TimeSpan BroadcastInitialWait { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>The longest wait of a broadcast round; each round doubles the wait (libtirpc: 8 seconds, so two rounds).</summary>
    public TimeSpan BroadcastMaxWait { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// The most a broadcast may take in all. The C tool waits afresh after every answer, so a steady stream of
    /// answers keeps it running for ever; we stop here.
    /// </summary>
    public TimeSpan BroadcastTimeLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Where a broadcast goes for an address family instead of the broadcast addresses of the interfaces. Null in
    /// the real tool; tests aim it at scripted responders on loopback so that nothing is broadcast at all.
    /// </summary>
    public Func<AddressFamily, IReadOnlyList<IPEndPoint>>? BroadcastTargets { get; init; }

    /// <summary>The netconfig database rpcinfo reads to check netids.</summary>
    public string NetconfigPath { get; init; } = "/etc/netconfig";

    /// <summary>The RPC program names database.</summary>
    public string ProgramNamesPath { get; init; } = "/etc/rpc";

    /// <summary>
    /// The most versions one ping without a version walks through. The C tool pings every version between the
    /// bounds a server reports, which a hostile server can make four billion; we stop with an error instead.
    /// </summary>
    public uint MaxVersionsPerPing { get; init; } = 4096;

    /// <summary>The most bytes of one reply (dump lists, statistics); larger replies are an error.</summary>
    public int MaxReplySize { get; init; } = 1024 * 1024;

    /// <summary>The most entries a dump or address list may hold.</summary>
    public int MaxListEntries { get; init; } = 16384;
}
