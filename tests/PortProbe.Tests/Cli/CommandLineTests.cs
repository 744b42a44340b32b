using PortProbe.Cli;
using Xunit;

namespace PortProbe.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public void Defaults_probe_port_111_with_bounded_concurrency()
    {
        ProbeOptions o = CommandLine.Parse(["localhost"], out string? error)!;
        Assert.Null(error);
        Assert.Equal(["localhost"], o.Targets);
        Assert.Equal(111, o.Port);
        Assert.Equal(64, o.Concurrency);
        Assert.Equal(TimeSpan.FromSeconds(3), o.Timeout);
        Assert.True(o.Udp);
        Assert.False(o.Json);
        Assert.Equal(ColorMode.Auto, o.Color);
    }

    [Fact]
    public void Options_take_values_separately_or_after_an_equals_sign()
    {
        ProbeOptions o = CommandLine.Parse(["-p", "2049", "--timeout=250ms", "-c", "8", "--json", "--color", "never", "-f", "hosts.txt", "10.0.0.0/30", "--tcp-only", "-q"], out _)!;
        Assert.Equal(2049, o.Port);
        Assert.Equal(TimeSpan.FromMilliseconds(250), o.Timeout);
        Assert.Equal(8, o.Concurrency);
        Assert.True(o.Json);
        Assert.Equal(ColorMode.Never, o.Color);
        Assert.Equal(["hosts.txt"], o.TargetFiles);
        Assert.Equal(["10.0.0.0/30"], o.Targets);
        Assert.False(o.Udp);
        Assert.Equal(ProgressMode.Never, o.Progress);
    }

    [Theory]
    [InlineData("3s", 3000)]
    [InlineData("500ms", 500)]
    [InlineData("2", 2000)]
    [InlineData("1.5s", 1500)]
    public void Timeout_accepts_seconds_and_milliseconds(string text, int expectedMs)
    {
        Assert.True(CommandLine.TryParseTimeout(text, out TimeSpan t));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), t);
    }

    [Theory]
    [InlineData("--port", "0")]
    [InlineData("--port", "65536")]
    [InlineData("--port", "http")]
    [InlineData("--timeout", "0s")]
    [InlineData("--timeout", "1h")]
    [InlineData("--concurrency", "0")]
    [InlineData("--color", "sometimes")]
    public void Bad_option_values_are_usage_errors(string option, string value)
    {
        Assert.Null(CommandLine.Parse([option, value, "localhost"], out string? error));
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_targets_and_unknown_options_are_usage_errors()
    {
        Assert.Null(CommandLine.Parse([], out string? none));
        Assert.Equal("no targets given", none);
        Assert.Null(CommandLine.Parse(["--frobnicate", "localhost"], out string? unknown));
        Assert.Contains("--frobnicate", unknown, StringComparison.Ordinal);
        Assert.Null(CommandLine.Parse(["localhost", "--port"], out string? missing));
        Assert.Contains("--port", missing, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_needs_no_targets()
    {
        Assert.True(CommandLine.Parse(["--help"], out _)!.ShowHelp);
    }
}
