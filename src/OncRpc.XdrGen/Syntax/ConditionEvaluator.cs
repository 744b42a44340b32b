namespace OncRpc.XdrGen.Syntax;

/// <summary>Evaluates a C preprocessor <c>#if</c> expression (macros already replaced) with 64-bit arithmetic.</summary>
internal sealed class ConditionEvaluator(List<Token> tokens, SourceLocation location, Func<Token, long>? identifiers = null)
{
    private static readonly string[][] Levels =
    [
        ["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "!="], ["<", ">", "<=", ">="], ["<<", ">>"], ["+", "-"], ["*", "/", "%"],
    ];

    private int _position;

    public long Evaluate()
    {
        long value = Conditional();
        if (_position < tokens.Count)
        {
            throw new XdrGenException(tokens[_position].Location, $"unexpected {tokens[_position]} in #if expression");
        }

        return value;
    }

    private Token? Peek => _position < tokens.Count ? tokens[_position] : null;

    private long Conditional()
    {
        long condition = Binary(0);
        if (Peek is { } q && q.Is("?"))
        {
            _position++;
            long whenTrue = Conditional();
            Expect(":");
            long whenFalse = Conditional();
            return condition != 0 ? whenTrue : whenFalse;
        }

        return condition;
    }

    private long Binary(int level)
    {
        if (level == Levels.Length)
        {
            return Unary();
        }

        long left = Binary(level + 1);
        while (Peek is { Kind: TokenKind.Punctuation } op && Levels[level].Contains(op.Text))
        {
            _position++;
            long right = Binary(level + 1);
            left = Apply(op, left, right);
        }

        return left;
    }

    private static long Apply(Token op, long left, long right)
    {
        unchecked
        {
            return op.Text switch
            {
                "||" => left != 0 || right != 0 ? 1 : 0,
                "&&" => left != 0 && right != 0 ? 1 : 0,
                "|" => left | right,
                "^" => left ^ right,
                "&" => left & right,
                "==" => left == right ? 1 : 0,
                "!=" => left != right ? 1 : 0,
                "<" => left < right ? 1 : 0,
                ">" => left > right ? 1 : 0,
                "<=" => left <= right ? 1 : 0,
                ">=" => left >= right ? 1 : 0,
                "<<" => left << (int)(right & 63),
                ">>" => left >> (int)(right & 63),
                "+" => left + right,
                "-" => left - right,
                "*" => left * right,
                "/" or "%" when right == 0 => throw new XdrGenException(op.Location, "division by zero in #if expression"),
                "/" => left == long.MinValue && right == -1 ? left : left / right,
                _ => left == long.MinValue && right == -1 ? 0 : left % right,
            };
        }
    }

    private long Unary()
    {
        Token token = Peek ?? throw new XdrGenException(tokens.Count > 0 ? tokens[^1].Location : location, "#if expression ends early");
        _position++;
        switch (token.Kind)
        {
            case TokenKind.Number:
                return (long)NumberParser.Parse(token);
            case TokenKind.Identifier:
                return identifiers?.Invoke(token) ?? 0; // an identifier that is not a macro is 0, as in C
        }

        switch (token.Text)
        {
            case "(":
                long value = Conditional();
                Expect(")");
                return value;
            case "!":
                return Unary() == 0 ? 1 : 0;
            case "~":
                return ~Unary();
            case "-":
                return unchecked(-Unary());
            case "+":
                return Unary();
            default:
                throw new XdrGenException(token.Location, $"unexpected {token} in #if expression");
        }
    }

    private void Expect(string text)
    {
        if (Peek is not { } t || !t.Is(text))
        {
            throw new XdrGenException(Peek?.Location ?? location, $"expected '{text}' in #if expression");
        }

        _position++;
    }
}
