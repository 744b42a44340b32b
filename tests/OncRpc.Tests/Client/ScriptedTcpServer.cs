using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace OncRpc.Tests.Client;

/// <summary>A one-connection TCP server on loopback whose every move the test scripts: read a call, send bytes, close.</summary>
internal sealed class ScriptedTcpServer : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly Socket _listener;
    private Socket? _connection;

    public ScriptedTcpServer(AddressFamily family = AddressFamily.InterNetwork)
    {
        _listener = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
        _listener.Listen(4);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public async Task AcceptAsync()
    {
        using var cts = new CancellationTokenSource(Bound);
        _connection = await _listener.AcceptAsync(cts.Token);
    }

    /// <summary>Reads one record-marked call (single fragment, as the client writes them) and returns the message.</summary>
    public async Task<byte[]> ReadCallAsync()
    {
        byte[] mark = await ReadExactlyAsync(4);
        uint header = BinaryPrimitives.ReadUInt32BigEndian(mark);
        Assert.True((header & 0x8000_0000u) != 0, "the client sent a non-final fragment");
        return await ReadExactlyAsync((int)(header & 0x7FFF_FFFF));
    }

    public async Task SendAsync(byte[] bytes)
    {
        using var cts = new CancellationTokenSource(Bound);
        int sent = 0;
        while (sent < bytes.Length)
        {
            sent += await _connection!.SendAsync(bytes.AsMemory(sent), SocketFlags.None, cts.Token);
        }
    }

    public Task SendRecordAsync(byte[] message) => SendAsync(RpcWire.Record(message));

    /// <summary>Resolves when the client closes the connection (end of stream or reset).</summary>
    public async Task WaitForCloseAsync()
    {
        using var cts = new CancellationTokenSource(Bound);
        byte[] buffer = new byte[256];
        try
        {
            while (await _connection!.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0)
            {
            }
        }
        catch (SocketException)
        {
        }
    }

    public void CloseConnection() => _connection?.Dispose();

    public void ResetConnection()
    {
        _connection!.LingerState = new LingerOption(true, 0);
        _connection.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        _connection?.Dispose();
        _listener.Dispose();
        return default;
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        using var cts = new CancellationTokenSource(Bound);
        byte[] buffer = new byte[count];
        int read = 0;
        while (read < count)
        {
            int n = await _connection!.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cts.Token);
            if (n == 0)
            {
                throw new EndOfStreamException("The client closed the connection.");
            }

            read += n;
        }

        return buffer;
    }
}
