using OncRpc.Testing;
using Xunit;

namespace OncRpc.XdrGen.Tests;

/// <summary>
/// The exact text emitted for small inputs. A change to the emitter shows up here as a diff to review; regenerate
/// the expected files with ONCRPC_UPDATE_GOLDEN=1.
/// </summary>
public sealed class GoldenTests
{
    [Theory]
    [InlineData("constants")]
    [InlineData("linkedlist")]
    [InlineData("union")]
    [InlineData("program")]
    public void Emitted_text_matches_the_golden_file(string name)
    {
        string directory = Path.Combine(RepositoryPaths.Root, "tests", "OncRpc.XdrGen.Tests", "Golden");
        string actual = Compiler.Compile(Path.Combine(directory, name + ".x"), new CompilerOptions { Namespace = "Golden" });
        string expectedPath = Path.Combine(directory, name + ".cs.txt");
        if (Environment.GetEnvironmentVariable("ONCRPC_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(expectedPath, actual);
        }

        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }
}
