using System.Diagnostics;
using System.Net;
using Xunit;

namespace PortProbe.Tests.Support;

/// <summary>
/// A network namespace this test creates and deletes itself, joined to the root namespace by a veth pair on a
/// private /30. Only <see cref="Address"/>, the namespace's own end, is ever probed. Needs root, iproute2 and, for
/// <see cref="DropPortAsync"/>, iptables.
/// </summary>
internal sealed class NetworkNamespace : IAsyncDisposable
{
    private readonly string _name;
    private readonly string _hostLink;

    private NetworkNamespace(string name, string hostLink, IPAddress address)
    {
        _name = name;
        _hostLink = hostLink;
        Address = address;
    }

    /// <summary>The namespace's address on the veth pair.</summary>
    public IPAddress Address { get; }

    public static async Task<NetworkNamespace> CreateAsync()
    {
        string id = Convert.ToHexString(BitConverter.GetBytes(Random.Shared.Next())).ToLowerInvariant()[..6];
        string name = "oncrpc-pp-" + id;
        string hostLink = "pp" + id + "h";
        string nsLink = "pp" + id + "n";
        int third = Random.Shared.Next(0, 256);
        int fourth = Random.Shared.Next(0, 64) * 4;
        string hostAddress = $"10.250.{third}.{fourth + 1}";
        string nsAddress = $"10.250.{third}.{fourth + 2}";
        var ns = new NetworkNamespace(name, hostLink, IPAddress.Parse(nsAddress));
        try
        {
            await RunAsync("ip", "netns", "add", name);
            await RunAsync("ip", "link", "add", hostLink, "type", "veth", "peer", "name", nsLink);
            await RunAsync("ip", "link", "set", nsLink, "netns", name);
            await RunAsync("ip", "addr", "add", hostAddress + "/30", "dev", hostLink);
            await RunAsync("ip", "link", "set", hostLink, "up");
            await RunAsync("ip", "-n", name, "addr", "add", nsAddress + "/30", "dev", nsLink);
            await RunAsync("ip", "-n", name, "link", "set", nsLink, "up");
            await RunAsync("ip", "-n", name, "link", "set", "lo", "up");
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }

        return ns;
    }

    /// <summary>Drops every TCP and UDP packet to <paramref name="port"/> inside the namespace: a filtered port.</summary>
    public async Task DropPortAsync(int port)
    {
        foreach (string protocol in new[] { "tcp", "udp" })
        {
            await RunAsync("ip", "netns", "exec", _name, "iptables", "-A", "INPUT", "-p", protocol, "--dport", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-j", "DROP");
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Deleting the namespace destroys its veth end and with it the peer; the explicit link delete covers a
        // namespace that failed half-way.
        await TryRunAsync("ip", "link", "del", _hostLink);
        await TryRunAsync("ip", "netns", "del", _name);
    }

    public static async Task<string?> TryRunAsync(params string[] args)
    {
        try
        {
            await RunAsync(args);
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or TimeoutException)
        {
            return ex.Message;
        }
    }

    public static async Task RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(args[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in args.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{args[0]} did not start");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Task<string> stderr = process.StandardError.ReadToEndAsync(cts.Token);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', args)} did not finish within 20 s");
        }

        await stdout;
        string error = await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', args)} failed ({process.ExitCode}): {error.Trim()}");
        }
    }
}

/// <summary>
/// A fact that needs network namespaces (root, iproute2, iptables). Skipped with the reason where they are not
/// available, except under ONCRPC_REQUIRE_RPCBIND=1 (CI), where it runs and fails instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class NetnsFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Reason = new(Probe);

    public NetnsFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("ONCRPC_REQUIRE_RPCBIND") != "1" && Reason.Value is { } reason)
        {
            Skip = reason;
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "Network namespaces exist only on Linux.";
        }

        if (Environment.UserName != "root")
        {
            return "Creating network namespaces needs root.";
        }

        string name = "oncrpc-pp-probe" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string? failure = NetworkNamespace.TryRunAsync("ip", "netns", "add", name).GetAwaiter().GetResult();
        if (failure is not null)
        {
            return "Network namespaces are not available (install iproute2, run as root): " + failure;
        }

        try
        {
            string? iptables = NetworkNamespace.TryRunAsync("ip", "netns", "exec", name, "iptables", "-L", "INPUT", "-n").GetAwaiter().GetResult();
            return iptables is null ? null : "iptables does not work inside a network namespace (install iptables): " + iptables;
        }
        finally
        {
            NetworkNamespace.TryRunAsync("ip", "netns", "del", name).GetAwaiter().GetResult();
        }
    }
}
