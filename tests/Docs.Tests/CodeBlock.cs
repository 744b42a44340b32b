using System.Text.RegularExpressions;

namespace Docs.Tests;

/// <summary>One C# block of a Markdown file: where it is, its text, and whether it is only compiled.</summary>
public sealed partial record CodeBlock(string File, int Line, string Code, bool CompileOnly)
{
    /// <summary>The marker, on the line before a block's fence, for a block that makes no sense to run.</summary>
    public const string CompileOnlyMarker = "<!-- docs-test: compile-only -->";

    /// <summary>A name usable as a project and folder name.</summary>
    public string Id => $"{Path.GetFileNameWithoutExtension(File).ToLowerInvariant()}_L{Line}";

    public override string ToString() => $"{File} line {Line}{(CompileOnly ? " (compile-only)" : string.Empty)}";

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
                bool compileOnly = i > 0 && lines[i - 1].Trim() == CompileOnlyMarker;
                string code = string.Join("\n", lines.Skip(i + 1).Take(end - i - 1).Select(l => l.StartsWith(indent, StringComparison.Ordinal) ? l[indent.Length..] : l));
                yield return new CodeBlock(file, i + 2, code + "\n", compileOnly);
            }

            i = end;
        }
    }

    [GeneratedRegex(@"^(?<indent>\s*)(?<fence>`{3,}|~{3,})(?<info>.*)$")]
    private static partial Regex Fence();
}
