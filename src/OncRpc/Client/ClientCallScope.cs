using System.Diagnostics;
using OncRpc.Diagnostics;

namespace OncRpc.Client;

/// <summary>
/// The telemetry of one client call in progress, made only while somebody listens: its span, when its clock
/// started, whether it counts among the active calls. Ended exactly once, by whoever completes the call.
/// </summary>
internal sealed class ClientCallScope
{
    private readonly ClientTelemetry _owner;
    private readonly Activity? _activity;
    private readonly string _method;
    private readonly long _started;
    private int _retransmissions;

    public ClientCallScope(ClientTelemetry owner, Activity? activity, string method)
    {
        _owner = owner;
        _activity = activity;
        _method = method;
        _started = Stopwatch.GetTimestamp();
    }

    public bool CountedActive { get; set; }

    /// <summary>Records that the call's datagram was sent again, as an event on its span.</summary>
    public void Retransmitted()
    {
        int count = Interlocked.Increment(ref _retransmissions);
        if (_activity is { IsAllDataRequested: true } activity)
        {
            activity.AddEvent(new ActivityEvent(
                RpcAttributeNames.RetransmissionEvent,
                tags: new ActivityTagsCollection { { RpcAttributeNames.RetransmissionCount, (long)count } }));
        }
    }

    /// <summary>Ends a call that got its result.</summary>
    public void Succeeded() => End(null, null, null);

    /// <summary>Ends a call that was answered with an error status (<c>PROG_UNAVAIL</c>, <c>AUTH_BADCRED</c>...).</summary>
    public void Rejected(string statusCode, string description) => End(statusCode, statusCode, description);

    /// <summary>Ends a call that failed without an error reply: a timeout, a cancellation, a broken connection.</summary>
    public void Failed(Exception error) => End(RpcStatusCodes.ErrorTypeOf(error), null, error.Message);

    private void End(string? errorType, string? statusCode, string? description)
    {
        double seconds = RpcDiagnostics.StopCall(_activity, _started, errorType, statusCode, description);

        ClientInstruments instruments = _owner.Instruments;
        if (CountedActive)
        {
            instruments.Active.Add(-1, _owner.MetricTags(_method));
        }

        if (instruments.Duration.Enabled)
        {
            RpcDiagnostics.RecordDuration(instruments.Duration, seconds, _owner.MetricTags(_method), errorType, statusCode);
        }
    }
}
