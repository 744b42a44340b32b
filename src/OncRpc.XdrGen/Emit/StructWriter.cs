using OncRpc.XdrGen.Semantics;

namespace OncRpc.XdrGen.Emit;

/// <summary>
/// Writes an XDR struct as a sealed class with one settable property per field, a constructor taking every
/// field, and its codec. A linked list (last field pointing to the struct itself) is read and written in a loop.
/// </summary>
internal static class StructWriter
{
    public static void Write(EmitContext context, CodeWriter w, StructSymbol s)
    {
        string name = context.DeclaredName(s);
        string type = context.TypeName(s);
        var scope = new NameScope([name, .. NameScope.TypeMembers]);
        var properties = s.Fields.Select(f => scope.Take(Naming.Pascal(f.Name))).ToList();
        var parameters = ParameterNames(properties);

        SourceText.Summary(w, $"XDR {SourceText.Code("struct " + s.Name)}{(s.IsList ? ": a linked list, encoded and decoded iteratively" : string.Empty)}.");
        w.Open($"public sealed partial class {name}");

        SourceText.Summary(w, "Initializes a new instance with every field at its default: zero, empty, or the first value of its enum or union.");
        var code = new XdrCode(context, w);
        w.Line($"public {name}()");
        w.Line($"    : this({string.Join(", ", s.Fields.Select(f => code.DefaultValue(f.Type)))})");
        w.Open();
        w.Close();
        w.Line();

        SourceText.Summary(w, "Initializes a new instance from its fields.");
        for (int i = 0; i < s.Fields.Count; i++)
        {
            w.Line($"/// <param name=\"{parameters[i].TrimStart('@')}\">{SourceText.Code(SourceText.Declaration(s.Fields[i].Declaration))}.</param>");
        }

        w.Open($"public {name}({string.Join(", ", s.Fields.Select((f, i) => $"{context.CSharpType(f.Type)} {parameters[i]}"))})");
        for (int i = 0; i < s.Fields.Count; i++)
        {
            w.Line($"{properties[i]} = {NullChecked(context, s.Fields[i].Type, parameters[i])};");
        }

        w.Close();
        w.Line();

        for (int i = 0; i < s.Fields.Count; i++)
        {
            SourceText.Summary(w, $"Gets or sets {SourceText.Code(SourceText.Declaration(s.Fields[i].Declaration))}.");
            w.Line($"public {context.CSharpType(s.Fields[i].Type)} {properties[i]} {{ get; set; }}");
            w.Line();
        }

        CodecMembers.WriteCodecProperty(w, type, "struct " + s.Name);
        if (s.IsList)
        {
            ListCode(context, w, s, type, properties, parameters);
        }
        else
        {
            PlainCode(context, w, s, type, properties, parameters);
        }

        w.Line();
        CodecMembers.WriteCodecClass(w, type, context.HostName(s));
        w.Close();
    }

    internal static string NullChecked(EmitContext context, XType type, string parameter) =>
        Binder.Unalias(type) is OptionalType or NamedType { Symbol: BoundSymbol } || context.IsValueType(type)
            ? parameter
            : $"{parameter} ?? throw new global::System.ArgumentNullException(nameof({parameter}))";

    /// <summary>camelCase parameter names that cannot clash with generated locals or the codec parameters.</summary>
    internal static List<string> ParameterNames(List<string> properties)
    {
        var scope = new NameScope("reader", "writer", "value", "more", "size", "node", "head", "tail", "next", "limit", "count", "discriminant", "arm");
        return properties.Select(p =>
        {
            string camel = Naming.Camel(p);
            return scope.Take(IsGeneratedLocal(camel) ? camel + "Value" : camel);
        }).ToList();
    }

