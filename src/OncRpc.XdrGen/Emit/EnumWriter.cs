using System.Globalization;
using OncRpc.XdrGen.Semantics;

namespace OncRpc.XdrGen.Emit;

/// <summary>
/// Writes an XDR enum as a C# enum plus a static <c>{Name}Xdr</c> class with its codec (a C# enum cannot hold
/// members): a value the enum does not declare is rejected when decoding and when encoding.
/// </summary>
internal static class EnumWriter
{
    public static string MemberName(EnumSymbol e, int index) => MemberNames(e)[index];

    public static void Write(EmitContext context, CodeWriter w, EnumSymbol e)
    {
        string name = context.DeclaredName(e);
        string type = context.TypeName(e);
        List<string> members = MemberNames(e);
        SourceText.Summary(w, $"XDR {SourceText.Code("enum " + e.Name)}.");
        w.Open($"public enum {name}");
        for (int i = 0; i < e.Values.Count; i++)
        {
            SourceText.Summary(w, $"{SourceText.Code(e.Values[i].Name)} = {e.Values[i].Value.ToString(CultureInfo.InvariantCulture)}.");
            w.Line($"{members[i]} = {e.Values[i].Value.ToString(CultureInfo.InvariantCulture)},");
            if (i < e.Values.Count - 1)
            {
                w.Line();
            }
        }

        w.Close();
        w.Line();

        string host = context.DeclaredHostName(e);
        SourceText.Summary(w, $"The XDR codec of <see cref=\"{type}\"/>: only the values the enum declares are accepted.");
        w.Open($"public static partial class {host}");
        CodecMembers.WriteCodecProperty(w, type, "enum " + e.Name);
        CodecMembers.SizeDoc(w);
        w.Line($"public static int GetEncodedSize({type} value) => 4;");
        w.Line();
        SourceText.Summary(w, "Gets a value indicating whether the enum declares a value.");
        w.Line("/// <param name=\"value\">The value.</param>");
        w.Line("/// <returns><see langword=\"true\"/> when the value is declared.</returns>");
        string values = string.Join(" or ", e.Values.Select(v => v.Value).Distinct().Select(v => v.ToString(CultureInfo.InvariantCulture)));
        w.Line($"public static bool IsDefined({type} value) => (int)value is {values};");
        w.Line();
        w.Open($"internal static {type} ReadXdr({CodecMembers.Reader})");
        w.Line("int value = reader.ReadInt32();");
        w.Open($"if (!IsDefined(({type})value))");
        w.Line($"throw new global::OncRpc.Xdr.XdrException($\"The value {{value}} at offset {{reader.Position - 4}} is not a value of enum {e.Name}.\", reader.Position - 4, global::OncRpc.Xdr.XdrError.InvalidValue);");
        w.Close();
        w.Line();
        w.Line($"return ({type})value;");
        w.Close();
        w.Line();
        w.Open($"internal static void WriteXdr({CodecMembers.Writer}, {type} value)");
        w.Open("if (!IsDefined(value))");
        w.Line($"throw new global::System.ArgumentException($\"The value {{(int)value}} is not a value of enum {e.Name}.\", nameof(value));");
        w.Close();
        w.Line();
        w.Line("writer.WriteInt32((int)value);");
        w.Close();
        w.Line();
        CodecMembers.WriteCodecClass(w, type, context.HostName(e));
        w.Close();
    }

    private static List<string> MemberNames(EnumSymbol e)
    {
        var scope = new NameScope("value__");
        return e.Values.Select(v => scope.Take(Naming.Pascal(v.Name))).ToList();
    }
}
