namespace OncRpc.XdrGen.Syntax;

/// <summary>
/// Recursive-descent parser for the XDR language (RFC 4506 section 6) and the RPC language (RFC 5531 section 12)
/// with the rpcgen dialect real files use. Anonymous structs, unions and enums nested in a declaration are lifted
/// to top-level definitions named <c>parent_field</c>, placed just before the definition that contains them.
/// </summary>
internal sealed partial class Parser(List<Token> tokens)
{
    private readonly List<Definition> _lifted = [];
    private int _position;

    private Token Current => tokens[_position];

    public Specification Parse()
    {
        var definitions = new List<Definition>();
        while (Current.Kind != TokenKind.End)
        {
            Definition definition = ParseDefinition();
            definitions.AddRange(_lifted);
            _lifted.Clear();
            definitions.Add(definition);
        }

        return new Specification(definitions);
    }

    private Definition ParseDefinition()
    {
        Token start = Current;
        if (start.Kind != TokenKind.Identifier)
        {
            throw Error(start, $"expected a definition (const, typedef, enum, struct, union or program), found {start}");
        }

        switch (start.Text)
        {
            case "const":
                {
                    Advance();
                    Token name = ExpectIdentifier("constant name");
                    Expect("=");
                    Value value;
                    if (Current.Kind == TokenKind.String)
                    {
                        value = new Value(null, null, false, Current.Location) { Text = Current.Text };
                        Advance();
                    }
                    else
                    {
                        value = ParseValue();
                    }

                    Expect(";");
                    return new ConstDefinition(name.Text, name.Location, value);
                }

            case "typedef":
                {
                    Advance();
                    Declaration declaration = ParseDeclaration(context: null, allowVoid: false);
                    Expect(";");
                    return new TypedefDefinition(declaration.Name!, declaration.Location, declaration);
                }

            case "enum":
            case "struct":
            case "union":
                {
                    Advance();
                    Token name = ExpectIdentifier($"{start.Text} name");
                    Definition definition = start.Text switch
                    {
                        "enum" => ParseEnumBody(name.Text, name.Location),
                        "struct" => ParseStructBody(name.Text, name.Location),
                        _ => ParseUnionBody(name.Text, name.Location),
                    };
                    Expect(";");
                    return definition;
                }

            case "program":
                return ParseProgram();
            default:
                throw Error(start, $"expected a definition (const, typedef, enum, struct, union or program), found {start}");
        }
    }

    private EnumDefinition ParseEnumBody(string name, SourceLocation location)
    {
        Expect("{");
        var members = new List<EnumMember>();
        while (true)
        {
            Token member = ExpectIdentifier("enum value name");
            Value? value = null;
            if (Accept("="))
            {
                value = ParseValue();
            }

            members.Add(new EnumMember(member.Text, value, member.Location));
            if (Accept(","))
            {
                if (Current.Is("}"))
                {
                    break;
                }

                continue;
            }

            break;
        }

        Expect("}");
        return new EnumDefinition(name, location, members);
    }

    private StructDefinition ParseStructBody(string name, SourceLocation location)
    {
        Expect("{");
        var fields = new List<Declaration>();
        do
        {
            fields.Add(ParseDeclaration(name, allowVoid: false));
            Expect(";");
        }
        while (!Current.Is("}"));
        Expect("}");
        return new StructDefinition(name, location, fields);
    }

