using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OncRpc.Diagnostics;

/// <summary>The library's one <see cref="ActivitySource"/> and its default <see cref="Meter"/>, both named <c>OncRpc</c>.</summary>
internal static class RpcDiagnostics
{
    /// <summary>The version reported with the source and meter: the library's assembly version.</summary>
    public static readonly string? Version = typeof(RpcDiagnostics).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource Source = new(RpcTelemetry.ActivitySourceName, Version);

    /// <summary>The meter of clients and servers whose options name no <see cref="IMeterFactory"/>.</summary>
    public static readonly Meter Meter = new(RpcTelemetry.MeterName, Version);

    /// <summary>The boundaries the conventions advise for <c>rpc.client.call.duration</c> and <c>rpc.server.call.duration</c>, in seconds.</summary>
    public static readonly IReadOnlyList<double> DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    /// <summary>The meter to create instruments on: the factory's (which caches it by name), or the shared one.</summary>
    public static Meter MeterFor(IMeterFactory? factory) =>
        factory is null ? Meter : factory.Create(new MeterOptions(RpcTelemetry.MeterName) { Version = Version });

    /// <summary>
    /// Stops an activity on a thread other than the one that started it. <see cref="Activity.Stop"/> makes the
    /// activity's predecessor current on the calling thread; this thread (a receive thread, a timer) must not
    /// inherit the caller's activity, so what was current here before is put back.
    /// </summary>
    public static void StopElsewhere(Activity activity)
    {
        Activity? current = Activity.Current;
        activity.Stop();
        if (!ReferenceEquals(Activity.Current, current) && (current is null || !current.IsStopped))
        {
            Activity.Current = current;
        }
    }

    /// <summary>Ends an activity with an error: status <see cref="ActivityStatusCode.Error"/>, <c>error.type</c> and <c>rpc.status_code</c>.</summary>
    public static void SetError(Activity activity, string errorType, string? statusCode, string? description)
    {
        activity.SetTag(RpcAttributeNames.ErrorType, errorType);
        if (statusCode is not null)
        {
            activity.SetTag(RpcAttributeNames.RpcStatusCode, statusCode);
        }

        activity.SetStatus(ActivityStatusCode.Error, description);
    }

    /// <summary>
    /// Ends a call's activity, if it has one (with its error, if any), and returns the call's duration in seconds:
    /// the activity's own, or the time since <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp).
    /// </summary>
    public static double StopCall(Activity? activity, long started, string? errorType, string? statusCode, string? description)
    {
        if (activity is null)
        {
            return (Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency;
        }

        if (errorType is not null)
        {
            SetError(activity, errorType, statusCode, description);
        }

        StopElsewhere(activity);
        return activity.Duration.TotalSeconds;
    }

    /// <summary>Records a call's duration with its tags, and <c>error.type</c> and <c>rpc.status_code</c> when it failed.</summary>
    public static void RecordDuration(Histogram<double> duration, double seconds, TagList tags, string? errorType, string? statusCode)
    {
        if (errorType is not null)
        {
            tags.Add(RpcAttributeNames.ErrorType, errorType);
            if (statusCode is not null)
            {
                tags.Add(RpcAttributeNames.RpcStatusCode, statusCode);
            }
        }

        duration.Record(seconds, tags);
    }
}
