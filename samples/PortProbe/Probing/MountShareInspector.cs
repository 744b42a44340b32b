using System.Net;
using System.Net.Sockets;
using OncRpc;
using OncRpc.Client;
using OncRpc.Xdr;

namespace PortProbe.Probing;

/// <summary>
/// Reads a mount daemon's export list with the MOUNT client generated from mount.x (OncRpc.Mount): over TCP when
/// mountd is registered there, else UDP; MOUNT version 3 when registered, else version 1 (the lists are the same).
/// The reply is bounded (size, entries, string lengths) so that a hostile daemon costs a scan little.
/// </summary>
internal sealed class MountShareInspector : IShareInspector
{
    private const uint MountProgram = 100005;

    /// <summary>The largest EXPORT reply read (a real one is a few KiB).</summary>
    public const int MaxReplySize = 1024 * 1024;

    /// <summary>The most exports, or groups of one export, read.</summary>
    public const int MaxEntries = 4096;

    public async Task<ShareInspection?> InspectAsync(IPAddress host, IReadOnlyList<RegisteredProgram> programs, TimeSpan timeout, CancellationToken cancellationToken)
    {
        RegisteredProgram? target = Choose(host, programs);
        if (target is not { Port: { } port and > 0 })
        {
            return null;
        }

        bool tcp = target.Protocol.StartsWith("tcp", StringComparison.Ordinal);
        uint version = target.Version >= 3 ? 3u : 1u;
        string transport = tcp ? "tcp" : "udp";
        try
        {
            RpcClient client = await RpcClient.ConnectAsync(new IPEndPoint(host, port), tcp ? RpcTransportKind.Tcp : RpcTransportKind.Udp,
                ClientOptions(timeout), cancellationToken).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                IReadOnlyList<ExportedShare> exports = await MountExports.ReadAsync(client, version, cancellationToken).ConfigureAwait(false);
                return new ShareInspection(new ShareListing(version, transport, port, exports), null);
            }
        }
        catch (Exception ex) when (ex is RpcException or TimeoutException or XdrException or SocketException or IOException)
        {
            return new ShareInspection(null, $"MOUNT v{version} EXPORT over {transport} port {port}: {ex.Message}");
        }
    }

    /// <summary>
    /// The registration to ask: mountd over TCP of the host's family (then UDP), the highest of versions 3 and 1.
    /// Version 2 (MOUNTVERS_POSIX) has the same EXPORT, but every mountd that has it has 3 as well.
    /// </summary>
    private static RegisteredProgram? Choose(IPAddress host, IReadOnlyList<RegisteredProgram> programs)
    {
        bool v6 = host.AddressFamily == AddressFamily.InterNetworkV6;
        string[] order = v6 ? ["tcp6", "udp6"] : ["tcp", "udp"];
        foreach (string netId in order)
        {
            RegisteredProgram? best = programs
                .Where(p => p.Program == MountProgram && p.Protocol == netId && p.Port is > 0 && p.Version is 1 or 3)
                .OrderByDescending(p => p.Version)
                .FirstOrDefault();
            if (best is not null)
            {
                return best;
            }
        }

        return null;
    }

    private static RpcClientOptions ClientOptions(TimeSpan timeout) => new()
    {
        IoMode = RpcClientIoMode.Asynchronous,
        ConnectTimeout = timeout,
        Timeout = timeout,
        RetransmitInterval = TimeSpan.FromMilliseconds(Math.Min(timeout.TotalMilliseconds / 2, 250)),
        MaxReplySize = MaxReplySize,
        ReaderOptions = new XdrReaderOptions
        {
            MaxListLength = MaxEntries,
            MaxArrayLength = MaxEntries,
            MaxStringLength = 1024,
            MaxOpaqueLength = 1024,
        },
    };
}
