namespace OncRpc.XdrGen.Syntax;

/// <summary>
/// The part of the C preprocessor that .x files use (rpcgen runs cpp on them): object-like <c>#define</c> and
/// <c>#undef</c>, <c>#if</c>/<c>#ifdef</c>/<c>#ifndef</c>/<c>#elif</c>/<c>#else</c>/<c>#endif</c>, <c>#include</c>,
/// macro replacement in the text, and rpcgen's <c>%</c> pass-through lines, which are dropped.
/// </summary>
internal sealed class Preprocessor
{
    private const int MaxIncludeDepth = 32;
    private readonly Dictionary<string, List<Token>> _macros = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<string> _includeDirectories;
    private readonly List<Token> _output = [];
    private int _includeDepth;

    /// <summary>
    /// Gets the <c>%#define NAME value</c> lines rpcgen passes through to C. Some files size arrays with them
    /// (nlm_prot.x's LM_MAXSTRLEN), so they serve as a fallback for otherwise unknown constants. Lines inside
    /// inactive #ifdef RPC_HDR blocks count too: rpcgen's C output is where they would take effect.
    /// </summary>
    public Dictionary<string, List<Token>> PassThroughDefines { get; } = new(StringComparer.Ordinal);

    public Preprocessor(IEnumerable<KeyValuePair<string, string>> defines, IReadOnlyList<string> includeDirectories)
    {
        foreach (KeyValuePair<string, string> define in defines)
        {
            _macros[define.Key] = Lexer.Tokenize(define.Value, "<command line>", 1);
        }

        _includeDirectories = includeDirectories;
    }

    /// <summary>Preprocesses a file and the files it includes into one token list ending with an end token.</summary>
    public List<Token> Run(string path, string displayName)
    {
        ProcessFile(path, displayName, new SourceLocation(displayName, 1, 1));
        // The end of input is reported just after the last token.
        SourceLocation end = _output.Count > 0 ? _output[^1].Location with { Column = _output[^1].Location.Column + _output[^1].Text.Length } : new SourceLocation(displayName, 1, 1);
        _output.Add(new Token(TokenKind.End, string.Empty, end));
        return _output;
    }

