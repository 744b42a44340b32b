using RpcInfo;
using Xunit;

namespace RpcInfo.Tests;

public sealed class GetOptTests
{
    private static (List<string> Events, List<string> Operands, string Errors) Scan(params string[] args)
    {
        var err = new StringWriter();
        var g = new GetOpt(args, "a:bdlmn:pstT:u", err, "rpcinfo");
        var events = new List<string>();
        int c;
        while ((c = g.Next()) != -1)
        {
            events.Add(g.OptionArgument is null ? ((char)c).ToString() : $"{(char)c}={g.OptionArgument}");
        }

        return (events, g.Operands.ToList(), err.ToString());
    }

    [Fact]
    public void Options_after_operands_are_still_options()
    {
        var (events, operands, _) = Scan("127.0.0.1", "-p");
        Assert.Equal(new[] { "p" }, events);
        Assert.Equal(new[] { "127.0.0.1" }, operands);
    }

    [Fact]
    public void Argument_may_be_attached_or_the_next_word()
    {
        Assert.Equal(new[] { "T=tcp" }, Scan("-Ttcp").Events);
        Assert.Equal(new[] { "T=tcp", "t" }, Scan("-T", "tcp", "-t").Events);
        Assert.Equal(new[] { "n=--" }, Scan("-n", "--").Events);
    }

    [Fact]
    public void Double_dash_ends_options()
    {
        var (events, operands, _) = Scan("-t", "--", "host", "100024", "-1");
        Assert.Equal(new[] { "t" }, events);
        Assert.Equal(new[] { "host", "100024", "-1" }, operands);
    }

    [Fact]
    public void Unknown_option_and_missing_argument_use_glibc_wording()
    {
        var (events, _, errors) = Scan("--foo", "-T");
        Assert.Equal(new[] { "?", "?", "?", "?", "?" }, events);
        Assert.Equal(
            "rpcinfo: invalid option -- '-'\nrpcinfo: invalid option -- 'f'\nrpcinfo: invalid option -- 'o'\nrpcinfo: invalid option -- 'o'\n" +
            "rpcinfo: option requires an argument -- 'T'\n",
            errors);
    }

    [Fact]
    public void Lone_dash_is_an_operand_and_clusters_split()
    {
        var (events, operands, _) = Scan("-", "-pt");
        Assert.Equal(new[] { "p", "t" }, events);
        Assert.Equal(new[] { "-" }, operands);
    }
}
