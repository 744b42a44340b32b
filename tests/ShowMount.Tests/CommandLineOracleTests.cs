using OncRpc.Testing;
using Xunit;

namespace ShowMount.Tests;

/// <summary>
/// The C showmount and ours with the same command lines, byte for byte: options, getopt_long's diagnostics, usage,
/// version, unknown hosts, and a host without a mount daemon. In the system rpcbind collection: these runs need
/// 100005 not to be registered, and the mountd tests register it.
/// </summary>
[Collection(SystemRpcbindCollection.Name)]
public sealed class CommandLineOracleTests
{
    public static TheoryData<string> ArgumentErrors() => new()
    {
        "-h", "-v", "--help", "--version", "--h", "--ver", "-x", "--bogus", "--bo=x", "-ex", "-ah", "-ha", "-e -h",
        "-v -h", "-h -v", "-x -h", "--all=x", "--ex=1", "--no-headers=1", "--=", "--=x", "-a -e", "-ad", "-de",
        "-a -d -e", "a b", "-e a b", "-- -a -e", "-e -- a b", "--exports --all", "-e --bogus=3",
    };

    public static TheoryData<string> NoMountd() => new()
    {
        "-e nosuchhost.invalid", "nosuchhost.invalid", "-e ''", "-", "-- -e", "-e -- -a",
        "-e 127.0.0.1", "127.0.0.1", "-a 127.0.0.1", "-d ::1", "-e ::1", "-e localhost", "--no-headers -e 127.0.0.1",
        "--ex", "--no", "--", "-e", "-d -d 127.0.0.1",
    };

    [Theory]
    [MemberData(nameof(ArgumentErrors))]
    public Task Argument_errors_match_the_C_showmount(string args) => ShowMountRunner.AssertSameAsync(Split(args));

    [RpcbindTheory]
    [MemberData(nameof(NoMountd))]
    public Task Hosts_without_mountd_match_the_C_showmount(string args) => ShowMountRunner.AssertSameAsync(Split(args));

    /// <summary>Splits on spaces; '' stands for an empty argument.</summary>
    internal static string[] Split(string args) =>
        args.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a == "''" ? "" : a).ToArray();
}
