using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using OncRpc.Framing;
using OncRpc.Messages;
using OncRpc.Xdr;

namespace PortProbe.Probing;

/// <summary>
/// A failed exchange: <see cref="ReplyArrived"/> tells a reply that said no (or could not be decoded) from one that
/// never came, because any reply at all proves the port answers.
/// </summary>
internal sealed class ProbeRpcException(string message, bool replyArrived) : Exception(message)
{
    public bool ReplyArrived { get; } = replyArrived;
}

/// <summary>
/// The probe's own lean RPC exchanges over .NET's asynchronous sockets, built from the library's message, framing
/// and XDR codecs. A scan opens two short-lived sockets per address and asks one question at a time, so it needs
/// neither a receive thread per socket nor concurrent calls: <see cref="OncRpc.Client.RpcClient"/> is built for
/// long-lived clients and costs a scan of a /24 about twice the CPU time. Calls carry AUTH_NONE and void arguments:
/// the probe's questions (NULL, DUMP, GETSTAT) take none.
/// </summary>
internal static class ProbeWire
{
    /// <summary>The largest TCP reply record accepted (a portmapper's list is a few kilobytes).</summary>
    private const int MaxTcpReply = 1 << 20;

    private static int _nextXid = Random.Shared.Next();

    /// <summary>The encoded call message: header with AUTH_NONE, void arguments.</summary>
    public static byte[] Call(uint xid, uint program, uint version, uint procedure)
    {
        var output = new ArrayBufferWriter<byte>(64);
        var writer = new XdrWriter(output);
        RpcMessage.WriteCall(ref writer, new RpcCallHeader(xid, program, version, procedure, OpaqueAuth.None, OpaqueAuth.None));
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    public static uint NextXid() => (uint)Interlocked.Increment(ref _nextXid);

    /// <summary>Decodes a reply to <paramref name="xid"/>; throws <see cref="ProbeRpcException"/> for refusals and garbage.</summary>
    public static T Decode<T>(ReadOnlySpan<byte> message, IXdrCodec<T> codec)
    {
        try
        {
            var reader = new XdrReader(message);
            RpcReplyHeader reply = RpcMessage.ReadReply(ref reader);
            if (!reply.IsSuccess)
            {
                throw new ProbeRpcException(Describe(reply), replyArrived: true);
            }

            return codec.Read(ref reader);
        }
        catch (Exception ex) when (ex is XdrException or OncRpc.RpcProtocolException)
        {
            throw new ProbeRpcException("RPC: Can't decode result (" + ex.Message + ")", replyArrived: true);
        }
    }

    /// <summary>
    /// One question over a connected UDP socket: sent, then sent again after <paramref name="retransmit"/> and at
    /// doubling intervals until <paramref name="timeout"/>. Returns the decoded value and the request and reply sizes.
    /// </summary>
    /// <exception cref="TimeoutException">No reply to this call within the timeout.</exception>
    /// <exception cref="SocketException">ICMP port unreachable (connection refused) or another socket error.</exception>
    /// <exception cref="ProbeRpcException">The reply refused the call or could not be decoded.</exception>
    public static async Task<(T Value, int RequestBytes, int ReplyBytes)> CallUdpAsync<T>(
        Socket socket, byte[] receiveBuffer, uint program, uint version, uint procedure, IXdrCodec<T> codec,
        TimeSpan timeout, TimeSpan retransmit, CancellationToken cancellationToken)
    {
        uint xid = NextXid();
        byte[] call = Call(xid, program, version, procedure);
        long start = Environment.TickCount64;
        long deadline = start + (long)timeout.TotalMilliseconds;
        long interval = Math.Max(1, (long)retransmit.TotalMilliseconds);
        long nextSend = start;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<int>? receive = null;
        while (true)
        {
            long now = Environment.TickCount64;
            if (now >= nextSend)
            {
                await socket.SendAsync(call, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                nextSend = now + interval;
                interval *= 2;
            }

            long wait = Math.Min(nextSend, deadline) - now;
            if (wait <= 0 && now >= deadline)
            {
                cts.Cancel();
                await Drain(receive).ConfigureAwait(false);
                throw new TimeoutException($"no answer within {Format.Duration(timeout)}");
            }

            receive ??= socket.ReceiveAsync(receiveBuffer, SocketFlags.None, cts.Token).AsTask();
            Task done = await Task.WhenAny(receive, Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, wait)), cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (done != receive)
            {
                continue;
            }

            int length = await receive.ConfigureAwait(false);
            receive = null;
            if (!RpcMessage.TryPeekHeader(receiveBuffer.AsSpan(0, length), out uint replyXid, out MessageType type) || replyXid != xid || type != MessageType.Reply)
            {
                continue; // A late answer to an earlier question, or noise: keep waiting for ours.
            }

            return (Decode(receiveBuffer.AsSpan(0, length), codec), call.Length, length);
        }
    }

    /// <summary>One question over a connected TCP socket, record-marked; the reply may span fragments.</summary>
    /// <exception cref="TimeoutException">No complete reply within the timeout.</exception>
    /// <exception cref="ProbeRpcException">The reply refused the call, could not be decoded or broke the framing.</exception>
    public static async Task<T> CallTcpAsync<T>(Socket socket, uint program, uint version, uint procedure, IXdrCodec<T> codec, TimeSpan timeout, CancellationToken cancellationToken)
    {
        uint xid = NextXid();
        byte[] call = Call(xid, program, version, procedure);
        var framed = new ArrayBufferWriter<byte>(call.Length + RecordMarking.HeaderSize);
        RecordMarking.WriteRecord(framed, call);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await socket.SendAsync(framed.WrittenMemory, SocketFlags.None, cts.Token).ConfigureAwait(false);
            while (true)
            {
                byte[] record = await ReadRecordAsync(socket, cts.Token).ConfigureAwait(false);
                if (RpcMessage.TryPeekHeader(record, out uint replyXid, out MessageType type) && replyXid == xid && type == MessageType.Reply)
                {
                    return Decode(record, codec);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {Format.Duration(timeout)}");
        }
        catch (SocketException ex)
        {
            throw new ProbeRpcException("RPC: Unable to receive; " + ex.Message, replyArrived: false);
        }
    }

    /// <summary>Connects a TCP socket within the timeout, reporting open, closed or filtered.</summary>
    public static async Task<(Socket? Socket, TcpCheck Check)> ConnectTcpAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endPoint, cts.Token).ConfigureAwait(false);
            return (socket, new TcpCheck(TcpState.Open, null));
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            return (null, TcpProbe.Failed(ex));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            return (null, TcpProbe.TimedOut(timeout));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<byte[]> ReadRecordAsync(Socket socket, CancellationToken cancellationToken)
    {
        var header = new byte[RecordMarking.HeaderSize];
        var record = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            await ReadExactlyAsync(socket, header, cancellationToken).ConfigureAwait(false);
            uint mark = BinaryPrimitives.ReadUInt32BigEndian(header);
            int length = (int)(mark & 0x7fff_ffffu);
            if (length > MaxTcpReply - record.WrittenCount)
            {
                throw new ProbeRpcException($"RPC: reply record over {MaxTcpReply} bytes", replyArrived: true);
            }

            Memory<byte> fragment = record.GetMemory(Math.Max(1, length))[..length];
            await ReadExactlyAsync(socket, fragment, cancellationToken).ConfigureAwait(false);
            record.Advance(length);
            if ((mark & 0x8000_0000u) != 0)
            {
                return record.WrittenSpan.ToArray();
            }
        }
    }

    private static async Task ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (buffer.Length > 0)
        {
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new ProbeRpcException("RPC: the server closed the connection", replyArrived: false);
            }

            buffer = buffer[n..];
        }
    }

    private static async Task Drain(Task<int>? receive)
    {
        if (receive is null)
        {
            return;
        }

        try
        {
            await receive.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static string Describe(RpcReplyHeader reply) =>
        reply.Status == ReplyStatus.Accepted
            ? reply.AcceptStatus switch
            {
                AcceptStatus.ProgramMismatch => $"RPC: Program/version mismatch; low version = {reply.MismatchLow}, high version = {reply.MismatchHigh}",
                AcceptStatus.ProgramUnavailable => "RPC: Program unavailable",
                AcceptStatus.ProcedureUnavailable => "RPC: Procedure unavailable",
                AcceptStatus.GarbageArguments => "RPC: Server can't decode arguments",
                _ => "RPC: Remote system error",
            }
            : reply.RejectStatus == RejectStatus.RpcMismatch ? "RPC: Incompatible versions of RPC" : "RPC: Authentication error";
}
