using OncRpc.Testing;
using Xunit;

namespace OncRpc.XdrGen.Tests.Rpcgen;

/// <summary>
/// A test that needs rpcgen, gcc and libtirpc's headers. Skipped with a reason when one is missing, unless
/// ONCRPC_REQUIRE_RPCBIND=1 (CI), where it runs and fails instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RpcgenTheoryAttribute : TheoryAttribute
{
    public RpcgenTheoryAttribute()
    {
        if (RpcgenEnvironment.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>The fact form of <see cref="RpcgenTheoryAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RpcgenFactAttribute : FactAttribute
{
    public RpcgenFactAttribute()
    {
        if (RpcgenEnvironment.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

internal static class RpcgenEnvironment
{
    public static string? SkipReason
    {
        get
        {
            if (RpcbindEnvironment.Required)
            {
                return null;
            }

            string[] missing = new[] { "rpcgen", "gcc" }.Where(tool => !OnPath(tool))
                .Concat(File.Exists("/usr/include/tirpc/rpc/rpc.h") ? [] : new[] { "libtirpc-dev" })
                .ToArray();
            return missing.Length == 0
                ? null
                : $"The rpcgen oracle needs {string.Join(", ", missing)} (apt-get install rpcsvc-proto gcc libtirpc-dev). " +
                  "CI sets ONCRPC_REQUIRE_RPCBIND=1, which turns this skip into a failure.";
        }
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
}
