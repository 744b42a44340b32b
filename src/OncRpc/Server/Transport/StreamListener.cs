using System.Net;
using System.Net.Sockets;

namespace OncRpc.Server.Transport;

/// <summary>Accepts TCP or Unix domain socket connections and runs a <see cref="StreamServerConnection"/> for each.</summary>
internal sealed class StreamListener : IServerListener
{
    private readonly IServerConnectionHost _host;
    private readonly Socket _socket;
    private readonly string? _unixPath;
    private Task _acceptLoop = Task.CompletedTask;
    private volatile bool _stopped;

    private readonly ServerTlsSettings? _tls;

    public StreamListener(IServerConnectionHost host, Socket socket, RpcTransportKind transport, EndPoint? unixEndPoint, ServerTlsSettings? tls = null)
    {
        _tls = tls;
        _host = host;
        _socket = socket;
        Transport = transport;
        LocalEndPoint = socket.LocalEndPoint ?? unixEndPoint!;
        _unixPath = unixEndPoint?.ToString();
    }

    public EndPoint LocalEndPoint { get; }

    public RpcTransportKind Transport { get; }

    public Task AcceptLoop => _acceptLoop;

    public Task Completion => _acceptLoop;

    public void Start() => _acceptLoop = Task.Run(AcceptLoopAsync);

    public void StopAccepting()
    {
        _stopped = true;
        _socket.Dispose();
        if (_unixPath is { Length: > 0 } path && path[0] != '\0')
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Someone else's file by now, or already gone: not ours to worry about.
            }
        }
    }

    public void Abort() => StopAccepting();

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stopped)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                continue;
            }
            catch (SocketException)
            {
                // Out of file descriptors or buffers: back off briefly instead of spinning, and keep serving the open connections.
                await Task.Delay(50).ConfigureAwait(false);
                continue;
            }

            EndPoint? remote = null;
            try
            {
                remote = client.RemoteEndPoint;
                if (Transport == RpcTransportKind.Tcp)
                {
                    client.NoDelay = true;
                }
            }
            catch (SocketException)
            {
                client.Dispose();
                continue;
            }

            var endpoint = new ServerEndpoint(Transport, LocalEndPoint, Transport == RpcTransportKind.Local ? PeerCredentials.TryGetUserId(client) : null, _tls);
            var connection = new StreamServerConnection(_host, client, endpoint, remote);
            if (!_host.TryAdmit(connection))
            {
                _host.Raise(RpcServerEventKind.ConnectionRefused, Transport, remote, 0, null);
                client.Dispose();
                continue;
            }

            _host.Raise(RpcServerEventKind.ConnectionAccepted, Transport, remote, 0, null);
            connection.Start();
        }
    }
}
