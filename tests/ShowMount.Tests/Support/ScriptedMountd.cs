using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using OncRpc;
using OncRpc.Client;
using OncRpc.Portmapper;

namespace ShowMount.Tests.Support;

/// <summary>
/// A hostile mount daemon: a TCP listener on loopback registered in the system rpcbind as program 100005 versions
/// 1 and 3, which answers each call with whatever bytes the test scripts (after an accepted-success reply header),
/// raw record bytes, or nothing. It speaks no MOUNT itself; the bytes are the attack. Unregisters on dispose.
/// </summary>
internal sealed class ScriptedMountd : IAsyncDisposable
{
    public const uint MountProgram = 100005;

    private readonly TcpListener _listener;
    private readonly Func<uint, uint, Reply> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<Socket> _connections = new();
    private readonly uint[] _versions;

    private ScriptedMountd(Func<uint, uint, Reply> script, uint[] versions)
    {
        _script = script;
        _versions = versions;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>Calls received: (version, procedure).</summary>
    public List<(uint Version, uint Procedure)> Calls { get; } = new();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Starts the daemon and registers it over tcp; <paramref name="script"/> maps (version, procedure) to the reply.</summary>
    public static async Task<ScriptedMountd> StartAsync(Func<uint, uint, Reply> script, params uint[] versions)
    {
        var mountd = new ScriptedMountd(script, versions.Length == 0 ? [1, 3] : versions);
        foreach (uint version in mountd._versions)
        {
            if (!await RpcbindRegistration.RegisterAsync(MountProgram, version, RpcTransportKind.Tcp, new IPEndPoint(IPAddress.Loopback, mountd.Port)))
            {
                await mountd.DisposeAsync();
                throw new InvalidOperationException($"rpcbind refused 100005 v{version} over tcp: another mountd is registered (a real one, or a crashed test's).");
            }
        }

        return mountd;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (uint version in _versions)
        {
            await RpcbindRegistration.UnregisterAsync(MountProgram, version, NetId.Tcp);
        }

        _stop.Cancel();
        _listener.Stop();
        lock (_connections)
        {
            foreach (Socket s in _connections)
            {
                s.Dispose();
            }
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket = await _listener.AcceptSocketAsync(_stop.Token);
            lock (_connections)
            {
                _connections.Add(socket);
            }

            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            var mark = new byte[4];
            while (true)
            {
                await ReadExactlyAsync(socket, mark);
                int length = (int)(BinaryPrimitives.ReadUInt32BigEndian(mark) & 0x7fffffff);
                if (length > 64 * 1024)
                {
                    return;
                }

                var call = new byte[length];
                await ReadExactlyAsync(socket, call);
                uint xid = BinaryPrimitives.ReadUInt32BigEndian(call);
                uint version = BinaryPrimitives.ReadUInt32BigEndian(call.AsSpan(16));
                uint procedure = BinaryPrimitives.ReadUInt32BigEndian(call.AsSpan(20));
                lock (Calls)
                {
                    Calls.Add((version, procedure));
                }

                Reply reply = _script(version, procedure);
                byte[]? bytes = reply.Build(xid);
                if (bytes is null)
                {
                    continue;
                }

                await socket.SendAsync(bytes, SocketFlags.None, _stop.Token);
                if (reply.CloseAfter)
                {
                    socket.Shutdown(SocketShutdown.Both);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or EndOfStreamException)
        {
        }
    }

    private async Task ReadExactlyAsync(Socket socket, byte[] buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(done), SocketFlags.None, _stop.Token);
            if (n == 0)
            {
                throw new EndOfStreamException();
            }

            done += n;
        }
    }
}
