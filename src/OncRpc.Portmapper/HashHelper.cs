namespace OncRpc.Portmapper;

// netstandard2.0 has no System.HashCode; this mixes a few values well enough for dictionaries.
internal static class HashHelper
{
    public static int Combine(int a, int b) => unchecked((a * -1521134295) + b);

    public static int Combine(int a, int b, int c) => Combine(Combine(a, b), c);

    public static int Combine(int a, int b, int c, int d) => Combine(Combine(a, b, c), d);

    public static int Combine(int a, int b, int c, int d, int e) => Combine(Combine(a, b, c, d), e);

    public static int String(string? value) => value is null ? 0 : StringComparer.Ordinal.GetHashCode(value);
}
