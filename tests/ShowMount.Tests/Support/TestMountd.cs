using System.Net;
using OncRpc.Mount;
using OncRpc.Portmapper;
using OncRpc.Portmapper.Server;
using OncRpc.Server;

namespace OncRpc.Testing;

/// <summary>
/// A mount daemon for tests (kernel NFS cannot run on CI): MOUNT versions 1 and 3 served by the server stubs
/// generated from mount.x on an <see cref="RpcServer"/>, over TCP and UDP on a fresh port of every IPv4 address,
/// and registered in the system rpcbind, which is how showmount and nmap find it. The test gives the export list
/// and the mount list; MNT and UMNT change the mount list as mountd's rmtab does. Disposing it unregisters it.
/// </summary>
/// <remarks>
/// Only one mountd (100005) can be registered at a time: tests that start one belong to the system rpcbind
/// collection, whose lock is shared by every test process of the repository.
/// </remarks>
public sealed class TestMountd : IAsyncDisposable, IMountversServer, IMountvers3Server
{
    private readonly RpcServer _server;
    private readonly List<(string Host, string Directory)> _mounts;
    private readonly List<(uint Version, uint Procedure)> _calls = new();
    private readonly HashSet<(string Sender, uint Xid)> _seen = new();

    private TestMountd(IReadOnlyList<(string Directory, string[] Groups)> exports, IEnumerable<(string Host, string Directory)> mounts)
    {
        Exports = exports;
        _mounts = mounts.ToList();
        _server = new RpcServer();
        _server.AddMountvers(this);
        _server.AddMountvers3(this);
    }

    /// <summary>The export list EXPORT answers, in order: a directory and its client groups (none: everyone).</summary>
    public IReadOnlyList<(string Directory, string[] Groups)> Exports { get; }

    /// <summary>The mount list DUMP answers now.</summary>
    public IReadOnlyList<(string Host, string Directory)> Mounts
    {
        get
        {
            lock (_mounts)
            {
                return _mounts.ToArray();
            }
        }
    }

