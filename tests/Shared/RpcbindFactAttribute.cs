using System.Net.Sockets;
using Xunit;

namespace OncRpc.Testing;

/// <summary>
/// A fact that needs the system rpcbind on 127.0.0.1:111. It is skipped with a reason when none answers, unless
/// ONCRPC_REQUIRE_RPCBIND=1 (as in CI), where it runs and fails instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RpcbindFactAttribute : FactAttribute
{
    public RpcbindFactAttribute()
    {
        if (RpcbindEnvironment.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>The theory form of <see cref="RpcbindFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RpcbindTheoryAttribute : TheoryAttribute
{
    public RpcbindTheoryAttribute()
    {
        if (RpcbindEnvironment.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>Finds out once whether the system rpcbind answers on loopback.</summary>
public static class RpcbindEnvironment
{
    private static readonly Lazy<bool> Available = new(Probe);

    /// <summary>True when CI demands the real rpcbind: interop tests must fail rather than skip.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("ONCRPC_REQUIRE_RPCBIND") == "1";

    /// <summary>True when something accepts TCP connections on 127.0.0.1:111.</summary>
    public static bool IsAvailable => Available.Value;

    /// <summary>The reason to skip an interop test, or null to run it.</summary>
    public static string? SkipReason =>
        Required || IsAvailable
            ? null
            : "No rpcbind answers on 127.0.0.1:111. Install Debian's rpcbind and start `rpcbind -w -f` to run this interop test " +
              "(CI sets ONCRPC_REQUIRE_RPCBIND=1, which turns this skip into a failure).";

    private static bool Probe()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            socket.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 111), cts.Token).AsTask().GetAwaiter().GetResult();
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
