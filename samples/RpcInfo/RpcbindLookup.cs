using System.Net;
using System.Net.Sockets;
using OncRpc;
using OncRpc.Client;
using OncRpc.Portmapper;
using OncRpc.Xdr;

namespace RpcInfo;

/// <summary>
/// The questions libtirpc's <c>__rpcb_findaddr_timed</c> asks once it has reached rpcbind: GETADDR version 4, then
/// 3, then (over IPv4) the portmapper's GETPORT, with the failures worded as <c>clnt_spcreateerror</c> words them.
/// rpcinfo and showmount both find services this way.
/// </summary>
internal static class RpcbindLookup
{
    /// <summary>Where <paramref name="program"/> lives according to the rpcbind <paramref name="rpcbind"/> talks to at <paramref name="target"/>.</summary>
    /// <exception cref="RpcInfoCreateException">rpcbind could not be asked, or does not know the program.</exception>
    public static async Task<EndPoint> FindAddressAsync(
        RpcClient rpcbind, EndPoint target, NetconfigEntry nconf, uint program, uint version, CancellationToken cancellationToken)
    {
        string callerAddress = nconf.IsLoopback ? string.Empty : UniversalAddress.FromEndPoint(target).ToString();
        var query = new RpcbindMapping(program, version, nconf.NetId, callerAddress, "libtirpc");
        for (uint rpcbindVersion = PortmapperProgram.Version4; rpcbindVersion >= PortmapperProgram.Version3; rpcbindVersion--)
        {
            string universalAddress;
            try
            {
                universalAddress = await rpcbind.CallAsync(
                    PortmapperProgram.Number, rpcbindVersion, (uint)RpcbindProcedure.GetAddr,
                    RpcbindMapping.Codec, query, XdrCodec.BoundedString(1024),
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RpcProgramMismatchException { Low: <= 4 }
                || (ex is RpcException r && r.Status is RpcStatus.ProgramUnavailable or RpcStatus.CantDecodeArguments))
            {
                continue;
            }
            catch (Exception ex) when (IsCallFailure(ex))
            {
                throw new RpcInfoCreateException(ClntText.StatusOf(ex), ClntText.CreateText(ex));
            }

            if (universalAddress.Length == 0)
            {
                throw RpcInfoCreateException.Of(RpcStatus.ProgramNotRegistered);
            }

            if (!UniversalAddress.TryParse(universalAddress, nconf.NetId, out UniversalAddress? parsed))
            {
                throw RpcInfoCreateException.NameLookupFailed();
            }

            EndPoint found = parsed.ToEndPoint();

            // A wildcard answer means "the address you asked": libtirpc's __rpc_fixup_addr.
            if (found is IPEndPoint ip && (ip.Address.Equals(IPAddress.Any) || ip.Address.Equals(IPAddress.IPv6Any))
                && target is IPEndPoint server)
            {
                found = new IPEndPoint(server.Address, ip.Port);
            }

            return found;
        }

        if (!nconf.IsInet)
        {
            throw RpcInfoCreateException.Of(RpcStatus.ProgramNotRegistered);
        }

        uint port;
        try
        {
            var mapping = new PortMapping(program, version, nconf.IsStream ? PortMapping.Tcp : PortMapping.Udp, 0);
            port = await rpcbind.CallAsync(
                PortmapperProgram.Number, PortmapperProgram.Version2, (uint)PortmapperProcedure.GetPort,
                PortMapping.Codec, mapping, XdrCodec.UInt32, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCallFailure(ex))
        {
            throw new RpcInfoCreateException(RpcStatus.PortmapperFailure, "RPC: Port mapper failure - " + ClntText.Sperrno(ClntText.StatusOf(ex)).Substring(5));
        }

        if ((port & 0xffff) == 0)
        {
            throw RpcInfoCreateException.Of(RpcStatus.ProgramNotRegistered);
        }

        return new IPEndPoint(((IPEndPoint)target).Address, (int)(port & 0xffff));
    }

    /// <summary>True for the exceptions a failed call ends with (as opposed to bugs or cancellation).</summary>
    public static bool IsCallFailure(Exception ex) =>
        ex is RpcException or TimeoutException or XdrException or SocketException or IOException;
}
