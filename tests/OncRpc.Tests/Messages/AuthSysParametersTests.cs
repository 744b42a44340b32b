using System.Runtime.InteropServices;
using OncRpc.Messages;
using OncRpc.Xdr;
using Xunit;
using static OncRpc.Tests.Messages.RpcMessageCallTests;

namespace OncRpc.Tests.Messages;

public sealed class AuthSysParametersTests
{
    [Fact]
    public void Encodes_in_rfc5531_layout()
    {
        var p = new AuthSysParameters(0x12345678, "vectors", 1000, 1000, [1000, 24]);
        OpaqueAuth auth = p.ToOpaqueAuth();
        Assert.Equal(AuthFlavor.Sys, auth.Flavor);
        byte[] expected = Convert.FromHexString("1234567800000007766563746f727300000003e8000003e800000002000003e800000018");
        Assert.Equal(expected, auth.Body.ToArray());
        Assert.Equal(p, AuthSysParameters.FromOpaqueAuth(auth));
        Assert.Equal(expected.Length, AuthSysParameters.Codec.GetEncodedSize(p));
    }

    [Fact]
    public void Longest_name_and_most_groups_fit_in_an_opaque_auth()
    {
        var p = new AuthSysParameters(1, new string('m', 255), 0, 0, Enumerable.Range(0, 16).Select(i => (uint)i));
        OpaqueAuth auth = p.ToOpaqueAuth();
        Assert.True(auth.Body.Length <= OpaqueAuth.MaxBodyLength);
        Assert.Equal(p, AuthSysParameters.FromOpaqueAuth(auth));
    }

    [Fact]
    public void Constructor_rejects_a_machine_name_over_255_bytes_of_utf8()
    {
        Assert.Throws<ArgumentException>(() => new AuthSysParameters(1, new string('m', 256), 0, 0));
        Assert.Throws<ArgumentException>(() => new AuthSysParameters(1, new string('é', 128), 0, 0)); // 256 bytes
        Assert.Throws<ArgumentException>(() => new AuthSysParameters(1, "\ud800", 0, 0));
        Assert.Throws<ArgumentNullException>(() => new AuthSysParameters(1, null!, 0, 0));
    }

    [Fact]
    public void Constructor_rejects_more_than_16_groups()
    {
        Assert.Throws<ArgumentException>(() => new AuthSysParameters(1, "h", 0, 0, new uint[17]));
    }

    [Fact]
    public void Groups_are_copied_and_read_only()
    {
        uint[] gids = [1, 2];
        var p = new AuthSysParameters(1, "h", 0, 0, gids);
        gids[0] = 99;
        Assert.Equal(new uint[] { 1, 2 }, p.Gids);
        Assert.False(p.Gids is uint[]);
    }

    [Fact]
    public void Decode_rejects_more_than_16_groups()
    {
        byte[] body = [.. Words(1, 1, 0x68000000, 0, 0, 17), .. new byte[17 * 4]];
        var ex = Assert.Throws<XdrException>(() => AuthSysParameters.FromOpaqueAuth(new OpaqueAuth(AuthFlavor.Sys, body)));
        Assert.Equal(XdrError.LimitExceeded, ex.Error);
    }

    [Fact]
    public void Decode_rejects_a_machine_name_over_255_bytes()
    {
        byte[] body = [.. Words(1, 256), .. new byte[256], .. Words(0, 0, 0)];
        var ex = Assert.Throws<XdrException>(() => AuthSysParameters.FromOpaqueAuth(new OpaqueAuth(AuthFlavor.Sys, body)));
        Assert.Equal(XdrError.LimitExceeded, ex.Error);
    }

    [Fact]
    public void Decode_rejects_trailing_bytes_and_truncation()
    {
        byte[] good = new AuthSysParameters(1, "host", 2, 3).ToOpaqueAuth().Body.ToArray();
        var trailing = Assert.Throws<XdrException>(() => AuthSysParameters.FromOpaqueAuth(new OpaqueAuth(AuthFlavor.Sys, good.Concat(new byte[4]).ToArray())));
        Assert.Equal(XdrError.TrailingData, trailing.Error);
        for (int length = 0; length < good.Length; length++)
        {
            var ex = Assert.Throws<XdrException>(() => AuthSysParameters.FromOpaqueAuth(new OpaqueAuth(AuthFlavor.Sys, good.AsMemory(0, length))));
            Assert.Equal(XdrError.Truncated, ex.Error);
        }
    }

    [Fact]
    public void From_opaque_auth_rejects_other_flavors()
    {
        Assert.Throws<ArgumentException>(() => AuthSysParameters.FromOpaqueAuth(OpaqueAuth.None));
    }

    [Fact]
    public void Codec_reads_in_place_and_rejects_null_on_write()
    {
        var p = new AuthSysParameters(5, "x", 6, 7, [8]);
        byte[] buffer = new byte[AuthSysParameters.Codec.GetEncodedSize(p) + 4];
        var writer = new XdrWriter(buffer);
        writer.Write(AuthSysParameters.Codec, p);
        var reader = new XdrReader(buffer);
        Assert.Equal(p, reader.Read(AuthSysParameters.Codec));
        Assert.Equal(4, reader.BytesRemaining);
        Assert.Throws<ArgumentNullException>(() =>
        {
            var w = new XdrWriter(new byte[64]);
            AuthSysParameters.Codec.Write(ref w, null!);
        });
    }

    [Fact]
    public void For_current_process_reports_the_effective_ids_on_linux()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            Assert.Throws<PlatformNotSupportedException>(() => AuthSysParameters.ForCurrentProcess());
            return;
        }

        AuthSysParameters p = AuthSysParameters.ForCurrentProcess();

        // /proc/self/status lists real, effective, saved and filesystem ids.
        string[] status = File.ReadAllLines("/proc/self/status");
        uint Field(string key, int index) =>
            uint.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[index + 1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Field("Uid:", 1), p.Uid);
        Assert.Equal(Field("Gid:", 1), p.Gid);

        uint[] groups = status.First(l => l.StartsWith("Groups:", StringComparison.Ordinal))
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(s => uint.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(groups.Take(AuthSysParameters.MaxGroupCount), p.Gids);

        Assert.False(string.IsNullOrEmpty(p.MachineName));
        Assert.StartsWith(p.MachineName, Environment.MachineName, StringComparison.Ordinal);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange((long)p.Stamp, now - 60, now + 60);
        Assert.Equal(p, AuthSysParameters.FromOpaqueAuth(p.ToOpaqueAuth()));
    }
}
