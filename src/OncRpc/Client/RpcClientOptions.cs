using System.Diagnostics.Metrics;
using System.Net;
using OncRpc.Framing;
using OncRpc.Messages;
using OncRpc.Xdr;

namespace OncRpc.Client;

/// <summary>
/// Settings of an <see cref="RpcClient"/>: timeouts, retransmission, limits on what a server may send, and the
/// default credentials. The defaults are safe against untrusted servers.
/// </summary>
/// <remarks>An instance can be shared by many clients; it is read when a client connects.</remarks>
public sealed class RpcClientOptions
{
    private TimeSpan _connectTimeout = TimeSpan.FromSeconds(10);
    private TimeSpan _timeout = TimeSpan.FromSeconds(25);
    private TimeSpan _retransmitInterval = TimeSpan.FromSeconds(1);
    private int _maxReplySize = 4 * 1024 * 1024;
    private int _maxOutstandingCalls = 1024;
    private RpcAuth? _auth;
    private TimeProvider? _timeProvider;
    private RpcClientIoMode _ioMode;

    /// <summary>Gets the default options.</summary>
    public static RpcClientOptions Default { get; } = new();

    /// <summary>
    /// Gets the time <see cref="RpcClient.ConnectAsync"/> may take to establish a connection. Default 10 seconds;
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits without limit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative and not infinite.</exception>
    public TimeSpan ConnectTimeout
    {
        get => _connectTimeout;
        init => _connectTimeout = CheckTimeout(value, nameof(ConnectTimeout));
    }

    /// <summary>
    /// Gets the time a call may take from start to reply, unless <see cref="RpcCallOptions.Timeout"/> says
    /// otherwise. Default 25 seconds, as in libtirpc; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits without limit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative and not infinite.</exception>
    public TimeSpan Timeout
    {
        get => _timeout;
        init => _timeout = CheckTimeout(value, nameof(Timeout));
    }

    /// <summary>
    /// Gets a value indicating whether UDP calls fail as soon as the server's host reports that nothing listens
    /// there (an ICMP port unreachable, and similar ICMP errors): <c>RPC: Unable to receive; errno = Connection
    /// refused</c>. When <see langword="false"/> such reports are ignored and the calls are retransmitted until they
    /// time out, as libtirpc does on IPv6 (where it does not ask for ICMP errors); that waits for a service that
    /// is about to start, at the cost of learning late about one that is not there. Default <see langword="true"/>.
    /// </summary>
    public bool FailOnIcmpErrors { get; init; } = true;

    /// <summary>
    /// Gets the time after which a UDP call is sent again when no reply has arrived. Each further retransmission
    /// waits twice as long as the one before, until the call's timeout. Default 1 second.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, negative or infinite.</exception>
    public TimeSpan RetransmitInterval
    {
        get => _retransmitInterval;
        init => _retransmitInterval = value > TimeSpan.Zero && value != System.Threading.Timeout.InfiniteTimeSpan
            ? value
            : throw new ArgumentOutOfRangeException(nameof(RetransmitInterval), value, "The retransmission interval must be positive and finite.");
    }

