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
    }
}
