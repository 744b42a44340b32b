using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OncRpc.HostileBench;

// The attack client of bench/run-server-hostile.sh (issue #16).
//   OncRpc.HostileBench NAME PORT PID [ATTACK]   (ATTACK: idle, peer, unread or slow; all when omitted)
// Runs each attack against the rpcbind-compatible server on 127.0.0.1:PORT (process PID, whose resident memory is
// sampled), holds it open, checks whether a legitimate NULL call over TCP (fresh connection) and UDP is answered,
// then lets go and measures memory again 5 s later. Prints one markdown table row per attack. Only NULL and GETSTAT
// calls and idle or half-sent connections are used: nothing that changes the server's state.
if (args.Length is < 3 or > 4)
{
    Console.Error.WriteLine("usage: OncRpc.HostileBench NAME PORT PID [idle|peer|unread|slow]");
    return 2;
}

string name = args[0];
var server = new IPEndPoint(IPAddress.Loopback, int.Parse(args[1], CultureInfo.InvariantCulture));
int pid = int.Parse(args[2], CultureInfo.InvariantCulture);
TimeSpan patience = TimeSpan.FromSeconds(3);
string only = args.Length == 4 ? args[3] : string.Empty;
IPAddress Lo(int last) => new([127, 0, 0, (byte)last]);

if (only is "" or "idle")
{
    await RunAsync("3,000 idle TCP connections", Lo(1), () => Attacks.IdleAsync(server, Lo(2), 3000), null);
}

if (only is "" or "peer")
{
    await RunAsync("1,500 idle connections from 127.0.0.2, client on 127.0.0.3", Lo(3), () => Attacks.IdleAsync(server, Lo(2), 1500), null);
}

if (only is "" or "unread")
{
    await RunAsync("20 connections × 5,000 GETSTAT, replies unread", Lo(1), () => Attacks.UnreadRepliesAsync(server, Lo(2), 20, 5000), null);
}

if (only is "" or "slow")
{
    await RunAsync("1,000 slow senders, one byte per step", Lo(1), () => Attacks.IdleAsync(server, Lo(4), 1000), Attacks.TrickleAsync);
}

return 0;

async Task RunAsync(string attack, IPAddress client, Func<Task<List<Socket>>> open, Func<List<Socket>, int, Task>? step)
{
    long before = RssSampler.Read(pid);
    List<Socket> held;
    long peak;
    bool tcp;
    bool udp;
    await using (var sampler = new RssSampler(pid))
    {
        held = await open();
        if (step is not null)
        {
            // Ten steps 200 ms apart before the check, so the slow senders are mid-record when the client arrives.
            for (int i = 0; i < 10; i++)
            {
                await step(held, i);
                await Task.Delay(200);
            }
        }
        else
        {
            await Task.Delay(2000);
        }

        tcp = await RawCalls.TcpNullAnsweredAsync(server, client, patience);
        udp = await RawCalls.UdpNullAnsweredAsync(server, patience);
        peak = sampler.PeakKb;
        held.ForEach(s => s.Dispose());
    }

    await Task.Delay(5000);
    long after = RssSampler.Read(pid);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {name} | {attack} ({held.Count} opened) | {(tcp ? "yes" : "**no**")} | {(udp ? "yes" : "**no**")} | {before / 1024} | {peak / 1024} | {after / 1024} |"));
}
