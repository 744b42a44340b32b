using System.Net.Sockets;
using System.Text;
using OncRpc.Testing;
using Xunit;

namespace OncRpc.Portmapper.Tests.FuzzRegressions;

/// <summary>
/// Reproducers found by fuzz/ (target <c>uaddr</c>: one byte choosing the netid, then the address text), kept as
/// they were found in FuzzRegressions/uaddr.
/// </summary>
public sealed class UniversalAddressFuzzRegressionTests
{
    public static TheoryData<string> Reproducers() => new(Directory.GetFiles(
        Path.Combine(RepositoryPaths.Root, "tests", "OncRpc.Portmapper.Tests", "FuzzRegressions", "uaddr"), "*.bin").Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Reproducers))]
    public void A_local_path_longer_than_a_socket_path_is_refused_by_the_parser_not_by_ToEndPoint(string file)
    {
        // Both reproducers are paths of 40-odd characters, most of them U+FFFD (3 bytes each in UTF-8): TryParse
        // accepted them and ToEndPoint then threw ArgumentOutOfRangeException from UnixDomainSocketEndPoint.
        string text = Encoding.UTF8.GetString(File.ReadAllBytes(file).AsSpan(1));
        Assert.True(Encoding.UTF8.GetByteCount(text) > 107);
        // Without a netid only a leading '/' makes the text a path.
        foreach (string? netId in text.StartsWith('/') ? new[] { NetId.Local, NetId.Unix, null } : [NetId.Local, NetId.Unix])
        {
            Assert.False(UniversalAddress.TryParse(text, netId, out _));
            FormatException ex = Assert.Throws<FormatException>(() => UniversalAddress.Parse(text, netId));
            Assert.Contains("at most 107 bytes", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_path_of_107_bytes_is_the_longest_accepted_and_converts_to_an_endpoint()
    {
        string longest = "/" + new string('p', 106);
        Assert.Equal(AddressFamily.Unix, UniversalAddress.Parse(longest, NetId.Local).ToEndPoint().AddressFamily);
        Assert.Equal(longest, UniversalAddress.FromPath(longest).Path);

        string tooLong = longest + "p";
        Assert.False(UniversalAddress.TryParse(tooLong, NetId.Local, out _));
        Assert.Throws<ArgumentException>(() => UniversalAddress.FromPath(tooLong));

        // Counted in UTF-8 bytes, as the kernel counts them: 36 three-byte characters are 108 bytes.
        string wide = "/" + new string('\u20ac', 35) + "pp";
        Assert.Equal(108, Encoding.UTF8.GetByteCount(wide));
        Assert.False(UniversalAddress.TryParse(wide, NetId.Local, out _));
    }
}
