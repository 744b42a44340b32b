using System.Globalization;
using OncRpc.XdrGen.Semantics;
using OncRpc.XdrGen.Syntax;

namespace OncRpc.XdrGen.Emit;

/// <summary>
/// Writes an XDR union as a closed hierarchy: an abstract class exposing the discriminant, one sealed nested class
/// per arm, and <c>Default</c> for the default arm, which keeps the discriminant it was read with. An unknown
/// discriminant without a default arm fails to decode with an <c>XdrException</c>.
/// </summary>
internal static class UnionWriter
{
    /// <summary>The C# names of a union's members, decided the same way for every use.</summary>
    private sealed record Names(string Discriminant, IReadOnlyList<(ResolvedArm Arm, string Class, string? Property, string? Parameter)> Arms);

    public static void Write(EmitContext context, CodeWriter w, UnionSymbol u)
    {
        string name = context.DeclaredName(u);
        string type = context.TypeName(u);
        string discriminantType = context.CSharpType(u.DiscriminantType);
        Names names = NamesOf(context, u);
        var code = new XdrCode(context, w);

        SourceText.Summary(w, $"XDR {SourceText.Code($"union {u.Name} switch ({SourceText.Declaration(u.Definition.Discriminant)})")}: one nested class per arm.");
        w.Open($"public abstract partial class {name}");
        w.Open($"private protected {name}()");
        w.Close();
        w.Line();
        SourceText.Summary(w, $"Gets the discriminant {SourceText.Code(SourceText.Declaration(u.Definition.Discriminant))}.");
        w.Line($"public abstract {discriminantType} {names.Discriminant} {{ get; }}");
        w.Line();

        foreach (var (arm, armClass, property, parameter) in names.Arms)
        {
            WriteArmClass(context, w, u, name, discriminantType, names.Discriminant, arm, armClass, property, parameter, code);
            w.Line();
        }

        CodecMembers.WriteCodecProperty(w, type, "union " + u.Name);
        WriteSize(context, w, u, type, names);
        w.Line();
        WriteRead(context, w, u, type, names);
        w.Line();
        WriteWrite(context, w, u, type, names);
        w.Line();
        CodecMembers.WriteCodecClass(w, type, context.HostName(u));
        w.Close();
    }

    /// <summary>A new instance of the union's first arm, for the default value of a field of the union's type.</summary>
    public static string DefaultInstance(EmitContext context, UnionSymbol u)
    {
        Names names = NamesOf(context, u);
        var (arm, armClass, _, _) = names.Arms[0];
        string qualified = $"{context.TypeName(u)}.{armClass}";
        return arm.Labels.Count > 0 || OtherValue(u) is null ? $"new {qualified}()" : $"new {qualified}({Literal(context, u, OtherValue(u)!.Value)})";
    }

    private static Names NamesOf(EmitContext context, UnionSymbol u)
    {
        string name = context.DeclaredName(u);
        var scope = new NameScope([name, .. NameScope.TypeMembers]);
        string discriminant = scope.Take(Naming.Pascal(u.DiscriminantName));
        var arms = new List<(ResolvedArm, string, string?, string?)>();
        foreach (ResolvedArm arm in u.Default is null ? u.Arms : u.Arms.Append(u.Default))
        {
            string armClass = scope.Take(arm.Labels.Count == 0 ? "Default" : ArmName(arm.Labels[0]));
            string? property = null;
            string? parameter = null;
            if (arm.Field is { } field)
            {
                var armScope = new NameScope([armClass, discriminant, name, .. NameScope.TypeMembers]);
                property = armScope.Take(Naming.Pascal(field.Name));
                parameter = StructWriter.ParameterNames([property])[0];
            }

            arms.Add((arm, armClass, property, parameter));
        }

        return new Names(discriminant, arms);
    }

    private static string ArmName((long Value, string? Name) label) =>
        label.Name is not null ? Naming.Pascal(label.Name) : label.Value < 0 ? $"CaseMinus{-label.Value}" : $"Case{label.Value}";

