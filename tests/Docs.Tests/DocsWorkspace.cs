using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using OncRpc.Testing;

namespace Docs.Tests;

/// <summary>
/// Packs OncRpc and OncRpc.Portmapper into a temporary local feed, writes one console project per documentation
/// block that references those packages (a nuget.config naming the feed, the machine's default source inherited),
/// and builds them all in one restore and one parallel build. Built once for all the blocks' tests.
/// </summary>
public sealed class DocsWorkspace : IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);

    public DocsWorkspace()
    {
        var total = Stopwatch.StartNew();
        Root = Path.Combine(Path.GetTempPath(), "oncrpc-docs-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Blocks = CodeBlock.FindAll(RepositoryPaths.Root);

        // A version of their own, so no package cached from another build can stand in for these.
        string version = "0.0.0-docs." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Environment.ProcessId;
        string feed = Path.Combine(Root, "feed");
        WriteWorkspaceFiles(feed);
        Pack(feed, version);
        PackTime = total.Elapsed;

        foreach (CodeBlock block in Blocks)
        {
            string dir = Path.Combine(Root, "blocks", block.Id);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "Program.cs"), block.Code);
            File.WriteAllText(Path.Combine(dir, block.Id + ".csproj"), ProjectFile(version));
        }

        File.WriteAllText(
            Path.Combine(Root, "blocks.slnx"),
            "<Solution>\n" + string.Concat(Blocks.Select(b => $"  <Project Path=\"blocks/{b.Id}/{b.Id}.csproj\" />\n")) + "</Solution>\n");
        (int exitCode, string output) = Dotnet(Root, BuildTimeout, "build", "blocks.slnx", "-c", "Release", "-nologo", "-clp:NoSummary", "-p:NuGetAudit=false");
        BuildOutput = output;
        BuildSucceeded = exitCode == 0;
        BuildTime = total.Elapsed - PackTime;
    }

    public string Root { get; }

    public IReadOnlyList<CodeBlock> Blocks { get; }

    public bool BuildSucceeded { get; }

    public string BuildOutput { get; }

    public TimeSpan PackTime { get; }

    public TimeSpan BuildTime { get; }

    /// <summary>The compiler's errors and warnings for one block's project.</summary>
    public IEnumerable<string> DiagnosticsOf(CodeBlock block) =>
        BuildOutput.Split('\n')
            .Where(l => l.Contains($"{Path.DirectorySeparatorChar}{block.Id}{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && (l.Contains(": error ", StringComparison.Ordinal) || l.Contains(": warning ", StringComparison.Ordinal)))
            .Select(l => l.Trim())
            .Distinct();

    public string AssemblyOf(CodeBlock block) => Path.Combine(Root, "blocks", block.Id, "bin", "Release", "net10.0", block.Id + ".dll");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Runs the dotnet CLI and returns its exit code and its output (stdout and stderr), killed after the timeout.</summary>
    public static (int ExitCode, string Output) Dotnet(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        // The test host's own MSBuild settings must not leak into the child build.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");

        using Process process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, output + $"\n(killed after {timeout})");
        }

        process.WaitForExit();
        return (process.ExitCode, output.ToString());

        void Append(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }
    }

    private static string Configuration =>
        typeof(DocsWorkspace).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Release";

    private static string ProjectFile(string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <NuGetAudit>false</NuGetAudit>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="OncRpc" Version="{version}" />
            <PackageReference Include="OncRpc.Portmapper" Version="{version}" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>
    /// The workspace's MSBuild and NuGet settings: no Directory.Build.* of the repository or above applies, the feed
    /// is a source beside the machine's default one (inherited, never named), packages go to a folder of the
    /// workspace (deleted with it) and the user's global packages folder serves as a fallback, so nothing already
    /// there is fetched again.
    /// </summary>
    private void WriteWorkspaceFiles(string feed)
    {
        Directory.CreateDirectory(feed);
        foreach (string name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(Root, name), "<Project />\n");
        }

        string global = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string fallback = Directory.Exists(global) ? $"""
              <fallbackPackageFolders>
                <add key="global" value="{global}" />
              </fallbackPackageFolders>
            """ : string.Empty;
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(Root, "packages")}" />
              </config>
              <packageSources>
                <add key="oncrpc-docs-feed" value="{feed}" />
              </packageSources>
            {fallback}
            </configuration>
            """);
    }

    private void Pack(string feed, string version)
    {
        string src = Path.Combine(RepositoryPaths.Root, "src");
        File.WriteAllText(
            Path.Combine(Root, "packages.slnx"),
            $"<Solution>\n  <Project Path=\"{Path.Combine(src, "OncRpc", "OncRpc.csproj")}\" />\n  <Project Path=\"{Path.Combine(src, "OncRpc.Portmapper", "OncRpc.Portmapper.csproj")}\" />\n</Solution>\n");

        // The assemblies as built for this test (the project references build them for every target framework);
        // PackageVersion, not Version, names only the packages apart. No restore: the projects were restored with
        // this test project, and a restore from here would write this workspace's package folder into their obj/.
        (int exitCode, string output) = Dotnet(
            Root, PackTimeout, "pack", "packages.slnx", "-c", Configuration, "-o", feed, "-nologo", "--no-restore", "--no-build",
            "-p:PackageVersion=" + version, "-p:IncludeSymbols=false", "-p:EnablePackageValidation=false");
        if (exitCode != 0 || Directory.GetFiles(feed, "*.nupkg").Length != 2)
        {
            throw new InvalidOperationException($"dotnet pack failed (exit {exitCode}):\n{output}");
        }
    }
}
