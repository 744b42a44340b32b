using System.Net;
using System.Net.Sockets;
using OncRpc.Portmapper;

// First cut of the port-111 exposure probe: TCP reachability only. The full probe (programs, UDP amplification,
// verdicts and remediation) arrives with its own issue.
string host = args.Length > 0 ? args[0] : "localhost";
IPAddress[] addresses;
try
{
    addresses = await Dns.GetHostAddressesAsync(host);
}
catch (SocketException ex)
{
    Console.Error.WriteLine($"portprobe: {host}: {ex.Message}");
    return 2;
}

bool exposed = false;
foreach (IPAddress address in addresses)
{
    using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
    string state;
    try
    {
        await socket.ConnectAsync(new IPEndPoint(address, PortmapperProgram.Port), cts.Token);
        state = "open";
        exposed = true;
    }
    catch (SocketException)
    {
        state = "closed";
    }
    catch (OperationCanceledException)
    {
        state = "filtered";
    }

    Console.WriteLine($"{host} ({address}) tcp/{PortmapperProgram.Port}: {state}");
}

return exposed ? 1 : 0;