    /// <summary>
    /// Every call received, in order: (version, procedure). A UDP retransmission (same sender, same xid) is counted and
    /// applied once, as a server with a duplicate request cache would: the client retransmits after a second, which a
    /// loaded test machine can exceed on a first call.
    /// </summary>
    public IReadOnlyList<(uint Version, uint Procedure)> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToArray();
            }
        }
    }

    /// <summary>The TCP port; 0 for a daemon started UDP-only.</summary>
    public int TcpPort { get; private set; }

    /// <summary>The UDP port (another number than the TCP one).</summary>
    public int UdpPort { get; private set; }

    /// <summary>Starts the daemon, listening on every IPv4 address (or the one given), and registers it with the system rpcbind unless told not to.</summary>
    public static async Task<TestMountd> StartAsync(IReadOnlyList<(string Directory, string[] Groups)> exports, IEnumerable<(string Host, string Directory)>? mounts = null, IPAddress? address = null, bool register = true, bool tcp = true)
    {
        var mountd = new TestMountd(exports, mounts ?? []);
        try
        {
            if (tcp)
            {
                await mountd._server.ListenTcpAsync(new IPEndPoint(address ?? IPAddress.Any, 0));
                mountd.TcpPort = ((IPEndPoint)mountd._server.EndPoints.First(e => e.Transport == OncRpc.RpcTransportKind.Tcp).EndPoint).Port;
            }

            await mountd._server.ListenUdpAsync(new IPEndPoint(address ?? IPAddress.Any, 0));
            mountd.UdpPort = ((IPEndPoint)mountd._server.EndPoints.First(e => e.Transport == OncRpc.RpcTransportKind.Udp).EndPoint).Port;
            if (!register)
            {
                return mountd;
            }

            IReadOnlyList<RpcbindMapping> registered = await mountd._server.RegisterWithRpcbindAsync();
            if (registered.Count != (tcp ? 4 : 2))
            {
                throw new InvalidOperationException(
                    $"rpcbind accepted {registered.Count} of {(tcp ? 4 : 2)} registrations of 100005: another mountd is registered (a real one, or a crashed test's).");
            }

            return mountd;
        }
        catch
        {
            await mountd.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await _server.StopAsync();

    private Exportnode? ExportList(RpcCallContext context)
    {
        Record(context);
        Exportnode? head = null;
        for (int i = Exports.Count - 1; i >= 0; i--)
        {
            Groupnode? groups = null;
            for (int g = Exports[i].Groups.Length - 1; g >= 0; g--)
            {
                groups = new Groupnode(Exports[i].Groups[g], groups);
            }

            head = new Exportnode(Exports[i].Directory, groups, head);
        }

        return head;
    }

    private Mountbody? MountList(RpcCallContext context)
    {
        Record(context);
        Mountbody? head = null;
        (string Host, string Directory)[] mounts = Mounts.ToArray();
        for (int i = mounts.Length - 1; i >= 0; i--)
        {
            head = new Mountbody(mounts[i].Host, mounts[i].Directory, head);
        }

        return head;
    }

    private bool Mount(string directory, RpcCallContext context)
    {
        bool first = Record(context);
        if (!Exports.Any(e => e.Directory == directory))
        {
            return false;
        }

        if (!first)
        {
            return true;
        }

        lock (_mounts)
        {
            _mounts.Add((HostOf(context), directory));
        }

        return true;
    }

    private void Unmount(string? directory, RpcCallContext context)
    {
        if (!Record(context))
        {
            return;
        }

        string host = HostOf(context);
        lock (_mounts)
        {
            _mounts.RemoveAll(m => m.Host == host && (directory is null || m.Directory == directory));
        }
    }

    /// <summary>Records a call; false when it is a retransmission of one already recorded.</summary>
    private bool Record(RpcCallContext context)
    {
        lock (_calls)
        {
            if (!_seen.Add((context.RemoteEndPoint?.ToString() ?? "-", context.Xid)))
            {
                return false;
            }

            _calls.Add((context.Version, context.Procedure));
            return true;
        }
    }

    private static string HostOf(RpcCallContext context) => context.RemoteEndPoint is IPEndPoint ip ? ip.Address.ToString() : "localhost";

    ValueTask IMountversServer.MountprocNullAsync(RpcCallContext context, CancellationToken cancellationToken)
    {
        Record(context);
        return default;
    }

    ValueTask<Fhstatus> IMountversServer.MountprocMntAsync(string dirpath, RpcCallContext context, CancellationToken cancellationToken) =>
        new(Mount(dirpath, context) ? new Fhstatus.Case0(new byte[MountConstants.Fhsize]) : new Fhstatus.Default(2));

    ValueTask<Mountbody?> IMountversServer.MountprocDumpAsync(RpcCallContext context, CancellationToken cancellationToken) => new(MountList(context));

    ValueTask IMountversServer.MountprocUmntAsync(string dirpath, RpcCallContext context, CancellationToken cancellationToken)
    {
        Unmount(dirpath, context);
        return default;
    }

    ValueTask IMountversServer.MountprocUmntallAsync(RpcCallContext context, CancellationToken cancellationToken)
    {
        Unmount(null, context);
        return default;
    }

    ValueTask<Exportnode?> IMountversServer.MountprocExportAsync(RpcCallContext context, CancellationToken cancellationToken) => new(ExportList(context));

    ValueTask<Exportnode?> IMountversServer.MountprocExportallAsync(RpcCallContext context, CancellationToken cancellationToken) => new(ExportList(context));

    ValueTask IMountvers3Server.Mountproc3NullAsync(RpcCallContext context, CancellationToken cancellationToken)
    {
        Record(context);
        return default;
    }

    ValueTask<Mountres3> IMountvers3Server.Mountproc3MntAsync(string dirpath, RpcCallContext context, CancellationToken cancellationToken) =>
        new(Mount(dirpath, context)
            ? new Mountres3.Mnt3Ok(new Mountres3Ok(new byte[16], [1]))
            : new Mountres3.Default(Mountstat3.Mnt3errNoent));

    ValueTask<Mountbody?> IMountvers3Server.Mountproc3DumpAsync(RpcCallContext context, CancellationToken cancellationToken) => new(MountList(context));

    ValueTask IMountvers3Server.Mountproc3UmntAsync(string dirpath, RpcCallContext context, CancellationToken cancellationToken)
    {
        Unmount(dirpath, context);
        return default;
    }

    ValueTask IMountvers3Server.Mountproc3UmntallAsync(RpcCallContext context, CancellationToken cancellationToken)
    {
        Unmount(null, context);
        return default;
    }

    ValueTask<Exportnode?> IMountvers3Server.Mountproc3ExportAsync(RpcCallContext context, CancellationToken cancellationToken) => new(ExportList(context));
}
