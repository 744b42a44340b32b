using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OncRpc;
using OncRpc.Messages;
using OncRpc.Portmapper;
using OncRpc.Xdr;

namespace RpcInfo;

/// <summary>
/// -b prog vers: a NULL call broadcast through rpcbind's CALLIT on every broadcast-capable datagram transport,
/// printing each answer as it comes, the way libtirpc's <c>rpc_broadcast</c> and rpcinfo's reply handler do.
/// </summary>
internal sealed partial class RpcInfoApp
{
    // libtirpc's MAXBCAST and the datagram size it reads (UDPMSGSIZE).
    private const int MaxBroadcastTransports = 20;
    private const int BroadcastBufferSize = 8800;

    // The reply handler writes the address into a 1024-byte buffer; a longer one is a malformed reply here.
    private const int MaxBroadcastAddressLength = 1023;

    // The longest single wait for replies while a cancellation token may end the run.
    private static readonly TimeSpan CancellationSlice = TimeSpan.FromMilliseconds(50);

    /// <summary>One datagram transport a broadcast goes out on.</summary>
    private sealed class BroadcastTransport(NetconfigEntry nconf, Socket socket, List<IPEndPoint> targets) : IDisposable
    {
        public NetconfigEntry Netconfig { get; } = nconf;

        public Socket Socket { get; } = socket;

        public List<IPEndPoint> Targets { get; } = targets;

        public byte[] Buffer { get; } = new byte[BroadcastBufferSize];

        public void Dispose() => Socket.Dispose();
    }

    private void Broadcast(string[] operands)
    {
        if (operands.Length != 2)
        {
            throw UsageExit();
        }

        uint program = unchecked((uint)GetProgramNumber(operands[0]));
        uint version = unchecked((uint)GetVersionNumber(operands[1]));
        RpcStatus status = BroadcastCore(program, version);
        if (status is not RpcStatus.Success and not RpcStatus.TimedOut)
        {
            throw Fail("rpcinfo: broadcast failed: " + ClntText.Sperrno(status));
        }
    }

    /// <summary><c>rpc_broadcast_exp</c> with rpcinfo's handler; returns the status the C function would.</summary>
    private RpcStatus BroadcastCore(uint program, uint version)
    {
        RpcStatus status = RpcStatus.Success;
        var transports = new List<BroadcastTransport>();
        bool portmapper = false;
        try
        {
            foreach (NetconfigEntry nconf in NetconfigDatabase.Entries)
            {
                if (!nconf.Visible || !nconf.IsDatagram)
                {
                    continue;
                }

                if (transports.Count >= MaxBroadcastTransports)
                {
                    break;
                }

                AddressFamily family = FamilyOf(nconf);
                if (family == AddressFamily.Unspecified || nconf.Protocol != "udp")
                {
                    continue;
                }

                List<IPEndPoint> targets = _settings.BroadcastTargets is { } aimed
                    ? [.. aimed(family)]
                    : NativeNetwork.BroadcastTargets(family, _settings.RpcbindPort);
                if (targets.Count == 0)
                {
                    continue;
                }

                Socket socket;
                try
                {
                    socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
                }
                catch (SocketException)
                {
                    status = RpcStatus.CantSend;
                    continue;
                }

                transports.Add(new BroadcastTransport(nconf, socket, targets));
                portmapper |= family == AddressFamily.InterNetwork;
            }

            if (transports.Count == 0)
            {
                return status == RpcStatus.Success ? RpcStatus.UnknownProtocol : status;
            }

            uint xid = unchecked((uint)Random.Shared.Next() ^ (uint)Environment.ProcessId);
            OpaqueAuth credential = Credential();
            var arguments = new RemoteCallArguments(program, version, 0, ReadOnlyMemory<byte>.Empty);
            byte[] rpcbindCall = EncodeCallIt(xid, PortmapperProgram.Version3, (uint)RpcbindProcedure.CallIt, credential, arguments);
            byte[] portmapperCall = EncodeCallIt(unchecked(xid + 1), PortmapperProgram.Version2, (uint)PortmapperProcedure.CallIt, credential, arguments);

            long deadline = Environment.TickCount64 + (long)_settings.BroadcastTimeLimit.TotalMilliseconds;
            for (TimeSpan wait = _settings.BroadcastInitialWait; wait <= _settings.BroadcastMaxWait; wait += wait)
            {
                foreach (BroadcastTransport transport in transports)
                {
                    status = SendBroadcast(transport, rpcbindCall, portmapperCall, portmapper, status);
                }

                status = CollectReplies(transports, xid, portmapper, wait, deadline, status);
                if (wait <= TimeSpan.Zero || Environment.TickCount64 >= deadline)
                {
                    break;
                }
            }

            return status;
        }
        finally
        {
            foreach (BroadcastTransport transport in transports)
            {
                transport.Dispose();
            }
        }
    }

