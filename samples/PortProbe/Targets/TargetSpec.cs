using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PortProbe.Targets;

/// <summary>What one target word on the command line or in a file means.</summary>
internal enum TargetKind
{
    Address,
    Range,
    HostName,
}

/// <summary>One parsed target: an address literal, a CIDR range or a host name still to resolve.</summary>
internal sealed record TargetSpec(string Text, TargetKind Kind, IPAddress? Address, int PrefixLength)
{
    /// <summary>How many addresses the target stands for before name resolution (a name counts as one).</summary>
    public UInt128 Count => Kind == TargetKind.Range
        ? UInt128.One << ((Address!.AddressFamily == AddressFamily.InterNetwork ? 32 : 128) - PrefixLength)
        : UInt128.One;

    /// <summary>Parses one target word; returns null with a reason when it is none of the accepted forms.</summary>
    public static TargetSpec? Parse(string text, out string? error)
    {
        error = null;
        string t = text.Trim();
        if (t.Length == 0)
        {
            error = "empty target";
            return null;
        }

        int slash = t.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            string addressPart = Unbracket(t[..slash]);
            string prefixPart = t[(slash + 1)..];
            if (!IPAddress.TryParse(addressPart, out IPAddress? network) || (network.AddressFamily == AddressFamily.InterNetworkV6 && network.ScopeId != 0) || !IsLiteral(addressPart))
            {
                error = $"{text}: not an IPv4 or IPv6 network address";
                return null;
            }

            int max = network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
            if (!int.TryParse(prefixPart, NumberStyles.None, CultureInfo.InvariantCulture, out int prefix) || prefix > max)
            {
                error = $"{text}: the prefix length must be a number from 0 to {max}";
                return null;
            }

            return new TargetSpec(t, TargetKind.Range, network, prefix);
        }

        string literal = Unbracket(t);
        if (IsLiteral(literal) && IPAddress.TryParse(literal, out IPAddress? address))
        {
            return new TargetSpec(t, TargetKind.Address, address, 0);
        }

        if (!IsHostName(t))
        {
            error = $"{text}: not a host name, IP address or CIDR range";
            return null;
        }

        return new TargetSpec(t, TargetKind.HostName, null, 0);
    }

    private static string Unbracket(string s) =>
        s.Length >= 2 && s[0] == '[' && s[^1] == ']' ? s[1..^1] : s;

    // IPAddress.TryParse also takes "1" or "10.1" (classful shorthands); a target list should only mean what it says.
    private static bool IsLiteral(string s) =>
        s.Contains(':', StringComparison.Ordinal) || (s.Count(c => c == '.') == 3 && s.All(c => char.IsAsciiDigit(c) || c == '.'));

    private static bool IsHostName(string s)
    {
        if (s.Length > 253)
        {
            return false;
        }

        foreach (string label in s.TrimEnd('.').Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (char c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
                {
                    return false;
                }
            }
        }

        // An all-numeric dotted name would be an address typo (256.1.1.1), not a name to look up.
        return !s.All(c => char.IsAsciiDigit(c) || c == '.');
    }
}
