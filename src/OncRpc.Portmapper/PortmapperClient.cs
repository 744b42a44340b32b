using System.Net;
using System.Net.Sockets;
using OncRpc.Client;
using OncRpc.Xdr;

namespace OncRpc.Portmapper;

/// <summary>
/// A client of the portmapper protocol, version 2 (program 100000, RFC 1833 §3), over any transport of
/// <see cref="RpcClient"/>.
/// </summary>
/// <remarks>
/// Lists in replies are read in loops capped by <see cref="XdrReaderOptions.MaxListLength"/> of the client's
/// <see cref="RpcClientOptions.ReaderOptions"/>. Methods are safe to call concurrently.
/// </remarks>
public sealed class PortmapperClient : IAsyncDisposable
{
    private readonly bool _ownsClient;

    /// <summary>Initializes a portmapper client over an existing RPC client.</summary>
    /// <param name="client">A client connected to a portmapper or rpcbind.</param>
    /// <param name="ownsClient"><see langword="true"/> to dispose <paramref name="client"/> with this instance.</param>
    public PortmapperClient(RpcClient client, bool ownsClient = false)
    {
        RpcClient = client ?? throw new ArgumentNullException(nameof(client));
        _ownsClient = ownsClient;
    }

    /// <summary>Gets the RPC client the calls go through.</summary>
    public RpcClient RpcClient { get; }

    /// <summary>Connects to a portmapper.</summary>
    /// <param name="endPoint">The portmapper: usually port 111 of a host, or <see cref="PortmapperProgram.LocalSocketPath"/> for <see cref="RpcTransportKind.Local"/>.</param>
    /// <param name="transport">The transport.</param>
    /// <param name="options">The client's settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to cancel connecting.</param>
    /// <returns>A connected client that owns its <see cref="RpcClient"/>.</returns>
    public static async Task<PortmapperClient> ConnectAsync(EndPoint endPoint, RpcTransportKind transport, RpcClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        RpcClient client = await RpcClient.ConnectAsync(endPoint, transport, options, cancellationToken).ConfigureAwait(false);
        return new PortmapperClient(client, ownsClient: true);
    }

