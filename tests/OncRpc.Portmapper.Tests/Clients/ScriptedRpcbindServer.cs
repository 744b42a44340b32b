using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace OncRpc.Portmapper.Tests.Clients;

/// <summary>
/// A loopback TCP server that answers each call with the reply body a script returns for (version, procedure,
/// arguments): the bytes after the xid and message type. It records every call it saw.
/// </summary>
internal sealed class ScriptedRpcbindServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<uint, uint, byte[], byte[]> _script;
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(30));
    private readonly Task _serve;

    public ScriptedRpcbindServer(Func<uint, uint, byte[], byte[]> script)
    {
        _script = script;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(4);
        _serve = ServeAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public ConcurrentQueue<(uint Version, uint Procedure, byte[] Arguments)> Calls { get; } = new();

    public static byte[] Success(byte[] results) => [.. new byte[16], .. results];

    public static byte[] ProgramMismatch(uint low, uint high)
    {
        var body = new byte[24];
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(12), 2);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(16), low);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(20), high);
        return body;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        try
        {
            await _serve;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using Socket connection = await _listener.AcceptAsync(_stop.Token);
            while (true)
            {
                byte[]? mark = await ReceiveExactlyAsync(connection, 4);
                if (mark is null)
                {
                    break;
                }

                // A client that hangs up inside a record (one the test disposes early) ends the connection, not the server.
                if (await ReceiveExactlyAsync(connection, (int)(BinaryPrimitives.ReadUInt32BigEndian(mark) & 0x7FFF_FFFF)) is not { } call)
                {
                    break;
                }

                uint version = BinaryPrimitives.ReadUInt32BigEndian(call.AsSpan(16));
                uint procedure = BinaryPrimitives.ReadUInt32BigEndian(call.AsSpan(20));
                int offset = 24;
                for (int i = 0; i < 2; i++)
                {
                    offset += 8 + (int)((BinaryPrimitives.ReadUInt32BigEndian(call.AsSpan(offset + 4)) + 3) & ~3u);
                }

                byte[] arguments = call.AsSpan(offset).ToArray();
                Calls.Enqueue((version, procedure, arguments));
                byte[] body = _script(version, procedure, arguments);
                var reply = new byte[4 + 8 + body.Length];
                BinaryPrimitives.WriteUInt32BigEndian(reply, 0x8000_0000u | (uint)(8 + body.Length));
                call.AsSpan(0, 4).CopyTo(reply.AsSpan(4));
                BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(8), 1);
                body.CopyTo(reply.AsSpan(12));
                await connection.SendAsync(reply, SocketFlags.None, _stop.Token);
            }
        }
    }

    private async Task<byte[]?> ReceiveExactlyAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        int read = 0;
        while (read < count)
        {
            int n;
            try
            {
                n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, _stop.Token);
            }
            catch (SocketException)
            {
                return null;
            }

            if (n == 0)
            {
                return null;
            }

            read += n;
        }

        return buffer;
    }
}
