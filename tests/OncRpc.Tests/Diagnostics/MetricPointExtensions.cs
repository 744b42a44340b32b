using OpenTelemetry.Metrics;

namespace OncRpc.Tests.Diagnostics;

/// <summary>Reads the attributes of a metric point.</summary>
internal static class MetricPointExtensions
{
    public static Dictionary<string, object?> Attributes(this MetricPoint point)
    {
        var attributes = new Dictionary<string, object?>();
        foreach (KeyValuePair<string, object?> tag in point.Tags)
        {
            attributes[tag.Key] = tag.Value;
        }

        return attributes;
    }

    public static bool Has(this MetricPoint point, string key, object value) =>
        point.Attributes().TryGetValue(key, out object? actual) && Equals(actual, value);
}
