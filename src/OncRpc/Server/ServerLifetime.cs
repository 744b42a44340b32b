using OncRpc.Server.Transport;

namespace OncRpc.Server;

/// <summary>
/// The lifetime of an <see cref="RpcServer"/>: its listeners, the callbacks to run when it starts stopping, the
/// orderly stop (callbacks, listeners, draining connections) and the abort that cuts everything short.
/// </summary>
internal sealed class ServerLifetime : IDisposable
{
    private readonly ConnectionRegistry _connections;
    private readonly ServerEvents _events;
    private readonly CancellationTokenSource _abort = new();
    private readonly object _gate = new();
    private readonly List<IServerListener> _listeners = [];
    private readonly List<Func<CancellationToken, Task>> _stoppingCallbacks = [];
    private Task? _stopTask;
    private bool _stopping;

    public ServerLifetime(ConnectionRegistry connections, ServerEvents events)
    {
        _connections = connections;
        _events = events;
    }

    /// <summary>Gets a token cancelled when the server stops without waiting for calls in progress.</summary>
    public CancellationToken AbortToken => _abort.Token;

    public IReadOnlyList<RpcServerEndPoint> EndPoints
    {
        get
        {
            lock (_gate)
            {
                return _listeners.Select(l => new RpcServerEndPoint(l.LocalEndPoint, l.Transport)).ToArray();
            }
        }
    }

    /// <exception cref="InvalidOperationException">The server is stopping.</exception>
    public void AddStoppingCallback(Func<CancellationToken, Task> callback)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                throw new InvalidOperationException("The server is stopping.");
            }

            _stoppingCallbacks.Add(callback);
        }
    }

    /// <summary>Adds a listener that is bound but not started yet.</summary>
    /// <exception cref="InvalidOperationException">The server is stopping.</exception>
    public void Register(IServerListener listener)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                throw new InvalidOperationException("The server is stopping.");
            }

            _listeners.Add(listener);
        }

        _connections.StartIdleSweep();
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Task stop;
        Task<Task>? first = null;
        lock (_gate)
        {
            if (_stopTask is null)
            {
                // Created here, so every caller waits for the same stop, but run below, outside the lock: the
                // stopping callbacks it runs first must not hold the server's lock while their synchronous part runs.
                first = new Task<Task>(() => StopCoreAsync(cancellationToken));
                _stopTask = first.Unwrap();
            }

            stop = _stopTask;
        }

        first?.RunSynchronously();

        if (!stop.IsCompleted)
        {
            using (cancellationToken.Register(static s => ((ServerLifetime)s!).Abort(), this))
            {
                await stop.ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _abort.Dispose();

    private void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        IServerListener[] listeners;
        lock (_gate)
        {
            listeners = [.. _listeners];
        }

        foreach (StreamServerConnection connection in _connections.Snapshot())
        {
            connection.Abort();
        }

        foreach (IServerListener listener in listeners)
        {
            listener.Abort();
        }
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        IServerListener[] listeners;
        Func<CancellationToken, Task>[] callbacks;
        lock (_gate)
        {
            _stopping = true;
            callbacks = [.. _stoppingCallbacks];
        }

        foreach (Func<CancellationToken, Task> callback in callbacks)
        {
            try
            {
                await callback(cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A failing callback is reported; the server still stops.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _events.Raise(RpcServerEventKind.StoppingCallbackFailed, RpcTransportKind.Tcp, null, 0, ex);
            }
        }

        lock (_gate)
        {
            listeners = [.. _listeners];
        }

        _connections.Close();

        // Listeners stop accepting first, so no connection is added once the snapshot below is taken.
        foreach (IServerListener listener in listeners)
        {
            listener.StopAccepting();
        }

        await Task.WhenAll(listeners.Select(l => l.AcceptLoop)).ConfigureAwait(false);

        StreamServerConnection[] connections = _connections.Snapshot();
        foreach (StreamServerConnection connection in connections)
        {
            connection.BeginDrain();
        }

        await Task.WhenAll(connections.Select(c => c.Completion).Concat(listeners.Select(l => l.Completion))).ConfigureAwait(false);
    }
}
