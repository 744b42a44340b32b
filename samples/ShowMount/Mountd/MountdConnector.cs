using System.Net;
using System.Net.Sockets;
using OncRpc;
using OncRpc.Client;
using OncRpc.Portmapper;
using OncRpc.Xdr;
using RpcInfo;

namespace ShowMount.Mountd;

/// <summary>
/// libtirpc's <c>clnt_create(host, MOUNTPROG, vers, "tcp")</c> and then <c>"udp"</c>, as showmount calls them: for
/// each transport of the type in netconfig order (tcp, tcp6; udp, udp6), ask the host's rpcbind over that transport
/// where the program lives (GETADDR v4, v3, then the portmapper's GETPORT), then connect there. Creation errors are
/// worded as <c>clnt_spcreateerror</c> words them, and "unknown host" gives way to a more specific earlier error.
/// </summary>
internal sealed class MountdConnector
{
    private readonly ShowMountSettings _settings;
    private readonly Netconfig _netconfig;
    private readonly CancellationToken _cancellationToken;

    public MountdConnector(ShowMountSettings settings, CancellationToken cancellationToken)
    {
        _settings = settings;
        _netconfig = Netconfig.Load(settings.NetconfigPath);
        _cancellationToken = cancellationToken;
    }

    /// <summary>A client for the program on the host, over TCP if rpcbind knows it there, else over UDP.</summary>
    /// <exception cref="RpcInfoCreateException">Neither worked; the message is the last creation error.</exception>
    public async Task<RpcClient> ConnectAsync(string host, uint program, uint version)
    {
        try
        {
            return await CreateAsync(host, program, version, "tcp").ConfigureAwait(false);
        }
        catch (RpcInfoCreateException)
        {
            return await CreateAsync(host, program, version, "udp").ConfigureAwait(false);
        }
    }

    /// <summary><c>clnt_create_timed</c> for one nettype.</summary>
    private async Task<RpcClient> CreateAsync(string host, uint program, uint version, string protocol)
    {
        RpcInfoCreateException? saved = null;
        RpcInfoCreateException? last = null;
        foreach (NetconfigEntry nconf in _netconfig.ByProtocol(protocol).Where(e => e.IsInet || e.IsInet6))
        {
            try
            {
                return await CreateOverAsync(host, nconf, program, version).ConfigureAwait(false);
            }
            catch (RpcInfoCreateException ex)
            {
                last = ex;
                if (!IsNameError(ex.Status))
                {
                    saved = ex;
                }
            }
        }

        if (last is null)
        {
            throw RpcInfoCreateException.Of(RpcStatus.UnknownProtocol);
        }

        throw IsNameError(last.Status) && saved is not null ? saved : last;
    }

    // RPC_N2AXLATEFAILURE (22) and RPC_UNKNOWNHOST: errors libtirpc replaces by an earlier, more specific one.
    private static bool IsNameError(RpcStatus status) => status == RpcStatus.UnknownHost || (int)status == 22;

    /// <summary><c>clnt_tp_create_timed</c>: find the program through rpcbind, then connect to it.</summary>
    private async Task<RpcClient> CreateOverAsync(string host, NetconfigEntry nconf, uint program, uint version)
    {
        AddressFamily family = nconf.IsInet ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        IPAddress address = Resolve(host, family) ?? throw RpcInfoCreateException.Of(RpcStatus.UnknownHost);
        RpcTransportKind kind = nconf.IsStream ? RpcTransportKind.Tcp : RpcTransportKind.Udp;
        EndPoint found = await FindAddressAsync(address, nconf, kind, program, version).ConfigureAwait(false);
        return await ConnectAsync(found, kind, _settings.CallTimeout).ConfigureAwait(false);
    }

    /// <summary>libtirpc's <c>__rpcb_findaddr_timed</c> over one transport.</summary>
    private async Task<EndPoint> FindAddressAsync(IPAddress address, NetconfigEntry nconf, RpcTransportKind kind, uint program, uint version)
    {
        var rpcbindEndPoint = new IPEndPoint(address, _settings.RpcbindPort);
        RpcClient rpcbind = await ConnectAsync(rpcbindEndPoint, kind, _settings.LookupTimeout).ConfigureAwait(false);
        await using (rpcbind.ConfigureAwait(false))
        {
            return await RpcbindLookup.FindAddressAsync(rpcbind, rpcbindEndPoint, nconf, program, version, _cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<RpcClient> ConnectAsync(EndPoint endPoint, RpcTransportKind kind, TimeSpan timeout)
    {
        try
        {
            return await RpcClient.ConnectAsync(endPoint, kind, ClientOptions(endPoint, kind, timeout), _cancellationToken).ConfigureAwait(false);
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
    /// The client settings: calls on the calling thread (a few calls, one after the other), libtirpc's 15-second
    /// UDP retransmission, and the bounds that keep a hostile server's reply from costing more than a few MiB.
    /// </summary>
    private RpcClientOptions ClientOptions(EndPoint endPoint, RpcTransportKind kind, TimeSpan timeout) => new()
    {
        IoMode = RpcClientIoMode.CallingThread,

        // libtirpc asks for ICMP errors on IPv4 datagram sockets only.
        FailOnIcmpErrors = !(kind == RpcTransportKind.Udp && endPoint.AddressFamily == AddressFamily.InterNetworkV6),
        ConnectTimeout = _settings.ConnectTimeout,
        Timeout = timeout,
        RetransmitInterval = TimeSpan.FromSeconds(15),
        MaxReplySize = _settings.MaxReplySize,
        ReaderOptions = new XdrReaderOptions
        {
            MaxListLength = _settings.MaxListEntries,
            MaxArrayLength = _settings.MaxListEntries,
            MaxStringLength = 8192,
            MaxOpaqueLength = 8192,

            // libtirpc does not look at padding bytes and takes any non-zero word as TRUE (xdr_bool, the "more"
            // flags of the lists); neither do we, so the same replies decode.
            RequireZeroPadding = false,
            StrictBooleans = false,
        },
    };

    private IPAddress? Resolve(string host, AddressFamily family) => HostLookup.Resolve(host, family, _cancellationToken);

    internal static bool IsCallFailure(Exception ex) => RpcbindLookup.IsCallFailure(ex);
}
