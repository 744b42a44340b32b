using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OncRpc.Portmapper.Server;
using OncRpc.Server;

// The server side of bench/run-server.sh. Two modes:
//   serve            start our rpcbind service on 127.0.0.1 (TCP and UDP, a free port), print "port N", then answer
//                    commands on stdin: "stat" prints calls answered, bytes allocated by the whole process so far,
//                    resident memory and open connections; end of input stops the service.
//   hold PORT COUNT  open COUNT idle TCP connections to 127.0.0.1:PORT, print "held COUNT", wait for end of input.
// The load itself comes from separate processes (raw_null, OncRpc.ClientBench), so the allocation figures of the
// serving process are the server's alone.
string mode = args.Length > 0 ? args[0] : "serve";
if (mode == "hold")
{
    int port = int.Parse(args[1], CultureInfo.InvariantCulture);
    int count = int.Parse(args[2], CultureInfo.InvariantCulture);
    var sockets = new List<Socket>(count);
    for (int i = 0; i < count; i++)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        sockets.Add(socket);
    }

    Console.WriteLine($"held {count}");
    await Console.In.ReadToEndAsync();
    sockets.ForEach(s => s.Dispose());
    return 0;
}

var options = new RpcbindServiceOptions
{
    Port = 0,
    Addresses = [IPAddress.Loopback],
    ServerOptions = new RpcServerOptions { MaxConnections = 4096 },
};
await using RpcbindService service = await RpcbindService.StartAsync(options);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"port {((IPEndPoint)service.EndPoints[0].EndPoint).Port}"));
while (await Console.In.ReadLineAsync() is { } line)
{
    if (line.Trim() == "stat")
    {
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"calls {service.Server.GetEventCount(RpcServerEventKind.CallCompleted)} alloc {GC.GetTotalAllocatedBytes(precise: true)} rss_kb {ResidentKilobytes()} conns {service.Server.ConnectionCount}"));
    }
    else if (line.Trim() == "gc")
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Console.WriteLine("ok");
    }
}

return 0;

static long ResidentKilobytes()
{
    foreach (string l in File.ReadLines("/proc/self/status"))
    {
        if (l.StartsWith("VmRSS:", StringComparison.Ordinal))
        {
            return long.Parse(l.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }
    }

    return 0;
}
