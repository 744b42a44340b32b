using OncRpc.Client;
using OncRpc.Mount;

namespace PortProbe.Probing;

/// <summary>MOUNTPROC_EXPORT through the client generated from mount.x (OncRpc.Mount), as the probe's own records.</summary>
internal static class MountExports
{
    public static async Task<IReadOnlyList<ExportedShare>> ReadAsync(RpcClient client, uint version, CancellationToken cancellationToken)
    {
        Exportnode? head = version == Mountprog.Mountvers3.Version
            ? await new Mountvers3Client(client).Mountproc3ExportAsync(null, cancellationToken).ConfigureAwait(false)
            : await new MountversClient(client).MountprocExportAsync(null, cancellationToken).ConfigureAwait(false);
        var exports = new List<ExportedShare>();
        for (Exportnode? node = head; node is not null; node = node.ExNext)
        {
            var groups = new List<string>();
            for (Groupnode? group = node.ExGroups; group is not null; group = group.GrNext)
            {
                groups.Add(group.GrName);
            }

            exports.Add(new ExportedShare(node.ExDir, groups));
        }

        return exports;
    }
}
