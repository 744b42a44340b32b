using OncRpc.XdrGen.Syntax;

namespace OncRpc.XdrGen.Emit;

/// <summary>XDR source text of declarations, for the doc comments that keep the wire names visible.</summary>
internal static class SourceText
{
    public static string Declaration(Declaration d)
    {
        if (d.Kind == DeclarationKind.Void)
        {
            return "void";
        }

        string type = Type(d.Type);
        return d.Kind switch
        {
            DeclarationKind.Optional => $"{type} *{d.Name}",
            DeclarationKind.FixedArray => $"{type} {d.Name}[{d.Size}]",
            DeclarationKind.VariableArray => $"{type} {d.Name}<{d.Size}>",
            _ => $"{type} {d.Name}",
        };
    }

    public static string Type(TypeSpec spec) => spec.Name ?? spec.Builtin switch
    {
        BuiltinType.UnsignedInt => "unsigned int",
        BuiltinType.UnsignedHyper => "unsigned hyper",
        _ => spec.Builtin.ToString().ToLowerInvariant(),
    };

    /// <summary>An XML doc summary line.</summary>
    public static void Summary(CodeWriter w, string text) => w.Line($"/// <summary>{text}</summary>");

    /// <summary>Code text in a doc comment.</summary>
    public static string Code(string xdr) => $"<c>{Naming.Xml(xdr)}</c>";
}
