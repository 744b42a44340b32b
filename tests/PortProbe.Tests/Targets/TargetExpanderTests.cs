using System.Net;
using System.Net.Sockets;
using FsCheck.Xunit;
using PortProbe.Targets;
using Xunit;

namespace PortProbe.Tests.Targets;

public sealed class TargetExpanderTests
{
    [Fact]
    public void Ipv4_range_includes_network_and_broadcast_and_masks_host_bits()
    {
        IPAddress[] all = TargetExpander.Enumerate(IPAddress.Parse("127.0.1.77"), 30).ToArray();
        Assert.Equal(["127.0.1.76", "127.0.1.77", "127.0.1.78", "127.0.1.79"], all.Select(a => a.ToString()));
    }

    [Fact]
    public void Ipv6_range_expands_in_order()
    {
        IPAddress[] all = TargetExpander.Enumerate(IPAddress.Parse("fd00::1:ff"), 126).ToArray();
        Assert.Equal(["fd00::1:fc", "fd00::1:fd", "fd00::1:fe", "fd00::1:ff"], all.Select(a => a.ToString()));
    }

    [Property(MaxTest = 60)]
    public bool Ipv4_range_yields_each_address_of_the_prefix_once(uint value, byte raw)
    {
        int prefix = 22 + (raw % 11);
        var network = new IPAddress(BitConverter.GetBytes(value));
        IPAddress[] all = TargetExpander.Enumerate(network, prefix).ToArray();
        uint mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        uint Of(IPAddress a) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(a.GetAddressBytes());
        return all.Length == 1 << (32 - prefix)
            && all.Select(Of).Distinct().Count() == all.Length
            && all.All(a => (Of(a) & mask) == (Of(network) & mask));
    }

    [Fact]
    public void Ranges_over_the_cap_are_refused_before_expanding()
    {
        Assert.Null(TargetExpander.ParseAll(["10.0.0.0/8"], 65536, out string? error));
        Assert.Contains("16777216", error, StringComparison.Ordinal);
        Assert.Null(TargetExpander.ParseAll(["2001:db8::/64"], 65536, out error));
        Assert.Contains("--max-hosts", error, StringComparison.Ordinal);
        Assert.Null(TargetExpander.ParseAll(["10.0.0.0/24", "10.0.1.0/24"], 300, out error));
        Assert.Contains("more than 300", error, StringComparison.Ordinal);
        Assert.NotNull(TargetExpander.ParseAll(["10.0.0.0/16"], 65536, out _));
    }

    [Fact]
    public void Targets_file_words_skip_comments_and_blank_lines()
    {
        var reader = new StringReader("# lab hosts\n\n10.0.0.1  10.0.0.2 # two on a line\n  nfs.example.org\n[::1]\n");
        Assert.Equal(["10.0.0.1", "10.0.0.2", "nfs.example.org", "[::1]"], TargetExpander.ReadWords(reader));
    }

    [Fact]
    public async Task Names_resolve_to_every_address_once_and_failures_stay_in_the_report()
    {
        var specs = TargetExpander.ParseAll(["multi.example", "127.0.0.1", "gone.example"], 100, out _)!;
        Task<IPAddress[]> Resolve(string name, CancellationToken ct) => name == "multi.example"
            ? Task.FromResult(new[] { IPAddress.IPv6Loopback, IPAddress.Loopback })
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));

        IReadOnlyList<ProbeTarget> targets = await TargetExpander.ExpandAsync(specs, null, TimeSpan.FromSeconds(5), Resolve, CancellationToken.None);

        Assert.Equal(3, targets.Count);
        Assert.Equal("multi.example (127.0.0.1)", targets[0].Label);
        Assert.Equal("multi.example (::1)", targets[1].Label);
        Assert.Equal("gone.example", targets[2].Target);
        Assert.Null(targets[2].Address);
        Assert.StartsWith("cannot resolve", targets[2].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Address_family_filter_applies_to_names()
    {
        var specs = TargetExpander.ParseAll(["multi.example"], 100, out _)!;
        Task<IPAddress[]> Resolve(string name, CancellationToken ct) => Task.FromResult(new[] { IPAddress.IPv6Loopback, IPAddress.Loopback });

        IReadOnlyList<ProbeTarget> v6 = await TargetExpander.ExpandAsync(specs, AddressFamily.InterNetworkV6, TimeSpan.FromSeconds(5), Resolve, CancellationToken.None);

        Assert.Equal([IPAddress.IPv6Loopback], v6.Select(t => t.Address));
    }
}