    private UnionDefinition ParseUnionBody(string name, SourceLocation location)
    {
        Expect("switch");
        Expect("(");
        Declaration discriminant = ParseDeclaration(name, allowVoid: false);
        Expect(")");
        Expect("{");
        var arms = new List<UnionArm>();
        Declaration? defaultArm = null;
        while (!Current.Is("}"))
        {
            Token start = Current;
            if (Accept("default"))
            {
                if (defaultArm is not null)
                {
                    throw Error(start, "union has more than one default arm");
                }

                Expect(":");
                defaultArm = ParseDeclaration(name, allowVoid: true);
                Expect(";");
                continue;
            }

            var labels = new List<Value>();
            while (Accept("case"))
            {
                labels.Add(ParseValue());
                Expect(":");
            }

            if (labels.Count == 0)
            {
                throw Error(start, $"expected 'case', 'default' or '}}', found {start}");
            }

            Declaration declaration = ParseDeclaration(name, allowVoid: true);
            Expect(";");
            arms.Add(new UnionArm(labels, declaration, start.Location));
        }

        Expect("}");
        if (arms.Count == 0 && defaultArm is null)
        {
            throw Error(Current, "union has no arms");
        }

        return new UnionDefinition(name, location, discriminant, arms, defaultArm);
    }

    private ProgramDefinition ParseProgram()
    {
        Advance();
        Token name = ExpectIdentifier("program name");
        Expect("{");
        var versions = new List<VersionDefinition>();
        do
        {
            Expect("version");
            Token versionName = ExpectIdentifier("version name");
            Expect("{");
            var procedures = new List<ProcedureDefinition>();
            do
            {
                procedures.Add(ParseProcedure());
            }
            while (!Current.Is("}"));
            Expect("}");
            Expect("=");
            Value number = ParseValue();
            Expect(";");
            versions.Add(new VersionDefinition(versionName.Text, versionName.Location, procedures, number));
        }
        while (!Current.Is("}"));
        Expect("}");
        Expect("=");
        Value programNumber = ParseValue();
        Expect(";");
        return new ProgramDefinition(name.Text, name.Location, versions, programNumber);
    }

    private ProcedureDefinition ParseProcedure()
    {
        TypeSpec result = ParseProcedureType();
        Token name = ExpectIdentifier("procedure name");
        Expect("(");
        var arguments = new List<TypeSpec> { ParseProcedureType() };
        while (Accept(","))
        {
            arguments.Add(ParseProcedureType());
        }

        Expect(")");
        Expect("=");
        Value number = ParseValue();
        Expect(";");
        if (arguments.Count > 1 && arguments.Any(a => a.Builtin == BuiltinType.Void))
        {
            throw Error(name, "void can only be the single argument of a procedure");
        }

        return new ProcedureDefinition(name.Text, name.Location, result, arguments, number);
    }

    private TypeSpec ParseProcedureType()
    {
        Token start = Current;
        if (Accept("string"))
        {
            return TypeSpec.Of(BuiltinType.String, start.Location);
        }

        if (Accept("void"))
        {
            return TypeSpec.Of(BuiltinType.Void, start.Location);
        }

        return ParseTypeSpec(context: null, out _);
    }

    private Value ParseValue()
    {
        Token start = Current;
        bool negated = Accept("-");
        Token token = Current;
        if (token.Kind == TokenKind.Number)
        {
            Advance();
            return new Value(NumberParser.Parse(token), null, negated, start.Location);
        }

        if (token.Kind == TokenKind.Identifier)
        {
            Advance();
            return new Value(null, token.Text, negated, start.Location);
        }

        throw Error(token, $"expected a constant, found {token}");
    }

    private void Advance()
    {
        if (Current.Kind != TokenKind.End)
        {
            _position++;
        }
    }

    private bool Accept(string text)
    {
        if (Current.Is(text))
        {
            Advance();
            return true;
        }

        return false;
    }

    private void Expect(string text)
    {
        if (!Accept(text))
        {
            throw Error(Current, $"expected '{text}', found {Current}");
        }
    }

    private Token ExpectIdentifier(string what)
    {
        Token token = Current;
        if (token.Kind != TokenKind.Identifier || Keywords.IsReserved(token.Text))
        {
            throw Error(token, $"expected {what}, found {token}");
        }

        Advance();
        return token;
    }

    private static XdrGenException Error(Token token, string message) => new(token.Location, message);
}