    /// <summary>
    /// Gets the largest reply, in bytes without record marking, that the client accepts. A stream peer that
    /// announces a larger record is disconnected before anything is buffered; over UDP the limit is at most
    /// 65,507 bytes. Default 4 MiB.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 24 bytes, the smallest reply.</exception>
    public int MaxReplySize
    {
        get => _maxReplySize;
        init => _maxReplySize = value >= 24
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxReplySize), value, "The limit must allow at least the 24 bytes of an empty reply.");
    }

    /// <summary>
    /// Gets the largest number of calls that may wait for a reply on one client at a time. Further calls wait for a
    /// slot (within their timeout). Default 1,024.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxOutstandingCalls
    {
        get => _maxOutstandingCalls;
        init => _maxOutstandingCalls = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxOutstandingCalls), value, "At least one call must be allowed.");
    }

    /// <summary>Gets the credentials of calls that do not set <see cref="RpcCallOptions.Auth"/>. Default <see cref="RpcAuth.None"/>.</summary>
    public RpcAuth Auth
    {
        get => _auth ?? RpcAuth.None;
        init => _auth = value ?? throw new ArgumentNullException(nameof(Auth));
    }

    /// <summary>Gets the limits for decoding replies, or <see langword="null"/> for <see cref="XdrReaderOptions.Default"/>.</summary>
    public XdrReaderOptions? ReaderOptions { get; init; }

    /// <summary>
    /// Gets the record marking limits of stream transports, or <see langword="null"/> for
    /// <see cref="RecordMarkingOptions.Default"/>. The record size limit is lowered to <see cref="MaxReplySize"/> when larger.
    /// </summary>
    public RecordMarkingOptions? RecordMarking { get; init; }

    /// <summary>Gets the source of time for timeouts and retransmissions. Default <see cref="System.TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider ?? TimeProvider.System;
        init => _timeProvider = value ?? throw new ArgumentNullException(nameof(TimeProvider));
    }

    /// <summary>
    /// Gets a value indicating whether to bind the local socket to a privileged port (below 1024), as some servers
    /// demand of their callers. Needs the privilege to bind such ports (root or CAP_NET_BIND_SERVICE on Linux);
    /// without it, connecting fails. Default <see langword="false"/>.
    /// </summary>
    public bool UsePrivilegedPort { get; init; }

    /// <summary>
    /// Gets the local endpoint to bind the socket to before connecting, or <see langword="null"/> to let the system
    /// choose. When <see cref="UsePrivilegedPort"/> is set, the port of this endpoint is ignored.
    /// </summary>
    public EndPoint? LocalEndPoint { get; init; }

    /// <summary>
    /// Gets how the client connects and reads replies. Default <see cref="RpcClientIoMode.DedicatedThread"/>.
    /// </summary>
    /// <remarks>
    /// <see cref="RpcClientIoMode.DedicatedThread"/> gives the lowest latency per call, by reading replies with
    /// blocking reads on a thread of the client's own and running callers' continuations there; it costs a thread
    /// per client, created when the client connects. <see cref="RpcClientIoMode.Asynchronous"/> uses thread-pool
    /// I/O only and completes calls asynchronously: better for many short-lived clients (probes, tools that make a
    /// handful of calls), slower per round trip. <see cref="RpcClientIoMode.CallingThread"/> starts no thread and
    /// uses no timer: each call blocks its caller until it completes, the quickest start for a command-line tool.
    /// The modes behave the same otherwise: timeouts, retransmission, limits and errors do not depend on the mode.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined mode.</exception>
    public RpcClientIoMode IoMode
    {
        get => _ioMode;
        init => _ioMode = value is RpcClientIoMode.DedicatedThread or RpcClientIoMode.Asynchronous or RpcClientIoMode.CallingThread
            ? value
            : throw new ArgumentOutOfRangeException(nameof(IoMode), value, "Unknown I/O mode.");
    }

    /// <summary>
    /// Gets the RPC-with-TLS (RFC 9289) settings, or <see langword="null"/> (the default) for clear text. Needs a
    /// stream transport, an <see cref="IoMode"/> other than <see cref="RpcClientIoMode.CallingThread"/>, and the
    /// net10.0 build; see <see cref="RpcClientTlsOptions"/>.
    /// </summary>
    public RpcClientTlsOptions? Tls { get; init; }

    /// <summary>
    /// Gets the factory of the <see cref="Meter"/> the client records its metrics on (named
    /// <see cref="Diagnostics.RpcTelemetry.MeterName"/>), for hosts that give each container its own meters, as
    /// <c>SocketsHttpHandler.MeterFactory</c> does for <c>HttpClient</c>; <see langword="null"/> (the default)
    /// records on a meter shared by the process.
    /// </summary>
    public IMeterFactory? MeterFactory { get; init; }

    internal static TimeSpan CheckTimeout(TimeSpan value, string name) =>
        value > TimeSpan.Zero || value == System.Threading.Timeout.InfiniteTimeSpan
            ? value
            : throw new ArgumentOutOfRangeException(name, value, "The timeout must be positive or infinite.");
}
