using System.Net;
using System.Net.Sockets;
using OncRpc.Client;

namespace OncRpc.Portmapper;

/// <summary>
/// Finds where a program listens by asking the host's rpcbind, the way libtirpc does before it connects:
/// rpcbind version 4 GETVERSADDR, then version 3 GETADDR, then portmapper version 2 GETPORT, each tried when the
/// server does not speak the one before.
/// </summary>
public static class RpcbindResolver
{
    /// <summary>Finds the endpoint of a program and version on a host.</summary>
    /// <param name="host">The host whose rpcbind (port 111) is asked.</param>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version number.</param>
    /// <param name="transport"><see cref="RpcTransportKind.Tcp"/> or <see cref="RpcTransportKind.Udp"/>: the transport the program is wanted on, which is also the one rpcbind is asked over.</param>
    /// <param name="options">The settings of the clients used to ask rpcbind, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to cancel the lookup.</param>
    /// <returns>The endpoint of the program.</returns>
    /// <exception cref="RpcException">The program is not registered (<see cref="RpcStatus.ProgramNotRegistered"/>) or rpcbind could not be asked.</exception>
    public static Task<EndPoint> ResolveAsync(IPAddress host, uint program, uint version, RpcTransportKind transport, RpcClientOptions? options = null, CancellationToken cancellationToken = default) =>
        ResolveAsync(new IPEndPoint(host ?? throw new ArgumentNullException(nameof(host)), PortmapperProgram.Port), program, version, transport, options, cancellationToken);

    /// <summary>Finds the endpoint of a program and version through a given rpcbind.</summary>
    /// <param name="rpcbindEndPoint">Where rpcbind listens: an <see cref="IPEndPoint"/>, or a Unix domain socket endpoint with <see cref="RpcTransportKind.Local"/>.</param>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version number.</param>
    /// <param name="transport">The transport the program is wanted on, which is also the one rpcbind is asked over.</param>
    /// <param name="options">The settings of the clients used to ask rpcbind, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to cancel the lookup.</param>
    /// <returns>The endpoint of the program. A wildcard address in rpcbind's answer is replaced by the address of <paramref name="rpcbindEndPoint"/>.</returns>
    /// <exception cref="RpcException">The program is not registered (<see cref="RpcStatus.ProgramNotRegistered"/>) or rpcbind could not be asked.</exception>
    public static async Task<EndPoint> ResolveAsync(EndPoint rpcbindEndPoint, uint program, uint version, RpcTransportKind transport, RpcClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (rpcbindEndPoint is null)
        {
            throw new ArgumentNullException(nameof(rpcbindEndPoint));
        }

        string netId = NetId.For(rpcbindEndPoint, transport == RpcTransportKind.Udp ? ProtocolType.Udp : ProtocolType.Tcp);
        RpcClient client = await RpcClient.ConnectAsync(rpcbindEndPoint, transport, options, cancellationToken).ConfigureAwait(false);
        await using (client.ConfigureAwait(false))
        {
            UniversalAddress? address = null;
            bool answered = false;
            foreach (uint rpcbindVersion in new[] { PortmapperProgram.Version4, PortmapperProgram.Version3 })
            {
                try
                {
                    var rpcbind = new RpcbindClient(client, rpcbindVersion);
                    address = rpcbindVersion == PortmapperProgram.Version4
                        ? await rpcbind.GetVersAddrAsync(program, version, netId, cancellationToken: cancellationToken).ConfigureAwait(false)
                        : await rpcbind.GetAddrAsync(program, version, netId, cancellationToken: cancellationToken).ConfigureAwait(false);
                    answered = true;
                    break;
                }
                catch (RpcException ex) when (IsVersionNotSpoken(ex))
                {
                }
            }

            if (!answered && rpcbindEndPoint is IPEndPoint { AddressFamily: AddressFamily.InterNetwork })
            {
                var portmapper = new PortmapperClient(client);
                int? port = await portmapper.GetPortAsync(program, version, transport == RpcTransportKind.Udp ? ProtocolType.Udp : ProtocolType.Tcp, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                if (port is int p)
                {
                    return new IPEndPoint(((IPEndPoint)rpcbindEndPoint).Address, p);
                }
            }

            if (address is null)
            {
                throw new RpcException(RpcStatus.ProgramNotRegistered, "RPC: Program not registered");
            }

            if (address.Address is IPAddress ip && rpcbindEndPoint is IPEndPoint rpcbindIp && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
            {
                return new IPEndPoint(rpcbindIp.Address, address.Port);
            }

            return address.ToEndPoint();
        }
    }

    /// <summary>Finds a program and version on a host through its rpcbind and connects an RPC client to it.</summary>
    /// <param name="host">The host.</param>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version number.</param>
    /// <param name="transport"><see cref="RpcTransportKind.Tcp"/> or <see cref="RpcTransportKind.Udp"/>.</param>
    /// <param name="options">The settings of the clients, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to cancel the lookup and the connection.</param>
    /// <returns>A client connected to the program.</returns>
    /// <exception cref="RpcException">The program is not registered (<see cref="RpcStatus.ProgramNotRegistered"/>) or a connection failed.</exception>
    public static Task<RpcClient> ConnectAsync(IPAddress host, uint program, uint version, RpcTransportKind transport, RpcClientOptions? options = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(new IPEndPoint(host ?? throw new ArgumentNullException(nameof(host)), PortmapperProgram.Port), program, version, transport, options, cancellationToken);

    /// <summary>Finds a program and version through a given rpcbind and connects an RPC client to it.</summary>
    /// <param name="rpcbindEndPoint">Where rpcbind listens.</param>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version number.</param>
    /// <param name="transport">The transport.</param>
    /// <param name="options">The settings of the clients, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to cancel the lookup and the connection.</param>
    /// <returns>A client connected to the program.</returns>
    /// <exception cref="RpcException">The program is not registered (<see cref="RpcStatus.ProgramNotRegistered"/>) or a connection failed.</exception>
    public static async Task<RpcClient> ConnectAsync(EndPoint rpcbindEndPoint, uint program, uint version, RpcTransportKind transport, RpcClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        EndPoint endPoint = await ResolveAsync(rpcbindEndPoint, program, version, transport, options, cancellationToken).ConfigureAwait(false);
        return await RpcClient.ConnectAsync(endPoint, transport, options, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsVersionNotSpoken(RpcException ex) =>
        ex is RpcProgramMismatchException || ex.Status is RpcStatus.ProgramUnavailable or RpcStatus.ProcedureUnavailable or RpcStatus.ProgramVersionMismatch;
}
