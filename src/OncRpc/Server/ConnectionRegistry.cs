using OncRpc.Server.Transport;

namespace OncRpc.Server;

/// <summary>
/// The server's open stream connections: admission (at most <see cref="RpcServerOptions.MaxConnections"/>, none once
/// closing), counting, the periodic sweep that closes idle ones, and the snapshots shutdown works on.
/// </summary>
internal sealed class ConnectionRegistry : IDisposable
{
    private readonly RpcServerOptions _options;
    private readonly ServerEvents _events;
    private readonly object _gate = new();
    private readonly HashSet<StreamServerConnection> _connections = [];
    private ITimer? _idleTimer;
    private bool _closing;

    public ConnectionRegistry(RpcServerOptions options, ServerEvents events)
    {
        _options = options;
        _events = events;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    public bool TryAdmit(StreamServerConnection connection)
    {
        lock (_gate)
        {
            if (_closing || _connections.Count >= _options.MaxConnections)
            {
                return false;
            }

            _connections.Add(connection);
            return true;
        }
    }

    public void Remove(StreamServerConnection connection)
    {
        lock (_gate)
        {
            _connections.Remove(connection);
        }
    }

    /// <summary>Starts the idle sweep, once, unless <see cref="RpcServerOptions.IdleTimeout"/> is infinite.</summary>
    public void StartIdleSweep()
    {
        lock (_gate)
        {
            if (_idleTimer is null && !_closing && _options.IdleTimeout != Timeout.InfiniteTimeSpan)
            {
                // A quarter of the timeout (at least 10 ms): a connection is closed at most 25 % after it went idle.
                TimeSpan period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 10, _options.IdleTimeout.Ticks / 4));
                _idleTimer = _options.TimeProvider.CreateTimer(static s => ((ConnectionRegistry)s!).CloseIdle(), this, period, period);
            }
        }
    }

    /// <summary>Admits no more connections and stops the idle sweep.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closing = true;
            _idleTimer?.Dispose();
        }
    }

    public StreamServerConnection[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _connections];
        }
    }

    public void Dispose() => Close();

    private void CloseIdle()
    {
        long now = _options.TimeProvider.GetTimestamp();
        foreach (StreamServerConnection connection in Snapshot())
        {
            if (connection.IsIdleSince(now, _options.IdleTimeout))
            {
                _events.Raise(RpcServerEventKind.IdleConnectionClosed, connection.Endpoint.Transport, connection.RemoteEndPoint, 0, null);
                connection.Abort();
            }
        }
    }
}
