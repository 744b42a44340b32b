using OncRpc.Testing;
using Xunit;

namespace RpcInfo.Tests;

/// <summary>
/// Output redirected to a regular file that stdout, stderr and the shell share, compared with the C rpcinfo: the
/// file shows whether each write went where the shared offset was and moved it (a writer that keeps its own
/// position overwrites the other descriptor's output, and the shell's next line overwrites its own).
/// </summary>
[Collection(SystemRpcbindCollection.Name)]
public sealed class RedirectionOracleTests
{
    private const string ToSharedFile =
        "f=$(mktemp) || exit 99; { ( {} ); echo \"exit $?\"; echo done; } > \"$f\" 2>&1; cat \"$f\"; rm -f \"$f\"";

    [RpcbindTheory]
    [InlineData("-p 127.0.0.1")]
    [InlineData("-s 127.0.0.1")]
    [InlineData("-t 127.0.0.1 100000 5")]
    [InlineData("-x")]
    public async Task Output_redirected_to_a_shared_file_matches_the_C_rpcinfo(string args)
    {
        string[] argv = OracleTests.Split(args);
        RunResult c = await RpcInfoRunner.RunCWrappedAsync(ToSharedFile, argv);
        RunResult ours = await RpcInfoRunner.RunOursProcessAsync(ToSharedFile, argv);
        Assert.Equal(c.ToString(), ours.ToString());
        Assert.EndsWith("done\n", ours.Stdout, StringComparison.Ordinal);
    }
}
