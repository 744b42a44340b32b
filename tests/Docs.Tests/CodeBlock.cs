using System.Text.RegularExpressions;

namespace Docs.Tests;

/// <summary>
/// One C# block of a Markdown file: where it is, its text, whether it is only compiled, and the .x files its program
/// needs generated.
/// </summary>
/// <remarks>
/// Markers are HTML comments (invisible when rendered) on the lines right before a block's fence, each
/// <c>&lt;!-- docs-test: WORD ... --&gt;</c> with space-separated words: <c>compile-only</c> (a block that makes no
/// sense to run), <c>xdr=PATH</c> (a .x file compiled by xdrgen through the OncRpc.XdrGen.Build package) and, after
/// it, <c>namespace=NS</c>, <c>defines=A;B=1</c>, <c>includedirs=DIR;DIR</c> for that file. Several marker lines
/// combine. An unknown word or a malformed marker fails the parse, so a typo never silently changes a test.
/// </remarks>
public sealed partial record CodeBlock(string File, int Line, string Code, bool CompileOnly, IReadOnlyList<XdrFileInput> XdrFiles)
{
    /// <summary>The marker, on the line before a block's fence, for a block that makes no sense to run.</summary>
    public const string CompileOnlyMarker = "<!-- docs-test: compile-only -->";

    /// <summary>A name usable as a project and folder name.</summary>
    public string Id => $"{Path.GetFileNameWithoutExtension(File).ToLowerInvariant()}_L{Line}";

    public override string ToString() =>
        $"{File} line {Line}{(CompileOnly ? " (compile-only)" : string.Empty)}{string.Concat(XdrFiles.Select(x => " (xdr " + x.Path + ")"))}";

    /// <summary>The C# blocks (```csharp or ```cs) of README.md and docs/*.md, in file order.</summary>
    public static IReadOnlyList<CodeBlock> FindAll(string root)
    {
        var files = new List<string> { Path.Combine(root, "README.md") };
        string docs = Path.Combine(root, "docs");
        if (Directory.Exists(docs))
        {
            files.AddRange(Directory.EnumerateFiles(docs, "*.md").Order(StringComparer.Ordinal));
        }

        return files.SelectMany(f => Parse(Path.GetRelativePath(root, f), System.IO.File.ReadAllLines(f))).ToArray();
    }

    /// <summary>The C# blocks of one file's lines.</summary>
    public static IEnumerable<CodeBlock> Parse(string file, IReadOnlyList<string> lines)
    {
        for (int i = 0; i < lines.Count; i++)
        {
            Match open = Fence().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            string indent = open.Groups["indent"].Value;
            string fence = open.Groups["fence"].Value;
            string language = open.Groups["info"].Value.Trim().Split(' ', 2)[0];
            int end = i + 1;
            while (end < lines.Count && !(lines[end].StartsWith(indent + fence, StringComparison.Ordinal) && lines[end].Trim().Trim(fence[0]).Length == 0))
            {
                end++;
            }

            if (language is "csharp" or "cs" or "c#")
            {
                (bool compileOnly, IReadOnlyList<XdrFileInput> xdrFiles) = ParseMarkers(file, lines, i);
                string code = string.Join("\n", lines.Skip(i + 1).Take(end - i - 1).Select(l => l.StartsWith(indent, StringComparison.Ordinal) ? l[indent.Length..] : l));
                yield return new CodeBlock(file, i + 2, code + "\n", compileOnly, xdrFiles);
            }

            i = end;
        }
    }

    /// <summary>The markers on the lines right before the fence at line index <paramref name="fence"/>.</summary>
    private static (bool CompileOnly, IReadOnlyList<XdrFileInput> XdrFiles) ParseMarkers(string file, IReadOnlyList<string> lines, int fence)
    {
        int first = fence;
        while (first > 0 && MarkerLike().IsMatch(lines[first - 1]))
        {
            first--;
        }

        bool compileOnly = false;
        var xdrFiles = new List<XdrFileInput>();
        for (int m = first; m < fence; m++)
        {
            Match marker = Marker().Match(lines[m]);
            if (!marker.Success)
            {
                throw new FormatException($"{file} line {m + 1}: a docs-test marker is written <!-- docs-test: word word=value -->, not '{lines[m].Trim()}'");
            }

            foreach (string word in marker.Groups["words"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] pair = word.Split('=', 2);
                string value = pair.Length == 2 ? pair[1] : string.Empty;
                if (pair.Length == 2 && value.Length == 0)
                {
                    throw new FormatException($"{file} line {m + 1}: docs-test marker '{word}' has no value");
                }

                switch (pair[0], pair.Length)
                {
                    case ("compile-only", 1):
                        compileOnly = true;
                        break;
                    case ("xdr", 2):
                        xdrFiles.Add(new XdrFileInput(value));
                        break;
                    case ("namespace" or "defines" or "includedirs", 2) when xdrFiles.Count == 0:
                        throw new FormatException($"{file} line {m + 1}: docs-test marker '{word}' must follow the xdr=PATH it applies to");
                    case ("namespace", 2):
                        xdrFiles[^1] = xdrFiles[^1] with { Namespace = value };
                        break;
                    case ("defines", 2):
                        xdrFiles[^1] = xdrFiles[^1] with { Defines = value };
                        break;
                    case ("includedirs", 2):
                        xdrFiles[^1] = xdrFiles[^1] with { IncludeDirs = value };
                        break;
                    default:
                        throw new FormatException(
                            $"{file} line {m + 1}: unknown docs-test marker '{word}' (known: compile-only, xdr=PATH, namespace=NS, defines=A;B=1, includedirs=DIR)");
                }
            }
        }

        return (compileOnly, xdrFiles);
    }

    [GeneratedRegex(@"^\s*<!--\s*docs-test", RegexOptions.IgnoreCase)]
    private static partial Regex MarkerLike();

    [GeneratedRegex(@"^\s*<!--\s*docs-test\s*:(?<words>.*?)-->\s*$")]
    private static partial Regex Marker();

    [GeneratedRegex(@"^(?<indent>\s*)(?<fence>`{3,}|~{3,})(?<info>.*)$")]
    private static partial Regex Fence();
}
