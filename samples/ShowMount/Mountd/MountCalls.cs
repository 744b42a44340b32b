using OncRpc.Client;
using OncRpc.Mount;
using OncRpc.Xdr;
using ShowMount.Output;

namespace ShowMount.Mountd;

/// <summary>
/// The two MOUNT procedures showmount calls, made with the client generated from mount.x (OncRpc.Mount), and their
/// results turned into the lines the listing prints. Version 2 (MOUNTVERS_POSIX, which the C tool tries between 3
/// and 1) is not in mount.x; its EXPORT and DUMP are those of versions 1 and 3, so the generated codecs serve it.
/// </summary>
internal static class MountCalls
{
    /// <summary>MOUNTPROC_EXPORT of the given version.</summary>
    public static async Task<IReadOnlyList<ExportLine>> ExportAsync(RpcClient client, uint version, CancellationToken cancellationToken)
    {
        Exportnode? head = version switch
        {
            Mountprog.Mountvers3.Version => await new Mountvers3Client(client).Mountproc3ExportAsync(null, cancellationToken).ConfigureAwait(false),
            Mountprog.Mountvers.Version => await new MountversClient(client).MountprocExportAsync(null, cancellationToken).ConfigureAwait(false),
            _ => await client.CallAsync(Mountprog.Program, version, Mountprog.Mountvers.MountprocExport, XdrCodec.Void, XdrVoid.Value,
                Exports.Codec, null, cancellationToken).ConfigureAwait(false),
        };

        var lines = new List<ExportLine>();
        for (Exportnode? node = head; node is not null; node = node.ExNext)
        {
            var groups = new List<string>();
            for (Groupnode? group = node.ExGroups; group is not null; group = group.GrNext)
            {
                groups.Add(group.GrName);
            }

            lines.Add(new ExportLine(node.ExDir, groups));
        }

        return lines;
    }

    /// <summary>MOUNTPROC_DUMP of the given version.</summary>
    public static async Task<IReadOnlyList<MountLine>> DumpAsync(RpcClient client, uint version, CancellationToken cancellationToken)
    {
        Mountbody? head = version switch
        {
            Mountprog.Mountvers3.Version => await new Mountvers3Client(client).Mountproc3DumpAsync(null, cancellationToken).ConfigureAwait(false),
            Mountprog.Mountvers.Version => await new MountversClient(client).MountprocDumpAsync(null, cancellationToken).ConfigureAwait(false),
            _ => await client.CallAsync(Mountprog.Program, version, Mountprog.Mountvers.MountprocDump, XdrCodec.Void, XdrVoid.Value,
                Mountlist.Codec, null, cancellationToken).ConfigureAwait(false),
        };

        var lines = new List<MountLine>();
        for (Mountbody? node = head; node is not null; node = node.MlNext)
        {
            lines.Add(new MountLine(node.MlHostname, node.MlDirectory));
        }

        return lines;
    }
}
