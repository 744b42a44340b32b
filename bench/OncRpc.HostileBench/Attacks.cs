using System.Net;
using System.Net.Sockets;

namespace OncRpc.HostileBench;

/// <summary>The attacks of issue #16. Each opens its connections and returns them; the caller holds them while it checks a legitimate call.</summary>
internal static class Attacks
{
    /// <summary>Opens <paramref name="count"/> idle TCP connections from <paramref name="local"/>, 100 at a time; connections that fail are counted, not retried.</summary>
    public static async Task<List<Socket>> IdleAsync(IPEndPoint server, IPAddress local, int count)
    {
        var sockets = new List<Socket>(count);
        for (int start = 0; start < count; start += 100)
        {
            Task<Socket?>[] batch = Enumerable.Range(0, Math.Min(100, count - start)).Select(_ => ConnectAsync(server, local)).ToArray();
            foreach (Socket? s in await Task.WhenAll(batch))
            {
                if (s is not null)
                {
                    sockets.Add(s);
                }
            }
        }

        return sockets;
    }

    /// <summary>
    /// <paramref name="connections"/> connections each write <paramref name="calls"/> GETSTAT calls (rpcbind version
    /// 4, procedure 12) and read no reply; writes that block for 10 s are abandoned (the server stopped reading).
    /// </summary>
    public static async Task<List<Socket>> UnreadRepliesAsync(IPEndPoint server, IPAddress local, int connections, int calls)
    {
        byte[] record = RawCalls.Record(1, 4, 12);
        byte[] all = new byte[record.Length * calls];
        for (int i = 0; i < calls; i++)
        {
            record.CopyTo(all, i * record.Length);
        }

        var sockets = new List<Socket>();
        for (int i = 0; i < connections; i++)
        {
            if (await ConnectAsync(server, local, receiveBuffer: 4096) is { } s)
            {
                sockets.Add(s);
            }
        }

        await Task.WhenAll(sockets.Select(async s =>
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await s.SendAsync(all, SocketFlags.None, cts.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
            }
        }));
        return sockets;
    }

    /// <summary>Sends the next byte of a NULL call on every connection still open (a slow sender's one step).</summary>
    public static async Task TrickleAsync(List<Socket> sockets, int index)
    {
        byte[] record = RawCalls.Record(2, 2, 0);
        if (index >= record.Length)
        {
            return;
        }

        await Task.WhenAll(sockets.Select(async s =>
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await s.SendAsync(record.AsMemory(index, 1), SocketFlags.None, cts.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }));
    }

    private static async Task<Socket?> ConnectAsync(IPEndPoint server, IPAddress local, int receiveBuffer = 0)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (receiveBuffer > 0)
            {
                socket.ReceiveBufferSize = receiveBuffer;
            }

            socket.Bind(new IPEndPoint(local, 0));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await socket.ConnectAsync(server, cts.Token);
            return socket;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            return null;
        }
    }
}
