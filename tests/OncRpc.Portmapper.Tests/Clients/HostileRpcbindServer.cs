using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace OncRpc.Portmapper.Tests.Clients;

/// <summary>
/// A loopback TCP server that plays a hostile rpcbind: it answers each call with SUCCESS followed by results the
/// test supplies, possibly huge, streamed in chunks so the server never holds them all.
/// </summary>
internal sealed class HostileRpcbindServer : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly Socket _listener;
    private readonly Func<IEnumerable<ReadOnlyMemory<byte>>> _results;
    private readonly int _resultLength;
    private readonly Task _serve;
    private readonly CancellationTokenSource _stop = new(Bound);

    /// <param name="resultLength">The length announced in the record mark for the results (-1: the exact length of what <paramref name="results"/> yields, computed first).</param>
    public HostileRpcbindServer(Func<IEnumerable<ReadOnlyMemory<byte>>> results, int resultLength)
    {
        _results = results;
        _resultLength = resultLength;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(4);
        _serve = ServeAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

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
        using Socket connection = await _listener.AcceptAsync(_stop.Token);
        while (!_stop.IsCancellationRequested)
        {
            byte[] mark = await ReceiveExactlyAsync(connection, 4);
            int length = (int)(BinaryPrimitives.ReadUInt32BigEndian(mark) & 0x7FFF_FFFF);
            byte[] call = await ReceiveExactlyAsync(connection, length);
            var header = new byte[4 + 24];
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(0), 0x8000_0000u | (uint)(24 + _resultLength));
            call.AsSpan(0, 4).CopyTo(header.AsSpan(4));        // xid
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), 1); // REPLY; the rest is zero: MSG_ACCEPTED, AUTH_NONE, SUCCESS
            try
            {
                await connection.SendAsync(header, SocketFlags.None, _stop.Token);
                foreach (ReadOnlyMemory<byte> chunk in _results())
                {
                    await connection.SendAsync(chunk, SocketFlags.None, _stop.Token);
                }
            }
            catch (SocketException)
            {
                return; // the client hung up on us, as it should
            }
        }
    }

    private async Task<byte[]> ReceiveExactlyAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        int read = 0;
        while (read < count)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, _stop.Token);
            if (n == 0)
            {
                throw new OperationCanceledException("closed");
            }

            read += n;
        }

        return buffer;
    }
}
