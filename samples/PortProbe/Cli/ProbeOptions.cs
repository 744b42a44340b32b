namespace PortProbe.Cli;

/// <summary>Everything the command line decides; immutable once parsed.</summary>
internal sealed class ProbeOptions
{
    public const int DefaultPort = 111;
    public const int DefaultConcurrency = 64;
    public const int DefaultMaxHosts = 65536;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    public IReadOnlyList<string> Targets { get; init; } = [];

    public IReadOnlyList<string> TargetFiles { get; init; } = [];

    public int Port { get; init; } = DefaultPort;

    /// <summary>The limit for each network step of one host (TCP connect, each RPC call, name lookup).</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>How many hosts are probed at the same time.</summary>
    public int Concurrency { get; init; } = DefaultConcurrency;

    /// <summary>The most addresses one scan may expand to (CIDR ranges and files together).</summary>
    public int MaxHosts { get; init; } = DefaultMaxHosts;

    public bool Json { get; init; }

    /// <summary>Whether the UDP side (answering, amplification) is probed at all.</summary>
    public bool Udp { get; init; } = true;

    public ColorMode Color { get; init; } = ColorMode.Auto;

    public ProgressMode Progress { get; init; } = ProgressMode.Auto;

    /// <summary>Restricts host names to one address family, or null for both.</summary>
    public System.Net.Sockets.AddressFamily? Family { get; init; }

    public bool ShowHelp { get; init; }

    public bool ShowVersion { get; init; }
}
