using System.Net;
using System.Net.Sockets;
using OncRpc.Client;
using OncRpc.Server;

namespace OncRpc.Portmapper.Server;

/// <summary>Publishes an <see cref="RpcServer"/>'s programs in the system's rpcbind, and withdraws them when the server stops.</summary>
public static class RpcServerRpcbindExtensions
{
    /// <summary>
    /// Registers every program version the server serves, at every endpoint it listens on, with the local rpcbind
    /// (see <see cref="RpcbindRegistration.RegisterAsync"/>), and arranges for exactly those registrations to be
    /// removed when the server starts stopping, before it drains its calls in progress.
    /// </summary>
    /// <remarks>
    /// Call it after the procedures are added and the listeners are open. Program 100000 (the portmapper itself) is
    /// never registered. A registration rpcbind refuses (the program, version and netid are already registered,
    /// perhaps by another process) is left out of the result and is not removed on stop.
    /// </remarks>
    /// <param name="server">The server to publish.</param>
    /// <param name="rpcbindEndPoint">The rpcbind to talk to, or <see langword="null"/> for the local socket when it exists, else 127.0.0.1:111.</param>
    /// <param name="options">The settings of the client used to reach rpcbind, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to cancel the registration.</param>
    /// <returns>The registrations rpcbind accepted (their owner is left empty: rpcbind records it).</returns>
    /// <exception cref="RpcException">rpcbind could not be reached or failed a call; registrations made before are withdrawn again.</exception>
    /// <exception cref="SocketException">rpcbind could not be reached; registrations made before are withdrawn again.</exception>
    public static async Task<IReadOnlyList<RpcbindMapping>> RegisterWithRpcbindAsync(
        this RpcServer server,
        EndPoint? rpcbindEndPoint = null,
        RpcClientOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (server is null)
        {
            throw new ArgumentNullException(nameof(server));
        }

        var registered = new List<RpcbindMapping>();
        IReadOnlyList<RpcServerEndPoint> endPoints = server.EndPoints;
        try
        {
            foreach (RpcProgramVersion program in server.Programs)
            {
                if (program.Program == PortmapperProgram.Number)
                {
                    continue;
                }

                foreach (RpcServerEndPoint endPoint in endPoints)
                {
                    if (await RpcbindRegistration.RegisterAsync(program.Program, program.Version, endPoint.Transport, endPoint.EndPoint, rpcbindEndPoint, options, cancellationToken).ConfigureAwait(false))
                    {
                        registered.Add(RpcbindRegistration.MappingFor(program.Program, program.Version, endPoint.Transport, endPoint.EndPoint));
                    }
                }
            }
        }
        catch
        {
            try
            {
                await UnregisterAsync(registered, rpcbindEndPoint, options, CancellationToken.None).ConfigureAwait(false);
            }
            catch (AggregateException)
            {
                // Withdrawing failed too (rpcbind is likely gone): the caller is told why registering failed, as documented.
            }

            throw;
        }

        server.AddStoppingCallback(token => UnregisterAsync(registered, rpcbindEndPoint, options, token));
        return registered;
    }

    private static async Task UnregisterAsync(List<RpcbindMapping> registered, EndPoint? rpcbindEndPoint, RpcClientOptions? options, CancellationToken cancellationToken)
    {
        List<Exception>? failures = null;
        foreach (RpcbindMapping mapping in registered)
        {
            try
            {
                await RpcbindRegistration.UnregisterAsync(mapping.Program, mapping.Version, mapping.NetId, rpcbindEndPoint, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RpcException or SocketException or IOException or OperationCanceledException)
            {
                (failures ??= []).Add(ex);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException("Some registrations could not be removed from rpcbind.", failures);
        }
    }
}
