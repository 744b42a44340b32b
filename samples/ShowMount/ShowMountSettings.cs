namespace ShowMount;

/// <summary>
/// What the C showmount has built in (its timeouts, the rpcbind port, the netconfig file), and the bounds our
/// clone adds against a hostile mount daemon. Tests shorten the timeouts.
/// </summary>
internal sealed class ShowMountSettings
{
    /// <summary>The settings of the real tool.</summary>
    public static ShowMountSettings Default { get; } = new();

    /// <summary>The port rpcbind is asked on.</summary>
    public int RpcbindPort { get; init; } = 111;

    /// <summary>libtirpc's rpcbind lookup timeout (<c>tottimeout</c> in rpcb_clnt.c).</summary>
    public TimeSpan LookupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>showmount's TOTAL_TIMEOUT for the EXPORT or DUMP call.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a TCP connect may take (the kernel's default ends it after about two minutes).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>The netconfig database: which tcp and udp transports clnt_create tries, in order.</summary>
    public string NetconfigPath { get; init; } = "/etc/netconfig";

    /// <summary>
    /// The largest reply accepted. A mount daemon's export list of 10,000 paths of 100 bytes with two groups each
    /// is about 2 MiB; the C tool takes whatever comes, we stop here and report a reply that cannot be decoded.
    /// </summary>
    public int MaxReplySize { get; init; } = 8 * 1024 * 1024;

    /// <summary>The most entries in one list (exports, the groups of one export, mount entries).</summary>
    public int MaxListEntries { get; init; } = 65536;
}
