using System.Globalization;

namespace PortProbe.Probing;

/// <summary>Invariant-culture text for numbers and durations shared by the table and the messages.</summary>
internal static class Format
{
    public static string Duration(TimeSpan t) =>
        t.TotalMilliseconds < 1000 || t.TotalMilliseconds % 1000 != 0
            ? ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms"
            : ((long)t.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";

    public static string Factor(double factor) => factor.ToString("0.0", CultureInfo.InvariantCulture);
}
