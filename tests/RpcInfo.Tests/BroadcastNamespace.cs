using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Xunit;

namespace RpcInfo.Tests;

/// <summary>
/// A process that holds new network and mount namespaces open for a -b test (a holder script, run by
/// <c>unshare -n -m</c>, that sets the namespace up, prints "ready", then waits for its stdin to close), with the
/// wrapper that runs a tool inside them. Disposing it ends the holder and deletes the directory given to the script.
/// </summary>
internal sealed class BroadcastNamespace : IAsyncDisposable
{
    /// <summary>The IPv4 address the holder scripts give the namespace's veth end (10.77.0.1/24).</summary>
    public static readonly IPAddress Self4 = IPAddress.Parse("10.77.0.1");

    /// <summary>The name the scripts' /etc/hosts gives <see cref="Self4"/>.</summary>
    public const string Host4 = "rpcinfo-test-host";

    private const int CloneNewNet = 0x40000000;

    private readonly Process _holder;
    private readonly string _dir;

    private BroadcastNamespace(Process holder, string dir)
    {
        _holder = holder;
        _dir = dir;
    }

    /// <summary>Runs a tool (the script's $0 is "rpcinfo", its arguments follow) inside the namespace.</summary>
    public string Wrapper => "exec nsenter -t " + _holder.Id.ToString(CultureInfo.InvariantCulture) + " -n -m -- bash -c '{}' rpcinfo \"$@\"";

    /// <summary>
    /// Starts the holder <paramref name="script"/> with a fresh temporary directory as $1 and
    /// <paramref name="args"/> as $2 and on, and waits (up to 30 seconds) for it to print "ready".
    /// </summary>
    public static async Task<BroadcastNamespace> StartAsync(string script, params string[] args)
    {
        string dir = Directory.CreateTempSubdirectory("rpcinfo-bcast-ns-").FullName;
        var psi = new ProcessStartInfo("unshare")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-n", "-m", "--", "bash", "-c", script, "bash", dir }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        var ns = new BroadcastNamespace(Process.Start(psi)!, dir);
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line = await ns._holder.StandardOutput.ReadLineAsync(ready.Token);
        if (line != "ready")
        {
            string error = ns._holder.HasExited ? await ns._holder.StandardError.ReadToEndAsync() : string.Empty;
            await ns.DisposeAsync();
            Assert.Fail("the namespace was not set up: " + line + "\n" + error);
        }

        return ns;
    }

    /// <summary>A UDP socket bound to an IPv4 address and port (made through <see cref="Open"/>, it is the namespace's).</summary>
    public static Socket Udp4Socket(IPAddress address, int port, bool allowRebind)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        if (allowRebind)
        {
            AllowRebind(s);
        }

        s.Bind(new IPEndPoint(address, port));
        return s;
    }

    /// <summary>
    /// The two-transport responder of <see cref="BroadcastIPv6Tests"/> makes its sockets again for the second
    /// tool's run in the same namespace. .NET may close the previous ones a moment after Dispose returns (most
    /// likely while a cancelled receive still holds the descriptor), which made a plain bind fail with "Address
    /// already in use" once under CI load; with SO_REUSEADDR on both, it cannot.
    /// </summary>
    public static void AllowRebind(Socket socket) =>
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);

    /// <summary>
    /// Creates a socket inside the network namespace: a thread of its own joins the namespace (setns affects only
    /// the calling thread), creates the socket, and ends. The socket stays in that namespace.
    /// </summary>
    public Socket Open(Func<Socket> create)
    {
        int pid = _holder.Id;
        Socket? socket = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using Microsoft.Win32.SafeHandles.SafeFileHandle ns = File.OpenHandle($"/proc/{pid}/ns/net");
                if (setns((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                }

                socket = create();
            }
            catch (Exception ex)
            {
                error = ex;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException("could not open a socket in the test's network namespace", error);
    }

    /// <summary>Whether a UDP socket of the namespace bound to the port has a datagram queued.</summary>
    public bool HasQueued(bool ipv6, int port)
    {
        string table = File.ReadAllText($"/proc/{_holder.Id}/net/{(ipv6 ? "udp6" : "udp")}");
        string local = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (string line in table.Split('\n').Skip(1))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length > 4 && f[1].EndsWith(local, StringComparison.Ordinal))
            {
                return f[4].Split(':') is [_, string rx] && rx.Any(ch => ch != '0');
            }
        }

        return false;
    }

    /// <summary>Ends the holder (it exits when its stdin closes; killed if it has not within 30 seconds), then deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        _holder.StandardInput.Close();
        using (var gone = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            try
            {
                await _holder.WaitForExitAsync(gone.Token);
            }
            catch (OperationCanceledException)
            {
                _holder.Kill(entireProcessTree: true);
            }
        }

        _holder.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

#pragma warning disable SA1300, IDE1006, SYSLIB1054 // C name; a blittable signature needs no generated marshalling
    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);
#pragma warning restore SA1300, IDE1006, SYSLIB1054
}
