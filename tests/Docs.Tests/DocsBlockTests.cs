using System.Diagnostics;
using OncRpc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Docs.Tests;

/// <summary>
/// Every C# block of README.md and docs/*.md is a complete program: it compiles against the packed packages with
/// warnings as errors, and runs to a zero exit code against the system rpcbind on 127.0.0.1:111 (blocks that need a
/// server start ours in-process). With ONCRPC_REQUIRE_RPCBIND=1 running is never skipped.
/// </summary>
public sealed class DocsBlockTests(DocsWorkspace workspace, ITestOutputHelper output) : IClassFixture<DocsWorkspace>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    public static TheoryData<string> Blocks()
    {
        var data = new TheoryData<string>();
        foreach (CodeBlock block in CodeBlock.FindAll(RepositoryPaths.Root))
        {
            data.Add(block.Id);
        }

        return data;
    }

    [Fact]
    public void The_documentation_has_code_to_check()
    {
        Assert.Contains(workspace.Blocks, b => b.File == "README.md");
        Assert.Equal(workspace.Blocks.Count, workspace.Blocks.Select(b => b.Id).Distinct().Count());
        output.WriteLine($"{workspace.Blocks.Count} blocks; pack {workspace.PackTime.TotalSeconds:F1} s, restore and build {workspace.BuildTime.TotalSeconds:F1} s");
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Block_compiles_and_runs(string id)
    {
        CodeBlock block = workspace.Blocks.Single(b => b.Id == id);
        string[] diagnostics = workspace.DiagnosticsOf(block).ToArray();
        Assert.True(
            diagnostics.Length == 0 && File.Exists(workspace.AssemblyOf(block)),
            $"{block} does not compile as a program against the packages:\n{string.Join("\n", diagnostics)}"
                + (diagnostics.Length == 0 ? "\n" + workspace.BuildOutput : string.Empty));
        if (block.CompileOnly)
        {
            return;
        }

        if (RpcbindEnvironment.SkipReason is { } reason)
        {
            output.WriteLine($"compiled, not run: {reason}");
            return;
        }

        var clock = Stopwatch.StartNew();
        (int exitCode, string text) = DocsWorkspace.Dotnet(workspace.Root, RunTimeout, workspace.AssemblyOf(block));
        output.WriteLine($"{block}: exit {exitCode} after {clock.Elapsed.TotalSeconds:F1} s\n{text}");
        Assert.True(exitCode == 0, $"{block} exited with {exitCode}:\n{text}");
    }
}
