using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace OncRpc.Tests.Architecture;

/// <summary>
/// The Roslyn-free rule for src/ and samples/: no Microsoft.CodeAnalysis package, no analyzer or source generator
/// (packages, Analyzer items, analyzer project references), no System.Text.Json source generation, no Reflection.Emit.
/// </summary>
internal static partial class RoslynFreeRules
{
    /// <summary>What a project or MSBuild file brings in that the rule forbids.</summary>
    public static IEnumerable<string> ProjectViolations(string file, string xml)
    {
        foreach (XElement element in XDocument.Parse(xml).Descendants())
        {
            string kind = element.Name.LocalName;
            string name = (string?)element.Attribute("Include") ?? (string?)element.Attribute("Update") ?? string.Empty;
            if (kind == "Analyzer")
            {
                yield return $"{file}: <Analyzer Include=\"{name}\">";
            }
            else if (kind == "ProjectReference" && string.Equals((string?)element.Attribute("OutputItemType"), "Analyzer", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{file}: {name} referenced as an analyzer";
            }
            else if (kind == "PackageReference" && ForbiddenPackage().IsMatch(name))
            {
                yield return $"{file}: package {name}";
            }
        }
    }

    /// <summary>What a C# source file of the library or a sample uses that the rule forbids.</summary>
    public static IEnumerable<string> SourceViolations(string file, string text)
    {
        foreach (Match match in ForbiddenSource().Matches(text))
        {
            yield return $"{file}: {match.Value}";
        }
    }

    [GeneratedRegex(@"^Microsoft\.CodeAnalysis|Analyzer|Generator|SourceGen", RegexOptions.IgnoreCase)]
    private static partial Regex ForbiddenPackage();

    [GeneratedRegex(@"\bMicrosoft\.CodeAnalysis\b(?!\.EmbeddedAttribute)|\bSystem\.Reflection\.Emit\b|\[JsonSerializable\b|\bJsonSerializerContext\b|\bIIncrementalGenerator\b|\bISourceGenerator\b")]
    private static partial Regex ForbiddenSource();
}
