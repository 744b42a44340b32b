using Xunit;

namespace OncRpc.XdrGen.Tests;

/// <summary>The rpcgen dialect of real .x files, beyond RFC 4506.</summary>
public sealed class DialectTests
{
    private static string Generate(string source, params string[] extra)
    {
        var (code, stderr, output) = XdrGenRunner.Compile(source, "test.x", extra);
        Assert.True(code == 0, stderr);
        return output!;
    }

    [Fact]
    public void Types_may_follow_the_program_that_uses_them()
    {
        string output = Generate("program P { version V { later F(struct later) = 1; } = 1; } = 9;\nstruct later { long a; };");
        Assert.Contains("Task<global::Test.Later> FAsync(global::Test.Later later,", output, StringComparison.Ordinal);
    }

    [Fact]
    public void C_spellings_map_to_xdr_types()
    {
        string output = Generate("struct s { long a; unsigned b; int32_t c; uint32_t d; int64_t e; uint64_t f; u_int g; unsigned long h; char i; unsigned hyper j; bool_t k; };");
        Assert.Contains("public S(int a, uint b, int c, uint d, long e, ulong f, uint g, uint h, int i, ulong j, bool k)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Enum_values_continue_from_the_previous_one()
    {
        string output = Generate("enum e { A, B, C = 10, D };");
        Assert.Contains("A = 0,", output, StringComparison.Ordinal);
        Assert.Contains("B = 1,", output, StringComparison.Ordinal);
        Assert.Contains("D = 11,", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_pass_through_lines_and_64_bit_constants()
    {
        string output = Generate("// line comment\n%#include <rpc/rpc.h>\n%/* pass-through */\nconst BIG = 0xFFFFFFFFFFFFFFFF; /* block */\nconst OCT = 0777;\n");
        Assert.Contains("public const ulong Big = 18446744073709551615UL;", output, StringComparison.Ordinal);
        Assert.Contains("public const int Oct = 511;", output, StringComparison.Ordinal);
        Assert.DoesNotContain("rpc.h", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Anonymous_nested_types_are_lifted_before_their_parent()
    {
        string output = Generate("struct outer { struct { int a; } inner; union switch (int k) { case 1: int b; default: void; } choice; enum { X = 1 } kind; };");
        int inner = output.IndexOf("class OuterInner", StringComparison.Ordinal);
        int choice = output.IndexOf("class OuterChoice", StringComparison.Ordinal);
        int kind = output.IndexOf("enum OuterKind", StringComparison.Ordinal);
        int outer = output.IndexOf("class Outer\n", StringComparison.Ordinal);
        Assert.True(inner > 0 && choice > inner && kind > choice && outer > kind, output);
    }

    [Fact]
    public void Pass_through_defines_size_arrays_when_nothing_else_defines_the_name()
    {
        string output = Generate("#ifdef RPC_HDR\n%#define MAXLEN 40+2\n#endif\ntypedef string s<MAXLEN>;");
        Assert.Contains("reader.ReadString(42)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Keywords_and_clashing_names_are_escaped()
    {
        string output = Generate("struct s { int object; int params; int codec; int s; }; program P { version V { int F(int, int) = 1; } = 1; } = 1;");
        Assert.Contains("public S(int @object, int @params, int codecValue, int sValue)", output, StringComparison.Ordinal);
        Assert.Contains("public int CodecValue { get; set; }", output, StringComparison.Ordinal);
        Assert.Contains("public int SValue { get; set; }", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_replaces_a_type_with_existing_code()
    {
        string output = Generate(
            "struct rpcb { unsigned int r_prog; };\nstruct holder { rpcb inner; rpcb *maybe; };",
            "--bind",
            "rpcb=global::OncRpc.Portmapper.RpcbindMapping,global::OncRpc.Portmapper.RpcbindMapping.Codec");
        Assert.DoesNotContain("class Rpcb", output, StringComparison.Ordinal);
        Assert.Contains("global::OncRpc.Portmapper.RpcbindMapping.Codec.Read(ref reader)", output, StringComparison.Ordinal);
        Assert.Contains("public global::OncRpc.Portmapper.RpcbindMapping? Maybe { get; set; }", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Small_fixed_arrays_of_reference_types_default_to_filled_elements()
    {
        string output = Generate("struct p { int x; }; typedef string nm<8>; struct s { p pts[2]; nm names[3]; };");
        Assert.Contains("new global::Test.P[] { new global::Test.P(), new global::Test.P() }", output, StringComparison.Ordinal);
        Assert.Contains("new string[] { string.Empty, string.Empty, string.Empty }", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_name_that_is_not_an_identifier_still_gives_a_valid_default_namespace()
    {
        var (code, stderr, output) = XdrGenRunner.Compile("const A = 1;", "my-proto.v2.x");
        Assert.True(code == 0, stderr);
        Assert.Contains("namespace MyProtoV2;", output!, StringComparison.Ordinal);
        Assert.Contains("public static partial class MyProtoV2Constants", output!, StringComparison.Ordinal);
    }
}
