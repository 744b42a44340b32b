using System.Text;

namespace OncRpc.XdrGen.Emit;

/// <summary>C# spellings of XDR names: PascalCase types and members, camelCase parameters, keywords escaped.</summary>
internal static class Naming
{
    private static readonly HashSet<string> CSharpKeywords =
    [
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    ];

    /// <summary>
    /// <c>mount_stat3</c> → <c>MountStat3</c>, <c>MNT3_OK</c> → <c>Mnt3Ok</c>, <c>fileName</c> → <c>FileName</c>:
    /// all-capital words are lowered after their first letter; mixed-case words keep their inner capitals.
    /// </summary>
    public static string Pascal(string name)
    {
        var result = new StringBuilder(name.Length);
        // XDR names only have '_' between words; file names (for the default namespace) may have '-' or '.'.
        foreach (string word in name.Split(name.Where(c => !char.IsAsciiLetterOrDigit(c)).Distinct().ToArray(), StringSplitOptions.RemoveEmptyEntries))
        {
            bool allUpper = !word.Any(char.IsLower);
            result.Append(char.ToUpperInvariant(word[0]));
            result.Append(allUpper ? word[1..].ToLowerInvariant() : word[1..]);
        }

        if (result.Length == 0)
        {
            result.Append("Value");
        }

        if (char.IsAsciiDigit(result[0]))
        {
            result.Insert(0, 'N');
        }

        return result.ToString();
    }

    public static string Camel(string name)
    {
        string pascal = Pascal(name);
        int upper = 0;
        while (upper < pascal.Length && char.IsUpper(pascal[upper]))
        {
            upper++;
        }

        // "XDRValue" → "xdrValue", "Fh" → "fh".
        int lower = upper > 1 && upper < pascal.Length ? upper - 1 : Math.Max(upper, 1);
        string camel = pascal[..lower].ToLowerInvariant() + pascal[lower..];
        return Escape(camel);
    }

    public static string Escape(string identifier) => CSharpKeywords.Contains(identifier) ? "@" + identifier : identifier;

    /// <summary>Text for an XML doc comment.</summary>
    public static string Xml(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>A C# string literal.</summary>
    public static string Literal(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
