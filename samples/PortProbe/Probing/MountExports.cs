using OncRpc.Client;

namespace PortProbe.Probing;

/// <summary>MOUNTPROC_EXPORT through the client generated from mount.x, as the probe's own records.</summary>
internal static class MountExports
{
    public static Task<IReadOnlyList<ExportedShare>> ReadAsync(RpcClient client, uint version, CancellationToken cancellationToken) =>
        throw new NotImplementedException("waits for the client generated from mount.x");
}
