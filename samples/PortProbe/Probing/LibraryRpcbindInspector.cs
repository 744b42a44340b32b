using System.Buffers;
using System.Net;
using System.Net.Sockets;
using OncRpc;
using OncRpc.Portmapper;
using OncRpc.Xdr;

namespace PortProbe.Probing;

/// <summary>
/// Asks the portmapper with OncRpc.Portmapper's codecs (<see cref="PortMapping.ListCodec"/>,
/// <see cref="RpcbindMapping.ListCodec"/>, <see cref="RpcbindStatisticsByVersion.Codec"/>) over the lean exchanges
/// of <see cref="ProbeWire"/>, which also give the exact size of every request and reply for the amplification
/// factor. Only read-only questions are sent, DUMP and GETSTAT: nothing that registers, unregisters or forwards
/// calls.
/// </summary>
internal sealed class LibraryRpcbindInspector(RpcProgramNames? names = null) : IRpcbindInspector
{
    private readonly RpcProgramNames _names = names ?? RpcProgramNames.Default;

    public string? ProgramName(uint program) => _names.TryGetName(program, out string? name) ? name : null;

    public async Task<UdpInspection> InspectUdpAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Connected: the kernel then only delivers datagrams from the host, and reports its ICMP port unreachable.
            socket.Connect(endPoint);
        }
        catch (SocketException ex)
        {
            return new UdpInspection(UdpState.NoAnswer, [], null, ex.Message);
        }

        // Room for the largest datagram, so that no reply is too big to be seen and measured; pooled, as every host
        // needs one for a moment.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(OncRpc.Framing.RpcDatagram.MaxMessageSize + 1);
        try
        {
            return await InspectUdpAsync(socket, buffer, endPoint, timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // After a cancelled scan a receive may still own the buffer: leave it to the collector then.
            if (!cancellationToken.IsCancellationRequested)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static async Task<UdpInspection> InspectUdpAsync(Socket socket, byte[] buffer, IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        TimeSpan retransmit = RetransmitInterval(timeout);
        var probes = new List<SizeProbe>();
        ProgramListing? listing = null;
        string? detail = null;

        // DUMP v2 goes first: every portmapper answers it, and a silent host is known after one timeout.
        try
        {
            (IReadOnlyList<PortMapping> v2, int request, int reply) = await ProbeWire.CallUdpAsync(
                socket, buffer, PortmapperProgram.Number, PortmapperProgram.Version2, (uint)PortmapperProcedure.Dump,
                PortMapping.ListCodec, timeout, retransmit, cancellationToken).ConfigureAwait(false);
            probes.Add(new SizeProbe("DUMP", 2, request, reply));
            listing = FromPortmapper(v2, endPoint.Address, "udp");
        }
        catch (TimeoutException ex)
        {
            return new UdpInspection(UdpState.NoAnswer, [], null, ex.Message);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return new UdpInspection(UdpState.Closed, [], null, "ICMP port unreachable");
        }
        catch (SocketException ex)
        {
            return new UdpInspection(UdpState.NoAnswer, [], null, ex.Message);
        }
        catch (ProbeRpcException ex)
        {
            // A reply that is an error (no v2, garbage) still proves that something answers over UDP.
            detail = ex.Message;
        }

        // One question at a time: a scan already keeps one datagram per host in flight, and a portmapper's socket
        // buffer holds only so many; asking all three at once made a busy rpcbind drop requests (retransmits, slow tail).
        foreach (uint version in new[] { PortmapperProgram.Version3, PortmapperProgram.Version4 })
        {
            try
            {
                (IReadOnlyList<RpcbindMapping> dump, int request, int reply) = await ProbeWire.CallUdpAsync(
                    socket, buffer, PortmapperProgram.Number, version, (uint)RpcbindProcedure.Dump,
                    RpcbindMapping.ListCodec, timeout, retransmit, cancellationToken).ConfigureAwait(false);
                probes.Add(new SizeProbe("DUMP", version, request, reply));
                listing = FromRpcbind(dump, version, "udp");
            }
            catch (Exception ex) when (ex is ProbeRpcException or TimeoutException or SocketException)
            {
                detail ??= ex.Message;
            }
        }

        try
        {
            (_, int request, int reply) = await ProbeWire.CallUdpAsync(
                socket, buffer, PortmapperProgram.Number, PortmapperProgram.Version4, (uint)RpcbindProcedure.GetStat,
                RpcbindStatisticsByVersion.Codec, timeout, retransmit, cancellationToken).ConfigureAwait(false);
            probes.Add(new SizeProbe("GETSTAT", 4, request, reply));
        }
        catch (Exception ex) when (ex is ProbeRpcException or TimeoutException or SocketException)
        {
            detail ??= ex.Message;
        }

        return new UdpInspection(UdpState.Answering, probes, listing, probes.Count == 0 ? detail : null);
    }

    public async Task<TcpInspection> InspectTcpAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // One connection per host: its connect is the open/closed/filtered check, and the listing is read over it.
        (Socket? socket, TcpCheck check) = await ProbeWire.ConnectTcpAsync(endPoint, timeout, cancellationToken).ConfigureAwait(false);
        if (socket is null)
        {
            return new TcpInspection(check, null, null);
        }

        using (socket)
        {
            (ProgramListing? listing, string? error) = await DumpTcpAsync(socket, endPoint, timeout, cancellationToken).ConfigureAwait(false);
            return new TcpInspection(check, listing, error);
        }
    }

    /// <summary>rpcbind v4 first, as nmap's rpcinfo script and rpcinfo do (it also shows IPv6 and local registrations), then v3, then portmapper v2.</summary>
    private static async Task<(ProgramListing? Listing, string? Error)> DumpTcpAsync(Socket socket, IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string? error = null;
        foreach (uint version in new[] { PortmapperProgram.Version4, PortmapperProgram.Version3 })
        {
            try
            {
                IReadOnlyList<RpcbindMapping> dump = await ProbeWire.CallTcpAsync(
                    socket, PortmapperProgram.Number, version, (uint)RpcbindProcedure.Dump, RpcbindMapping.ListCodec, timeout, cancellationToken).ConfigureAwait(false);
                return (FromRpcbind(dump, version, "tcp"), null);
            }
            catch (ProbeRpcException ex) when (ex.ReplyArrived)
            {
                // Refused or undecodable: an older portmapper may still answer the next version on this connection.
                error = ex.Message;
            }
            catch (Exception ex) when (ex is ProbeRpcException or TimeoutException)
            {
                return (null, ex.Message);
            }
        }

        try
        {
            IReadOnlyList<PortMapping> v2 = await ProbeWire.CallTcpAsync(
                socket, PortmapperProgram.Number, PortmapperProgram.Version2, (uint)PortmapperProcedure.Dump, PortMapping.ListCodec, timeout, cancellationToken).ConfigureAwait(false);
            return (FromPortmapper(v2, endPoint.Address, "tcp"), null);
        }
        catch (Exception ex) when (ex is ProbeRpcException or TimeoutException)
        {
            return (null, error is null ? ex.Message : $"{error}; {ex.Message}");
        }
    }

    /// <summary>
    /// A lost datagram (a busy portmapper's full socket buffer, a lossy link) is sent again after at most 250 ms, then
    /// at doubling intervals, so it costs a fraction of the timeout instead of half of it.
    /// </summary>
    private static TimeSpan RetransmitInterval(TimeSpan timeout) => TimeSpan.FromMilliseconds(Math.Min(timeout.TotalMilliseconds / 2, 250));

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
