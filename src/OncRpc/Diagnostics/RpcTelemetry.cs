namespace OncRpc.Diagnostics;

/// <summary>
/// The names under which the library publishes traces and metrics, for OpenTelemetry's <c>AddSource</c> and
/// <c>AddMeter</c>, or for an <see cref="System.Diagnostics.ActivityListener"/> or
/// <see cref="System.Diagnostics.Metrics.MeterListener"/> of your own.
/// </summary>
/// <remarks>
/// Spans and instruments follow OpenTelemetry's semantic conventions for RPC (<c>rpc.system.name</c> is
/// <c>onc_rpc</c>); the README's Observability section lists every attribute and instrument. With no listener
/// the library records nothing and allocates nothing for telemetry.
/// </remarks>
public static class RpcTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> of client and server calls: <c>OncRpc</c>.</summary>
    public const string ActivitySourceName = "OncRpc";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> of the library's instruments: <c>OncRpc</c>.</summary>
    public const string MeterName = "OncRpc";
}
