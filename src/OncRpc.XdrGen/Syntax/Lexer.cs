namespace OncRpc.XdrGen.Syntax;

/// <summary>
/// Splits one logical line (comments already removed by <see cref="CommentStripper"/>) into tokens. The XDR
/// language needs only single-character punctuation; <c>#if</c> expressions also need the C operators, which
/// the expression mode adds.
/// </summary>
internal static class Lexer
{
    private static readonly string[] ExpressionOperators = ["<<", ">>", "<=", ">=", "==", "!=", "&&", "||"];

    public static List<Token> Tokenize(string text, string file, int line, int firstColumn = 1, bool expressionMode = false)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var location = new SourceLocation(file, line, firstColumn + i);
            int start = i;
            if (IsIdentifierStart(c))
            {
                while (i < text.Length && IsIdentifierPart(text[i]))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i], location));
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Number, text[start..i], location));
            }
            else if (c == '"')
            {
                int end = text.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw new XdrGenException(location, "unterminated string");
                }

                i = end + 1;
                tokens.Add(new Token(TokenKind.String, text[(start + 1)..end], location));
            }
            else
            {
                string? op = null;
                if (expressionMode)
                {
                    foreach (string candidate in ExpressionOperators)
                    {
                        if (string.CompareOrdinal(text, i, candidate, 0, candidate.Length) == 0)
                        {
                            op = candidate;
                            break;
                        }
                    }
                }

                if (op is null)
                {
                    if ("{}[]<>()=;:,*-+".IndexOf(c) < 0 && !(expressionMode && "!~/%&|^?".IndexOf(c) >= 0))
                    {
                        throw new XdrGenException(location, $"unexpected character '{Printable(c)}'");
                    }

                    op = c.ToString();
                }

                i += op.Length;
                tokens.Add(new Token(TokenKind.Punctuation, op, location));
            }
        }

        return tokens;
    }

    public static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static string Printable(char c) => c < ' ' || c > '~' ? $"\\u{(int)c:x4}" : c.ToString();
}
