using System.Text;

namespace OncRpc.Fuzz.Targets;

/// <summary>
/// Cuts a .x file into small seeds, one per top-level definition, each with the file's constants before it. The
/// compiler's cost grows with the input, so small seeds keep afl-fuzz fast; the whole files are seeds too, but only
/// the small ones.
/// </summary>
internal static class XDefinitionSplitter
{
    /// <summary>A whole file larger than this is seeded only as its definitions.</summary>
    public const int WholeFileLimit = 4096;

    public static IEnumerable<string> Split(string text)
    {
        var constants = new StringBuilder();
        var current = new StringBuilder();
        int depth = 0;
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            string trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] is '%' or '#' or '*' || trimmed.StartsWith("/*", StringComparison.Ordinal))
            {
                continue; // pass-through C, preprocessor lines and comment blocks: the definitions carry the grammar
            }

            current.Append(line).Append('\n');
            foreach (char c in StripComment(line))
            {
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }

            if (depth <= 0 && trimmed.TrimEnd().EndsWith(';'))
            {
                string definition = current.ToString();
                current.Clear();
                depth = 0;
                if (definition.TrimStart().StartsWith("const", StringComparison.Ordinal))
                {
                    constants.Append(definition);
                }
                else
                {
                    yield return constants + definition;
                }
            }
        }
    }

    private static string StripComment(string line)
    {
        int start = line.IndexOf("/*", StringComparison.Ordinal);
        return start < 0 ? line : line[..start];
    }
}
