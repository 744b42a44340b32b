using System.Net;
using System.Net.Sockets;
using OncRpc.Client;

namespace OncRpc.Portmapper;

/// <summary>
/// Registers and unregisters a server's programs with the local rpcbind, over its Unix domain socket when it
/// exists (so that rpcbind records the caller as owner) and over TCP on 127.0.0.1 otherwise.
/// </summary>
public static class RpcbindRegistration
{
    /// <summary>Registers a program and version at an endpoint with the local rpcbind (version 4 SET, falling back to portmapper version 2 SET for IPv4 when rpcbind is an old portmapper).</summary>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version number.</param>
    /// <param name="transport">The transport the server listens on.</param>
    /// <param name="serviceEndPoint">Where the server listens: an <see cref="IPEndPoint"/>, or a Unix domain socket endpoint for <see cref="RpcTransportKind.Local"/>.</param>
    /// <param name="rpcbindEndPoint">The rpcbind to talk to, or <see langword="null"/> for <see cref="PortmapperProgram.LocalSocketPath"/> when it exists, else 127.0.0.1:111.</param>
    /// <param name="options">The settings of the client used to reach rpcbind, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to cancel the registration.</param>
    /// <returns><see langword="true"/> when rpcbind registered the address; <see langword="false"/> when it refused (for example because the program and version are already registered on that netid).</returns>
    public static async Task<bool> RegisterAsync(
        uint program,
        uint version,
        RpcTransportKind transport,
        EndPoint serviceEndPoint,
        EndPoint? rpcbindEndPoint = null,
        RpcClientOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (serviceEndPoint is null)
        {
            throw new ArgumentNullException(nameof(serviceEndPoint));
        }

        RpcbindMapping mapping = MappingFor(program, version, transport, serviceEndPoint);
        (EndPoint target, RpcTransportKind kind) = Target(rpcbindEndPoint);
        RpcClient client = await RpcClient.ConnectAsync(target, kind, options, cancellationToken).ConfigureAwait(false);
        await using (client.ConfigureAwait(false))
        {
            try
            {
                return await new RpcbindClient(client).SetAsync(mapping, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException ex) when ((ex is RpcProgramMismatchException || ex.Status == RpcStatus.ProgramVersionMismatch) &&
                                          serviceEndPoint is IPEndPoint { AddressFamily: AddressFamily.InterNetwork } ip)
            {
                uint protocol = transport == RpcTransportKind.Udp ? PortMapping.Udp : PortMapping.Tcp;
                return await new PortmapperClient(client).SetAsync(new PortMapping(program, version, protocol, (uint)ip.Port), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The rpcbind version 4 mapping that registers a service's address (the owner left empty: rpcbind records it).</summary>
    internal static RpcbindMapping MappingFor(uint program, uint version, RpcTransportKind transport, EndPoint serviceEndPoint)
    {
        string netId = NetId.For(serviceEndPoint, transport == RpcTransportKind.Udp ? ProtocolType.Udp : ProtocolType.Tcp);
        return new RpcbindMapping(program, version, netId, UniversalAddress.FromEndPoint(serviceEndPoint).ToString(), string.Empty);
    }

    /// <summary>Removes the registrations of a program and version from the local rpcbind (version 4 UNSET, falling back to portmapper version 2 UNSET).</summary>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version number.</param>
    /// <param name="netId">The netid to remove, or <see langword="null"/> for every transport.</param>
    /// <param name="rpcbindEndPoint">The rpcbind to talk to, or <see langword="null"/> for <see cref="PortmapperProgram.LocalSocketPath"/> when it exists, else 127.0.0.1:111.</param>
    /// <param name="options">The settings of the client used to reach rpcbind, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns><see langword="true"/> when something was removed.</returns>
    public static async Task<bool> UnregisterAsync(
        uint program,
        uint version,
        string? netId = null,
        EndPoint? rpcbindEndPoint = null,
        RpcClientOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        (EndPoint target, RpcTransportKind kind) = Target(rpcbindEndPoint);
        RpcClient client = await RpcClient.ConnectAsync(target, kind, options, cancellationToken).ConfigureAwait(false);
        await using (client.ConfigureAwait(false))
        {
            try
            {
                return await new RpcbindClient(client).UnsetAsync(program, version, netId, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex is RpcProgramMismatchException || ex.Status == RpcStatus.ProgramVersionMismatch)
            {
                return await new PortmapperClient(client).UnsetAsync(program, version, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static (EndPoint Target, RpcTransportKind Kind) Target(EndPoint? rpcbindEndPoint)
    {
        if (rpcbindEndPoint is not null)
        {
            return (rpcbindEndPoint, rpcbindEndPoint.AddressFamily == AddressFamily.Unix ? RpcTransportKind.Local : RpcTransportKind.Tcp);
        }

#if NET
        if (File.Exists(PortmapperProgram.LocalSocketPath))
        {
            return (new UnixDomainSocketEndPoint(PortmapperProgram.LocalSocketPath), RpcTransportKind.Local);
        }
#endif

        return (new IPEndPoint(IPAddress.Loopback, PortmapperProgram.Port), RpcTransportKind.Tcp);
    }
}
