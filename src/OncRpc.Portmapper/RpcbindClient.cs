using System.Net;
using OncRpc.Client;
using OncRpc.Xdr;

namespace OncRpc.Portmapper;

/// <summary>
/// A client of the rpcbind protocol, version 3 or 4 (program 100000, RFC 1833 §2), over any transport of
/// <see cref="RpcClient"/>, the local socket <see cref="PortmapperProgram.LocalSocketPath"/> included.
/// </summary>
/// <remarks>
/// The version is chosen at construction; the procedures of version 4 throw <see cref="InvalidOperationException"/>
/// on a version 3 client. Lists in replies are read in loops capped by <see cref="XdrReaderOptions.MaxListLength"/>
/// of the client's <see cref="RpcClientOptions.ReaderOptions"/>. Methods are safe to call concurrently.
/// </remarks>
public sealed class RpcbindClient : IAsyncDisposable
{
    private readonly bool _ownsClient;

    /// <summary>Initializes an rpcbind client over an existing RPC client.</summary>
    /// <param name="client">A client connected to rpcbind.</param>
    /// <param name="version">The protocol version: <see cref="PortmapperProgram.Version3"/> or <see cref="PortmapperProgram.Version4"/>.</param>
    /// <param name="ownsClient"><see langword="true"/> to dispose <paramref name="client"/> with this instance.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is neither 3 nor 4.</exception>
    public RpcbindClient(RpcClient client, uint version = PortmapperProgram.Version4, bool ownsClient = false)
    {
        RpcClient = client ?? throw new ArgumentNullException(nameof(client));
        if (version is not (PortmapperProgram.Version3 or PortmapperProgram.Version4))
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "rpcbind speaks versions 3 and 4; use PortmapperClient for version 2.");
        }

        Version = version;
        _ownsClient = ownsClient;
    }

    /// <summary>Gets the RPC client the calls go through.</summary>
    public RpcClient RpcClient { get; }

    /// <summary>Gets the protocol version of the calls: 3 or 4.</summary>
    public uint Version { get; }

    /// <summary>Connects to rpcbind.</summary>
    /// <param name="endPoint">rpcbind: usually port 111 of a host, or <see cref="PortmapperProgram.LocalSocketPath"/> for <see cref="RpcTransportKind.Local"/>.</param>
    /// <param name="transport">The transport.</param>
    /// <param name="version">The protocol version: 3 or 4.</param>
    /// <param name="options">The client's settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to cancel connecting.</param>
    /// <returns>A connected client that owns its <see cref="RpcClient"/>.</returns>
    public static async Task<RpcbindClient> ConnectAsync(
        EndPoint endPoint,
        RpcTransportKind transport,
        uint version = PortmapperProgram.Version4,
        RpcClientOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (version is not (PortmapperProgram.Version3 or PortmapperProgram.Version4))
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "rpcbind speaks versions 3 and 4; use PortmapperClient for version 2.");
        }

        RpcClient client = await RpcClient.ConnectAsync(endPoint, transport, options, cancellationToken).ConfigureAwait(false);
        return new RpcbindClient(client, version, ownsClient: true);
    }

    /// <summary>Connects to rpcbind on port 111 of a host.</summary>
    /// <param name="host">The host's address.</param>
    /// <param name="transport"><see cref="RpcTransportKind.Tcp"/> or <see cref="RpcTransportKind.Udp"/>.</param>
    /// <param name="version">The protocol version: 3 or 4.</param>
    /// <param name="options">The client's settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to cancel connecting.</param>
    /// <returns>A connected client that owns its <see cref="RpcClient"/>.</returns>
    public static Task<RpcbindClient> ConnectAsync(
        IPAddress host,
        RpcTransportKind transport,
        uint version = PortmapperProgram.Version4,
        RpcClientOptions? options = null,
        CancellationToken cancellationToken = default) =>
        ConnectAsync(new IPEndPoint(host ?? throw new ArgumentNullException(nameof(host)), PortmapperProgram.Port), transport, version, options, cancellationToken);

#if NET
    /// <summary>Connects to the local rpcbind over its Unix domain socket, <see cref="PortmapperProgram.LocalSocketPath"/>.</summary>
    /// <param name="version">The protocol version: 3 or 4.</param>
    /// <param name="options">The client's settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to cancel connecting.</param>
    /// <returns>A connected client that owns its <see cref="RpcClient"/>.</returns>
    public static Task<RpcbindClient> ConnectLocalAsync(uint version = PortmapperProgram.Version4, RpcClientOptions? options = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(PortmapperProgram.LocalSocketPath), RpcTransportKind.Local, version, options, cancellationToken);
