using Xunit;

namespace OncRpc.XdrGen.Tests;

/// <summary>The command line: usage errors exit 2, help exits 0, a missing input exits 1.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new string[0], "no input files")]
    [InlineData(new[] { "a.x" }, "--output DIR is required")]
    [InlineData(new[] { "a.x", "--output" }, "--output needs a directory")]
    [InlineData(new[] { "a.x", "-o", "out", "--frobnicate" }, "unknown option '--frobnicate'")]
    [InlineData(new[] { "a.x", "-o", "out", "--namespace", "1bad" }, "--namespace needs a C# namespace (dotted identifiers), got '1bad'")]
    [InlineData(new[] { "a.x", "-o", "out", "--bind", "nonsense" }, "--bind needs XDRNAME=CSharpType,CodecExpression[,struct], got 'nonsense'")]
    [InlineData(new[] { "a.x", "-o", "out", "-D", "=1" }, "-D needs NAME or NAME=VALUE, got '=1'")]
    [InlineData(new[] { "a.x", "-o", "out", "--time", "0" }, "--time needs a positive number of runs")]
    [InlineData(new[] { "a.x", "dir/a.x", "-o", "out" }, "two inputs would both generate a.cs")]
    public void Usage_errors_exit_2(string[] args, string message)
    {
        var (code, stdout, stderr) = XdrGenRunner.Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith($"xdrgen: error: {message}\n", stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_prints_usage_and_exits_0()
    {
        var (code, stdout, _) = XdrGenRunner.Run("--help");
        Assert.Equal(0, code);
        Assert.StartsWith("usage: xdrgen FILE.x... --output DIR", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_exits_1()
    {
        var (code, _, stderr) = XdrGenRunner.Run("no-such-file.x", "-o", Path.GetTempPath());
        Assert.Equal(1, code);
        Assert.Equal("no-such-file.x:1:1: error: file not found", stderr.Trim());
    }

    [Fact]
    public void Defines_select_preprocessor_branches()
    {
        const string source = "#ifdef WIDE\ntypedef hyper number;\n#else\ntypedef int number;\n#endif\n#if LEVEL > 2 && !defined(NARROW)\nconst HIGH = LEVEL;\n#endif\n";
        var (_, _, plain) = XdrGenRunner.Compile(source);
        Assert.Contains("IXdrCodec<int>", plain!, StringComparison.Ordinal);
        Assert.DoesNotContain("High", plain!, StringComparison.Ordinal);
        var (code, _, wide) = XdrGenRunner.Compile(source, "test.x", "-D", "WIDE", "-DLEVEL=3");
        Assert.Equal(0, code);
        Assert.Contains("IXdrCodec<long>", wide!, StringComparison.Ordinal);
        Assert.Contains("public const int High = 3;", wide!, StringComparison.Ordinal);
    }

    [Fact]
    public void Yp_field_order_follows_the_preprocessor()
    {
        var (_, _, normal) = XdrGenRunner.Compile(File.ReadAllText("/usr/include/rpcsvc/yp.x"), "yp.x");
        var (_, _, sun) = XdrGenRunner.Compile(File.ReadAllText("/usr/include/rpcsvc/yp.x"), "yp.x", "-D", "STUPID_SUN_BUG");
        Assert.Contains("public YprespKeyVal(global::Yp.Ypstat stat, byte[] val, byte[] key)", normal!, StringComparison.Ordinal);
        Assert.Contains("public YprespKeyVal(global::Yp.Ypstat stat, byte[] key, byte[] val)", sun!, StringComparison.Ordinal);
    }
}
