using System.Text;
using OncRpc.Portmapper;

namespace OncRpc.Fuzz.Targets;

/// <summary>The /etc/rpc parser (program names shown next to what a peer reports), on arbitrary text.</summary>
internal sealed class ProgramNamesTarget : FuzzTarget
{
    public override string Name => "program-names";

    public override string Description => "RpcProgramNames.Parse of /etc/rpc text and its lookups";

    public override void Run(ReadOnlySpan<byte> input)
    {
        RpcProgramNames names = RpcProgramNames.Parse(Encoding.UTF8.GetString(input));
        foreach (RpcProgramEntry entry in names.Entries)
        {
            names.TryGetName(entry.Number, out _);
            names.TryGetProgram(entry.Name, out _);
            foreach (string alias in entry.Aliases)
            {
                names.TryGetProgram(alias, out _);
            }
        }
    }

    public override IEnumerable<byte[]> Seeds(SeedSources sources)
    {
        if (File.Exists(RpcProgramNames.SystemPath))
        {
            yield return File.ReadAllBytes(RpcProgramNames.SystemPath);
        }

        yield return "portmapper\t100000\tportmap sunrpc rpcbind\n# comment\nnfs 100003 nfsprog\n"u8.ToArray();
    }
}
