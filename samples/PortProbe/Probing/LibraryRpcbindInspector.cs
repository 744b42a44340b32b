using System.Net;
using System.Net.Sockets;
using OncRpc;
using OncRpc.Client;
using OncRpc.Portmapper;
using OncRpc.Xdr;

namespace PortProbe.Probing;

/// <summary>
/// Asks the portmapper through the library, every client in the asynchronous I/O mode (see
/// <see cref="TcpProbe.ClientOptions"/>). Over TCP the typed <see cref="RpcbindClient"/> and
/// <see cref="PortmapperClient"/> list the registrations on the connection of the open/closed/filtered check. Over
/// UDP the same procedures go through <see cref="RpcClient.CallWithDetailsAsync"/> with OncRpc.Portmapper's codecs,
/// because the amplification factor needs the size of every request and reply, which the typed clients do not
/// return. Only read-only questions are sent, DUMP and GETSTAT: nothing that registers, unregisters or forwards calls.
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
            // A connected socket: the kernel only delivers datagrams from the host, and reports its ICMP port unreachable.
            client = await RpcClient.ConnectAsync(endPoint, RpcTransportKind.Udp, TcpProbe.ClientOptions(timeout), cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            return new UdpInspection(UdpState.NoAnswer, [], null, ex.Message);
        }

        await using (client.ConfigureAwait(false))
        {
            var probes = new List<SizeProbe>();
            ProgramListing? listing = null;
            string? detail = null;

            // DUMP v2 goes first: every portmapper answers it, and a silent host is known after one timeout.
            try
            {
                RpcResponse<IReadOnlyList<PortMapping>> v2 = await client.CallWithDetailsAsync(
                    PortmapperProgram.Number, PortmapperProgram.Version2, (uint)PortmapperProcedure.Dump,
                    XdrCodec.Void, default, PortMapping.ListCodec, null, cancellationToken).ConfigureAwait(false);
                probes.Add(new SizeProbe("DUMP", 2, v2.RequestSize, v2.ReplySize));
                listing = FromPortmapper(v2.Value, endPoint.Address, "udp");
            }
            catch (TimeoutException)
            {
                return new UdpInspection(UdpState.NoAnswer, [], null, $"no answer within {Format.Duration(timeout)}");
            }
            catch (RpcException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return new UdpInspection(UdpState.Closed, [], null, "ICMP port unreachable");
            }
            catch (RpcException ex)
            {
                if (!ReplyArrived(ex))
                {
                    return new UdpInspection(UdpState.NoAnswer, [], null, ex.Message);
                }

                // A reply that is an error (no v2, garbage) still proves that something answers over UDP.
                detail = ex.Message;
            }

            // One question at a time: a scan already keeps one datagram per host in flight, and a portmapper's socket
            // buffer holds only so many; asking all three at once made a busy rpcbind drop requests (retransmits, slow tail).
            foreach (uint version in new[] { PortmapperProgram.Version3, PortmapperProgram.Version4 })
            {
                try
                {
                    RpcResponse<IReadOnlyList<RpcbindMapping>> dump = await client.CallWithDetailsAsync(
                        PortmapperProgram.Number, version, (uint)RpcbindProcedure.Dump,
                        XdrCodec.Void, default, RpcbindMapping.ListCodec, null, cancellationToken).ConfigureAwait(false);
                    probes.Add(new SizeProbe("DUMP", version, dump.RequestSize, dump.ReplySize));
                    listing = FromRpcbind(dump.Value, version, "udp");
                }
                catch (Exception ex) when (ex is RpcException or TimeoutException)
                {
                    detail ??= ex.Message;
                }
            }

            try
            {
                RpcResponse<RpcbindStatisticsByVersion> stat = await client.CallWithDetailsAsync(
                    PortmapperProgram.Number, PortmapperProgram.Version4, (uint)RpcbindProcedure.GetStat,
                    XdrCodec.Void, default, RpcbindStatisticsByVersion.Codec, null, cancellationToken).ConfigureAwait(false);
                probes.Add(new SizeProbe("GETSTAT", 4, stat.RequestSize, stat.ReplySize));
            }
            catch (Exception ex) when (ex is RpcException or TimeoutException)
            {
                detail ??= ex.Message;
            }

            return new UdpInspection(UdpState.Answering, probes, listing, probes.Count == 0 ? detail : null);
        }
    }

    public async Task<TcpInspection> InspectTcpAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // One connection per host: its connect is the open/closed/filtered check, and the listing is read over it.
        (RpcClient? client, TcpCheck check) = await TcpProbe.ConnectAsync(endPoint, timeout, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            return new TcpInspection(check, null, null);
        }

        await using (client.ConfigureAwait(false))
        {
            (ProgramListing? listing, string? error) = await DumpTcpAsync(client, endPoint, cancellationToken).ConfigureAwait(false);
            return new TcpInspection(check, listing, error);
        }
    }

    public Task<TlsInspection> InspectTlsAsync(IPEndPoint endPoint, ProgramListing? listing, TimeSpan timeout, CancellationToken cancellationToken) =>
        TlsProber.InspectAsync(endPoint, listing, timeout, cancellationToken);

    /// <summary>rpcbind v4 first, as nmap's rpcinfo script and rpcinfo do (it also shows IPv6 and local registrations), then v3, then portmapper v2.</summary>
    private static async Task<(ProgramListing? Listing, string? Error)> DumpTcpAsync(RpcClient client, IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        string? error = null;
        foreach (uint version in new[] { PortmapperProgram.Version4, PortmapperProgram.Version3 })
        {
            try
            {
                IReadOnlyList<RpcbindMapping> dump = await new RpcbindClient(client, version).DumpAsync(null, cancellationToken).ConfigureAwait(false);
                return (FromRpcbind(dump, version, "tcp"), null);
            }
            catch (RpcException ex) when (ReplyArrived(ex))
            {
                // Refused or undecodable: an older portmapper may still answer the next version on this connection.
                error = ex.Message;
            }
            catch (Exception ex) when (ex is RpcException or TimeoutException)
            {
                return (null, ex.Message);
            }
        }

        try
        {
            IReadOnlyList<PortMapping> v2 = await new PortmapperClient(client).DumpAsync(null, cancellationToken).ConfigureAwait(false);
            return (FromPortmapper(v2, endPoint.Address, "tcp"), null);
        }
        catch (Exception ex) when (ex is RpcException or TimeoutException)
        {
            return (null, error is null ? ex.Message : $"{error}; {ex.Message}");
        }
    }

    /// <summary>True when the failure is the content of a reply (a refusal, an undecodable result), not a missing one.</summary>
    private static bool ReplyArrived(RpcException ex) =>
        ex.Status is not (RpcStatus.CantSend or RpcStatus.CantReceive or RpcStatus.TimedOut);

    internal static ProgramListing FromPortmapper(IReadOnlyList<PortMapping> mappings, IPAddress host, string transport) =>
        new(2, transport, mappings.Select(m => new RegisteredProgram(
            m.Program,
            m.Version,
            m.Protocol switch { PortMapping.Tcp => "tcp", PortMapping.Udp => "udp", _ => "proto-" + m.Protocol },
            (int)m.Port,
            m.Port <= ushort.MaxValue ? UniversalAddress.FromIPAddress(host, (int)m.Port).ToString() : "",
            "")).ToArray());

    internal static ProgramListing FromRpcbind(IReadOnlyList<RpcbindMapping> mappings, uint version, string transport) =>
        new(version, transport, mappings.Select(m => new RegisteredProgram(
            m.Program,
            m.Version,
            m.NetId,
            UniversalAddress.TryParse(m.Address, m.NetId, out UniversalAddress? address) && !address.IsLocal ? address.Port : null,
            m.Address,
            m.Owner)).ToArray());
}
