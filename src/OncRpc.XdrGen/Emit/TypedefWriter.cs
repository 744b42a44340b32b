using OncRpc.XdrGen.Semantics;

namespace OncRpc.XdrGen.Emit;

/// <summary>
/// Writes an XDR typedef. A typedef is an alias: its values have the underlying C# type (<c>string</c>,
/// <c>byte[]</c>, another generated type), and this static class holds the codec, which keeps the typedef's bounds.
/// </summary>
internal static class TypedefWriter
{
    public static void Write(EmitContext context, CodeWriter w, TypedefSymbol t)
    {
        string host = context.DeclaredHostName(t);
        string type = context.CSharpType(t.Type);
        SourceText.Summary(w, $"XDR {SourceText.Code("typedef " + SourceText.Declaration(t.Definition.Declaration))}: an alias of <c>{Naming.Xml(type.Replace("global::", string.Empty, StringComparison.Ordinal))}</c>; this class holds its codec.");
        w.Open($"public static partial class {host}");
        CodecMembers.WriteCodecProperty(w, type, "typedef " + t.Name);
        CodecMembers.SizeDoc(w);
        w.ResetLocals();
        if (context.FixedSize(t.Type) is int fixedSize)
        {
            w.Line($"public static int GetEncodedSize({type} value) => {fixedSize};");
        }
        else
        {
            w.Open($"public static int GetEncodedSize({type} value)");
            string size = new XdrCode(context, w).Size(t.Type, "value");
            w.Line($"return {size};");
            w.Close();
        }

        w.Line();
        w.Open($"internal static {type} ReadXdr({CodecMembers.Reader})");
        w.ResetLocals();
        string expression = new XdrCode(context, w).Read(t.Type, t.Name);
        w.Line($"return {expression};");
        w.Close();
        w.Line();
        w.Open($"internal static void WriteXdr({CodecMembers.Writer}, {type} value)");
        w.ResetLocals();
        new XdrCode(context, w).Write(t.Type, "value", t.Name);
        w.Close();
        w.Line();
        CodecMembers.WriteCodecClass(w, type, context.HostName(t));
        w.Close();
    }
}