    private void ProcessFile(string path, string displayName, SourceLocation includedFrom)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new XdrGenException(includedFrom, $"cannot read '{displayName}': {ex.Message}");
        }

        string[] lines = CommentStripper.Strip(text, displayName);
        var conditions = new Stack<Condition>();
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n];
            int first = 0;
            while (first < line.Length && char.IsWhiteSpace(line[first]))
            {
                first++;
            }

            var location = new SourceLocation(displayName, n + 1, first + 1);
            bool active = conditions.Count == 0 || conditions.Peek().Active;
            if (first < line.Length && line[first] == '#')
            {
                Directive(line, first, location, conditions, active, path);
            }
            else if (first < line.Length && line[first] == '%')
            {
                PassThrough(line, first, displayName, n + 1, active);
            }
            else if (active)
            {
                Expand(Lexer.Tokenize(line, displayName, n + 1), _output, []);
            }
        }

        if (conditions.Count > 0)
        {
            throw new XdrGenException(conditions.Peek().Location, "#if without #endif");
        }
    }

    private void Directive(string line, int hash, SourceLocation location, Stack<Condition> conditions, bool active, string path)
    {
        int i = hash + 1;
        while (i < line.Length && char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        int nameStart = i;
        while (i < line.Length && Lexer.IsIdentifierPart(line[i]))
        {
            i++;
        }

        string name = line[nameStart..i];
        string rest = line[i..];
        int restColumn = i + 1;
        switch (name)
        {
            case "ifdef":
            case "ifndef":
                {
                    bool defined = active && _macros.ContainsKey(SingleName(rest, location, restColumn, name));
                    bool value = name == "ifdef" ? defined : active && !defined;
                    conditions.Push(new Condition(active, value, location));
                    return;
                }

            case "if":
                conditions.Push(new Condition(active, active && Evaluate(rest, location, restColumn), location));
                return;
            case "elif":
                {
                    Condition top = Top(conditions, location, name);
                    top.Next(top.Taken ? false : top.ParentActive && Evaluate(rest, location, restColumn), location, isElse: false);
                    return;
                }

            case "else":
                Top(conditions, location, name).Next(true, location, isElse: true);
                return;
            case "endif":
                Top(conditions, location, name);
                conditions.Pop();
                return;
        }

        if (!active)
        {
            return;
        }

        switch (name)
        {
            case "define":
                Define(rest, location, restColumn);
                break;
            case "undef":
                _macros.Remove(SingleName(rest, location, restColumn, name));
                break;
            case "include":
                Include(rest.Trim(), location, path);
                break;
            case "error":
                throw new XdrGenException(location, $"#error {rest.Trim()}");
            case "pragma":
            case "ident":
            case "line":
            case "warning":
            case "":
                break;
            default:
                if (char.IsAsciiDigit(name.Length > 0 ? name[0] : 'x'))
                {
                    break; // a line marker of an already preprocessed file
                }

                throw new XdrGenException(location, $"unknown preprocessor directive '#{name}'");
        }
    }

    private void PassThrough(string line, int percent, string file, int lineNumber, bool active)
    {
        string text = line[(percent + 1)..].TrimStart();
        if (!text.StartsWith('#'))
        {
            return;
        }

        text = text[1..].TrimStart();
        if (!text.StartsWith("define", StringComparison.Ordinal))
        {
            return;
        }

        text = text["define".Length..];
        string trimmed = text.TrimStart();
        int end = 0;
        while (end < trimmed.Length && Lexer.IsIdentifierPart(trimmed[end]))
        {
            end++;
        }

        if (end == 0 || end < trimmed.Length && trimmed[end] == '(' || (!active && PassThroughDefines.ContainsKey(trimmed[..end])))
        {
            return;
        }

        try
        {
            PassThroughDefines[trimmed[..end]] = Lexer.Tokenize(trimmed[end..], file, lineNumber, line.Length - trimmed.Length + end + 1, expressionMode: true);
        }
        catch (XdrGenException)
        {
            // C text that is not an expression (a cast, a string with escapes): not usable as a constant anyway.
        }
    }

    private static Condition Top(Stack<Condition> conditions, SourceLocation location, string name) =>
        conditions.Count > 0 ? conditions.Peek() : throw new XdrGenException(location, $"#{name} without #if");

    private string SingleName(string rest, SourceLocation location, int column, string directive)
    {
        List<Token> tokens = Lexer.Tokenize(rest, location.File, location.Line, column);
        if (tokens.Count != 1 || tokens[0].Kind != TokenKind.Identifier)
        {
            throw new XdrGenException(location, $"#{directive} needs one macro name");
        }

        return tokens[0].Text;
    }

    private void Define(string rest, SourceLocation location, int column)
    {
        string trimmed = rest.TrimStart();
        int offset = rest.Length - trimmed.Length;
        int end = 0;
        while (end < trimmed.Length && Lexer.IsIdentifierPart(trimmed[end]))
        {
            end++;
        }

        if (end == 0 || !Lexer.IsIdentifierStart(trimmed[0]))
        {
            throw new XdrGenException(location, "#define needs a macro name");
        }

        if (end < trimmed.Length && trimmed[end] == '(')
        {
            throw new XdrGenException(location, "function-like macros are not supported");
        }

        string body = trimmed[end..];
        _macros[trimmed[..end]] = Lexer.Tokenize(body, location.File, location.Line, column + offset + end, expressionMode: true);
    }

    private void Include(string rest, SourceLocation location, string currentPath)
    {
        string? name = null;
        bool quoted = false;
        if (rest.Length >= 2 && rest[0] == '"' && rest.IndexOf('"', 1) is int q and > 0)
        {
            name = rest[1..q];
            quoted = true;
        }
        else if (rest.Length >= 2 && rest[0] == '<' && rest.IndexOf('>', 1) is int a and > 0)
        {
            name = rest[1..a];
        }

        if (string.IsNullOrEmpty(name))
        {
            throw new XdrGenException(location, "#include needs \"file\" or <file>");
        }

        var candidates = new List<string>();
        if (quoted)
        {
            candidates.Add(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(currentPath)) ?? ".", name));
        }

        candidates.AddRange(_includeDirectories.Select(dir => Path.Combine(dir, name)));
        string? found = candidates.FirstOrDefault(File.Exists);
        if (found is null)
        {
            throw new XdrGenException(location, $"cannot find include file '{name}'");
        }

        if (++_includeDepth > MaxIncludeDepth)
        {
            throw new XdrGenException(location, $"#include nested more than {MaxIncludeDepth} levels (recursive include?)");
        }

        ProcessFile(found, name, location);
        _includeDepth--;
    }

    private bool Evaluate(string expression, SourceLocation location, int column)
    {
        List<Token> raw = Lexer.Tokenize(expression, location.File, location.Line, column, expressionMode: true);

        // 'defined X' and 'defined(X)' are resolved before macro replacement, as in C.
        var resolved = new List<Token>();
        for (int i = 0; i < raw.Count; i++)
        {
            if (raw[i].Kind == TokenKind.Identifier && raw[i].Text == "defined")
            {
                bool parenthesized = i + 1 < raw.Count && raw[i + 1].Is("(");
                int nameIndex = parenthesized ? i + 2 : i + 1;
                if (nameIndex >= raw.Count || raw[nameIndex].Kind != TokenKind.Identifier || (parenthesized && (nameIndex + 1 >= raw.Count || !raw[nameIndex + 1].Is(")"))))
                {
                    throw new XdrGenException(raw[i].Location, "'defined' needs a macro name");
                }

                resolved.Add(new Token(TokenKind.Number, _macros.ContainsKey(raw[nameIndex].Text) ? "1" : "0", raw[i].Location));
                i = parenthesized ? nameIndex + 1 : nameIndex;
            }
            else
            {
                resolved.Add(raw[i]);
            }
        }

        var expanded = new List<Token>();
        Expand(resolved, expanded, []);
        if (expanded.Count == 0)
        {
            throw new XdrGenException(location, "#if with no expression");
        }

        return new ConditionEvaluator(expanded, location).Evaluate() != 0;
    }

    private void Expand(List<Token> tokens, List<Token> output, HashSet<string> active)
    {
        foreach (Token token in tokens)
        {
            if (token.Kind == TokenKind.Identifier && !active.Contains(token.Text) && _macros.TryGetValue(token.Text, out List<Token>? body))
            {
                active.Add(token.Text);
                Expand(body.Select(t => t with { Location = token.Location }).ToList(), output, active);
                active.Remove(token.Text);
            }
            else
            {
                output.Add(token);
            }
        }
    }

    private sealed class Condition(bool parentActive, bool value, SourceLocation location)
    {
        private bool _seenElse;

        public bool ParentActive { get; } = parentActive;

        public bool Active { get; private set; } = value;

        public bool Taken { get; private set; } = value;

        public SourceLocation Location { get; private set; } = location;

        public void Next(bool value, SourceLocation location, bool isElse)
        {
            if (_seenElse)
            {
                throw new XdrGenException(location, isElse ? "#else after #else" : "#elif after #else");
            }

            _seenElse = isElse;
            Active = ParentActive && !Taken && value;
            Taken |= Active;
            Location = location;
        }
    }
}
