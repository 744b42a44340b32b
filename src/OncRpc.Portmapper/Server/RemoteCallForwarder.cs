using System.Net;
using System.Net.Sockets;
using OncRpc.Client;
using OncRpc.Messages;
using OncRpc.Server;
using OncRpc.Xdr;

namespace OncRpc.Portmapper.Server;

/// <summary>
/// Forwards remote calls (CALLIT, BCAST, INDIRECT) over UDP to the exact program version registered on this
/// machine, as rpcbind does, with the caller's credential (AUTH_NONE or AUTH_SYS; other flavors are not forwarded).
/// </summary>
internal sealed class RemoteCallForwarder(MappingRegistry mappings, RpcbindStatisticsCollector statistics, RpcClientOptions clientOptions)
{
    /// <summary>Forwards a call and records it in the remote-call statistics of <paramref name="version"/>.</summary>
    /// <returns>The address the call went to, and its results as they came back.</returns>
    /// <exception cref="RpcCallRejectedException">The call is not forwarded or got no reply: the caller's reply, if any.</exception>
    public async Task<(IPEndPoint Target, ReadOnlyMemory<byte> Results)> ForwardAsync(
        uint version, RemoteCallArguments call, RpcCallContext context, bool indirect, CancellationToken cancellationToken)
    {
        if (call.Program == PortmapperProgram.Number)
        {
            // rpcbind refuses calls to itself before it records anything.
            throw Unavailable(indirect);
        }

        IPEndPoint? target = FindTarget(call, context);
        statistics.CountRemoteCall(
            version, indirect, call.Program, call.Version, call.Procedure,
            ServiceAddresses.NetIdOf(context.Transport, context.LocalEndPoint), target is not null);
        if (target is null)
        {
            throw Unavailable(indirect);
        }

        RpcCallOptions callOptions = new() { Auth = ForwardedAuth(context.Credential, indirect) };
        try
        {
            RpcClient client = await RpcClient.ConnectAsync(target, RpcTransportKind.Udp, clientOptions, cancellationToken).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                ReadOnlyMemory<byte> results = await client.CallAsync(
                    call.Program, call.Version, call.Procedure, RawBytes.Instance, call.Arguments, RawBytes.Instance, callOptions, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// The loopback address of the exact program version, looked up on the datagram transport of the caller's
    /// address family; <see langword="null"/> when it is not registered there or not on this machine.
    /// </summary>
    private IPEndPoint? FindTarget(RemoteCallArguments call, RpcCallContext context)
    {
        string netId = ServiceAddresses.NetIdOf(RpcTransportKind.Udp, context.LocalEndPoint);
        if (mappings.Find(call.Program, call.Version, netId, exactVersion: true) is not { } mapping ||
            !UniversalAddress.TryParse(mapping.Address, out UniversalAddress? address) ||
            address.Address is not { } ip)
        {
            return null;
        }

        if (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
        {
            ip = ip.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        }

        return IPAddress.IsLoopback(ip) ? new IPEndPoint(ip, address.Port) : null;
    }
}
