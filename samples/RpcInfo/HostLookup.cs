using System.Net;
using System.Net.Sockets;

namespace RpcInfo;

/// <summary>The host-name lookup of libtirpc's tools (getaddrinfo, first answer), shared by rpcinfo and showmount.</summary>
internal static class HostLookup
{
    /// <summary>
    /// The first address of <paramref name="host"/> in <paramref name="family"/> (any family when
    /// <see cref="AddressFamily.Unspecified"/>), or null when it has none or cannot be looked up.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the lookup.</exception>
    public static IPAddress? Resolve(string host, AddressFamily family, CancellationToken cancellationToken)
    {
        if (host.Length == 0)
        {
            return null;
        }

        if (IPAddress.TryParse(host, out IPAddress? literal) && host.IndexOf('%', StringComparison.Ordinal) < 0)
        {
            return family == AddressFamily.Unspecified || literal.AddressFamily == family ? literal : null;
        }

        try
        {
            // Synchronous, like the C tools' getaddrinfo: the asynchronous lookup starts a thread of its own.
            cancellationToken.ThrowIfCancellationRequested();
            IPAddress[] addresses = Dns.GetHostAddresses(host, family);
            return addresses.Length > 0 ? addresses[0] : null;
        }
        catch (SocketException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
