using System.Net;
using OncRpc;
using OncRpc.Client;
using OncRpc.Server;
using XdrGenMount.Mount;

// Serve MOUNT version 1 on a loopback port with the generated server stub, then
await using var server = new RpcServer();
server.AddMountvers(new ExportsOnly());
var endPoint = (IPEndPoint)await server.ListenTcpAsync(new IPEndPoint(IPAddress.Loopback, 0));

// call it through the generated client.
await using RpcClient rpc = await RpcClient.ConnectAsync(endPoint, RpcTransportKind.Tcp);
var mount = new MountversClient(rpc);
for (Exportnode? export = await mount.MountprocExportAsync(); export is not null; export = export.ExNext)
{
    var groups = new List<string>();
    for (Groupnode? group = export.ExGroups; group is not null; group = group.GrNext)
    {
        groups.Add(group.GrName);
    }

    Console.WriteLine($"{export.ExDir} {string.Join(",", groups)}");
}

/// <summary>A MOUNT server that only answers EXPORT: two exported directories.</summary>
internal sealed class ExportsOnly : IMountversServer
{
    public ValueTask<Exportnode?> MountprocExportAsync(RpcCallContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<Exportnode?>(
            new Exportnode("/srv/data", new Groupnode("10.0.0.0/8", null), new Exportnode("/srv/public", null, null)));

    public ValueTask<Exportnode?> MountprocExportallAsync(RpcCallContext context, CancellationToken cancellationToken) =>
        MountprocExportAsync(context, cancellationToken);

    public ValueTask MountprocNullAsync(RpcCallContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<Fhstatus> MountprocMntAsync(string dirpath, RpcCallContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<Fhstatus>(new Fhstatus.Default(13)); // EACCES: this sample mounts nothing

    public ValueTask<Mountbody?> MountprocDumpAsync(RpcCallContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<Mountbody?>(null);

    public ValueTask MountprocUmntAsync(string dirpath, RpcCallContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask MountprocUmntallAsync(RpcCallContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
