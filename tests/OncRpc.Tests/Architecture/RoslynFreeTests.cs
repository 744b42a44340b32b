using OncRpc.Testing;
using Xunit;

namespace OncRpc.Tests.Architecture;

/// <summary>src/ and samples/ stay Roslyn-free: checked in every project file and source file, and shown to catch a violation.</summary>
public sealed class RoslynFreeTests
{
    [Fact]
    public void The_library_and_the_samples_use_no_analyzer_generator_or_reflection_emit()
    {
        var violations = new List<string>();
        string root = RepositoryPaths.Root;
        foreach (string file in new[] { "Directory.Build.props", "Directory.Build.targets" }.Select(f => Path.Combine(root, f)).Where(File.Exists)
            .Concat(Files(root, "*.csproj", "*.props", "*.targets")))
        {
            violations.AddRange(RoslynFreeRules.ProjectViolations(Path.GetRelativePath(root, file), File.ReadAllText(file)));
        }

        string[] sources = Files(root, "*.cs").ToArray();
        Assert.NotEmpty(sources);
        foreach (string file in sources)
        {
            violations.AddRange(RoslynFreeRules.SourceViolations(Path.GetRelativePath(root, file), File.ReadAllText(file)));
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void The_rules_catch_each_kind_of_violation()
    {
        const string Project = """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="System.IO.Pipelines" />
                <PackageReference Include="Microsoft.CodeAnalysis.CSharp" />
                <PackageReference Include="Some.Analyzers" PrivateAssets="all" />
                <Analyzer Include="tools/Gen.dll" />
                <ProjectReference Include="../Gen/Gen.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                <ProjectReference Include="../OncRpc/OncRpc.csproj" />
              </ItemGroup>
            </Project>
            """;
        Assert.Equal(4, RoslynFreeRules.ProjectViolations("x.csproj", Project).Count());

        const string Source = """
            using System.Reflection.Emit;
            using System.Diagnostics.CodeAnalysis;
            [JsonSerializable(typeof(int))] partial class Context : JsonSerializerContext { }
            class G : Microsoft.CodeAnalysis.IIncrementalGenerator { }
            """;
        Assert.Equal(5, RoslynFreeRules.SourceViolations("x.cs", Source).Count());
    }

    private static IEnumerable<string> Files(string root, params string[] patterns) =>
        new[] { "src", "samples" }
            .Select(d => Path.Combine(root, d))
            .Where(Directory.Exists)
            .SelectMany(d => patterns.SelectMany(p => Directory.EnumerateFiles(d, p, SearchOption.AllDirectories)))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));
}