    private static void WriteArmClass(EmitContext context, CodeWriter w, UnionSymbol u, string unionName, string discriminantType, string discriminant, ResolvedArm arm, string armClass, string? property, string? parameter, XdrCode code)
    {
        bool isDefault = arm.Labels.Count == 0;
        bool fixedLabel = arm.Labels.Count == 1;
        string labels = isDefault ? "default" : string.Join(" ", arm.Labels.Select(l => $"case {l.Name ?? l.Value.ToString(CultureInfo.InvariantCulture)}:"));
        string declaration = arm.Field is null ? "void" : SourceText.Declaration(arm.Field.Declaration);
        SourceText.Summary(w, $"The arm {SourceText.Code($"{labels} {declaration};")}{(isDefault ? ", for any discriminant no case names" : string.Empty)}.");
        w.Open($"public sealed partial class {armClass} : {unionName}");
        string discriminantParameter = Naming.Camel(discriminant) is var camel && camel == parameter ? camel + "Value" : camel;
        var ctorParameters = new List<string>();
        var ctorDocs = new List<string>();
        if (!fixedLabel)
        {
            ctorParameters.Add($"{discriminantType} {discriminantParameter}");
            ctorDocs.Add($"/// <param name=\"{discriminantParameter.TrimStart('@')}\">The discriminant{(isDefault ? ", which no case of the union may name" : ", one of this arm's case values")}.</param>");
        }

        if (arm.Field is { } field)
        {
            ctorParameters.Add($"{context.CSharpType(field.Type)} {parameter}");
            ctorDocs.Add($"/// <param name=\"{parameter!.TrimStart('@')}\">{SourceText.Code(declaration)}.</param>");
        }

        // A parameterless constructor, except for the default arm, which must be given its discriminant.
        if (!isDefault && ctorParameters.Count > 0)
        {
            SourceText.Summary(w, "Initializes a new instance with the arm's default value" + (fixedLabel ? "." : " and its first case value."));
            var defaults = new List<string>();
            if (!fixedLabel)
            {
                defaults.Add(Literal(context, u, arm.Labels[0].Value));
            }

            if (arm.Field is not null)
            {
                defaults.Add(code.DefaultValue(arm.Field.Type));
            }

            w.Line($"public {armClass}()");
            w.Line($"    : this({string.Join(", ", defaults)})");
            w.Open();
            w.Close();
            w.Line();
        }

        SourceText.Summary(w, "Initializes a new instance.");
        foreach (string doc in ctorDocs)
        {
            w.Line(doc);
        }

        if (!fixedLabel)
        {
            w.Line($"/// <exception cref=\"global::System.ArgumentOutOfRangeException\">The discriminant does not select this arm.</exception>");
        }

        w.Open($"public {armClass}({string.Join(", ", ctorParameters)})");
        if (!fixedLabel)
        {
            string values = isDefault ? AllLabels(context, u) : string.Join(" or ", arm.Labels.Select(l => Literal(context, u, l.Value)));
            string test = values.Length == 0 ? "false" : $"{discriminantParameter} is {(isDefault ? string.Empty : "not ")}({values})";
            w.Open($"if ({test})");
            w.Line($"throw new global::System.ArgumentOutOfRangeException(nameof({discriminantParameter}), {discriminantParameter}, {Naming.Literal(isDefault ? $"The default arm of {u.Name} cannot have a discriminant that a case names." : $"The discriminant does not select this arm of {u.Name}.")});");
            w.Close();
            w.Line();
            w.Line($"{discriminant} = {discriminantParameter};");
        }

        if (arm.Field is { } f)
        {
            w.Line($"{property} = {StructWriter.NullChecked(context, f.Type, parameter!)};");
        }

        w.Close();
        w.Line();
        SourceText.Summary(w, "Gets the discriminant.");
        w.Line(fixedLabel ? $"public override {discriminantType} {discriminant} => {Literal(context, u, arm.Labels[0].Value)};" : $"public override {discriminantType} {discriminant} {{ get; }}");
        if (arm.Field is { } armField)
        {
            w.Line();
            SourceText.Summary(w, $"Gets or sets {SourceText.Code(declaration)}.");
            w.Line($"public {context.CSharpType(armField.Type)} {property} {{ get; set; }}");
        }

        w.Close();
    }

    private static void WriteSize(EmitContext context, CodeWriter w, UnionSymbol u, string type, Names names)
    {
        CodecMembers.SizeDoc(w);
        w.Open($"public static int GetEncodedSize({type} value)");
        w.ResetLocals();
        var code = new XdrCode(context, w);
        w.Open("switch (value)");
        foreach (var (arm, armClass, property, _) in names.Arms)
        {
            w.Line(arm.Field is null ? $"case {armClass}:" : $"case {armClass} arm:");
            w.Open();
            string size = arm.Field is null ? "0" : code.Size(arm.Field.Type, "arm." + property);
            w.Line(size == "0" ? "return 4;" : $"return 4 + {size};");
            w.Close();
        }

        w.Line("default:");
        w.Line("    throw new global::System.ArgumentNullException(nameof(value));");
        w.Close();
        w.Close();
    }

    private static void WriteRead(EmitContext context, CodeWriter w, UnionSymbol u, string type, Names names)
    {
        w.Open($"internal static {type} ReadXdr({CodecMembers.Reader})");
        w.ResetLocals();
        if (u.IsRecursive)
        {
            CodecMembers.OpenDepthGuard(w);
        }

        string readDiscriminant = u.DiscriminantEnum is not null || u.DiscriminantKind == BuiltinType.Int ? "int discriminant = reader.ReadInt32();"
            : u.DiscriminantKind == BuiltinType.UnsignedInt ? "uint discriminant = reader.ReadUInt32();" : "bool discriminant = reader.ReadBoolean();";
        w.Line(readDiscriminant);
        string cast = u.DiscriminantEnum is not null ? $"({context.CSharpType(u.DiscriminantType)})discriminant" : "discriminant";
        var code = new XdrCode(context, w);
        w.Open("switch (discriminant)");
        foreach (var (arm, armClass, property, parameter) in names.Arms)
        {
            foreach ((long value, _) in arm.Labels)
            {
                w.Line($"case {RawLiteral(u, value)}:");
            }

            if (arm.Labels.Count == 0)
            {
                w.Line("default:");
            }

            w.Open();
            var arguments = new List<string>();
            if (arm.Labels.Count != 1)
            {
                arguments.Add(cast);
            }

            if (arm.Field is { } field)
            {
                string expression = code.Read(field.Type, $"{u.Name}.{field.Name}");
                w.Line($"{context.CSharpType(field.Type)} {parameter} = {expression};");
                arguments.Add(parameter!);
            }

            w.Line($"return new {armClass}({string.Join(", ", arguments)});");
            w.Close();
        }

        if (u.Default is null)
        {
            w.Line("default:");
            w.Line($"    throw reader.InvalidDiscriminant({(u.DiscriminantKind == BuiltinType.Bool ? "discriminant ? 1 : 0" : "discriminant")}, {Naming.Literal(u.Name)});");
        }

        w.Close();
        if (u.IsRecursive)
        {
            CodecMembers.CloseDepthGuard(w);
        }

        w.Close();
    }

    private static void WriteWrite(EmitContext context, CodeWriter w, UnionSymbol u, string type, Names names)
    {
        w.Open($"internal static void WriteXdr({CodecMembers.Writer}, {type} value)");
        w.ResetLocals();
        var code = new XdrCode(context, w);
        w.Open("switch (value)");
        foreach (var (arm, armClass, property, _) in names.Arms)
        {
            w.Line($"case {armClass} arm:");
            w.Open();
            string discriminant = $"arm.{names.Discriminant}";
            w.Line(u.DiscriminantEnum is not null || u.DiscriminantKind == BuiltinType.Int ? $"writer.WriteInt32((int){discriminant});"
                : u.DiscriminantKind == BuiltinType.UnsignedInt ? $"writer.WriteUInt32({discriminant});" : $"writer.WriteBoolean({discriminant});");
            if (arm.Field is { } field)
            {
                code.Write(field.Type, "arm." + property, $"{u.Name}.{field.Name}");
            }

            w.Line("break;");
            w.Close();
        }

        w.Line("default:");
        w.Line("    throw new global::System.ArgumentNullException(nameof(value));");
        w.Close();
        w.Close();
    }

    /// <summary>A discriminant value as a C# expression of the discriminant's type.</summary>
    private static string Literal(EmitContext context, UnionSymbol u, long value)
    {
        if (u.DiscriminantEnum is { } e)
        {
            int index = e.Values.FindIndex(v => v.Value == value);
            return index >= 0 ? $"{context.TypeName(e)}.{EnumWriter.MemberName(e, index)}" : $"({context.TypeName(e)}){value.ToString(CultureInfo.InvariantCulture)}";
        }

        return RawLiteral(u, value);
    }

    /// <summary>A discriminant value as read from the wire: int, uint or bool.</summary>
    private static string RawLiteral(UnionSymbol u, long value) => u.DiscriminantKind switch
    {
        BuiltinType.Bool => value != 0 ? "true" : "false",
        BuiltinType.UnsignedInt => value.ToString(CultureInfo.InvariantCulture) + "u",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    private static string AllLabels(EmitContext context, UnionSymbol u) =>
        string.Join(" or ", u.Arms.SelectMany(a => a.Labels).Select(l => Literal(context, u, l.Value)));

    /// <summary>A discriminant value no case names (for a union with only a default arm).</summary>
    private static long? OtherValue(UnionSymbol u)
    {
        var used = u.Arms.SelectMany(a => a.Labels).Select(l => l.Value).ToHashSet();
        for (long v = 0; v < 3; v++)
        {
            if (!used.Contains(v))
            {
                return v;
            }
        }

        return null;
    }
}
