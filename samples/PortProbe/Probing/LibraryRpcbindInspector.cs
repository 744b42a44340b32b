using System.Net;
using System.Net.Sockets;
using OncRpc;
using OncRpc.Client;
using OncRpc.Portmapper;
using OncRpc.Xdr;

namespace PortProbe.Probing;

/// <summary>
/// Asks the portmapper through OncRpc.Portmapper: the typed clients list the registrations over TCP; over UDP the
/// calls go through <see cref="RpcClient.CallWithDetailsAsync"/> with the package's codecs, because the
/// amplification factor needs the size of every request and reply. Only DUMP and GETSTAT are sent: nothing that
/// registers, unregisters or forwards calls.
/// </summary>
internal sealed class LibraryRpcbindInspector(RpcProgramNames? names = null) : IRpcbindInspector
{
    private readonly RpcProgramNames _names = names ?? RpcProgramNames.Default;

    public string? ProgramName(uint program) => _names.TryGetName(program, out string? name) ? name : null;

    public async Task<UdpInspection> InspectUdpAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        RpcClient client;
        try
        {
            client = await RpcClient.ConnectAsync(endPoint, RpcTransportKind.Udp, Options(timeout), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or SocketException or TimeoutException)
        {
            return new UdpInspection(UdpState.NoAnswer, [], null, ex.Message);
        }

        await using (client.ConfigureAwait(false))
        {
            var probes = new List<SizeProbe>();
            ProgramListing? listing = null;
            bool answered = false;
            string? detail = null;

            // DUMP v2 goes first: every portmapper answers it, and a silent host is known after one timeout.
            try
            {
                RpcResponse<IReadOnlyList<PortMapping>> v2 = await client.CallWithDetailsAsync(
                    PortmapperProgram.Number, PortmapperProgram.Version2, (uint)PortmapperProcedure.Dump,
                    XdrCodec.Void, default, PortMapping.ListCodec, null, cancellationToken).ConfigureAwait(false);
                probes.Add(new SizeProbe("DUMP", 2, v2.RequestSize, v2.ReplySize));
                listing = FromPortmapper(v2.Value, endPoint.Address, "udp");
                answered = true;
            }
            catch (TimeoutException)
            {
                return new UdpInspection(UdpState.NoAnswer, [], null, $"no answer within {Format.Duration(timeout)}");
            }
            catch (RpcException ex) when (IsRefused(ex))
            {
                return new UdpInspection(UdpState.Closed, [], null, "ICMP port unreachable");
            }
            catch (Exception ex) when (ex is RpcException or XdrException)
            {
                // A reply that is an error (no v2, garbage) still proves that something answers over UDP.
                answered = ReplyArrived(ex);
                detail = ex.Message;
                if (!answered)
                {
                    return new UdpInspection(UdpState.NoAnswer, [], null, ex.Message);
                }
            }

            // One question at a time: a scan already keeps one datagram per host in flight, and a portmapper's socket
            // buffer holds only so many; asking all three at once made a busy rpcbind drop requests (retransmits, slow tail).
            foreach (Func<Task<(SizeProbe? Probe, ProgramListing? Listing, string? Error)>> ask in new Func<Task<(SizeProbe?, ProgramListing?, string?)>>[]
            {
                () => DumpRpcbindUdpAsync(client, PortmapperProgram.Version3, cancellationToken),
                () => DumpRpcbindUdpAsync(client, PortmapperProgram.Version4, cancellationToken),
                () => GetStatUdpAsync(client, cancellationToken),
            })
            {
                (SizeProbe? probe, ProgramListing? found, string? error) = await ask().ConfigureAwait(false);
                if (probe is not null)
                {
                    probes.Add(probe);
                }

                listing = found ?? listing;
                detail ??= error;
            }

            return new UdpInspection(UdpState.Answering, probes, listing, probes.Count == 0 ? detail : null);
        }
    }

    private static async Task<(SizeProbe? Probe, ProgramListing? Listing, string? Error)> DumpRpcbindUdpAsync(RpcClient client, uint version, CancellationToken cancellationToken)
    {
        try
        {
            RpcResponse<IReadOnlyList<RpcbindMapping>> dump = await client.CallWithDetailsAsync(
                PortmapperProgram.Number, version, (uint)RpcbindProcedure.Dump,
                XdrCodec.Void, default, RpcbindMapping.ListCodec, null, cancellationToken).ConfigureAwait(false);
            return (new SizeProbe("DUMP", version, dump.RequestSize, dump.ReplySize), FromRpcbind(dump.Value, version, "udp"), null);
        }
        catch (Exception ex) when (ex is RpcException or XdrException or TimeoutException)
        {
            return (null, null, ex.Message);
        }
    }