    /// <summary>Connects to the portmapper on port 111 of a host.</summary>
    /// <param name="host">The host's address.</param>
    /// <param name="transport"><see cref="RpcTransportKind.Tcp"/> or <see cref="RpcTransportKind.Udp"/>.</param>
    /// <param name="options">The client's settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to cancel connecting.</param>
    /// <returns>A connected client that owns its <see cref="RpcClient"/>.</returns>
    public static Task<PortmapperClient> ConnectAsync(IPAddress host, RpcTransportKind transport, RpcClientOptions? options = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(new IPEndPoint(host ?? throw new ArgumentNullException(nameof(host)), PortmapperProgram.Port), transport, options, cancellationToken);

    /// <summary>Calls PMAPPROC_NULL: checks that the portmapper answers.</summary>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>A task that completes when the portmapper has answered.</returns>
    public Task PingAsync(RpcCallOptions? options = null, CancellationToken cancellationToken = default) =>
        RpcClient.CallAsync(RpcbindProcedureNames.Get(PortmapperProgram.Version2, 0), XdrCodec.Void, XdrVoid.Value, XdrCodec.Void, options, cancellationToken);

    /// <summary>Calls PMAPPROC_SET: registers a mapping. Linux accepts it only from the local host.</summary>
    /// <param name="mapping">The program, version, protocol and port to register.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns><see langword="true"/> when the mapping was registered; <see langword="false"/> when the portmapper refused it (for example because the program and version are already registered for that protocol).</returns>
    public Task<bool> SetAsync(PortMapping mapping, RpcCallOptions? options = null, CancellationToken cancellationToken = default) =>
        Call((uint)PortmapperProcedure.Set, PortMapping.Codec, mapping, XdrCodec.Boolean, options, cancellationToken);

    /// <summary>Calls PMAPPROC_UNSET: removes the mappings of a program and version on every protocol.</summary>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version number.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns><see langword="true"/> when something was removed.</returns>
    public Task<bool> UnsetAsync(uint program, uint version, RpcCallOptions? options = null, CancellationToken cancellationToken = default) =>
        Call((uint)PortmapperProcedure.Unset, PortMapping.Codec, new PortMapping(program, version, 0, 0), XdrCodec.Boolean, options, cancellationToken);

    /// <summary>Calls PMAPPROC_GETPORT: finds the port of a program and version on a protocol.</summary>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version number.</param>
    /// <param name="protocol"><see cref="ProtocolType.Tcp"/> or <see cref="ProtocolType.Udp"/>.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The port, or <see langword="null"/> when the program is not registered (the protocol's port 0).</returns>
    /// <exception cref="RpcProtocolException">The portmapper answered with a number that is not a port.</exception>
    public async Task<int?> GetPortAsync(uint program, uint version, ProtocolType protocol, RpcCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        uint protocolNumber = protocol switch
        {
            ProtocolType.Tcp => PortMapping.Tcp,
            ProtocolType.Udp => PortMapping.Udp,
            _ => throw new ArgumentException($"The portmapper maps TCP and UDP ports, not {protocol}.", nameof(protocol)),
        };
        uint port = await Call((uint)PortmapperProcedure.GetPort, PortMapping.Codec, new PortMapping(program, version, protocolNumber, 0), XdrCodec.UInt32, options, cancellationToken)
            .ConfigureAwait(false);
        if (port > 65535)
        {
            throw new RpcProtocolException($"The portmapper answered GETPORT with {port}, which is not a port number.");
        }

        return port == 0 ? null : (int)port;
    }

    /// <summary>Calls PMAPPROC_DUMP: lists every mapping.</summary>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The mappings in the portmapper's order.</returns>
    /// <exception cref="RpcException">The reply is malformed or its list is longer than the configured limit (<see cref="RpcStatus.CantDecodeResult"/>).</exception>
    public Task<IReadOnlyList<PortMapping>> DumpAsync(RpcCallOptions? options = null, CancellationToken cancellationToken = default) =>
        Call((uint)PortmapperProcedure.Dump, XdrCodec.Void, XdrVoid.Value, PortMapping.ListCodec, options, cancellationToken);

    /// <summary>
    /// Calls PMAPPROC_CALLIT: asks the portmapper to call a procedure of a registered program. Servers answer only
    /// when the call succeeds, and Linux rpcbind disables this procedure unless started with <c>-r</c>, so a failed
    /// call ends in a timeout.
    /// </summary>
    /// <param name="arguments">The target and its encoded arguments.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The port of the target and its encoded results.</returns>
    public Task<PortmapperRemoteCallResult> CallItAsync(RemoteCallArguments arguments, RpcCallOptions? options = null, CancellationToken cancellationToken = default) =>
        Call((uint)PortmapperProcedure.CallIt, RemoteCallArguments.Codec, arguments ?? throw new ArgumentNullException(nameof(arguments)), PortmapperRemoteCallResult.Codec, options, cancellationToken);

    /// <summary>Disposes the underlying <see cref="RpcClient"/> when this instance owns it.</summary>
    /// <returns>A task that completes when the client is closed.</returns>
    public ValueTask DisposeAsync() => _ownsClient ? RpcClient.DisposeAsync() : default;

    private Task<TResult> Call<TArgs, TResult>(uint procedure, IXdrCodec<TArgs> argumentsCodec, TArgs arguments, IXdrCodec<TResult> resultCodec, RpcCallOptions? options, CancellationToken cancellationToken) =>
        RpcClient.CallAsync(RpcbindProcedureNames.Get(PortmapperProgram.Version2, procedure), argumentsCodec, arguments, resultCodec, options, cancellationToken);
}
