using System.Net;
using OncRpc.Server;

namespace OncRpc.Portmapper.Server;

/// <summary>Where an <see cref="RpcbindService"/> listens, and the limits of the server under it.</summary>
public sealed class RpcbindServiceOptions
{
    private readonly IReadOnlyList<IPAddress> _addresses = [IPAddress.Loopback, IPAddress.IPv6Loopback];
    private readonly int _port = PortmapperProgram.Port;

    /// <summary>
    /// Gets the addresses to listen on with TCP and UDP. Default the loopback addresses 127.0.0.1 and ::1 only:
    /// serving other hosts is a deliberate choice (an exposed port 111 tells anyone which RPC services run here).
    /// </summary>
    public IReadOnlyList<IPAddress> Addresses
    {
        get => _addresses;
        init => _addresses = value is { Count: > 0 } ? value : throw new ArgumentException("At least one address is needed.", nameof(value));
    }

    /// <summary>
    /// Gets the port to listen on, the same for every address and for TCP and UDP. Default 111; 0 picks a free
    /// port (the first listener's), which is what tests want.
    /// </summary>
    public int Port
    {
        get => _port;
        init => _port = value is >= 0 and <= 65535 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A port is between 0 and 65535.");
    }

    /// <summary>
    /// Gets the path of a Unix domain socket to listen on as well (netid <c>local</c>, like rpcbind's
    /// <c>/run/rpcbind.sock</c>), or <see langword="null"/> for none (the default). The file must not exist.
    /// </summary>
    public string? LocalSocketPath { get; init; }

    /// <summary>
    /// Gets a value indicating whether the remote-call procedures are served: CALLIT (version 2, and version 3,
    /// where broadcasts use it), BCAST and INDIRECT (version 4). Default <see langword="false"/>: they answer
    /// PROC_UNAVAIL, because forwarding calls for anyone makes a portmapper a reflection amplifier and lets callers
    /// reach services through it. When enabled, a call is forwarded over UDP with the caller's credential (AUTH_NONE
    /// or AUTH_SYS; other flavors are not forwarded), only to an exact program version registered on this machine's
    /// loopback address (or a wildcard address), never to the portmapper itself; CALLIT and BCAST stay silent when
    /// that fails, INDIRECT answers PROG_UNAVAIL when the program is not registered. Each call is counted in the
    /// remote-call rows of GETSTAT.
    /// </summary>
    public bool AllowRemoteCalls { get; init; }

    /// <summary>Gets how long a forwarded remote call may take before it is abandoned (and left unanswered). Default 5 seconds.</summary>
    public TimeSpan RemoteCallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the options of the underlying <see cref="RpcServer"/> (limits, clock, events). Default <see cref="RpcServerOptions.Default"/>.</summary>
    public RpcServerOptions? ServerOptions { get; init; }

    /// <summary>
    /// Gets the RPC-with-TLS (RFC 9289) settings of the TCP listeners, or <see langword="null"/> (the default) for
    /// clear text only. Set <see cref="RpcServerTlsOptions.AllowClearText"/> to keep serving clients that do not start
    /// TLS (rpcinfo, libtirpc); UDP and the Unix socket always stay in clear text. Needs the net10.0 build.
    /// </summary>
    public RpcServerTlsOptions? Tls { get; init; }
}
