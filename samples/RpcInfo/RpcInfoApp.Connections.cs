using System.Net;
using System.Net.Sockets;
using OncRpc;
using OncRpc.Client;
using OncRpc.Portmapper;
using OncRpc.Xdr;

namespace RpcInfo;

/// <summary>How rpcinfo reaches rpcbind and services: the order of transports libtirpc tries, and its errors.</summary>
internal sealed partial class RpcInfoApp
{
    /// <summary>An open client and what rpcinfo knows about how it got there.</summary>
    private sealed record Handle(RpcClient Client, string NetId, EndPoint Target) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Client.DisposeAsync();
    }

    // rpcinfo makes a few calls, one after the other, like the C tool: on the calling thread, with no receive
    // thread, socket event thread, timer thread or thread-pool workers to start, which would take longer than the calls.
    private RpcClientOptions ClientOptions(TimeSpan timeout, bool ipv6Datagram) => new()
    {
        IoMode = RpcClientIoMode.CallingThread,

        // libtirpc asks for ICMP errors (IP_RECVERR) on IPv4 datagram sockets only: over IPv6 the C tool never learns
        // that nothing listens and retransmits until the call times out, and so do we.
        FailOnIcmpErrors = !ipv6Datagram,
        ConnectTimeout = _settings.ConnectTimeout,
        Timeout = timeout,
        MaxReplySize = _settings.MaxReplySize,
        ReaderOptions = new XdrReaderOptions
        {
            MaxListLength = _settings.MaxListEntries,
            MaxStringLength = 8192,
            MaxOpaqueLength = 8192,
            MaxArrayLength = _settings.MaxListEntries,

            // libtirpc does not look at padding bytes; neither do we, so the same replies decode.
            RequireZeroPadding = false,
        },
    };

    private async Task<RpcClient> ConnectAsync(EndPoint endPoint, RpcTransportKind kind, TimeSpan timeout)
    {
        try
        {
            bool ipv6Datagram = kind == RpcTransportKind.Udp && endPoint.AddressFamily == AddressFamily.InterNetworkV6;
            return await RpcClient.ConnectAsync(endPoint, kind, ClientOptions(timeout, ipv6Datagram), _cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (endPoint is UnixDomainSocketEndPoint unix && IsMissingSocket(ex, unix))
        {
            throw RpcInfoCreateException.NoLocalSocket();
        }
        catch (RpcException ex)
        {
            throw new RpcInfoCreateException(ex.Status, ClntText.CreateText(ex));
        }
        catch (TimeoutException)
        {
            throw RpcInfoCreateException.Of(RpcStatus.TimedOut);
        }
    }

    /// <summary>
    /// .NET reports connect()'s ENOENT on a Unix socket as EADDRNOTAVAIL ("Cannot assign requested address"); the C
    /// tool prints strerror(ENOENT). A path that does not exist tells the two apart.
    /// </summary>
    private static bool IsMissingSocket(RpcException ex, UnixDomainSocketEndPoint endPoint) =>
        (ex.InnerException as SocketException ?? ex.InnerException?.InnerException as SocketException)?.SocketErrorCode == SocketError.AddressNotAvailable
        && !File.Exists(endPoint.ToString());

    /// <summary><c>local_rpcb</c>: rpcbind's Unix socket.</summary>
    private async Task<Handle> LocalRpcbindAsync(TimeSpan timeout)
    {
        var endPoint = new UnixDomainSocketEndPoint(_settings.LocalSocketPath);
        RpcClient client = await ConnectAsync(endPoint, RpcTransportKind.Local, timeout).ConfigureAwait(false);
        return new Handle(client, NetId.Local, endPoint);
    }

    private IPAddress? Resolve(string host, AddressFamily family) => HostLookup.Resolve(host, family, _cancellationToken);

    private static AddressFamily FamilyOf(NetconfigEntry nconf) =>
        nconf.IsInet ? AddressFamily.InterNetwork : nconf.IsInet6 ? AddressFamily.InterNetworkV6 : AddressFamily.Unspecified;

    /// <summary>rpcinfo's <c>getclnthandle</c>: rpcbind on a host over one netconfig transport.</summary>
    private async Task<Handle> RpcbindHandleAsync(string host, NetconfigEntry nconf, TimeSpan timeout, IPAddress? resolved = null)
    {
        IPAddress address = resolved ?? Resolve(host, AddressFamily.Unspecified)
            ?? throw RpcInfoCreateException.NameLookupFailed();
        if (nconf.Semantics == NetconfigSemantics.Raw)
        {
            throw new RpcInfoCreateException(RpcStatus.SystemError, "RPC: Remote system error - Socket operation on non-socket");
        }

        if (FamilyOf(nconf) == AddressFamily.Unspecified || FamilyOf(nconf) != address.AddressFamily)
        {
            throw RpcInfoCreateException.Of(RpcStatus.UnknownHost);
        }

        var endPoint = new IPEndPoint(address, _settings.RpcbindPort);
        RpcTransportKind kind = nconf.IsStream ? RpcTransportKind.Tcp : RpcTransportKind.Udp;
        RpcClient client = await ConnectAsync(endPoint, kind, timeout).ConfigureAwait(false);
        return new Handle(client, nconf.NetId, endPoint);
    }

    /// <summary>rpcinfo's <c>clnt_rpcbind_create</c>: the first transport on which a client to rpcbind can be made.</summary>
    private async Task<Handle> RpcbindAnyAsync(string host, TimeSpan timeout)
    {
        IPAddress address = Resolve(host, AddressFamily.Unspecified)
            ?? throw RpcInfoCreateException.NameLookupFailed();
        RpcInfoCreateException? last = null;
        foreach (NetconfigEntry nconf in NetconfigDatabase.RpcbindCandidates())
        {
            try
            {
                return await RpcbindHandleAsync(host, nconf, timeout, address).ConfigureAwait(false);
            }
            catch (RpcInfoCreateException ex)
            {
                last = ex;
            }
        }

        throw last ?? RpcInfoCreateException.Of(RpcStatus.UnknownProtocol);
    }

    /// <summary>
    /// libtirpc's <c>__rpcb_findaddr_timed</c>: asks rpcbind on the host (over the same transport) where a program
    /// lives, with GETADDR version 4, then 3, then the portmapper's GETPORT; failures become creation errors.
    /// </summary>
    private async Task<EndPoint> FindAddressAsync(string host, NetconfigEntry nconf, uint program, uint version)
    {
        if (nconf.Semantics == NetconfigSemantics.Raw)
        {
            throw RpcInfoCreateException.Of(RpcStatus.UnknownProtocol);
        }

        Handle rpcbind;
        if (nconf.IsLoopback)
        {
            try
            {
                rpcbind = await LocalRpcbindAsync(_settings.LookupTimeout).ConfigureAwait(false);
            }
            catch (RpcInfoCreateException ex) when (ex.Status == RpcStatus.SystemError)
            {
                // libtirpc's local_rpcb falls back to other ways of reaching the local rpcbind when the socket
                // refuses, and the last of them fails with ENOENT: that is what the C tool reports, whether the
                // path is missing or something there refuses the connection.
                throw RpcInfoCreateException.NoLocalSocket();
            }
        }
        else
        {
            IPAddress address = Resolve(host, FamilyOf(nconf))
                ?? throw RpcInfoCreateException.Of(RpcStatus.UnknownHost);
            rpcbind = await RpcbindHandleAsync(host, nconf, _settings.LookupTimeout, address).ConfigureAwait(false);
        }

        await using (rpcbind.ConfigureAwait(false))
        {
            return await RpcbindLookup.FindAddressAsync(rpcbind.Client, rpcbind.Target, nconf, program, version, _cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>clnt_tp_create</c>: find the program through rpcbind, then connect to it over the netid.</summary>
    private async Task<Handle> ServiceHandleAsync(string host, NetconfigEntry nconf, uint program, uint version, TimeSpan timeout)
    {
        EndPoint endPoint = await FindAddressAsync(host, nconf, program, version).ConfigureAwait(false);
        RpcTransportKind kind = nconf.IsLoopback ? RpcTransportKind.Local : nconf.IsStream ? RpcTransportKind.Tcp : RpcTransportKind.Udp;
        RpcClient client = await ConnectAsync(endPoint, kind, timeout).ConfigureAwait(false);
        return new Handle(client, nconf.NetId, endPoint);
    }

    private static bool IsCallFailure(Exception ex) => RpcbindLookup.IsCallFailure(ex);
}
