using System.Net;
using OncRpc.Messages;

namespace OncRpc.Server;

/// <summary>
/// The per-call timeout of an asynchronous handler: a token linked to the server's abort token, and a timer that
/// answers SYSTEM_ERR when it fires first. Whoever claims the reply first (timer or handler) sends it.
/// </summary>
internal sealed class HandlerDeadline : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private ITimer? _timer;
    private int _claimed;
    private RpcServer? _server;
    private ReplySink? _sink;
    private EndPoint? _remote;
    private uint _xid;

    public HandlerDeadline(CancellationToken abortToken, TimeProvider timeProvider, TimeSpan timeout)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(abortToken);
        _timeProvider = timeProvider;
        _timeout = timeout;
    }

    public CancellationToken Token => _cts.Token;

    public void Start(RpcServer server, ReplySink sink, EndPoint? remote, uint xid)
    {
        _server = server;
        _sink = sink;
        _remote = remote;
        _xid = xid;
        _timer = _timeProvider.CreateTimer(static s => ((HandlerDeadline)s!).OnTimeout(), this, _timeout, Timeout.InfiniteTimeSpan);
    }

    public bool TryClaimReply() => Interlocked.Exchange(ref _claimed, 1) == 0;

    public void Dispose()
    {
        _timer?.Dispose();
        _cts.Dispose();
    }

    private void OnTimeout()
    {
        if (TryClaimReply())
        {
            _server!.SendError(_sink!, _remote, RpcReplyHeader.SystemError(_xid), RpcServerEventKind.HandlerTimedOut, null);
        }

        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The handler finished while the timer fired.
        }
    }
}