    private static OpaqueAuth Credential()
    {
        try
        {
            return AuthSysParameters.ForCurrentProcess().ToOpaqueAuth();
        }
        catch (PlatformNotSupportedException)
        {
            return OpaqueAuth.None;
        }
    }

    private static byte[] EncodeCallIt(uint xid, uint rpcbindVersion, uint procedure, OpaqueAuth credential, RemoteCallArguments arguments)
    {
        var header = new RpcCallHeader(xid, PortmapperProgram.Number, rpcbindVersion, procedure, credential, OpaqueAuth.None);
        var buffer = new byte[RpcMessage.GetCallHeaderSize(header) + RemoteCallArguments.Codec.GetEncodedSize(arguments)];
        var writer = new XdrWriter(buffer);
        RpcMessage.WriteCall(ref writer, header);
        RemoteCallArguments.Codec.Write(ref writer, arguments);
        return buffer;
    }

    /// <summary>One round of sends: the rpcbind call, then the portmapper call, to each target of the transport.</summary>
    private RpcStatus SendBroadcast(BroadcastTransport transport, byte[] rpcbindCall, byte[] portmapperCall, bool portmapper, RpcStatus status)
    {
        foreach (IPEndPoint target in transport.Targets)
        {
            try
            {
                transport.Socket.EnableBroadcast = true;
                transport.Socket.SendTo(rpcbindCall, target);
            }
            catch (SocketException)
            {
                _err.Write("rpcinfo: rpc_broadcast_exp: cannot send broadcast packet\n");
                status = RpcStatus.CantSend;
                continue;
            }

            if (portmapper)
            {
                try
                {
                    transport.Socket.SendTo(portmapperCall, target);
                }
                catch (SocketException)
                {
                    _err.Write("rpcinfo: clnt_bcast: Cannot send broadcast packet\n");
                    status = RpcStatus.CantSend;
                }
            }
        }

        return status;
    }

