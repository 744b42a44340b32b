using OncRpc.Client.Transport;
using OncRpc.Messages;
using OncRpc.Xdr;

namespace OncRpc.Client;

/// <summary>
/// A client's outstanding calls by transaction id (xid), and the routing of what its transport reports: a reply
/// completes the call with its xid, a failure fails every call (and, when fatal, every later one).
/// </summary>
/// <remarks>
/// Whoever removes a call from the table (a reply, its timer, a cancellation, a failure) is the only one allowed to
/// complete it: the methods that remove one say whether they did.
/// </remarks>
internal sealed class PendingCallTable : IClientTransportSink
{
    private readonly object _lock = new();
    private readonly Dictionary<uint, PendingCall> _pending = new();
    private readonly XdrReaderOptions? _readerOptions;
    private int _xid;
    private Exception? _failure;
    private long _droppedReplies;

    public PendingCallTable(XdrReaderOptions? readerOptions)
    {
        _readerOptions = readerOptions;
        _xid = InitialXid();
    }

    /// <summary>Gets the failure every call now fails with (the transport closed, the client disposed), if any.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Gets the number of replies dropped because they matched no outstanding call (late, duplicate or stray).</summary>
    public long DroppedReplies => Interlocked.Read(ref _droppedReplies);

    /// <summary>Gets the number of calls waiting for a reply.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>
    /// Gives <paramref name="call"/> an xid no outstanding call has and adds it; or, once the table has failed,
    /// returns the failure (and adds nothing).
    /// </summary>
    public Exception? TryAdd(PendingCall call)
    {
        lock (_lock)
        {
            if (_failure is { } failure)
            {
                return failure;
            }

            uint xid;
            do
            {
                xid = unchecked((uint)++_xid);
            }
            while (_pending.ContainsKey(xid));

            call.Xid = xid;
            _pending.Add(xid, call);
            return null;
        }
    }

    /// <summary>Removes the call if the table still holds it under <paramref name="xid"/>; <see langword="true"/> when this did.</summary>
    public bool TryRemove(uint xid, PendingCall call)
    {
        lock (_lock)
        {
            if (_pending.TryGetValue(xid, out PendingCall? current) && ReferenceEquals(current, call))
            {
                _pending.Remove(xid);
                return true;
            }
        }

        return false;
    }

    /// <summary>Gets a value indicating whether the table still holds the call under <paramref name="xid"/>.</summary>
    public bool IsPending(uint xid, PendingCall call)
    {
        lock (_lock)
        {
            return _pending.TryGetValue(xid, out PendingCall? current) && ReferenceEquals(current, call);
        }
    }

    /// <summary>Fails every outstanding call with a copy of <paramref name="error"/>, and when <paramref name="isFatal"/> every later one too.</summary>
    public void Fail(Exception error, bool isFatal)
    {
        if (isFatal)
        {
            Interlocked.CompareExchange(ref _failure, error, null);
        }

        PendingCall[] calls;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            calls = new PendingCall[_pending.Count];
            _pending.Values.CopyTo(calls, 0);
            _pending.Clear();
        }

        foreach (PendingCall call in calls)
        {
            call.Fail(RpcErrors.Copy(error));
        }
    }

    /// <inheritdoc/>
    void IClientTransportSink.OnMessage(ReadOnlySpan<byte> message)
    {
        if (!RpcMessage.TryPeekHeader(message, out uint xid, out MessageType type) || type != MessageType.Reply)
        {
            Interlocked.Increment(ref _droppedReplies);
            return;
        }

        PendingCall? call;
        lock (_lock)
        {
            if (_pending.TryGetValue(xid, out call))
            {
                _pending.Remove(xid);
            }
        }

        if (call is null)
        {
            Interlocked.Increment(ref _droppedReplies);
            return;
        }

        call.Complete(message, _readerOptions);
    }

    /// <inheritdoc/>
    void IClientTransportSink.OnTransportError(Exception error, bool isFatal) => Fail(error, isFatal);

    private static int InitialXid()
    {
        // A random start keeps xids of successive clients apart, so a server's duplicate request cache does not confuse them.
        // It need not be unguessable: Random.Shared is seeded from the OS without loading OpenSSL, which
        // RandomNumberGenerator does on Linux at a cost of tens of milliseconds for a short-lived process.
#if NET
        return Random.Shared.Next(int.MinValue, int.MaxValue);
#else
        return new Random().Next(int.MinValue, int.MaxValue);
#endif
    }
}
