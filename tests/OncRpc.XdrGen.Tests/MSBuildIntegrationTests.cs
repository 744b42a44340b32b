using System.Diagnostics;
using OncRpc.Testing;
using Xunit;

namespace OncRpc.XdrGen.Tests;

/// <summary>
/// The XdrFile item in a throw-away project: generated before compile, skipped when nothing changed, regenerated
/// when the .x file changes, and an error in the .x file fails the build with its location.
/// </summary>
public sealed class MSBuildIntegrationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "xdrgen-msbuild", Guid.NewGuid().ToString("N"));

    public MSBuildIntegrationTests()
    {
        Directory.CreateDirectory(_directory);
        string build = Path.Combine(RepositoryPaths.Root, "src", "OncRpc.XdrGen", "build");
        string tool = Path.Combine(Path.GetDirectoryName(typeof(XdrGenCommand).Assembly.Location)!, "OncRpc.XdrGen.dll");

        // Constants only: the generated code needs no reference to OncRpc, so the project builds on its own.
        File.WriteAllText(Path.Combine(_directory, "limits.x"), "const LIMIT = 7;\n");
        File.WriteAllText(Path.Combine(_directory, "Probe.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <NuGetAudit>false</NuGetAudit>
                <XdrGenToolPath>{tool}</XdrGenToolPath>
              </PropertyGroup>
              <ItemGroup>
                <XdrFile Include="limits.x" Namespace="Probe.Limits" />
              </ItemGroup>
              <Import Project="{build}/OncRpc.XdrGen.props" />
              <Import Project="{build}/OncRpc.XdrGen.targets" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(_directory, "Use.cs"), "namespace Probe; public static class Use { public const int Limit = Probe.Limits.LimitsConstants.Limit; }\n");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Generates_before_compile_and_only_when_the_x_file_changed()
    {
        var (code, output) = Build();
        Assert.True(code == 0, output);
        string generated = Path.Combine(_directory, "obj", "Debug", "net10.0", "xdrgen", "limits.cs");
        Assert.Contains("public const int Limit = 7;", File.ReadAllText(generated), StringComparison.Ordinal);

        (code, output) = Build();
        Assert.True(code == 0, output);
        Assert.Contains("Skipping target \"_XdrGenGenerate\" because all output files are up-to-date", output, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_directory, "limits.x"), "const LIMIT = 8;\n");
        (code, output) = Build();
        Assert.True(code == 0, output);
        Assert.Contains("public const int Limit = 8;", File.ReadAllText(generated), StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_in_the_x_file_fails_the_build_with_its_location()
    {
        File.WriteAllText(Path.Combine(_directory, "limits.x"), "const LIMIT = ;\n");
        var (code, output) = Build();
        Assert.NotEqual(0, code);
        // MSBuild recognizes the file:line:col: error: format and reports it as file(line,col): error.
        Assert.Contains("limits.x(1,15): error", output, StringComparison.Ordinal);
        Assert.Contains("expected a constant, found ';'", output, StringComparison.Ordinal);
    }

    private (int ExitCode, string Output) Build()
    {
        var start = new ProcessStartInfo("dotnet", ["build", Path.Combine(_directory, "Probe.csproj"), "-v:d", "-nodeReuse:false", "-p:UseSharedCompilation=false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
        };
        using var process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "dotnet build did not finish in 3 minutes");
        return (process.ExitCode, stdout + stderr.Result);
    }
}
