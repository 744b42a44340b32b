using System.Net;
using System.Net.Sockets;
using OncRpc.Client;
using OncRpc.Messages;
using OncRpc.Server;
using OncRpc.Xdr;

namespace OncRpc.Portmapper.Server;

/// <summary>
/// An embeddable portmapper (version 2) and rpcbind (versions 3 and 4) service (RFC 1833) on an <see cref="RpcServer"/>.
/// </summary>
/// <remarks>
/// <para>
/// Every procedure is served except the remote-call ones (CALLIT, INDIRECT, BCAST), which answer PROC_UNAVAIL
/// unless <see cref="RpcbindServiceOptions.AllowRemoteCalls"/> turns them on: forwarding calls on behalf of anyone is
/// what makes rpcbind a reflection amplifier. SET and UNSET are accepted
/// only from loopback addresses or the Unix socket, and UNSET removes only the caller's own registrations unless the
/// caller is root on the Unix socket. Owners are recorded as rpcbind does: <c>superuser</c> for root, the user id
/// for other users of the Unix socket, <c>unknown</c> over TCP and UDP.
/// </para>
/// <para>The service registers its own addresses (program 100000, versions 4, 3 and 2) when it starts.</para>
/// </remarks>
public sealed class RpcbindService : IAsyncDisposable
{
    private const string Superuser = "superuser";
    private const string UnknownOwner = "unknown";

    private static readonly IXdrCodec<bool> Bool = XdrCodec.Boolean;
    private static readonly IXdrCodec<string> Text = XdrCodec.String;

    private readonly object _gate = new();
    private readonly List<RpcbindMapping> _mappings = [];
    private readonly RpcbindStatisticsCollector _statistics = new();
    private readonly TimeProvider _timeProvider;
    private readonly RpcClientOptions? _remoteCallOptions;

    private RpcbindService(RpcServer server, RpcbindServiceOptions options)
    {
        Server = server;
        _timeProvider = server.Options.TimeProvider;
        if (options.AllowRemoteCalls)
        {
            _remoteCallOptions = new RpcClientOptions { Timeout = options.RemoteCallTimeout, ConnectTimeout = options.RemoteCallTimeout };
        }

        RegisterProcedures();
    }

    /// <summary>Gets the RPC server the service runs on; other programs can be registered on it too.</summary>
    public RpcServer Server { get; }

    /// <summary>Gets the endpoints the service listens on.</summary>
    public IReadOnlyList<RpcServerEndPoint> EndPoints => Server.EndPoints;

