using OncRpc.Server.Transport;

namespace OncRpc.Server;

/// <summary>
/// The server's open stream connections: admission (at most <see cref="RpcServerOptions.MaxConnections"/>, and at
/// most <see cref="RpcServerOptions.MaxConnectionShare"/> of them from one peer; at a limit the idlest connection is
/// evicted or the newcomer refused, per <see cref="ConnectionLimitPolicy"/>; none once closing), counting, the
/// server-wide <see cref="Transport.ReplyBudget"/> they share, the periodic sweep that closes idle ones, and the
/// snapshots shutdown works on.
/// </summary>
internal sealed class ConnectionRegistry : IDisposable
{
    private readonly RpcServerOptions _options;
    private readonly ServerEvents _events;
    private readonly object _gate = new();
    private readonly HashSet<StreamServerConnection> _connections = [];
    private readonly Dictionary<object, int> _perPeer = [];
    private readonly int _maxPerPeer;
    private ITimer? _idleTimer;
    private bool _closing;

    public ConnectionRegistry(RpcServerOptions options, ServerEvents events)
    {
        _options = options;
        _events = events;
        _maxPerPeer = options.MaxConnectionsPerPeer;
        ReplyBudget = new ReplyBudget(options.MaxTotalPendingReplyBytes);
    }

    /// <summary>Gets the server-wide budget of unsent reply bytes, shared by the open connections.</summary>
    public ReplyBudget ReplyBudget { get; }

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

    /// <summary>
    /// Admits a new connection. At the peer's share, or at <see cref="RpcServerOptions.MaxConnections"/>, the idlest
    /// connection (of that peer, or of all) is closed to make room under <see cref="ConnectionLimitPolicy.EvictIdlest"/>;
    /// the newcomer is refused when every candidate is busy, under <see cref="ConnectionLimitPolicy.RefuseNew"/>, or
    /// once the server is closing.
    /// </summary>
    public bool TryAdmit(StreamServerConnection connection)
    {
        StreamServerConnection? victim = null;
        lock (_gate)
        {
            if (_closing)
            {
                return false;
            }

            _perPeer.TryGetValue(connection.PeerKey, out int ofPeer);
            if (ofPeer >= _maxPerPeer)
            {
                // Refusing here would lock out every client behind the same address (NAT, loopback): the peer
                // competes with itself instead.
                victim = FindIdlestLocked(connection.PeerKey);
                if (victim is null)
                {
                    return false;
                }
            }
            else if (_connections.Count >= _options.MaxConnections)
            {
                victim = FindIdlestLocked(null);
                if (victim is null)
                {
                    return false;
                }
            }

            if (victim is not null)
            {
                RemoveLocked(victim);
            }

            _connections.Add(connection);
            _perPeer[connection.PeerKey] = (_perPeer.TryGetValue(connection.PeerKey, out int now) ? now : 0) + 1;
            ReplyBudget.SetConnections(_connections.Count);
        }

        if (victim is not null)
        {
            _events.Raise(RpcServerEventKind.ConnectionEvicted, victim.Endpoint.Transport, victim.RemoteEndPoint, 0, null);
            victim.Abort();
        }

        return true;
    }

    public int CountIdle()
    {
        lock (_gate)
        {
            return _connections.Count(c => !c.IsBusy);
        }
    }

    public void Remove(StreamServerConnection connection)
    {
        lock (_gate)
        {
            RemoveLocked(connection);
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

    /// <summary>The idle connection (of <paramref name="peer"/>, or of anyone) that was last useful the longest ago, if eviction is the policy.</summary>
    private StreamServerConnection? FindIdlestLocked(object? peer)
    {
        if (_options.ConnectionLimitPolicy != ConnectionLimitPolicy.EvictIdlest)
        {
            return null;
        }

        StreamServerConnection? idlest = null;
        long oldest = long.MaxValue;
        foreach (StreamServerConnection candidate in _connections)
        {
            if ((peer is null || peer.Equals(candidate.PeerKey)) && !candidate.IsBusy)
            {
                long useful = candidate.LastUseful;
                if (useful < oldest)
                {
                    oldest = useful;
                    idlest = candidate;
                }
            }
        }

        return idlest;
    }

    private void RemoveLocked(StreamServerConnection connection)
    {
        if (!_connections.Remove(connection))
        {
            return;
        }

        int left = _perPeer[connection.PeerKey] - 1;
        if (left == 0)
        {
            _perPeer.Remove(connection.PeerKey);
        }
        else
        {
            _perPeer[connection.PeerKey] = left;
        }

        ReplyBudget.SetConnections(_connections.Count);
    }

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
