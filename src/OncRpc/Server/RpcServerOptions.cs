using System.Diagnostics.Metrics;
using OncRpc.Framing;
using OncRpc.Messages;
using OncRpc.Xdr;

namespace OncRpc.Server;

/// <summary>Limits, clock and hooks of an <see cref="RpcServer"/>. The defaults are safe for a server reachable by untrusted peers.</summary>
public sealed class RpcServerOptions
{
    /// <summary>The default of <see cref="MaxRecordSize"/>: 1 MiB.</summary>
    public const int DefaultMaxRecordSize = 1024 * 1024;

    private readonly int _maxConnections = 1024;
    private readonly int _maxRecordSize = DefaultMaxRecordSize;
    private readonly int _maxOutstandingCalls = 64;
    private readonly int _maxPendingReplyBytes = 4 * 1024 * 1024;
    private readonly long _maxTotalPendingReplyBytes = 16 * 1024 * 1024;
    private readonly double _maxConnectionShare = 0.5;
    private readonly ConnectionLimitPolicy _connectionLimitPolicy = ConnectionLimitPolicy.EvictIdlest;
    private readonly TimeSpan _idleTimeout = TimeSpan.FromMinutes(2);
    private readonly TimeSpan _handlerTimeout = TimeSpan.FromSeconds(60);
    private readonly TimeSpan _disposeTimeout = TimeSpan.FromSeconds(10);
    private readonly TimeProvider? _timeProvider;

    /// <summary>Gets the options used when none are given.</summary>
    public static RpcServerOptions Default { get; } = new();

    /// <summary>
    /// Gets the number of stream connections (TCP and Unix sockets together) open at once. A connection accepted
    /// beyond it makes room by closing an idle one, or is refused, as <see cref="ConnectionLimitPolicy"/> says. Default 1024.
    /// </summary>
    public int MaxConnections
    {
        get => _maxConnections;
        init => _maxConnections = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one connection must be allowed.");
    }

    /// <summary>
    /// Gets the largest fraction of <see cref="MaxConnections"/> that one peer may hold (at least one connection),
    /// so that one host cannot take every slot from the others. A TCP peer is its IP address (all its ports
    /// together); a Unix socket peer is its user id. At its share, a peer's new connection replaces that peer's own
    /// longest-idle connection under <see cref="ConnectionLimitPolicy.EvictIdlest"/> (many clients may share one
    /// address behind NAT or on loopback), and is refused only when all of that peer's connections are busy.
    /// 1 turns the per-peer limit off. Default 0.5.
    /// </summary>
    public double MaxConnectionShare
    {
        get => _maxConnectionShare;
        init => _maxConnectionShare = value > 0 && value <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The share must be above 0 and at most 1.");
    }

    /// <summary>
    /// Gets what happens to a new stream connection when <see cref="MaxConnections"/> are open or its peer holds its
    /// <see cref="MaxConnectionShare"/>: the idlest connection is closed to make room (the default,
    /// <see cref="ConnectionLimitPolicy.EvictIdlest"/>), or the newcomer is refused. The remarks of
    /// <see cref="OncRpc.Server.ConnectionLimitPolicy"/> define busy and idle.
    /// </summary>
    public ConnectionLimitPolicy ConnectionLimitPolicy
    {
        get => _connectionLimitPolicy;
        init => _connectionLimitPolicy = value is ConnectionLimitPolicy.EvictIdlest or ConnectionLimitPolicy.RefuseNew
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown connection limit policy.");
    }

    /// <summary>
    /// Gets the largest call a stream peer may send, in bytes summed over its fragments. A record mark announcing
    /// more closes the connection before anything is buffered. Default <see cref="DefaultMaxRecordSize"/>.
    /// Datagrams are bounded by <see cref="RpcDatagram.MaxMessageSize"/>.
    /// </summary>
    public int MaxRecordSize
    {
        get => _maxRecordSize;
        init => _maxRecordSize = value >= 64 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A record must hold at least a call header (64 bytes).");
    }

    /// <summary>Gets the maximum number of fragments in one record. Default <see cref="RecordMarkingOptions.DefaultMaxFragmentCount"/>.</summary>
    public int MaxFragmentCount { get; init; } = RecordMarkingOptions.DefaultMaxFragmentCount;

    /// <summary>
    /// Gets the number of calls of one connection (or one datagram socket) whose handlers may run at once. When it
    /// is reached the server stops reading from that connection until a call completes, so a client that pipelines
    /// heavily slows down instead of being dropped. Default 64.
    /// </summary>
    public int MaxOutstandingCallsPerConnection
    {
        get => _maxOutstandingCalls;
        init => _maxOutstandingCalls = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one call must be allowed.");
    }