    /// <summary>
    /// Waits for replies until none has come for <paramref name="wait"/> (the C code waits afresh after each one),
    /// bounded by the overall deadline. Like libtirpc's poll loop: once woken, it looks at every transport that has
    /// a datagram (or an error) waiting, in transport order, reading one from each; a datagram that answers one of
    /// the calls (well formed or not) starts a fresh wait at once, while one too short to hold an xid, one whose xid
    /// answers neither call or a failed read moves on to the next waiting transport. When none is left, the round ends.
    /// </summary>
    private RpcStatus CollectReplies(List<BroadcastTransport> transports, uint xid, bool portmapper, TimeSpan wait, long deadline, RpcStatus status)
    {
        var readable = new List<Socket>(transports.Count);
        var failed = new List<Socket>(transports.Count);
        while (true)
        {
            long remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                return RpcStatus.TimedOut;
            }

            TimeSpan timeout = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds, remaining));
            if (!WaitForReplies(transports, timeout, readable, failed))
            {
                return RpcStatus.TimedOut;
            }

            // poll()'s revents != 0: a datagram or an error waits, so the read below does not block (Linux checks
            // the checksum of the first queued datagram before a blocking UDP socket is reported readable).
            bool again = false;
            for (int i = 0; i < transports.Count && !again; i++)
            {
                Socket socket = transports[i].Socket;
                if (readable.Contains(socket) || failed.Contains(socket))
                {
                    (again, status) = ReadOneReply(transports[i], xid, portmapper, status);
                }
            }

            if (!again)
            {
                return status;
            }
        }
    }

    /// <summary>
    /// libtirpc's <c>poll</c> over the transports, on the calling thread: waits up to <paramref name="timeout"/> until
    /// at least one has a datagram or an error waiting, leaving those in <paramref name="readable"/> and
    /// <paramref name="failed"/>; false if none has. The error list is needed because .NET's read readiness does not
    /// count a pending socket error (an ICMP unreachable), though poll() does. While the run can be cancelled, the
    /// wait goes in short slices with a look at the token between them.
    /// </summary>
    private bool WaitForReplies(List<BroadcastTransport> transports, TimeSpan timeout, List<Socket> readable, List<Socket> failed)
    {
        long started = Stopwatch.GetTimestamp();
        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            TimeSpan left = timeout - Stopwatch.GetElapsedTime(started);
            if (left < TimeSpan.Zero)
            {
                left = TimeSpan.Zero;
            }

            if (_cancellationToken.CanBeCanceled && left > CancellationSlice)
            {
                left = CancellationSlice;
            }

            // Select keeps only the ready sockets in the lists it is given, so they are filled afresh each time.
            readable.Clear();
            failed.Clear();
            foreach (BroadcastTransport transport in transports)
            {
                readable.Add(transport.Socket);
                failed.Add(transport.Socket);
            }

            // Rounded up, so that a wait shorter than a microsecond is not a look of zero.
            Socket.Select(readable, null, failed, (int)Math.Min(int.MaxValue, (left.Ticks + 9) / 10));
            if (readable.Count > 0 || failed.Count > 0)
            {
                return true;
            }

            if (Stopwatch.GetElapsedTime(started) >= timeout)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                return false;
            }
        }
    }

    /// <summary>
    /// Reads the datagram waiting on a transport and prints the address it names, if any. Returns whether it
    /// answered one of the calls (the C code then polls again with a full wait) and the status after the read.
    /// </summary>
    private (bool Answered, RpcStatus Status) ReadOneReply(BroadcastTransport from, uint xid, bool portmapper, RpcStatus status)
    {
        int length;
        EndPoint sender = AnyEndPoint(from.Socket.AddressFamily);
        try
        {
            length = from.Socket.ReceiveFrom(from.Buffer, SocketFlags.None, ref sender);
        }
        catch (SocketException)
        {
            return (false, CannotReceiveReply());
        }

        ReadOnlySpan<byte> datagram = from.Buffer.AsSpan(0, length);
        if (datagram.Length < 4)
        {
            return (false, status);
        }

        uint replyXid = BinaryPrimitives.ReadUInt32BigEndian(datagram);
        bool fromPortmapper;
        if (replyXid == xid)
        {
            fromPortmapper = false;
        }
        else if (portmapper && replyXid == unchecked(xid + 1))
        {
            fromPortmapper = true;
        }
        else
        {
            return (false, status);
        }

        IPEndPoint? responder = DecodeBroadcastReply(datagram, fromPortmapper, from.Netconfig, (IPEndPoint)sender);
        if (responder is not null)
        {
            string host = NativeNetwork.HostName(responder) ?? "unknown";
            _out.Write(FormatTransportAddress(responder) + "\t" + host + "\n");
        }

        return (true, status);
    }

    /// <summary>libtirpc's warning when reading an answer fails; the broadcast goes on with this status.</summary>
    private RpcStatus CannotReceiveReply()
    {
        _err.Write("rpcinfo: clnt_bcast: Cannot receive reply to broadcast\n");
        return RpcStatus.CantReceive;
    }

    private static EndPoint AnyEndPoint(AddressFamily family) =>
        new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);

    /// <summary>
    /// The address a successful reply names: the portmapper's answer is the sender with the port it reports;
    /// rpcbind's is the universal address it returns, read for the transport (an IPv6 one in an IPv4 reply takes
    /// the sender's address, as libtirpc's fix-up does). Null for anything else, which the C code ignores.
    /// </summary>
    internal static IPEndPoint? DecodeBroadcastReply(ReadOnlySpan<byte> datagram, bool fromPortmapper, NetconfigEntry nconf, IPEndPoint sender)
    {
        var reader = new XdrReader(datagram, new XdrReaderOptions { MaxStringLength = MaxBroadcastAddressLength, RequireZeroPadding = false });
        try
        {
            RpcReplyHeader header = RpcMessage.ReadReply(ref reader);
            if (!header.IsSuccess)
            {
                return null;
            }

            if (fromPortmapper)
            {
                uint port = reader.ReadUInt32();
                reader.ReadUInt32();
                return new IPEndPoint(sender.Address, (ushort)port);
            }

            // The C code reads the address as a C string: it ends at the first NUL, and bytes that are not
            // UTF-8 are just bytes (which cannot be part of a readable address, but do not spoil what precedes).
            ReadOnlySpan<byte> bytes = reader.ReadStringBytes();
            reader.ReadUInt32();
            int nul = bytes.IndexOf((byte)0);
            string address = Encoding.Latin1.GetString(nul < 0 ? bytes : bytes.Slice(0, nul));

            // libtirpc's fix-up for an IPv6 address in an IPv4 answer takes the sender's address, and means to
            // take the port of the IPv6 address, but reads it from the wrong structure (the netbuf, not the
            // sockaddr it points to): two bytes of its 32-bit length field, zero on a little-endian machine.
            return ParseTransportAddress(address, FamilyOf(nconf))
                ?? (sender.AddressFamily == AddressFamily.InterNetwork && ParseTransportAddress(address, AddressFamily.InterNetworkV6) is not null
                    ? new IPEndPoint(sender.Address, 0)
                    : null);
        }
        catch (Exception ex) when (ex is XdrException or RpcProtocolException)
        {
            return null;
        }
    }

    /// <summary>libtirpc's <c>__rpc_uaddr2taddr_af</c>: "host.p1.p2" with the host in the family's text form.</summary>
    internal static IPEndPoint? ParseTransportAddress(string universalAddress, AddressFamily family)
    {
        int last = universalAddress.LastIndexOf('.');
        if (last < 0)
        {
            return null;
        }

        int previous = universalAddress.LastIndexOf('.', last - 1 < 0 ? 0 : last - 1);
        if (previous < 0 || last == 0)
        {
            return null;
        }

        long low = CNumbers.StrToL(universalAddress.Substring(last + 1), out _);
        long high = CNumbers.StrToL(universalAddress.Substring(previous + 1, last - previous - 1), out _);
        int port = unchecked((ushort)((high << 8) | low));
        string host = universalAddress.Substring(0, previous);
        IPAddress? address = family == AddressFamily.InterNetwork ? ParseInet4(host) : ParseInet6(host);
        return address is null ? null : new IPEndPoint(address, port);
    }

    /// <summary><c>inet_pton(AF_INET)</c>: exactly four decimal parts of at most 255, no leading zeros.</summary>
    private static IPAddress? ParseInet4(string text)
    {
        string[] parts = text.Split('.');
        if (parts.Length != 4)
        {
            return null;
        }

        var bytes = new byte[4];
        for (int i = 0; i < 4; i++)
        {
            string p = parts[i];
            if (p.Length is 0 or > 3 || (p.Length > 1 && p[0] == '0') || !p.All(CNumbers.IsCDigit)
                || !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value > 255)
            {
                return null;
            }

            bytes[i] = (byte)value;
        }

        return new IPAddress(bytes);
    }

    /// <summary><c>inet_pton(AF_INET6)</c>, near enough: an IPv6 literal without a zone.</summary>
    private static IPAddress? ParseInet6(string text) =>
        text.Contains(':', StringComparison.Ordinal) && !text.Contains('%', StringComparison.Ordinal)
        && IPAddress.TryParse(text, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetworkV6
            ? address
            : null;

    /// <summary>libtirpc's <c>taddr2uaddr</c> for IP: the address as <c>inet_ntop</c> writes it (no zone), then the port bytes.</summary>
    internal static string FormatTransportAddress(IPEndPoint endPoint)
    {
        string host = endPoint.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPAddress(endPoint.Address.GetAddressBytes()).ToString()
            : endPoint.Address.ToString();
        return Invariant($"{host}.{endPoint.Port >> 8}.{endPoint.Port & 0xff}");
    }
}
