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
                catch (Exception ex) when (ex is RpcException or XdrException or TimeoutException)
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
            catch (Exception ex) when (ex is RpcException or XdrException or TimeoutException)
            {
                detail ??= ex.Message;
            }

            return new UdpInspection(UdpState.Answering, probes, listing, probes.Count == 0 ? detail : null);
        }
    }

    public async Task<(ProgramListing? Listing, string? Error)> DumpTcpAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        RpcClient client;
        try
        {
            client = await RpcClient.ConnectAsync(endPoint, RpcTransportKind.Tcp, Options(timeout), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or SocketException or TimeoutException)
        {
            return (null, ex.Message);
        }

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
        // Two tries inside the timeout: a single lost datagram should not make a portmapper look silent.
        RetransmitInterval = timeout / 2,
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
