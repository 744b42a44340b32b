using OncRpc.XdrGen.Syntax;

namespace OncRpc.XdrGen.Semantics;

/// <summary>Declarations, type references and constants.</summary>
internal sealed partial class Binder
{
    private XType Resolve(Declaration declaration)
    {
        switch (declaration.Kind)
        {
            case DeclarationKind.Void:
                return VoidType.Instance;
            case DeclarationKind.Optional:
                return new OptionalType(ResolveSpec(declaration.Type));
        }

        int? size = declaration.Size is null ? null : Size(declaration.Size, declaration.Kind == DeclarationKind.FixedArray);
        switch (declaration.Type.Builtin)
        {
            case BuiltinType.String:
                return new StringType(size);
            case BuiltinType.Opaque:
                return new OpaqueType(declaration.Kind == DeclarationKind.FixedArray, size);
        }

        XType element = ResolveSpec(declaration.Type);
        return declaration.Kind switch
        {
            DeclarationKind.FixedArray => new ArrayType(element, true, size),
            DeclarationKind.VariableArray => new ArrayType(element, false, size),
            _ => element,
        };
    }

    /// <summary>Resolves a type specifier; void is accepted only where the caller allows it.</summary>
    private XType ResolveSpec(TypeSpec spec)
    {
        switch (spec.Builtin)
        {
            case BuiltinType.None:
                if (_types.TryGetValue(spec.Name!, out TypeSymbol? symbol))
                {
                    return new NamedType(symbol);
                }

                if (WellKnownCTypes.TryGet(spec.Name!) is XType known)
                {
                    return known;
                }

                Report(spec.Location, _constants.ContainsKey(spec.Name!) ? $"'{spec.Name}' is a constant, not a type" : $"unknown type '{spec.Name}'");
                return new PrimitiveType(BuiltinType.Int);
            case BuiltinType.String:
                return new StringType(null);
            case BuiltinType.Void:
                return VoidType.Instance;
            case BuiltinType.Opaque:
                Report(spec.Location, "opaque needs a size");
                return new OpaqueType(false, null);
            default:
                return new PrimitiveType(spec.Builtin);
        }
    }

    /// <summary>An array size or maximum: a fixed size must fit an int; a larger maximum means no practical limit.</summary>
    private int? Size(Value value, bool isFixed)
    {
        Int128 size = Evaluate(value);
        if (size < 0)
        {
            Report(value.Location, $"size {size} is negative");
            return 0;
        }

        if (size > int.MaxValue)
        {
            if (isFixed)
            {
                Report(value.Location, $"fixed size {size} is too large (at most {int.MaxValue})");
                return 0;
            }

            return null;
        }

        return (int)size;
    }

    /// <summary>Evaluates a literal or a constant reference; reports and returns 0 when undefined.</summary>
    private Int128 Evaluate(Value value)
    {
        Int128 result;
        if (value.Literal is Int128 literal)
        {
            result = literal;
        }
        else if (_constants.ContainsKey(value.Name!))
        {
            result = ConstantValue(value.Name!, value.Location);
        }
        else if (_passThroughDefines.TryGetValue(value.Name!, out List<Token>? tokens) && tokens.Count > 0 && _resolving.Add(value.Name!))
        {
            result = new ConditionEvaluator(tokens, value.Location, t => (long)Evaluate(new Value(null, t.Text, false, t.Location))).Evaluate();
            _resolving.Remove(value.Name!);
        }
        else if (value.Name is "TRUE" or "FALSE")
        {
            // rpcgen's bool labels: C's TRUE and FALSE.
            result = value.Name == "TRUE" ? 1 : 0;
        }
        else
        {
            Report(value.Location, _types.ContainsKey(value.Name!) ? $"'{value.Name}' is a type, not a constant" : $"unknown constant '{value.Name}'");
            result = 0;
        }

        return value.Negated ? -result : result;
    }

    private Int128 ConstantValue(string name, SourceLocation usedAt)
    {
        if (_constantValues.TryGetValue(name, out Int128 known))
        {
            return known;
        }

        if (!_resolving.Add(name))
        {
            Report(usedAt, $"constant '{name}' is defined in terms of itself");
            return 0;
        }

        Int128 value;
        switch (_constants[name])
        {
            case ConstDefinition { Value.Text: not null } c:
                Report(usedAt, $"'{name}' is a string constant, not a number");
                value = 0;
                break;
            case Value number:
                value = Evaluate(number);
                break;
            case ConstDefinition c:
                value = Evaluate(c.Value);
                if (value < long.MinValue || value > ulong.MaxValue)
                {
                    Report(c.Value.Location, $"constant '{name}' does not fit in 64 bits");
                    value = 0;
                }

                break;
            default:
                var (e, member) = ((EnumDefinition, EnumMember))_constants[name];
                if (member.Value is not null)
                {
                    value = Evaluate(member.Value);
                }
                else
                {
                    int index = IndexOf(e.Members, member);
                    value = index == 0 ? 0 : ConstantValue(e.Members[index - 1].Name, member.Location) + 1;
                }

                if (value < int.MinValue || value > int.MaxValue)
                {
                    Report(member.Location, $"enum value '{name}' = {value} does not fit in a 32-bit int");
                    value = 0;
                }

                break;
        }

        _resolving.Remove(name);
        _constantValues[name] = value;
        return value;
    }

    private static int IndexOf(IReadOnlyList<EnumMember> members, EnumMember member)
    {
        for (int i = 0; i < members.Count; i++)
        {
            if (ReferenceEquals(members[i], member))
            {
                return i;
            }
        }

        return -1;
    }
}