    /// <summary>Starts a service listening as the options say.</summary>
    /// <param name="options">Addresses, port and limits; <see langword="null"/> for the defaults (loopback, port 111).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The running service; dispose it to stop.</returns>
    /// <exception cref="SocketException">An address or port cannot be bound (port 111 is usually taken by the system's rpcbind).</exception>
    public static async Task<RpcbindService> StartAsync(RpcbindServiceOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RpcbindServiceOptions();
        var service = new RpcbindService(new RpcServer(options.ServerOptions), options);
        try
        {
            int port = options.Port;
            foreach (IPAddress address in options.Addresses)
            {
                EndPoint tcp = await service.Server.ListenTcpAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                port = ((IPEndPoint)tcp).Port;
                await service.Server.ListenUdpAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
            }

            if (options.LocalSocketPath is { } path)
            {
#if NET
                await service.Server.ListenUnixAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
#else
                throw new PlatformNotSupportedException($"Unix domain sockets ({path}) need the .NET build of this package.");
#endif
            }

            service.RegisterSelf();
            return service;
        }
        catch
        {
            await service.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Gets a snapshot of the registrations, in registration order (what DUMP returns).</summary>
    /// <returns>The registrations.</returns>
    public IReadOnlyList<RpcbindMapping> GetMappings()
    {
        lock (_gate)
        {
            return [.. _mappings];
        }
    }

    /// <summary>Registers a service directly, as SET does but without the caller checks (for the host embedding the service).</summary>
    /// <param name="mapping">The program, version, netid, universal address and owner.</param>
    /// <returns><see langword="false"/> when the program, version and netid are already registered.</returns>
    public bool Register(RpcbindMapping mapping)
    {
        if (mapping is null)
        {
            throw new ArgumentNullException(nameof(mapping));
        }

        lock (_gate)
        {
            if (_mappings.Any(m => m.Program == mapping.Program && m.Version == mapping.Version && m.NetId == mapping.NetId))
            {
                return false;
            }

            _mappings.Add(mapping);
            return true;
        }
    }

    /// <summary>Removes registrations directly, as UNSET does but without the caller checks.</summary>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version.</param>
    /// <param name="netId">The netid, or <see langword="null"/> or empty for all of them.</param>
    /// <returns><see langword="true"/> when something was removed.</returns>
    public bool Unregister(uint program, uint version, string? netId = null) => Remove(program, version, netId, owner: null);

    /// <summary>Gets the GETSTAT counters.</summary>
    /// <returns>A snapshot per protocol version.</returns>
    public RpcbindStatisticsByVersion GetStatistics() => _statistics.Snapshot();

    /// <summary>Stops the service, letting calls in progress finish (see <see cref="RpcServer.StopAsync"/>).</summary>
    /// <param name="cancellationToken">Ends the wait for calls in progress.</param>
    /// <returns>A task that completes when the service is stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) => Server.StopAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static string OwnerOf(RpcCallContext context) =>
        context.PeerUserId switch
        {
            0 => Superuser,
            uint uid => uid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            null => UnknownOwner,
        };

    private static string NetIdOf(RpcTransportKind transport, EndPoint? local) => transport switch
    {
        RpcTransportKind.Local => NetId.Local,
        RpcTransportKind.Udp => local?.AddressFamily == AddressFamily.InterNetworkV6 ? NetId.Udp6 : NetId.Udp,
        _ => local?.AddressFamily == AddressFamily.InterNetworkV6 ? NetId.Tcp6 : NetId.Tcp,
    };

    private static string ProtocolNetId(uint protocol) => protocol switch
    {
        PortMapping.Tcp => NetId.Tcp,
        PortMapping.Udp => NetId.Udp,
        _ => string.Empty,
    };

    private void RegisterSelf()
    {
        foreach (RpcServerEndPoint endPoint in Server.EndPoints)
        {
            string netId = NetIdOf(endPoint.Transport, endPoint.EndPoint);
            string address = UniversalAddress.FromEndPoint(endPoint.EndPoint).ToString();
            foreach (uint version in new[] { PortmapperProgram.Version4, PortmapperProgram.Version3, PortmapperProgram.Version2 })
            {
                Register(new RpcbindMapping(PortmapperProgram.Number, version, netId, address, Superuser));
            }
        }
    }

    private bool Remove(uint program, uint version, string? netId, string? owner)
    {
        lock (_gate)
        {
            int removed = _mappings.RemoveAll(m =>
                m.Program == program && m.Version == version &&
                (string.IsNullOrEmpty(netId) || m.NetId == netId) &&
                (owner is null || owner == Superuser || m.Owner == owner));
            return removed > 0;
        }
    }

    /// <summary>rpcbind's lookup: the exact version if registered, else any version of the program on that netid.</summary>
    private RpcbindMapping? Find(uint program, uint version, string netId, bool exactVersion)
    {
        lock (_gate)
        {
            RpcbindMapping? hit = null;
            foreach (RpcbindMapping m in _mappings)
            {
                if (m.Program != program || !string.Equals(m.NetId, netId, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (m.Version == version)
                {
                    return m;
                }

                hit ??= exactVersion ? null : m;
            }

            return hit;
        }
    }

    /// <summary>Replaces a wildcard address (0.0.0.0 or ::) with the address the caller reached, as rpcbind's mergeaddr does.</summary>
    private static string Merge(string address, RpcCallContext context)
    {
        if (UniversalAddress.TryParse(address, out UniversalAddress? parsed) && !parsed.IsLocal &&
            parsed.Address is { } ip && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)) &&
            context.LocalEndPoint is IPEndPoint local && local.AddressFamily == ip.AddressFamily &&
            !local.Address.Equals(IPAddress.Any) && !local.Address.Equals(IPAddress.IPv6Any))
        {
            return UniversalAddress.FromIPAddress(local.Address, parsed.Port).ToString();
        }

        return address;
    }

    private void RegisterProcedures()
    {
        RpcServer s = Server;
        const uint prog = PortmapperProgram.Number;

        // Version 2: the portmapper.
        const uint v2 = PortmapperProgram.Version2;
        Add(v2, PortmapperProcedure.Null, XdrCodec.Void, XdrCodec.Void, (a, _) => { _statistics.CountCall(v2, 0); return a; });
        Add(v2, PortmapperProcedure.Set, PortMapping.Codec, Bool, (m, c) => SetCore(v2, c, new RpcbindMapping(m.Program, m.Version, ProtocolNetId(m.Protocol), $"0.0.0.0.{(m.Port >> 8) & 0xff}.{m.Port & 0xff}", OwnerOf(c)), m.Protocol is PortMapping.Tcp or PortMapping.Udp));
        Add(v2, PortmapperProcedure.Unset, PortMapping.Codec, Bool, (m, c) => UnsetV2(c, m));
        Add(v2, PortmapperProcedure.GetPort, PortMapping.Codec, XdrCodec.UInt32, GetPort);
        Add(v2, PortmapperProcedure.Dump, XdrCodec.Void, PortMapping.ListCodec, (_, _) => DumpV2());

        // Versions 3 and 4: rpcbind.
        foreach (uint v in new[] { PortmapperProgram.Version3, PortmapperProgram.Version4 })
        {
            uint version = v;
            Add(version, RpcbindProcedure.Null, XdrCodec.Void, XdrCodec.Void, (a, _) => { _statistics.CountCall(version, 0); return a; });
            Add(version, RpcbindProcedure.Set, RpcbindMapping.Codec, Bool, (m, c) => SetCore(version, c, new RpcbindMapping(m.Program, m.Version, m.NetId, m.Address, OwnerOf(c)), true));
            Add(version, RpcbindProcedure.Unset, RpcbindMapping.Codec, Bool, (m, c) => UnsetCore(version, c, m.Program, m.Version, m.NetId));
            Add(version, RpcbindProcedure.GetAddr, RpcbindMapping.Codec, Text, (m, c) => GetAddr(version, m, c, exactVersion: false));
            Add(version, RpcbindProcedure.Dump, XdrCodec.Void, RpcbindMapping.ListCodec, (_, c) => { _statistics.CountCall(version, (uint)RpcbindProcedure.Dump); return GetMappings(); });
            Add(version, RpcbindProcedure.GetTime, XdrCodec.Void, XdrCodec.UInt32, (_, _) => { _statistics.CountCall(version, (uint)RpcbindProcedure.GetTime); return (uint)_timeProvider.GetUtcNow().ToUnixTimeSeconds(); });
            Add(version, RpcbindProcedure.Uaddr2Taddr, Text, NetBuffer.Codec, (u, _) => { _statistics.CountCall(version, (uint)RpcbindProcedure.Uaddr2Taddr); return TransportAddress.ToNetBuffer(u); });
            Add(version, RpcbindProcedure.Taddr2Uaddr, NetBuffer.Codec, Text, (n, c) => { _statistics.CountCall(version, (uint)RpcbindProcedure.Taddr2Uaddr); return TransportAddress.ToUniversalAddress(n, c.Transport, c.LocalEndPoint); });
        }

        const uint v4 = PortmapperProgram.Version4;
        Add(v4, RpcbindProcedure.GetVersAddr, RpcbindMapping.Codec, Text, (m, c) => GetAddr(v4, m, c, exactVersion: true));
        Add(v4, RpcbindProcedure.GetAddrList, RpcbindMapping.Codec, RpcbindEntry.ListCodec, GetAddrList);
        Add(v4, RpcbindProcedure.GetStat, XdrCodec.Void, RpcbindStatisticsByVersion.Codec, (_, _) => { _statistics.CountCall(v4, (uint)RpcbindProcedure.GetStat); return _statistics.Snapshot(); });

        if (_remoteCallOptions is not null)
        {
            s.AddProcedure(prog, v2, (uint)PortmapperProcedure.CallIt, RemoteCallArguments.Codec, PortmapperRemoteCallResult.Codec, async (a, c, ct) =>
            {
                _statistics.CountCall(v2, (uint)PortmapperProcedure.CallIt);
                (IPEndPoint target, ReadOnlyMemory<byte> results) = await ForwardAsync(v2, a, c, indirect: false, ct).ConfigureAwait(false);
                return new PortmapperRemoteCallResult((uint)target.Port, results);
            });
            foreach ((uint version, RpcbindProcedure procedure) in new[]
            {
                (PortmapperProgram.Version3, RpcbindProcedure.CallIt),
                (PortmapperProgram.Version4, RpcbindProcedure.CallIt),
                (PortmapperProgram.Version4, RpcbindProcedure.Indirect),
            })
            {
                bool indirect = procedure == RpcbindProcedure.Indirect;
                s.AddProcedure(prog, version, (uint)procedure, RemoteCallArguments.Codec, RpcbindRemoteCallResult.Codec, async (a, c, ct) =>
                {
                    _statistics.CountCall(version, (uint)procedure);
                    (IPEndPoint target, ReadOnlyMemory<byte> results) = await ForwardAsync(version, a, c, indirect, ct).ConfigureAwait(false);
                    return new RpcbindRemoteCallResult(UniversalAddress.FromEndPoint(target).ToString(), results);
                });
            }
        }

        void Add<TArgs, TResult>(uint version, Enum procedure, IXdrCodec<TArgs> args, IXdrCodec<TResult> result, Func<TArgs, RpcCallContext, TResult> handler) =>
            s.AddProcedure(prog, version, Convert.ToUInt32(procedure, System.Globalization.CultureInfo.InvariantCulture), args, result, handler);
    }

    /// <summary>
    /// Forwards a remote call over UDP to the exact program version registered on this machine, as rpcbind's
    /// CALLIT, BCAST and INDIRECT do, with the caller's credential (AUTH_NONE or AUTH_SYS; other flavors are not
    /// forwarded), and records it in the remote-call statistics of <paramref name="version"/>.
    /// </summary>
    private async Task<(IPEndPoint Target, ReadOnlyMemory<byte> Results)> ForwardAsync(uint version, RemoteCallArguments call, RpcCallContext context, bool indirect, CancellationToken cancellationToken)
    {
        // The target is looked up on the datagram transport of the caller's address family.
        string netId = NetIdOf(RpcTransportKind.Udp, context.LocalEndPoint);
        IPEndPoint? target = null;
        if (call.Program == PortmapperProgram.Number)
        {
            // rpcbind refuses calls to itself before it records anything.
            throw Unavailable(indirect);
        }

        if (Find(call.Program, call.Version, netId, exactVersion: true) is { } mapping &&
            UniversalAddress.TryParse(mapping.Address, out UniversalAddress? address) &&
            address.Address is { } ip)
        {
            if (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
            {
                ip = ip.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
            }

            if (IPAddress.IsLoopback(ip))
            {
                target = new IPEndPoint(ip, address.Port);
            }
        }

        _statistics.CountRemoteCall(version, indirect, call.Program, call.Version, call.Procedure, NetIdOf(context.Transport, context.LocalEndPoint), target is not null);
        if (target is null)
        {
            throw Unavailable(indirect);
        }

        RpcCallOptions callOptions = new() { Auth = ForwardedAuth(context.Credential, indirect) };
        try
        {
            RpcClient client = await RpcClient.ConnectAsync(target, RpcTransportKind.Udp, _remoteCallOptions, cancellationToken).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                ReadOnlyMemory<byte> results = await client.CallAsync(call.Program, call.Version, call.Procedure, RawBytes.Instance, call.Arguments, RawBytes.Instance, callOptions, cancellationToken).ConfigureAwait(false);
                return (target, results);
            }
        }
        catch (Exception ex) when (ex is RpcException or TimeoutException or SocketException or IOException)
        {
            // rpcbind leaves a failed remote call unanswered, on every remote-call procedure.
            throw RpcCallRejectedException.NoReply();
        }
    }

    /// <summary>A target rpcbind does not forward to: INDIRECT answers PROG_UNAVAIL, CALLIT and BCAST stay silent.</summary>
    private static RpcCallRejectedException Unavailable(bool indirect) =>
        indirect ? RpcCallRejectedException.WithStatus(AcceptStatus.ProgramUnavailable) : RpcCallRejectedException.NoReply();

    /// <summary>
    /// The credential a forwarded call carries, as rpcbind chooses it: AUTH_NONE stays AUTH_NONE, AUTH_SYS is passed
    /// on with the caller's stamp, machine name, uid, gid and groups; any other flavor is refused (INDIRECT answers
    /// AUTH_TOOWEAK, CALLIT and BCAST stay silent).
    /// </summary>
    private static RpcAuth ForwardedAuth(OpaqueAuth credential, bool indirect)
    {
        AuthStatus refusal;
        switch (credential.Flavor)
        {
            case AuthFlavor.None:
                return RpcAuth.None;
            case AuthFlavor.Sys:
                try
                {
                    return RpcAuth.Sys(AuthSysParameters.FromOpaqueAuth(credential));
                }
                catch (XdrException)
                {
                    refusal = AuthStatus.BadCredential;
                }

                break;
            default:
                refusal = AuthStatus.TooWeak;
                break;
        }

        throw indirect ? RpcCallRejectedException.WithAuthError(refusal) : RpcCallRejectedException.NoReply();
    }

    private bool SetCore(uint version, RpcCallContext context, RpcbindMapping mapping, bool valid)
    {
        _statistics.CountCall(version, (uint)RpcbindProcedure.Set);
        if (!context.IsLocal || !valid || mapping.NetId.Length == 0)
        {
            return false;
        }

        bool done = Register(mapping);
        if (done)
        {
            _statistics.CountSet(version, unset: false);
        }

        return done;
    }

    private bool UnsetCore(uint version, RpcCallContext context, uint program, uint programVersion, string? netId)
    {
        _statistics.CountCall(version, (uint)RpcbindProcedure.Unset);
        if (!context.IsLocal)
        {
            return false;
        }

        bool done = Remove(program, programVersion, netId, OwnerOf(context));
        if (done)
        {
            _statistics.CountSet(version, unset: true);
        }

        return done;
    }

    private bool UnsetV2(RpcCallContext context, PortMapping mapping)
    {
        // Version 2 UNSET ignores protocol and port: it removes the program version from TCP and UDP.
        bool tcp = UnsetCore(PortmapperProgram.Version2, context, mapping.Program, mapping.Version, NetId.Tcp);
        bool udp = Remove(mapping.Program, mapping.Version, NetId.Udp, OwnerOf(context)) && context.IsLocal;
        return tcp || udp;
    }

    private uint GetPort(PortMapping query, RpcCallContext context)
    {
        _statistics.CountCall(PortmapperProgram.Version2, (uint)PortmapperProcedure.GetPort);
        string netId = ProtocolNetId(query.Protocol);
        uint port = 0;
        if (netId.Length > 0 && Find(query.Program, query.Version, netId, exactVersion: false) is { } found &&
            UniversalAddress.TryParse(found.Address, out UniversalAddress? address))
        {
            port = (uint)address.Port;
        }

        _statistics.CountLookup(PortmapperProgram.Version2, query.Program, query.Version, netId, port != 0);
        return port;
    }

    private IReadOnlyList<PortMapping> DumpV2()
    {
        _statistics.CountCall(PortmapperProgram.Version2, (uint)PortmapperProcedure.Dump);
        var list = new List<PortMapping>();
        foreach (RpcbindMapping m in GetMappings())
        {
            uint protocol = m.NetId == NetId.Tcp ? PortMapping.Tcp : m.NetId == NetId.Udp ? PortMapping.Udp : 0;
            if (protocol != 0 && UniversalAddress.TryParse(m.Address, out UniversalAddress? address))
            {
                list.Add(new PortMapping(m.Program, m.Version, protocol, (uint)address.Port));
            }
        }

        return list;
    }

    private string GetAddr(uint version, RpcbindMapping query, RpcCallContext context, bool exactVersion)
    {
        _statistics.CountCall(version, exactVersion ? (uint)RpcbindProcedure.GetVersAddr : (uint)RpcbindProcedure.GetAddr);
        string netId = string.IsNullOrEmpty(query.NetId) ? NetIdOf(context.Transport, context.LocalEndPoint) : query.NetId;
        RpcbindMapping? found = Find(query.Program, query.Version, netId, exactVersion);
        _statistics.CountLookup(version, query.Program, query.Version, netId, found is not null);
        return found is null ? string.Empty : Merge(found.Address, context);
    }

    private IReadOnlyList<RpcbindEntry> GetAddrList(RpcbindMapping query, RpcCallContext context)
    {
        _statistics.CountCall(PortmapperProgram.Version4, (uint)RpcbindProcedure.GetAddrList);
        var entries = new List<RpcbindEntry>();
        foreach (RpcbindMapping m in GetMappings())
        {
            if (m.Program != query.Program || m.Version != query.Version ||
                (!string.IsNullOrEmpty(query.NetId) && m.NetId != query.NetId) ||
                !NetId.TryGetInfo(m.NetId, out NetIdInfo info))
            {
                continue;
            }

            entries.Add(new RpcbindEntry(Merge(m.Address, context), m.NetId, info.Semantics, info.ProtocolFamily, info.ProtocolName));
        }

        _statistics.CountLookup(PortmapperProgram.Version4, query.Program, query.Version, query.NetId ?? string.Empty, entries.Count > 0);
        return entries;
    }
}

/// <summary>Arguments and results of a forwarded call, passed through as they are: written verbatim, read to the end of the reply.</summary>
internal sealed class RawBytes : IXdrCodec<ReadOnlyMemory<byte>>
{
    public static readonly RawBytes Instance = new();

    public ReadOnlyMemory<byte> Read(ref XdrReader reader)
    {
        byte[] rest = reader.RemainingSpan.ToArray();
        reader.Skip(rest.Length);
        return rest;
    }

    public void Write(ref XdrWriter writer, ReadOnlyMemory<byte> value) => writer.WriteFixedOpaque(value.Span);

    public int GetEncodedSize(ReadOnlyMemory<byte> value) => XdrSize.FixedOpaque(value.Length);
}
