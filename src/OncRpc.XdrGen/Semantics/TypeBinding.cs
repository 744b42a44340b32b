namespace OncRpc.XdrGen.Semantics;

/// <summary>
/// <c>--bind xdrname=CSharpType,CodecExpression[,struct]</c>: the XDR type is not generated; references to it use
/// the given C# type and the given expression of type <c>IXdrCodec&lt;CSharpType&gt;</c>. <c>struct</c> marks a
/// value type (so an optional one is <c>Nullable&lt;T&gt;</c>).
/// </summary>
internal sealed record TypeBinding(string XdrName, string CSharpType, string CodecExpression, bool IsValueType)
{
    public static TypeBinding? TryParse(string text)
    {
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return null;
        }

        string[] parts = text[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || parts[1].Length == 0 || (parts.Length == 3 && parts[2] is not ("struct" or "class")))
        {
            return null;
        }

        return new TypeBinding(text[..eq].Trim(), parts[0], parts[1], parts.Length == 3 && parts[2] == "struct");
    }
}
