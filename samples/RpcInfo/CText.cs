using System.Globalization;
using System.Text;

namespace RpcInfo;

/// <summary>printf-style padding that counts bytes as C does, and C's view of strings that hold a NUL.</summary>
internal static class CText
{
    /// <summary><c>%-Ns</c>: the text, then spaces up to <paramref name="width"/> bytes.</summary>
    public static string Left(string text, int width)
    {
        int bytes = Encoding.UTF8.GetByteCount(text);
        return bytes >= width ? text : text + new string(' ', width - bytes);
    }

    /// <summary><c>%Ns</c>: spaces, then the text, up to <paramref name="width"/> bytes.</summary>
    public static string Right(string text, int width)
    {
        int bytes = Encoding.UTF8.GetByteCount(text);
        return bytes >= width ? text : new string(' ', width - bytes) + text;
    }

    /// <summary><c>%Nu</c> and friends: a number right-aligned in <paramref name="width"/> characters.</summary>
    public static string Right(long value, int width) => Right(value.ToString(CultureInfo.InvariantCulture), width);

    /// <summary><c>%Nlu</c> for unsigned longs.</summary>
    public static string Right(ulong value, int width) => Right(value.ToString(CultureInfo.InvariantCulture), width);

    /// <summary><c>%-Nd</c>: a number left-aligned in <paramref name="width"/> characters.</summary>
    public static string Left(long value, int width) => Left(value.ToString(CultureInfo.InvariantCulture), width);

    /// <summary>A decimal number, as <c>%d</c> or <c>%u</c> print it.</summary>
    public static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A decimal number, as <c>%lu</c> prints it.</summary>
    public static string Num(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>What C's <c>%s</c> prints of a string that came off the wire: everything before the first NUL.</summary>
    public static string C(string text)
    {
        int nul = text.IndexOf('\0', StringComparison.Ordinal);
        return nul < 0 ? text : text.Substring(0, nul);
    }

    /// <summary>C's <c>strlen</c> of the UTF-8 form.</summary>
    public static int Length(string text) => Encoding.UTF8.GetByteCount(text);

    /// <summary>The first <paramref name="maxBytes"/> bytes of a string (never splitting a UTF-8 sequence).</summary>
    public static string Truncate(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var sb = new StringBuilder();
        int used = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            int n = rune.Utf8SequenceLength;
            if (used + n > maxBytes)
            {
                break;
            }

            sb.Append(rune.ToString());
            used += n;
        }

        return sb.ToString();
    }
}
