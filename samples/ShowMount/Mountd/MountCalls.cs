using OncRpc.Client;
using ShowMount.Output;

namespace ShowMount.Mountd;

/// <summary>
/// The two MOUNT procedures showmount calls, made with the client generated from mount.x (OncRpc.Mount), and their
/// results turned into the lines the listing prints.
/// </summary>
internal static class MountCalls
{
    /// <summary>MOUNTPROC_EXPORT of the given version.</summary>
    public static Task<IReadOnlyList<ExportLine>> ExportAsync(RpcClient client, uint version, CancellationToken cancellationToken) =>
        throw new NotImplementedException("waits for the client generated from mount.x");

    /// <summary>MOUNTPROC_DUMP of the given version.</summary>
    public static Task<IReadOnlyList<MountLine>> DumpAsync(RpcClient client, uint version, CancellationToken cancellationToken) =>
        throw new NotImplementedException("waits for the client generated from mount.x");
}
