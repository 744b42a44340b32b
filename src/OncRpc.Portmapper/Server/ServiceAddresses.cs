using System.Net;
using System.Net.Sockets;
using OncRpc.Server;

namespace OncRpc.Portmapper.Server;

/// <summary>The netid and address rules of the rpcbind service.</summary>
internal static class ServiceAddresses
{
    /// <summary>The netid of a server endpoint: <c>local</c>, or <c>tcp</c>/<c>udp</c> with a <c>6</c> for IPv6.</summary>
    public static string NetIdOf(RpcTransportKind transport, EndPoint? local) => transport switch
    {
        RpcTransportKind.Local => NetId.Local,
        RpcTransportKind.Udp => local?.AddressFamily == AddressFamily.InterNetworkV6 ? NetId.Udp6 : NetId.Udp,
        _ => local?.AddressFamily == AddressFamily.InterNetworkV6 ? NetId.Tcp6 : NetId.Tcp,
    };

    /// <summary>The netid of a portmapper protocol number; empty for one that is neither TCP nor UDP.</summary>
    public static string ProtocolNetId(uint protocol) => protocol switch
    {
        PortMapping.Tcp => NetId.Tcp,
        PortMapping.Udp => NetId.Udp,
        _ => string.Empty,
    };

    /// <summary>Replaces a wildcard address (0.0.0.0 or ::) with the address the caller reached, as rpcbind's mergeaddr does.</summary>
    public static string Merge(string address, RpcCallContext context)
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
}