#endif

    /// <summary>Calls RPCBPROC_NULL: checks that rpcbind answers this version.</summary>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>A task that completes when rpcbind has answered.</returns>
    public Task PingAsync(RpcCallOptions? options = null, CancellationToken cancellationToken = default) =>
        RpcClient.CallAsync(RpcbindProcedureNames.Get(Version, 0), XdrCodec.Void, XdrVoid.Value, XdrCodec.Void, options, cancellationToken);

    /// <summary>Calls RPCBPROC_SET: registers an address. Linux accepts it only over loopback or the local socket, and fills in the owner itself.</summary>
    /// <param name="mapping">The program, version, netid and universal address to register; the owner is informational.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns><see langword="true"/> when the address was registered; <see langword="false"/> when rpcbind refused it.</returns>
    public Task<bool> SetAsync(RpcbindMapping mapping, RpcCallOptions? options = null, CancellationToken cancellationToken = default) =>
        Call(RpcbindProcedure.Set, RpcbindMapping.Codec, mapping ?? throw new ArgumentNullException(nameof(mapping)), XdrCodec.Boolean, options, cancellationToken);

    /// <summary>Calls RPCBPROC_UNSET: removes registrations of a program and version.</summary>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version number.</param>
    /// <param name="netId">The netid to remove, or <see langword="null"/> (sent as empty) to remove every transport.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns><see langword="true"/> when something was removed.</returns>
    public Task<bool> UnsetAsync(uint program, uint version, string? netId = null, RpcCallOptions? options = null, CancellationToken cancellationToken = default) =>
        Call(RpcbindProcedure.Unset, RpcbindMapping.Codec, Query(program, version, netId), XdrCodec.Boolean, options, cancellationToken);

    /// <summary>Calls RPCBPROC_GETADDR: finds the address of a program and version on a transport.</summary>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version number.</param>
    /// <param name="netId">The netid of the transport, for example <see cref="NetId.Tcp"/>, or <see langword="null"/> to send it empty. Linux rpcbind answers for the netid of the transport the call arrives on, whatever this says.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The address, or <see langword="null"/> when the program is not registered.</returns>
    /// <exception cref="RpcException">rpcbind answered with text that is not a universal address (<see cref="RpcStatus.CantDecodeResult"/>).</exception>
    public async Task<UniversalAddress?> GetAddrAsync(uint program, uint version, string? netId = null, RpcCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        string address = await Call(RpcbindProcedure.GetAddr, RpcbindMapping.Codec, Query(program, version, netId), XdrCodec.String, options, cancellationToken).ConfigureAwait(false);
        return ParseAddress(address);
    }

    /// <summary>Calls RPCBPROC_DUMP: lists every registration.</summary>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The registrations in rpcbind's order.</returns>
    /// <exception cref="RpcException">The reply is malformed or its list is longer than the configured limit (<see cref="RpcStatus.CantDecodeResult"/>).</exception>
    public Task<IReadOnlyList<RpcbindMapping>> DumpAsync(RpcCallOptions? options = null, CancellationToken cancellationToken = default) =>
        Call(RpcbindProcedure.Dump, XdrCodec.Void, XdrVoid.Value, RpcbindMapping.ListCodec, options, cancellationToken);

    /// <summary>
    /// Calls RPCBPROC_CALLIT (version 3) or RPCBPROC_BCAST (version 4, the same procedure): asks rpcbind to call a
    /// procedure of a registered program. rpcbind answers only when the call succeeds, and Linux disables this
    /// procedure unless started with <c>-r</c>, so a failed call ends in a timeout.
    /// </summary>
    /// <param name="arguments">The target and its encoded arguments.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The address of the target and its encoded results.</returns>
    public Task<RpcbindRemoteCallResult> CallItAsync(RemoteCallArguments arguments, RpcCallOptions? options = null, CancellationToken cancellationToken = default) =>
        Call(RpcbindProcedure.CallIt, RemoteCallArguments.Codec, arguments ?? throw new ArgumentNullException(nameof(arguments)), RpcbindRemoteCallResult.Codec, options, cancellationToken);

    /// <summary>Calls RPCBPROC_GETTIME: reads the server's clock.</summary>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The server's time, to the second.</returns>
    public async Task<DateTimeOffset> GetTimeAsync(RpcCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        uint seconds = await Call(RpcbindProcedure.GetTime, XdrCodec.Void, XdrVoid.Value, XdrCodec.UInt32, options, cancellationToken).ConfigureAwait(false);
        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    /// <summary>Calls RPCBPROC_UADDR2TADDR: converts a universal address to the server's binary transport address.</summary>
    /// <param name="universalAddress">The universal address, for example <c>127.0.0.1.0.111</c>.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The transport address, or <see langword="null"/> when rpcbind could not convert it (an empty buffer).</returns>
    public async Task<NetBuffer?> Uaddr2TaddrAsync(string universalAddress, RpcCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        NetBuffer result = await Call(RpcbindProcedure.Uaddr2Taddr, XdrCodec.String, universalAddress ?? throw new ArgumentNullException(nameof(universalAddress)), NetBuffer.Codec, options, cancellationToken)
            .ConfigureAwait(false);
        return result.Buffer.IsEmpty ? null : result;
    }

    /// <summary>Calls RPCBPROC_TADDR2UADDR: converts a binary transport address, in the server's format, to a universal address.</summary>
    /// <param name="transportAddress">The transport address.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The universal address as rpcbind formats it, or <see langword="null"/> when it could not convert the address (an empty string).</returns>
    public async Task<string?> Taddr2UaddrAsync(NetBuffer transportAddress, RpcCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        string result = await Call(RpcbindProcedure.Taddr2Uaddr, NetBuffer.Codec, transportAddress ?? throw new ArgumentNullException(nameof(transportAddress)), XdrCodec.String, options, cancellationToken)
            .ConfigureAwait(false);
        return result.Length == 0 ? null : result;
    }

    /// <summary>Calls RPCBPROC_GETVERSADDR (version 4): finds the address of exactly this version of a program on a transport.</summary>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version number.</param>
    /// <param name="netId">The netid of the transport, or <see langword="null"/> to send it empty. Linux rpcbind answers for the netid of the transport the call arrives on, whatever this says.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The address, or <see langword="null"/> when that version is not registered.</returns>
    /// <exception cref="InvalidOperationException">This client speaks version 3.</exception>
    public async Task<UniversalAddress?> GetVersAddrAsync(uint program, uint version, string? netId = null, RpcCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        RequireVersion4("GETVERSADDR");
        string address = await Call(RpcbindProcedure.GetVersAddr, RpcbindMapping.Codec, Query(program, version, netId), XdrCodec.String, options, cancellationToken).ConfigureAwait(false);
        return ParseAddress(address);
    }

    /// <summary>
    /// Calls RPCBPROC_INDIRECT (version 4): asks rpcbind to call a procedure of a registered program and report
    /// errors. Linux rpcbind disables it unless started with <c>-r</c>.
    /// </summary>
    /// <param name="arguments">The target and its encoded arguments.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The address of the target and its encoded results.</returns>
    /// <exception cref="InvalidOperationException">This client speaks version 3.</exception>
    public Task<RpcbindRemoteCallResult> IndirectAsync(RemoteCallArguments arguments, RpcCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        RequireVersion4("INDIRECT");
        return Call(RpcbindProcedure.Indirect, RemoteCallArguments.Codec, arguments ?? throw new ArgumentNullException(nameof(arguments)), RpcbindRemoteCallResult.Codec, options, cancellationToken);
    }

    /// <summary>Calls RPCBPROC_GETADDRLIST (version 4): lists the addresses of a program and version on the transports of the caller's protocol family.</summary>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version number.</param>
    /// <param name="netId">The netid of the caller's transport, which selects the protocol family; <see langword="null"/> sends it empty.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The addresses; empty when the program is not registered.</returns>
    /// <exception cref="InvalidOperationException">This client speaks version 3.</exception>
    public Task<IReadOnlyList<RpcbindEntry>> GetAddrListAsync(uint program, uint version, string? netId = null, RpcCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        RequireVersion4("GETADDRLIST");
        return Call(RpcbindProcedure.GetAddrList, RpcbindMapping.Codec, Query(program, version, netId), RpcbindEntry.ListCodec, options, cancellationToken);
    }

    /// <summary>Calls RPCBPROC_GETSTAT (version 4): reads rpcbind's statistics for versions 2, 3 and 4.</summary>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="InvalidOperationException">This client speaks version 3.</exception>
    public Task<RpcbindStatisticsByVersion> GetStatAsync(RpcCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        RequireVersion4("GETSTAT");
        return Call(RpcbindProcedure.GetStat, XdrCodec.Void, XdrVoid.Value, RpcbindStatisticsByVersion.Codec, options, cancellationToken);
    }

    /// <summary>Disposes the underlying <see cref="RpcClient"/> when this instance owns it.</summary>
    /// <returns>A task that completes when the client is closed.</returns>
    public ValueTask DisposeAsync() => _ownsClient ? RpcClient.DisposeAsync() : default;

    private static UniversalAddress? ParseAddress(string address)
    {
        if (address.Length == 0)
        {
            return null;
        }

        try
        {
            // The family follows from the text: rpcbind answers for its own transport, which need not be the netid asked about.
            return UniversalAddress.Parse(address);
        }
        catch (FormatException ex)
        {
            throw new RpcException(RpcStatus.CantDecodeResult, "RPC: Can't decode result", ex);
        }
    }

    private static RpcbindMapping Query(uint program, uint version, string? netId) =>
        new(program, version, netId ?? string.Empty, string.Empty, string.Empty);

    private void RequireVersion4(string procedure)
    {
        if (Version < PortmapperProgram.Version4)
        {
            throw new InvalidOperationException($"{procedure} is a procedure of rpcbind version 4; this client speaks version {Version}.");
        }
    }

    private Task<TResult> Call<TArgs, TResult>(RpcbindProcedure procedure, IXdrCodec<TArgs> argumentsCodec, TArgs arguments, IXdrCodec<TResult> resultCodec, RpcCallOptions? options, CancellationToken cancellationToken) =>
        RpcbindProcedureNames.Find(Version, (uint)procedure) is { } names
            ? RpcClient.CallAsync(names, argumentsCodec, arguments, resultCodec, options, cancellationToken)
            : RpcClient.CallAsync(PortmapperProgram.Number, Version, (uint)procedure, argumentsCodec, arguments, resultCodec, options, cancellationToken);
}