    private static void PlainCode(EmitContext context, CodeWriter w, StructSymbol s, string type, List<string> properties, List<string> parameters)
    {
        CodecMembers.SizeDoc(w);
        if (context.FixedSize(new NamedType(s)) is int fixedSize)
        {
            w.Line($"public static int GetEncodedSize({type} value) => {fixedSize};");
        }
        else
        {
            w.Open($"public static int GetEncodedSize({type} value)");
            w.ResetLocals();
            var code = new XdrCode(context, w);
            w.Line("int size = 0;");
            for (int i = 0; i < s.Fields.Count; i++)
            {
                w.Line($"size += {code.Size(s.Fields[i].Type, "value." + properties[i])};");
            }

            w.Line("return size;");
            w.Close();
        }

        w.Line();
        w.Open($"internal static {type} ReadXdr({CodecMembers.Reader})");
        w.ResetLocals();
        if (s.IsRecursive)
        {
            CodecMembers.OpenDepthGuard(w);
        }

        ReadFields(context, w, s, s.Fields.Count, parameters);
        w.Line($"return new {type}({string.Join(", ", parameters)});");
        if (s.IsRecursive)
        {
            CodecMembers.CloseDepthGuard(w);
        }

        w.Close();
        w.Line();
        w.Open($"internal static void WriteXdr({CodecMembers.Writer}, {type} value)");
        w.ResetLocals();
        var writeCode = new XdrCode(context, w);
        for (int i = 0; i < s.Fields.Count; i++)
        {
            writeCode.Write(s.Fields[i].Type, "value." + properties[i], $"{s.Name}.{s.Fields[i].Name}");
        }

        w.Close();
    }

    private static void ListCode(EmitContext context, CodeWriter w, StructSymbol s, string type, List<string> properties, List<string> parameters)
    {
        string next = properties[^1];
        int count = s.Fields.Count - 1;
        CodecMembers.SizeDoc(w);
        w.Open($"public static int GetEncodedSize({type} value)");
        w.ResetLocals();
        var code = new XdrCode(context, w);
        w.Line("int size = 0;");
        w.Open($"for ({type}? node = value; node is not null; node = node.{next})");
        for (int i = 0; i < count; i++)
        {
            w.Line($"size += {code.Size(s.Fields[i].Type, "node." + properties[i])};");
        }

        w.Line("size += 4;");
        w.Close();
        w.Line("return size;");
        w.Close();
        w.Line();

        w.Open($"internal static {type} ReadXdr({CodecMembers.Reader})");
        w.ResetLocals();
        if (s.IsRecursive)
        {
            CodecMembers.OpenDepthGuard(w);
        }

        w.Line($"{type} head = ReadXdrNode(ref reader, out bool more);");
        w.Line($"{type} tail = head;");
        w.Line("int limit = reader.Options.MaxListLength;");
        w.Open("for (int count = 1; more; count++)");
        w.Open("if (count >= limit)");
        w.Line($"throw new global::OncRpc.Xdr.XdrException($\"The list of {s.Name} at offset {{reader.Position - 4}} has more than {{limit}} elements.\", reader.Position - 4, global::OncRpc.Xdr.XdrError.LimitExceeded);");
        w.Close();
        w.Line();
        w.Line($"{type} next = ReadXdrNode(ref reader, out more);");
        w.Line($"tail.{next} = next;");
        w.Line("tail = next;");
        w.Close();
        w.Line();
        w.Line("return head;");
        if (s.IsRecursive)
        {
            CodecMembers.CloseDepthGuard(w);
        }

        w.Close();
        w.Line();
        w.Open($"internal static void WriteXdr({CodecMembers.Writer}, {type} value)");
        w.ResetLocals();
        var writeCode = new XdrCode(context, w);
        w.Open($"for ({type}? node = value; node is not null; node = node.{next})");
        for (int i = 0; i < count; i++)
        {
            writeCode.Write(s.Fields[i].Type, "node." + properties[i], $"{s.Name}.{s.Fields[i].Name}");
        }

        w.Line($"writer.WriteBoolean(node.{next} is not null);");
        w.Close();
        w.Close();
        w.Line();

        w.Open($"private static {type} ReadXdrNode({CodecMembers.Reader}, out bool more)");
        w.ResetLocals();
        ReadFields(context, w, s, count, parameters);
        w.Line("more = reader.ReadBoolean();");
        w.Line($"return new {type}({string.Join(", ", parameters.Take(count).Append("null"))});");
        w.Close();
    }

    private static void ReadFields(EmitContext context, CodeWriter w, StructSymbol s, int count, List<string> parameters)
    {
        var code = new XdrCode(context, w);
        for (int i = 0; i < count; i++)
        {
            string expression = code.Read(s.Fields[i].Type, $"{s.Name}.{s.Fields[i].Name}");
            w.Line($"{context.CSharpType(s.Fields[i].Type)} {parameters[i]} = {expression};");
        }
    }

    private static bool IsGeneratedLocal(string name)
    {
        string stem = name.TrimEnd("0123456789".ToCharArray());
        return stem.Length < name.Length && stem is "count" or "array" or "i" or "element" or "optional" or "present" or "size";
    }
}
