using System.Net;
using System.Net.Sockets;
using OncRpc.Client;
using OncRpc.Server;

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
    private readonly MappingRegistry _mappings = new();
    private readonly RpcbindStatisticsCollector _statistics = new();

    private RpcbindService(RpcServer server, RpcbindServiceOptions options)
    {
        Server = server;
        RemoteCallForwarder? forwarder = null;
        if (options.AllowRemoteCalls)
        {
            var clientOptions = new RpcClientOptions { Timeout = options.RemoteCallTimeout, ConnectTimeout = options.RemoteCallTimeout };
            forwarder = new RemoteCallForwarder(_mappings, _statistics, clientOptions);
        }

        new PortmapperProcedures(_mappings, _statistics).AddTo(server, forwarder);
        foreach (uint version in new[] { PortmapperProgram.Version3, PortmapperProgram.Version4 })
        {
            new RpcbindProcedures(version, _mappings, _statistics, server.Options.TimeProvider).AddTo(server, forwarder);
        }
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
                EndPoint tcp = options.Tls is { } tls
                    ? await service.Server.ListenTcpAsync(new IPEndPoint(address, port), tls, cancellationToken).ConfigureAwait(false)
                    : await service.Server.ListenTcpAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
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
        return _mappings.Snapshot();
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

        return _mappings.Add(mapping);
    }

    /// <summary>Removes registrations directly, as UNSET does but without the caller checks.</summary>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version.</param>
    /// <param name="netId">The netid, or <see langword="null"/> or empty for all of them.</param>
    /// <returns><see langword="true"/> when something was removed.</returns>
    public bool Unregister(uint program, uint version, string? netId = null) => _mappings.Remove(program, version, netId, owner: null);

    /// <summary>Gets the GETSTAT counters.</summary>
    /// <returns>A snapshot per protocol version.</returns>
    public RpcbindStatisticsByVersion GetStatistics() => _statistics.Snapshot();

    /// <summary>Stops the service, letting calls in progress finish (see <see cref="RpcServer.StopAsync"/>).</summary>
    /// <param name="cancellationToken">Ends the wait for calls in progress.</param>
    /// <returns>A task that completes when the service is stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) => Server.StopAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private void RegisterSelf()
    {
        foreach (RpcServerEndPoint endPoint in Server.EndPoints)
        {
            string netId = ServiceAddresses.NetIdOf(endPoint.Transport, endPoint.EndPoint);
            string address = UniversalAddress.FromEndPoint(endPoint.EndPoint).ToString();
            foreach (uint version in new[] { PortmapperProgram.Version4, PortmapperProgram.Version3, PortmapperProgram.Version2 })
            {
                Register(new RpcbindMapping(PortmapperProgram.Number, version, netId, address, MappingRegistry.Superuser));
            }
        }
    }
}
