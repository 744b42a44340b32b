namespace OncRpc.XdrGen.Tests;

/// <summary>Runs the xdrgen command in-process and captures what it prints.</summary>
internal static class XdrGenRunner
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = XdrGenCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Compiles source text written to a temporary file named <paramref name="fileName"/>; returns the exit code, stderr and the generated text.</summary>
    public static (int ExitCode, string Stderr, string? Output) Compile(string source, string fileName = "test.x", params string[] extra)
    {
        string dir = Path.Combine(Path.GetTempPath(), "xdrgen-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string input = Path.Combine(dir, fileName);
            File.WriteAllText(input, source);
            string output = Path.Combine(dir, "out");
            var (code, _, stderr) = Run([input, "--output", output, .. extra]);
            string generated = Path.Combine(output, Path.GetFileNameWithoutExtension(fileName) + ".cs");
            return (code, stderr.Replace(dir + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal), File.Exists(generated) ? File.ReadAllText(generated) : null);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
