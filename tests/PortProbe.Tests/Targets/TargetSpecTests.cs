using System.Net;
using PortProbe.Targets;
using Xunit;

namespace PortProbe.Tests.Targets;

public sealed class TargetSpecTests
{
    [Theory]
    [InlineData("192.0.2.7", "Address", "192.0.2.7")]
    [InlineData("::1", "Address", "::1")]
    [InlineData("[2001:db8::5]", "Address", "2001:db8::5")]
    [InlineData("192.0.2.0/24", "Range", "192.0.2.0")]
    [InlineData("2001:db8::/120", "Range", "2001:db8::")]
    [InlineData("nfs-01.example.org", "HostName", null)]
    [InlineData("localhost", "HostName", null)]
    public void Parses_literals_ranges_and_names(string text, string kind, string? address)
    {
        TargetSpec spec = TargetSpec.Parse(text, out string? error)!;
        Assert.Null(error);
        Assert.Equal(kind, spec.Kind.ToString());
        Assert.Equal(address, spec.Address?.ToString());
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("::/129")]
    [InlineData("10.0.0.0/x")]
    [InlineData("host.example/24")]
    [InlineData("256.1.1.1")]
    [InlineData("bad_host!")]
    [InlineData("-leading.example")]
    [InlineData("1.2.3")]
    public void Rejects_what_is_neither_name_nor_address_nor_range(string text)
    {
        Assert.Null(TargetSpec.Parse(text, out string? error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Range_counts_its_addresses()
    {
        Assert.Equal((UInt128)256, TargetSpec.Parse("127.0.1.0/24", out _)!.Count);
        Assert.Equal((UInt128)1, TargetSpec.Parse("127.0.1.9/32", out _)!.Count);
        Assert.Equal(UInt128.One << 64, TargetSpec.Parse("2001:db8::/64", out _)!.Count);
        Assert.Equal((UInt128)1, TargetSpec.Parse("localhost", out _)!.Count);
        Assert.Equal(IPAddress.Parse("2001:db8::"), TargetSpec.Parse("2001:db8::/64", out _)!.Address);
    }
}