    /// <summary>
    /// Gets the number of reply bytes a connection may have waiting to be sent (a peer that does not read its
    /// replies) before the server stops reading calls from it. Default 4 MiB.
    /// </summary>
    public int MaxPendingReplyBytes
    {
        get => _maxPendingReplyBytes;
        init => _maxPendingReplyBytes = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The limit must be positive.");
    }

    /// <summary>
    /// Gets the number of reply bytes all stream connections together may have waiting to be sent. Beyond it, each
    /// connection holding more than an even share of it (this budget divided by the connections open) stops being
    /// read until its peer takes its replies, so peers that do not read cannot make the server buffer without bound
    /// while the others go on being served. Default 16 MiB.
    /// </summary>
    public long MaxTotalPendingReplyBytes
    {
        get => _maxTotalPendingReplyBytes;
        init => _maxTotalPendingReplyBytes = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The limit must be positive.");
    }

    /// <summary>
    /// Gets how long a stream connection with no call in progress may stay silent before the server closes it, or
    /// <see cref="Timeout.InfiniteTimeSpan"/> to keep idle connections open. Default 2 minutes.
    /// </summary>
    public TimeSpan IdleTimeout
    {
        get => _idleTimeout;
        init => _idleTimeout = CheckTimeout(value);
    }

    /// <summary>
    /// Gets how long an asynchronous handler may run. When it expires the handler's cancellation token is cancelled
    /// and the call is answered with SYSTEM_ERR at once; the call keeps its slot in
    /// <see cref="MaxOutstandingCallsPerConnection"/> until the handler really returns.
    /// <see cref="Timeout.InfiniteTimeSpan"/> disables the limit. Default 60 seconds.
    /// </summary>
    public TimeSpan HandlerTimeout
    {
        get => _handlerTimeout;
        init => _handlerTimeout = CheckTimeout(value);
    }

    /// <summary>Gets how long <see cref="RpcServer.DisposeAsync"/> lets in-flight calls finish before it cancels them. Default 10 seconds.</summary>
    public TimeSpan DisposeTimeout
    {
        get => _disposeTimeout;
        init => _disposeTimeout = CheckTimeout(value);
    }

    /// <summary>Gets the limits applied when decoding arguments (string, opaque and array lengths). Default <see cref="XdrReaderOptions.Default"/>.</summary>
    public XdrReaderOptions? ReaderOptions { get; init; }

    /// <summary>Gets the source of time for idle and handler timeouts. Default <see cref="System.TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider ?? TimeProvider.System;
        init => _timeProvider = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Gets a hook that sees every call's credential and verifier before its program is looked up. Returning
    /// anything but <see cref="AuthStatus.Ok"/> answers the call with AUTH_ERROR and that status; a hook that throws
    /// counts as <see cref="AuthStatus.Failed"/>. Without a hook every flavor is accepted.
    /// </summary>
    public Func<RpcCallContext, AuthStatus>? Authenticate { get; init; }

    /// <summary>
    /// Gets a callback that receives every <see cref="RpcServerEvent"/> except <see cref="RpcServerEventKind.CallCompleted"/>
    /// and <see cref="RpcServerEventKind.Throttled"/> (which happen on every call or every read of a busy pipelining
    /// client, and are only counted). It runs synchronously and must not block; exceptions it throws are ignored.
    /// </summary>
    public Action<RpcServerEvent>? OnEvent { get; init; }

    /// <summary>Gets the connections one peer may hold: <see cref="MaxConnectionShare"/> of <see cref="MaxConnections"/>, at least one.</summary>
    internal int MaxConnectionsPerPeer => Math.Max(1, (int)(MaxConnections * MaxConnectionShare));

    /// <summary>
    /// Gets the factory of the <see cref="Meter"/> the server records its metrics on (named
    /// <see cref="Diagnostics.RpcTelemetry.MeterName"/>), for hosts that give each container its own meters;
    /// <see langword="null"/> (the default) records on a meter shared by the process.
    /// </summary>
    public IMeterFactory? MeterFactory { get; init; }

    internal RecordMarkingOptions CreateRecordMarkingOptions() =>
        new() { MaxRecordSize = MaxRecordSize, MaxFragmentCount = MaxFragmentCount };

    private static TimeSpan CheckTimeout(TimeSpan value) =>
        value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "A timeout must be positive or Timeout.InfiniteTimeSpan.");
}
