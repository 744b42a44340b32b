using Xunit;

namespace OncRpc.Tests.Diagnostics;

/// <summary>
/// The telemetry tests listen to the process-wide <c>OncRpc</c> source and meter: they run alone, after the
/// parallel tests, so that no other test's calls show up among their spans and measurements.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "telemetry";
}
