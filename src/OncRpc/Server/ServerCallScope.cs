using System.Diagnostics;
using OncRpc.Diagnostics;
using OncRpc.Messages;
using OncRpc.Server.Transport;

namespace OncRpc.Server;

/// <summary>
/// The telemetry of one served call, made only while somebody listens: its span (current while the handler
/// runs, so the handler's own activities become its children), its clock, its place among the active calls.
/// Ended once, by whoever sends the reply.
/// </summary>
internal sealed class ServerCallScope
{
    private readonly ServerTelemetry _owner;
    private readonly Activity? _activity;
    private readonly string _method;
    private readonly long _started;
    private int _ended;

    public ServerCallScope(ServerTelemetry owner, Activity? activity, string method)
    {
        _owner = owner;
        _activity = activity;
        _method = method;
        _started = Stopwatch.GetTimestamp();
    }

    public bool CountedActive { get; set; }

    /// <summary>
    /// Called on the server's thread when the synchronous part of the dispatch is over: the call's span must not
    /// stay current there for the next call. An asynchronous handler keeps it in its own execution context.
    /// </summary>
    public static void LeaveThread()
    {
        if (Activity.Current is not null)
        {
            Activity.Current = null;
        }
    }

    /// <summary>Ends the call with the reply that was sent for it.</summary>
    public void Replied(in RpcReplyHeader header)
    {
        string? status = RpcStatusCodes.Of(in header);
        End(status, status, null);
    }

    /// <summary>
    /// Ends a call whose handler succeeded by what the transport did with its reply: sent, replaced with
    /// SYSTEM_ERR (not encodable, or too large for a datagram), or not sent at all (the connection was closed).
    /// </summary>
    public void Ended(ReplyOutcome outcome, RpcReplyHeader success)
    {
        switch (outcome)
        {
            case ReplyOutcome.Sent:
                Replied(in success);
                break;
            case ReplyOutcome.ReplacedWithSystemError:
                Replied(RpcReplyHeader.SystemError(success.Xid));
                break;
            default:
                End(RpcAttributeNames.OtherError, null, "the reply could not be written; the connection was closed");
                break;
        }
    }

    /// <summary>Ends the call with the reply that was sent for it, after its handler failed with <paramref name="error"/>.</summary>
    public void Replied(in RpcReplyHeader header, Exception? error)
    {
        string? status = RpcStatusCodes.Of(in header);
        End(status, status, error?.Message);
    }

    /// <summary>Ends a call that is answered with nothing, as its handler asked by <paramref name="error"/>.</summary>
    public void NotAnswered(Exception error) => End(RpcStatusCodes.ErrorTypeOf(error), null, error.Message);

    private void End(string? errorType, string? statusCode, string? description)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        double seconds = RpcDiagnostics.StopCall(_activity, _started, errorType, statusCode, description);

        ServerInstruments instruments = _owner.Instruments;
        if (CountedActive)
        {
            instruments.Active.Add(-1, ServerTelemetry.MetricTags(_method));
        }

        if (instruments.Duration.Enabled)
        {
            RpcDiagnostics.RecordDuration(instruments.Duration, seconds, ServerTelemetry.MetricTags(_method), errorType, statusCode);
        }
    }
}
