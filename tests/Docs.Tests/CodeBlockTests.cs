using Xunit;

namespace Docs.Tests;

/// <summary>The block finder takes exactly the C# blocks, with their lines and markers.</summary>
public sealed class CodeBlockTests
{
    [Fact]
    public void Only_csharp_blocks_are_taken_with_their_first_line_and_marker()
    {
        string[] lines =
        [
            "# Title",                                     // 1
            "```",                                         // 2
            "dotnet test",                                 // 3
            "```",                                         // 4
            "```csharp",                                   // 5
            "Console.WriteLine(1);",                       // 6
            "```",                                         // 7
            CodeBlock.CompileOnlyMarker,                   // 8
            "```cs",                                       // 9
            "Console.WriteLine(2);",                       // 10
            "````",                                        // 11
            "````csharp",                                  // 12
            "Console.WriteLine(\"```\");",                 // 13
            "````",                                        // 14
        ];
        CodeBlock[] blocks = CodeBlock.Parse("x.md", lines).ToArray();
        Assert.Equal(3, blocks.Length);
        Assert.Equal((6, "Console.WriteLine(1);\n", false), (blocks[0].Line, blocks[0].Code, blocks[0].CompileOnly));
        Assert.Equal((10, true), (blocks[1].Line, blocks[1].CompileOnly));
        Assert.Equal("Console.WriteLine(\"```\");\n", blocks[2].Code);
        Assert.All(blocks, b => Assert.Empty(b.XdrFiles));
    }

    [Fact]
    public void Markers_on_several_lines_combine_and_xdr_attributes_apply_to_the_file_before_them()
    {
        string[] lines =
        [
            "Text.",
            "<!-- docs-test: xdr=/usr/include/rpcsvc/mount.x namespace=XdrGenMount.Mount -->",
            "  <!--docs-test:compile-only   xdr=proto/a.x defines=A;B=1 includedirs=inc namespace=A.B-->  ",
            "```csharp",
            "return;",
            "```",
        ];
        CodeBlock block = Assert.Single(CodeBlock.Parse("docs/x.md", lines));
        Assert.True(block.CompileOnly);
        Assert.Equal(
            [new XdrFileInput("/usr/include/rpcsvc/mount.x", "XdrGenMount.Mount"), new XdrFileInput("proto/a.x", "A.B", "A;B=1", "inc")],
            block.XdrFiles);
    }

    [Fact]
    public void A_marker_separated_from_the_fence_by_text_does_not_apply()
    {
        string[] lines = ["<!-- docs-test: compile-only xdr=a.x -->", "Text.", "```csharp", "return;", "```"];
        CodeBlock block = Assert.Single(CodeBlock.Parse("x.md", lines));
        Assert.False(block.CompileOnly);
        Assert.Empty(block.XdrFiles);
    }

    [Theory]
    [InlineData("<!-- docs-test: compile-onyl -->", "unknown docs-test marker 'compile-onyl'")]
    [InlineData("<!-- docs-test: namespace=A xdr=a.x -->", "must follow the xdr=PATH")]
    [InlineData("<!-- docs-test: xdr= -->", "has no value")]
    [InlineData("<!-- docs-test: compile-only=yes -->", "unknown docs-test marker")]
    [InlineData("<!-- docs-test compile-only -->", "is written")]
    [InlineData("<!-- docs-test: compile-only", "is written")]
    public void A_malformed_marker_fails_with_its_line(string marker, string message)
    {
        string[] lines = ["# T", marker, "```csharp", "return;", "```"];
        FormatException error = Assert.Throws<FormatException>(() => CodeBlock.Parse("x.md", lines).ToArray());
        Assert.Contains("x.md line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