    private static async Task<(SizeProbe? Probe, ProgramListing? Listing, string? Error)> GetStatUdpAsync(RpcClient client, CancellationToken cancellationToken)
    {
        try
        {
            RpcResponse<RpcbindStatisticsByVersion> stat = await client.CallWithDetailsAsync(
                PortmapperProgram.Number, PortmapperProgram.Version4, (uint)RpcbindProcedure.GetStat,
                XdrCodec.Void, default, RpcbindStatisticsByVersion.Codec, null, cancellationToken).ConfigureAwait(false);
            return (new SizeProbe("GETSTAT", 4, stat.RequestSize, stat.ReplySize), null, null);
        }
        catch (Exception ex) when (ex is RpcException or XdrException or TimeoutException)
        {
            return (null, null, ex.Message);
        }
    }

    public async Task<TcpInspection> InspectTcpAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The client's own connect is the open/closed/filtered check: one connection per host, as the listing reuses it.
        RpcClient client;
        try
        {
            client = await RpcClient.ConnectAsync(endPoint, RpcTransportKind.Tcp, Options(timeout), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new TcpInspection(TcpProbe.TimedOut(timeout), null, null);
        }
        catch (RpcException ex) when (ex.InnerException is SocketException socketError)
        {
            return new TcpInspection(TcpProbe.Failed(socketError), null, null);
        }

        var open = new TcpCheck(TcpState.Open, null);
        (ProgramListing? listing, string? error) = await DumpTcpAsync(client, endPoint, cancellationToken).ConfigureAwait(false);
        return new TcpInspection(open, listing, error);
    }

    private static async Task<(ProgramListing? Listing, string? Error)> DumpTcpAsync(RpcClient client, IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        await using (client.ConfigureAwait(false))
        {
            string? error = null;
            // rpcbind v4 first, as nmap's rpcinfo script and rpcinfo do: it also shows IPv6 and local registrations.
            foreach (uint version in new[] { PortmapperProgram.Version4, PortmapperProgram.Version3 })
            {
                try
                {
                    IReadOnlyList<RpcbindMapping> dump = await new RpcbindClient(client, version).DumpAsync(null, cancellationToken).ConfigureAwait(false);
                    return (FromRpcbind(dump, version, "tcp"), null);
                }
                catch (RpcException ex) when (ReplyArrived(ex))
                {
                    error = ex.Message;
                }
                catch (Exception ex) when (ex is RpcException or XdrException or TimeoutException)
                {
                    return (null, ex.Message);
                }
            }

            try
            {
                IReadOnlyList<PortMapping> v2 = await new PortmapperClient(client).DumpAsync(null, cancellationToken).ConfigureAwait(false);
                return (FromPortmapper(v2, endPoint.Address, "tcp"), null);
            }
            catch (Exception ex) when (ex is RpcException or XdrException or TimeoutException)
            {
                return (null, error is null ? ex.Message : $"{error}; {ex.Message}");
            }
        }
    }

    private static RpcClientOptions Options(TimeSpan timeout) => new()
    {
        ConnectTimeout = timeout,
        Timeout = timeout,
        // A lost datagram (a busy portmapper's full socket buffer, a lossy link) is sent again after at most 250 ms,
        // then at doubling intervals, so it costs a fraction of the timeout instead of half of it.
        RetransmitInterval = TimeSpan.FromMilliseconds(Math.Min(timeout.TotalMilliseconds / 2, 250)),
    };

    private static bool IsRefused(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the failure is the content of a reply, not a missing one.</summary>
    private static bool ReplyArrived(Exception ex) =>
        ex is XdrException or RpcProgramMismatchException or RpcVersionMismatchException or RpcAuthenticationException
        || (ex is RpcException rpc && rpc.Status is not (RpcStatus.CantSend or RpcStatus.CantReceive or RpcStatus.TimedOut));

    private static ProgramListing FromPortmapper(IReadOnlyList<PortMapping> mappings, IPAddress host, string transport) =>
        new(2, transport, mappings.Select(m => new RegisteredProgram(
            m.Program,
            m.Version,
            m.Protocol switch { PortMapping.Tcp => "tcp", PortMapping.Udp => "udp", _ => "proto-" + m.Protocol },
            (int)m.Port,
            m.Port <= ushort.MaxValue ? UniversalAddress.FromIPAddress(host, (int)m.Port).ToString() : "",
            "")).ToArray());

    private static ProgramListing FromRpcbind(IReadOnlyList<RpcbindMapping> mappings, uint version, string transport) =>
        new(version, transport, mappings.Select(m => new RegisteredProgram(
            m.Program,
            m.Version,
            m.NetId,
            UniversalAddress.TryParse(m.Address, m.NetId, out UniversalAddress? address) && !address.IsLocal ? address.Port : null,
            m.Address,
            m.Owner)).ToArray());
}
