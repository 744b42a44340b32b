namespace OncRpc.Testing;

/// <summary>Locates the repository and the shared/ folder beside it from the test's output directory.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder that holds OncRpc.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The shared/ folder beside the repository (../shared), or shared/ inside it.</summary>
    public static string Shared
    {
        get
        {
            string beside = Path.GetFullPath(Path.Combine(Root, "..", "shared"));
            return Directory.Exists(beside) ? beside : Path.Combine(Root, "shared");
        }
    }

    /// <summary>The recorded rpcbind vectors file.</summary>
    public static string VectorsFile => Path.Combine(Shared, "vectors", "rpcbind-1.2.6-loopback.tsv");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OncRpc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OncRpc.sln was not found above " + AppContext.BaseDirectory);
    }
}
