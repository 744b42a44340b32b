namespace OncRpc.XdrGen.Syntax;

/// <summary>Declarations and type specifiers, including the rpcgen spellings of the built-in types.</summary>
internal sealed partial class Parser
{
    private Declaration ParseDeclaration(string? context, bool allowVoid)
    {
        Token start = Current;
        if (Accept("void"))
        {
            if (!allowVoid)
            {
                throw Error(start, "void is only allowed as a union arm or a procedure argument or result");
            }

            return new Declaration(DeclarationKind.Void, TypeSpec.Of(BuiltinType.Void, start.Location), null, null, start.Location);
        }

        if (Accept("opaque") || Accept("string"))
        {
            bool isString = start.Text == "string";
            var type = TypeSpec.Of(isString ? BuiltinType.String : BuiltinType.Opaque, start.Location);
            Token name = ExpectIdentifier("a name");
            Token open = Current;
            if (Accept("<"))
            {
                return new Declaration(DeclarationKind.VariableArray, type, name.Text, ParseOptionalMax(), name.Location);
            }

            if (!isString && Accept("["))
            {
                Value size = ParseValue();
                Expect("]");
                return new Declaration(DeclarationKind.FixedArray, type, name.Text, size, name.Location);
            }

            throw Error(open, isString ? $"string '{name.Text}' needs a maximum: string {name.Text}<max> or <>" : $"opaque '{name.Text}' needs a size: opaque {name.Text}[n] or <max>");
        }

        TypeSpec spec = ParseTypeSpec(context, out Definition? anonymous);
        bool optional = Accept("*");
        Token nameToken = ExpectIdentifier("a name");
        if (anonymous is not null)
        {
            string liftedName = (context ?? string.Empty) + (context is null ? string.Empty : "_") + nameToken.Text;
            _lifted.Add(anonymous with { Name = liftedName });
            spec = TypeSpec.Named(liftedName, spec.Location);
        }

        if (optional)
        {
            return new Declaration(DeclarationKind.Optional, spec, nameToken.Text, null, nameToken.Location);
        }

        if (Accept("["))
        {
            Value size = ParseValue();
            Expect("]");
            return new Declaration(DeclarationKind.FixedArray, spec, nameToken.Text, size, nameToken.Location);
        }

        if (Accept("<"))
        {
            return new Declaration(DeclarationKind.VariableArray, spec, nameToken.Text, ParseOptionalMax(), nameToken.Location);
        }

        return new Declaration(DeclarationKind.Plain, spec, nameToken.Text, null, nameToken.Location);
    }

    private Value? ParseOptionalMax()
    {
        if (Accept(">"))
        {
            return null;
        }

        Value max = ParseValue();
        Expect(">");
        return max;
    }

    private TypeSpec ParseTypeSpec(string? context, out Definition? anonymous)
    {
        anonymous = null;
        Token start = Current;
        if (start.Kind != TokenKind.Identifier)
        {
            throw Error(start, $"expected a type, found {start}");
        }

        Advance();
        SourceLocation at = start.Location;
        switch (start.Text)
        {
            case "unsigned":
                {
                    string next = Current.Text;
                    if (Current.Kind == TokenKind.Identifier && next is "int" or "long" or "short" or "char")
                    {
                        Advance();
                    }
                    else if (Current.Kind == TokenKind.Identifier && next == "hyper")
                    {
                        Advance();
                        return TypeSpec.Of(BuiltinType.UnsignedHyper, at);
                    }

                    return TypeSpec.Of(BuiltinType.UnsignedInt, at);
                }

            case "struct":
            case "union":
            case "enum":
                if (Current.Kind == TokenKind.Identifier && !Current.Is("switch"))
                {
                    Token name = ExpectIdentifier("a type name");
                    return TypeSpec.Named(name.Text, name.Location);
                }

                if (context is null)
                {
                    throw Error(Current, $"an anonymous {start.Text} is only allowed inside a struct or union");
                }

                anonymous = start.Text switch
                {
                    "struct" => ParseStructBody(string.Empty, at),
                    "union" => ParseUnionBody(string.Empty, at),
                    _ => ParseEnumBody(string.Empty, at),
                };
                return TypeSpec.Named(string.Empty, at);
        }

        BuiltinType builtin = Keywords.Builtin(start.Text);
        if (builtin == BuiltinType.String || builtin == BuiltinType.Opaque || builtin == BuiltinType.Void)
        {
            throw Error(start, $"'{start.Text}' cannot be used here");
        }

        if (builtin != BuiltinType.None)
        {
            return TypeSpec.Of(builtin, at);
        }

        if (Keywords.IsReserved(start.Text))
        {
            throw Error(start, $"expected a type, found {start}");
        }

        return TypeSpec.Named(start.Text, at);
    }
}
