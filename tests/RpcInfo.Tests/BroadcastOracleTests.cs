using OncRpc.Testing;
using Xunit;

namespace RpcInfo.Tests;

/// <summary>
/// -b compared with the C rpcinfo. Broadcasts never leave a network namespace the test creates: it holds a veth
/// pair with two IPv4 networks on one end (so two broadcast addresses), IPv6 link-local addresses (so the IPv6
/// multicast transport is tried too), loopback, a private /run and /etc/hosts, and its own rpcbind with remote
/// calls enabled (-r), which answers CALLIT for its own program. The C rpcinfo and ours run side by side in
/// it, each case once, all cases at the same time: a broadcast lasts 12 seconds (4 + 8) whatever it finds.
/// </summary>
public sealed class BroadcastOracleTests
{
    private const string Script = """
        set -eu
        out=$1; ours=$2; shift 2
        ip link set lo up
        # No duplicate address detection, so IPv6 link-local addresses are usable at once (no timing to race).
        for f in /proc/sys/net/ipv6/conf/default/accept_dad /proc/sys/net/ipv6/conf/all/accept_dad; do
          if [ -w "$f" ]; then echo 0 > "$f"; fi
        done
        ip link add rpct0 type veth peer name rpct1
        ip addr add 10.77.0.1/24 brd + dev rpct0
        ip addr add 10.78.0.1/16 brd + dev rpct0
        ip link set rpct0 up
        ip link set rpct1 up
        mount -t tmpfs none /run
        mkdir -p /run/rpcbind
        printf '127.0.0.1 localhost\n10.77.0.1 rpcinfo-test-host\n' > /run/hosts
        mount --bind /run/hosts /etc/hosts
        rpcbind -f -r &
        rpcbind=$!
        trap 'kill $rpcbind' EXIT
        # Bounded readiness poll without sleeping: each try fails at once until rpcbind listens.
        for _ in $(seq 1 5000); do /usr/sbin/rpcinfo -p >/dev/null 2>&1 && break; done
        i=0
        pids=
        for args in "$@"; do
          ( /usr/sbin/rpcinfo $args >"$out/$i.c.out" 2>"$out/$i.c.err"; echo $? >"$out/$i.c.rc" ) &
          pids="$pids $!"
          ( eval "$ours" '$args' >"$out/$i.o.out" 2>"$out/$i.o.err"; echo $? >"$out/$i.o.rc" ) &
          pids="$pids $!"
          i=$((i + 1))
        done
        wait $pids
        """;

    private static readonly string[] Cases =
    [
        "-b 100000 2", "-b 100000 4", "-b rpcbind 3", "-b 200000 1", "-b 100000 9",
    ];

    [RpcbindFact]
    public async Task Broadcasts_in_a_private_network_match_the_C_rpcinfo()
    {
        if (!IsolatedNetworkOracleTests.CanUnshare.Value)
        {
            // xunit 2 cannot skip at run time: without root (unshare) there is nothing to compare.
            return;
        }

        string dir = Directory.CreateTempSubdirectory("rpcinfo-bcast-").FullName;
        try
        {
            var argv = new List<string> { dir, RpcInfoRunner.OursCommand };
            argv.AddRange(Cases);
            RunResult run = await RpcInfoRunner.RunScriptAsync("exec unshare -n -m -- bash -c \"$1\" bash \"${@:2}\"", [Script, .. argv]);
            Assert.True(run.ExitCode == 0, run.ToString());

            int answered = 0;
            for (int i = 0; i < Cases.Length; i++)
            {
                RunResult c = Read(dir, i, "c");
                RunResult ours = Read(dir, i, "o");
                Assert.Equal(Cases[i] + "\n" + c, Cases[i] + "\n" + ours);
                answered += c.Stdout.Length > 0 ? 1 : 0;
            }

            // The namespace must really have answered: rpcbind replies to its own program on both addresses.
            Assert.True(answered >= 3, "too few broadcasts were answered");
            Assert.Contains("10.77.0.1.0.111\trpcinfo-test-host\n", Read(dir, 0, "c").Stdout, StringComparison.Ordinal);
            Assert.Contains("10.78.0.1.0.111\t", Read(dir, 0, "c").Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static RunResult Read(string dir, int index, string who)
    {
        string Path(string ext) => System.IO.Path.Combine(dir, $"{index}.{who}.{ext}");
        return new RunResult(File.ReadAllText(Path("out")), File.ReadAllText(Path("err")), int.Parse(File.ReadAllText(Path("rc")).Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
