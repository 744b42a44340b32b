using System.Text;

namespace OncRpc.XdrGen.Syntax;

/// <summary>
/// Replaces C and C++ comments with spaces (keeping line breaks, so line and column numbers stay right) and
/// joins backslash-continued lines, as the C preprocessor's first phases do.
/// </summary>
internal static class CommentStripper
{
    public static string[] Strip(string text, string file)
    {
        var output = new StringBuilder(text.Length);
        int line = 1;
        int lineStart = 0;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var start = new SourceLocation(file, line, i - lineStart + 1);
                output.Append("  ");
                i += 2;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new XdrGenException(start, "unterminated comment");
                    }

                    if (text[i] == '*' && i + 1 < text.Length && text[i + 1] == '/')
                    {
                        output.Append("  ");
                        i += 2;
                        break;
                    }

                    if (text[i] == '\n')
                    {
                        output.Append('\n');
                        line++;
                        lineStart = i + 1;
                    }
                    else
                    {
                        output.Append(' ');
                    }

                    i++;
                }
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    output.Append(' ');
                    i++;
                }
            }
            else if ((c == '"' || c == '\'') && CloseQuote(text, i) is int close and > 0)
            {
                // A literal on one line (in a %-line or #include) keeps comment markers inside it.
                output.Append(text, i, close - i + 1);
                i = close + 1;
            }
            else
            {
                if (c == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }

                output.Append(c == '\r' ? ' ' : c);
                i++;
            }
        }

        string[] lines = output.ToString().Split('\n');

        // Backslash-newline: the next line's text joins this one; the next line stays, empty, to keep numbering.
        for (int n = 0; n < lines.Length - 1; n++)
        {
            int next = n + 1;
            while (next < lines.Length && lines[n].TrimEnd().EndsWith('\\'))
            {
                lines[n] = lines[n].TrimEnd()[..^1] + " " + lines[next];
                lines[next] = string.Empty;
                next++;
            }

            n = next - 1;
        }

        return lines;
    }

    private static int CloseQuote(string text, int open)
    {
        char quote = text[open];
        for (int i = open + 1; i < text.Length && text[i] != '\n'; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i;
            }
        }

        return -1;
    }
}
