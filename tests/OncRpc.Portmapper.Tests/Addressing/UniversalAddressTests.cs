using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace OncRpc.Portmapper.Tests.Addressing;

public sealed class UniversalAddressTests
{
    [Theory]
    [InlineData("127.0.0.1.0.111", "127.0.0.1", 111)]
    [InlineData("0.0.0.0.193.238", "0.0.0.0", 49646)]
    [InlineData("255.255.255.255.255.255", "255.255.255.255", 65535)]
    [InlineData("010.001.000.001.000.001", "10.1.0.1", 1)]
    public void Parses_IPv4(string text, string address, int port)
    {
        UniversalAddress parsed = UniversalAddress.Parse(text, NetId.Tcp);
        Assert.Equal(AddressFamily.InterNetwork, parsed.AddressFamily);
        Assert.Equal(IPAddress.Parse(address), parsed.Address);
        Assert.Equal(port, parsed.Port);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), parsed.ToEndPoint());
    }

    [Theory]
    [InlineData("::.0.111", "::", 111, "::.0.111")]
    [InlineData("::1.3.1", "::1", 769, "::1.3.1")]
    [InlineData("0:0:0:0:0:0:0:1.0.111", "::1", 111, "::1.0.111")]
    [InlineData("2001:DB8:0:0:8:800:200C:417A.1.2", "2001:db8::8:800:200c:417a", 258, "2001:db8::8:800:200c:417a.1.2")]
    [InlineData("2001:db8::8:800:200c:417a.1.2", "2001:db8::8:800:200c:417a", 258, "2001:db8::8:800:200c:417a.1.2")]
    [InlineData("ff01::101.0.1", "ff01::101", 1, "ff01::101.0.1")]
    [InlineData("::ffff:1.2.3.4.0.111", "::ffff:1.2.3.4", 111, "::ffff:1.2.3.4.0.111")]
    [InlineData("::13.1.68.3.0.111", "::13.1.68.3", 111, null)]
    [InlineData("0:0:0:0:0:FFFF:129.144.52.38.0.2", "::ffff:129.144.52.38", 2, "::ffff:129.144.52.38.0.2")]
    [InlineData("1080::8:800:200c:417a.255.255", "1080::8:800:200c:417a", 65535, "1080::8:800:200c:417a.255.255")]
    public void Parses_every_RFC_4291_text_form(string text, string address, int port, string? canonical)
    {
        UniversalAddress parsed = UniversalAddress.Parse(text, NetId.Tcp6);
        Assert.Equal(AddressFamily.InterNetworkV6, parsed.AddressFamily);
        Assert.Equal(IPAddress.Parse(address), parsed.Address);
        Assert.Equal(port, parsed.Port);
        if (canonical is not null)
        {
            Assert.Equal(canonical, parsed.ToString());
        }

        Assert.Equal(parsed, UniversalAddress.Parse(parsed.ToString()));
    }

    [Fact]
    public void Keeps_an_IPv6_zone_and_maps_a_known_interface_to_its_scope()
    {
        UniversalAddress numeric = UniversalAddress.Parse("fe80::1%2.0.111");
        Assert.Equal("2", numeric.Zone);
        Assert.Equal(2, numeric.Address!.ScopeId);
        Assert.Equal("fe80::1%2.0.111", numeric.ToString());

        UniversalAddress named = UniversalAddress.Parse("fe80::1%lo.0.111");
        Assert.Equal("lo", named.Zone);
        Assert.Equal("fe80::1%lo.0.111", named.ToString());

        UniversalAddress dotted = UniversalAddress.Parse("fe80::1%eth0.100.1.2", NetId.Udp6);
        Assert.Equal("eth0.100", dotted.Zone);
        Assert.Equal(258, dotted.Port);
    }

    [Theory]
    [InlineData("/run/rpcbind.sock", NetId.Local)]
    [InlineData("/run/rpcbind.sock", null)]
    [InlineData("relative/path.sock", NetId.Unix)]
    public void Parses_local_paths(string text, string? netId)
    {
        UniversalAddress parsed = UniversalAddress.Parse(text, netId);
        Assert.True(parsed.IsLocal);
        Assert.Equal(text, parsed.Path);
        Assert.Equal(text, parsed.ToString());
        UnixDomainSocketEndPoint endPoint = Assert.IsType<UnixDomainSocketEndPoint>(parsed.ToEndPoint());
        Assert.Equal(text, endPoint.ToString());
        Assert.Equal(parsed, UniversalAddress.FromEndPoint(endPoint));
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("127.0.0.1", null)]
    [InlineData("127.0.0.1.0", null)]
    [InlineData("127.0.0.1.0.111.5", null)]
    [InlineData("127.0.0.256.0.111", null)]
    [InlineData("127.0.0.1.0.1111", null)]
    [InlineData("127.0.0.1.-1.111", null)]
    [InlineData("127.0.0.1.0.+1", null)]
    [InlineData("127..0.1.0.111", null)]
    [InlineData(" 127.0.0.1.0.111", null)]
    [InlineData("127.0.0.1.0.111 ", null)]
    [InlineData("0x7f.0.0.1.0.111", null)]
    [InlineData("::1", null)]
    [InlineData("::1.0", null)]
    [InlineData("::1.0.256", null)]
    [InlineData("[::1].0.111", null)]
    [InlineData("::1/64.0.111", null)]
    [InlineData("1:2:3:4:5:6:7:8:9.0.111", null)]
    [InlineData("1::2::3.0.111", null)]
    [InlineData("::ffff:1.2.3.0.111", null)]
    [InlineData("12345::.0.111", null)]
    [InlineData("fe80::1%.0.111", null)]
    [InlineData("fe80::1% x.0.111", null)]
    [InlineData("gg::1.0.111", null)]
    [InlineData("::1.0.111", NetId.Tcp)]
    [InlineData("127.0.0.1.0.111", NetId.Udp6)]
    [InlineData("", NetId.Local)]
    [InlineData("/a\0b", NetId.Local)]
    public void Rejects_invalid_text_with_a_FormatException_that_says_what_was_expected(string text, string? netId)
    {
        FormatException ex = Assert.Throws<FormatException>(() => UniversalAddress.Parse(text, netId));
        Assert.Contains("universal address", ex.Message, StringComparison.Ordinal);
        Assert.False(UniversalAddress.TryParse(text, netId, out _));
    }

    [Fact]
    public void Error_messages_do_not_echo_huge_or_binary_input()
    {
        string huge = new string('9', 100_000) + "\u0001";
        FormatException ex = Assert.Throws<FormatException>(() => UniversalAddress.Parse(huge));
        Assert.True(ex.Message.Length < 400);
        Assert.DoesNotContain('\u0001', ex.Message);
    }

    [Fact]
    public void Infers_the_family_without_a_netid_and_for_unknown_netids()
    {
        Assert.Equal(AddressFamily.InterNetwork, UniversalAddress.Parse("1.2.3.4.5.6").AddressFamily);
        Assert.Equal(AddressFamily.InterNetworkV6, UniversalAddress.Parse("::1.5.6", "rdma6").AddressFamily);
        Assert.Equal(AddressFamily.Unix, UniversalAddress.Parse("/tmp/x", "ticotsord").AddressFamily);
    }

    [Fact]
    public void Converts_endpoints_both_ways()
    {
        var v4 = new IPEndPoint(IPAddress.Loopback, 111);
        Assert.Equal("127.0.0.1.0.111", UniversalAddress.FromEndPoint(v4).ToString());
        var v6 = new IPEndPoint(IPAddress.IPv6Loopback, 2049);
        Assert.Equal("::1.8.1", UniversalAddress.FromEndPoint(v6).ToString());
        Assert.Equal(v6, UniversalAddress.Parse("::1.8.1").ToIPEndPoint());
        var scoped = new IPEndPoint(IPAddress.Parse("fe80::1%3"), 1);
        Assert.Equal("fe80::1%3.0.1", UniversalAddress.FromEndPoint(scoped).ToString());
        Assert.Equal(scoped, UniversalAddress.FromEndPoint(scoped).ToEndPoint());
        Assert.Throws<InvalidOperationException>(() => UniversalAddress.FromPath("/x").ToIPEndPoint());
        Assert.Throws<ArgumentException>(() => UniversalAddress.FromEndPoint(new DnsEndPoint("localhost", 1)));
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = 500)]
    public bool Formatting_then_parsing_gives_the_same_address(UniversalAddress address) =>
        UniversalAddress.Parse(address.ToString()).Equals(address) &&
        UniversalAddress.Parse(address.ToString()).ToString() == address.ToString();

    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = 300)]
    public bool Endpoint_conversion_round_trips(UniversalAddress address) =>
        UniversalAddress.FromEndPoint(address.ToEndPoint()).Equals(address);

    [Property(MaxTest = 300)]
    public Property Every_IPv6_text_form_of_an_address_parses_to_it()
    {
        Gen<(byte[] Bytes, int Port, int Form)> gen =
            from bytes in Gen.Choose(0, 3).Select(b => (byte)(b == 3 ? 0xAB : 0)).ArrayOf(16)
            from port in Gen.Choose(0, 65535)
            from form in Gen.Choose(0, 2)
            select (bytes, port, form);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var ip = new IPAddress(t.Bytes);
            string text = t.Form switch
            {
                0 => ip.ToString(),
                1 => Full(t.Bytes, upper: false),
                _ => Full(t.Bytes, upper: true).Replace(":0000:", ":0:", StringComparison.Ordinal),
            };
            UniversalAddress parsed = UniversalAddress.Parse($"{text}.{t.Port >> 8}.{t.Port & 255}", NetId.Tcp6);
            return parsed.Address!.Equals(ip) && parsed.Port == t.Port;
        });
    }

    [Property(MaxTest = 1000)]
    public bool Arbitrary_text_either_parses_and_round_trips_or_throws_FormatException(string? text)
    {
        if (text is null)
        {
            return !UniversalAddress.TryParse(text, out _);
        }

        try
        {
            UniversalAddress parsed = UniversalAddress.Parse(text);
            return UniversalAddress.Parse(parsed.ToString()).Equals(parsed);
        }
        catch (FormatException)
        {
            return true;
        }
    }

    private static string Full(byte[] bytes, bool upper)
    {
        var groups = new string[8];
        for (int i = 0; i < 8; i++)
        {
            groups[i] = ((bytes[2 * i] << 8) | bytes[(2 * i) + 1]).ToString(upper ? "X4" : "x4", System.Globalization.CultureInfo.InvariantCulture);
        }

        return string.Join(":", groups);
    }
}
