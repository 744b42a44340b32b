namespace OncRpc.XdrGen.Emit;

/// <summary>The members every generated type has: the static <c>Codec</c> and the codec class behind it.</summary>
internal static class CodecMembers
{
    public const string Reader = "ref global::OncRpc.Xdr.XdrReader reader";
    public const string Writer = "ref global::OncRpc.Xdr.XdrWriter writer";

    public static void WriteCodecProperty(CodeWriter w, string type, string xdrName)
    {
        w.Line($"/// <summary>Gets the XDR codec of <c>{Naming.Xml(xdrName)}</c>.</summary>");
        w.Line($"public static global::OncRpc.Xdr.IXdrCodec<{type}> Codec {{ get; }} = new CodecImpl();");
        w.Line();
    }

    public static void WriteCodecClass(CodeWriter w, string type, string host)
    {
        w.Open($"private sealed class CodecImpl : global::OncRpc.Xdr.IXdrCodec<{type}>");
        w.Line($"public {type} Read({Reader}) => {host}.ReadXdr(ref reader);");
        w.Line();
        w.Line($"public void Write({Writer}, {type} value) => {host}.WriteXdr(ref writer, value);");
        w.Line();
        w.Line($"public int GetEncodedSize({type} value) => {host}.GetEncodedSize(value);");
        w.Close();
    }

    public static void SizeDoc(CodeWriter w)
    {
        w.Line("/// <summary>Computes the encoded size of a value, in bytes, without encoding it.</summary>");
        w.Line("/// <param name=\"value\">The value.</param>");
        w.Line("/// <returns>The size in bytes, a multiple of 4.</returns>");
    }

    /// <summary>Opens the depth guard of a type that can contain itself (closed by <see cref="CloseDepthGuard"/>).</summary>
    public static void OpenDepthGuard(CodeWriter w)
    {
        w.Line("reader.EnterNested();");
        w.Open("try");
    }

    public static void CloseDepthGuard(CodeWriter w)
    {
        w.Close();
        w.Open("finally");
        w.Line("reader.ExitNested();");
        w.Close();
    }
}
