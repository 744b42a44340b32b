using System.Reflection;
using Xunit;

namespace OncRpc.Testing;

/// <summary>Compares an assembly's public surface with its checked-in listing under api/.</summary>
public static class ApiListingAssert
{
    /// <summary>
    /// Fails when the public API differs from api/NAME.txt. Set ONCRPC_UPDATE_API=1 to rewrite the file, then
    /// review and commit it with the change that altered the API.
    /// </summary>
    public static void Matches(Assembly assembly, string fileName)
    {
        string actual = PublicApiListing.Describe(assembly);
        string path = Path.Combine(RepositoryPaths.Root, "api", fileName);
        if (Environment.GetEnvironmentVariable("ONCRPC_UPDATE_API") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests once with ONCRPC_UPDATE_API=1 and commit it.");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected != actual)
        {
            var exp = expected.Split('\n').ToHashSet();
            var act = actual.Split('\n').ToHashSet();
            string added = string.Join("\n", act.Except(exp).Select(l => "+ " + l));
            string removed = string.Join("\n", exp.Except(act).Select(l => "- " + l));
            Assert.Fail($"The public API of {assembly.GetName().Name} differs from api/{fileName}. " +
                        $"If intended, rerun with ONCRPC_UPDATE_API=1 and commit the file.\n{removed}\n{added}");
        }
    }
}
