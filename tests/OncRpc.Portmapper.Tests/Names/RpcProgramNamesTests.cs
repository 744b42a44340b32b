using FsCheck.Xunit;
using Xunit;

namespace OncRpc.Portmapper.Tests.Names;

public sealed class RpcProgramNamesTests
{
    [Fact]
    public void Parses_names_numbers_and_aliases_skipping_comments_and_junk()
    {
        const string text = "# comment line\n" +
                            "portmapper\t100000\tportmap sunrpc rpcbind # trailing comment\n" +
                            "\n" +
                            "   \t  \n" +
                            "nonumber\n" +
                            "badnumber 12x4\n" +
                            "negative -5\n" +
                            "toolarge 4294967296\n" +
                            "\u0001\u0002 100099\n" +
                            "status 100024\r\n" +
                            "portmapper2 100000 duplicate\n" +
                            "#status 999\n" +
                            "ugidd 545580417";
        RpcProgramNames names = RpcProgramNames.Parse(text);
        Assert.Equal("portmapper", names.GetName(100000));
        Assert.Equal(new[] { "portmap", "sunrpc", "rpcbind" }, names.Find(100000)!.Aliases);
        Assert.Equal("status", names.GetName(100024));
        Assert.Equal("ugidd", names.GetName(545580417));
        Assert.Null(names.GetName(100099));
        Assert.Null(names.GetName(999));
        Assert.Equal(4, names.Entries.Count);
        Assert.True(names.TryGetProgram("rpcbind", out uint number));
        Assert.Equal(100000u, number);
        Assert.True(names.TryGetProgram("100021", out number));
        Assert.Equal(100021u, number);
        Assert.False(names.TryGetProgram("nosuch", out _));
        Assert.False(names.IsBuiltIn);
    }

    [Fact]
    public void Falls_back_to_the_built_in_table_when_the_file_is_missing()
    {
        string missing = Path.Combine(Path.GetTempPath(), "oncrpc-no-such-dir-" + Guid.NewGuid().ToString("N"), "rpc");
        RpcProgramNames names = RpcProgramNames.LoadOrBuiltIn(missing);
        Assert.True(names.IsBuiltIn);
        foreach ((uint program, string name) in new[] { (100000u, "portmapper"), (100003u, "nfs"), (100005u, "mountd"), (100021u, "nlockmgr"), (100024u, "status"), (100004u, "ypserv"), (100007u, "ypbind"), (100011u, "rquotad") })
        {
            Assert.Equal(name, names.GetName(program));
        }
    }

    [Fact]
    public void Falls_back_to_the_built_in_table_when_the_path_is_a_directory()
    {
        Assert.True(RpcProgramNames.LoadOrBuiltIn(Path.GetTempPath()).IsBuiltIn);
    }

    [Fact]
    public void Reads_a_file_and_survives_binary_junk()
    {
        string path = Path.GetTempFileName();
        try
        {
            var bytes = new List<byte>();
            bytes.AddRange("myprog 400100 mine\n"u8.ToArray());
            bytes.AddRange(new byte[] { 0xFF, 0xFE, 0x00, 0x80, (byte)'\n' });
            bytes.AddRange("other 400101\n"u8.ToArray());
            File.WriteAllBytes(path, bytes.ToArray());
            RpcProgramNames names = RpcProgramNames.LoadOrBuiltIn(path);
            Assert.False(names.IsBuiltIn);
            Assert.Equal("myprog", names.GetName(400100));
            Assert.Equal("other", names.GetName(400101));
            Assert.Null(names.GetName(100000));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Default_agrees_with_the_system_database_when_present()
    {
        if (!File.Exists(RpcProgramNames.SystemPath))
        {
            Assert.True(RpcProgramNames.Default.IsBuiltIn);
            return;
        }

        // Every well-formed line of /etc/rpc is visible through the default names (first line wins per number).
        foreach (string line in File.ReadLines(RpcProgramNames.SystemPath))
        {
            string[] fields = line.Split('#')[0].Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && uint.TryParse(fields[1], out uint number))
            {
                Assert.NotNull(RpcProgramNames.Default.GetName(number));
            }
        }

        Assert.Equal("status", RpcProgramNames.Default.GetName(100024));
    }

    [Property(MaxTest = 300)]
    public bool Any_text_parses_without_throwing(string? text)
    {
        RpcProgramNames names = RpcProgramNames.Parse(text ?? string.Empty);
        return names.Entries.All(e => e.Name.Length > 0);
    }
}
