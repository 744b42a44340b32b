using System.Globalization;
using OncRpc.XdrGen.Semantics;

namespace OncRpc.XdrGen.Emit;

/// <summary>Writes the file's constants as const fields of one static class, typed by their value (int, uint, long or ulong).</summary>
internal static class ConstWriter
{
    public static void Write(EmitContext context, CodeWriter w, IReadOnlyList<ResolvedConstant> constants, string fileName)
    {
        if (constants.Count == 0)
        {
            return;
        }

        var scope = new NameScope([context.ConstantsClass, .. NameScope.TypeMembers]);
        SourceText.Summary(w, $"The constants of {SourceText.Code(fileName)}.");
        w.Open($"public static partial class {context.ConstantsClass}");
        for (int i = 0; i < constants.Count; i++)
        {
            ResolvedConstant c = constants[i];
            if (c.Text is not null)
            {
                SourceText.Summary(w, $"{SourceText.Code($"const {c.Definition.Name} = {c.Definition.Value}")}.");
                w.Line($"public const string {scope.Take(Naming.Pascal(c.Definition.Name))} = {Naming.Literal(c.Text)};");
                if (i < constants.Count - 1)
                {
                    w.Line();
                }

                continue;
            }

            Int128 v = c.Value;
            string type = v >= int.MinValue && v <= int.MaxValue ? "int" : v >= 0 && v <= uint.MaxValue ? "uint" : v >= long.MinValue && v <= long.MaxValue ? "long" : "ulong";
            string suffix = type switch { "uint" => "u", "long" => "L", "ulong" => "UL", _ => string.Empty };
            string literal = v == long.MinValue ? "long.MinValue" : v.ToString(CultureInfo.InvariantCulture) + suffix;
            SourceText.Summary(w, $"{SourceText.Code($"const {c.Definition.Name} = {c.Definition.Value}")}.");
            w.Line($"public const {type} {scope.Take(Naming.Pascal(c.Definition.Name))} = {literal};");
            if (i < constants.Count - 1)
            {
                w.Line();
            }
        }

        w.Close();
    }
}
