using System.Net;
using OncRpc.Messages;
using OncRpc.Server.Transport;

namespace OncRpc.Server;

/// <summary>
/// The per-call timeout of an asynchronous handler: a token linked to the server's abort token, and a timer that
/// answers SYSTEM_ERR when it fires first. Whoever claims the reply first (timer or handler) sends it.
/// </summary>
internal sealed class HandlerDeadline : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly CallDispatcher _dispatcher;
    private readonly ReplyChannel _channel;
    private readonly EndPoint? _remote;
    private readonly uint _xid;
    private readonly ITimer _timer;
    private readonly ServerCallScope? _telemetry;
    private int _claimed;

    /// <summary>Starts the clock for the call <paramref name="xid"/>, whose reply goes to <paramref name="channel"/>.</summary>
    public HandlerDeadline(CallDispatcher dispatcher, CancellationToken abortToken, TimeProvider timeProvider, TimeSpan timeout, ReplyChannel channel, EndPoint? remote, uint xid, ServerCallScope? telemetry)
    {
        _telemetry = telemetry;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(abortToken);
        _dispatcher = dispatcher;
        _channel = channel;
        _remote = remote;
        _xid = xid;

        // Last: the timer may fire at once.
        _timer = timeProvider.CreateTimer(static s => ((HandlerDeadline)s!).OnTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    public CancellationToken Token => _cts.Token;

    public bool TryClaimReply() => Interlocked.Exchange(ref _claimed, 1) == 0;

    public void Dispose()
    {
        _timer.Dispose();
        _cts.Dispose();
    }

    private void OnTimeout()
    {
        if (TryClaimReply())
        {
            _dispatcher.SendError(_channel, _remote, RpcReplyHeader.SystemError(_xid), RpcServerEventKind.HandlerTimedOut, null, _telemetry);
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
