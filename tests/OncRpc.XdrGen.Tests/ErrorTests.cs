using Xunit;

namespace OncRpc.XdrGen.Tests;

/// <summary>Each malformed input gets one <c>file:line:col: error: message</c> line and exit code 1; no stack trace.</summary>
public sealed class ErrorTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "struct s { int x; }", "test.x:1:20: error: expected ';', found end of input" },
        { "typedef foo bar;", "test.x:1:9: error: unknown type 'foo'" },
        { "const A = B;", "test.x:1:11: error: unknown constant 'B'" },
        { "struct s { int x; int x; };", "test.x:1:23: error: struct 's' has two fields named 'x'" },
        { "union u switch (int d) { case 1: int a; case 1: int b; };", "test.x:1:46: error: case 1 is already used at test.x:1:31" },
        { "union u switch (hyper d) { case 1: int a; };", "test.x:1:23: error: the discriminant of union 'u' must be int, unsigned int, bool or an enum" },
        { "enum e { A = 1, B = 0x100000000 };", "test.x:1:17: error: enum value 'B' = 4294967296 does not fit in a 32-bit int" },
        { "struct s { string name; };", "test.x:1:23: error: string 'name' needs a maximum: string name<max> or <>" },
        { "struct s { opaque data; };", "test.x:1:23: error: opaque 'data' needs a size: opaque data[n] or <max>" },
        { "#if 1\n", "test.x:1:1: error: #if without #endif" },
        { "#endif\n", "test.x:1:1: error: #endif without #if" },
        { "\n#include \"missing.x\"\n", "test.x:2:1: error: cannot find include file 'missing.x'" },
        { "struct s { int a; s inner; };", "test.x:1:8: error: 's' contains itself without an optional (*) or variable-length step, so it has no finite encoding" },
        { "program P { version V { int F(int) = 1; int G(int) = 1; } = 1; } = 1;", "test.x:1:45: error: procedure number 1 is already used at test.x:1:29" },
        { "program P { version V { void F(void, int) = 1; } = 1; } = 1;", "test.x:1:30: error: void can only be the single argument of a procedure" },
        { "struct s {\n  int x @;\n};", "test.x:2:9: error: unexpected character '@'" },
        { "/* unterminated", "test.x:1:1: error: unterminated comment" },
        { "#define F(x) x", "test.x:1:1: error: function-like macros are not supported" },
        { "const A = 1; const A = 2;", "test.x:1:20: error: 'A' is already defined at test.x:1:7" },
        { "#error stop here", "test.x:1:1: error: #error stop here" },
        { "typedef int t<-1>;", "test.x:1:15: error: size -1 is negative" },
        { "typedef int t[4294967296];", "test.x:1:15: error: fixed size 4294967296 is too large (at most 2147483647)" },
        { "#bogus", "test.x:1:1: error: unknown preprocessor directive '#bogus'" },
        { "enum color { RED = 1 }; union u switch (color c) { case 5: void; };", "test.x:1:57: error: case 5 is not a value of enum 'color'" },
        { "const A = 1; typedef A t;", "test.x:1:22: error: 'A' is a constant, not a type" },
        { "const X = 99999999999999999999;", "test.x:1:11: error: invalid number '99999999999999999999' (integers must fit in 64 bits)" },
        { "const S = \"text\"; typedef int t<S>;", "test.x:1:33: error: 'S' is a string constant, not a number" },
        { "typedef int t;\nprogram P { version V { t F(t) = 1; } = 1; }", "test.x:2:45: error: expected '=', found end of input" },
        { "const A = B; const B = A;", "test.x:1:24: error: constant 'A' is defined in terms of itself" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_input_reports_its_location_and_exits_1(string source, string expected)
    {
        var (code, stderr, output) = XdrGenRunner.Compile(source);
        Assert.Equal(1, code);
        Assert.Null(output);
        Assert.Equal(expected, stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0]);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_semantic_error_is_reported_not_only_the_first()
    {
        var (code, stderr, _) = XdrGenRunner.Compile("typedef foo a;\ntypedef bar b;\nconst C = D;");
        Assert.Equal(1, code);
        Assert.Equal(
            ["test.x:1:9: error: unknown type 'foo'", "test.x:2:9: error: unknown type 'bar'", "test.x:3:11: error: unknown constant 'D'"],
            stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void An_error_in_an_included_file_names_that_file()
    {
        string dir = Path.Combine(Path.GetTempPath(), "xdrgen-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "inner.x"), "struct s {\n  int;\n};\n");
            File.WriteAllText(Path.Combine(dir, "outer.x"), "#include \"inner.x\"\n");
            var (code, _, stderr) = XdrGenRunner.Run(Path.Combine(dir, "outer.x"), "--output", Path.Combine(dir, "out"));
            Assert.Equal(1, code);
            Assert.Equal("inner.x:2:6: error: expected a name, found ';'", stderr.Trim());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
