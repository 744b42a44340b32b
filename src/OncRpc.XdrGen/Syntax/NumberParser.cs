using System.Globalization;

namespace OncRpc.XdrGen.Syntax;

/// <summary>Parses C integer literals: decimal, 0x hexadecimal, 0 octal, with optional u/l suffixes.</summary>
internal static class NumberParser
{
    public static Int128 Parse(Token token)
    {
        string text = token.Text.TrimEnd('u', 'U', 'l', 'L');
        bool ok;
        ulong value = 0;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            ok = text.Length > 2 && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
        else if (text.Length > 1 && text[0] == '0')
        {
            ok = true;
            value = 0;
            foreach (char c in text.AsSpan(1))
            {
                if (c is < '0' or > '7' || value > (ulong.MaxValue >> 3))
                {
                    ok = false;
                    break;
                }

                value = (value << 3) | (uint)(c - '0');
            }
        }
        else
        {
            ok = ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        if (!ok)
        {
            throw new XdrGenException(token.Location, $"invalid number '{token.Text}' (integers must fit in 64 bits)");
        }

        return value;
    }
}
