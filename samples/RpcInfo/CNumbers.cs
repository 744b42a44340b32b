namespace RpcInfo;

/// <summary>The number conversions of the C library that rpcinfo's argument checks rely on.</summary>
internal static class CNumbers
{
    /// <summary>
    /// <c>strtol(text, &amp;end, 10)</c>: skips leading white space, takes an optional sign and decimal digits,
    /// saturates at the bounds of a 64-bit long. <paramref name="end"/> is 0 when no digits were found.
    /// </summary>
    public static long StrToL(string text, out int end)
    {
        int i = 0;
        while (i < text.Length && IsCSpace(text[i]))
        {
            i++;
        }

        bool negative = false;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            negative = text[i] == '-';
            i++;
        }

        int digitsStart = i;
        ulong magnitude = 0;
        bool overflow = false;
        while (i < text.Length && text[i] is >= '0' and <= '9')
        {
            uint digit = (uint)(text[i] - '0');
            if (!overflow)
            {
                if (magnitude > (ulong.MaxValue - digit) / 10)
                {
                    overflow = true;
                }
                else
                {
                    magnitude = (magnitude * 10) + digit;
                }
            }

            i++;
        }

        if (i == digitsStart)
        {
            end = 0;
            return 0;
        }

        end = i;
        if (negative)
        {
            return overflow || magnitude > (ulong)long.MaxValue + 1 ? long.MinValue : unchecked(-(long)magnitude);
        }

        return overflow || magnitude > long.MaxValue ? long.MaxValue : (long)magnitude;
    }

    /// <summary>True for the characters C's <c>isspace</c> accepts in the C locale.</summary>
    public static bool IsCSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    /// <summary>True for the characters C's <c>isdigit</c> accepts.</summary>
    public static bool IsCDigit(char c) => c is >= '0' and <= '9';

    /// <summary>True for the characters C's <c>isalpha</c> accepts in the C locale.</summary>
    public static bool IsCAlpha(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');
}
