#!/usr/bin/env bash
# Hostile clients (issue #16) against the system rpcbind (127.0.0.1:111) and against ours (samples/RpcbindDaemon with
# default options, on another port): 3,000 idle TCP connections; 1,500 idle connections from one address while a client
# comes from another; 20 connections writing 5,000 GETSTAT calls each and reading no reply; 1,000 slow senders trickling
# one byte at a time. For each attack: was a legitimate NULL call answered over TCP (fresh connection) and UDP while the
# attack was held open, and the server's resident memory before, at its peak, and 5 s after the attackers left.
# Only NULL and GETSTAT calls and idle or half-sent connections go to the system rpcbind (never SET/UNSET/CALLIT).
# usage: bench/run-server-hostile.sh [PORT]   (default 40111 for ours)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
port="${1:-40111}"

dotnet build "$here/OncRpc.HostileBench/OncRpc.HostileBench.csproj" -c Release -v q -nologo >/dev/null
dotnet build "$repo/samples/RpcbindDaemon/RpcbindDaemon.csproj" -c Release -v q -nologo >/dev/null
bench_dll="$here/OncRpc.HostileBench/bin/Release/net10.0/OncRpc.HostileBench.dll"
daemon_dll="$repo/samples/RpcbindDaemon/bin/Release/net10.0/rpcbindd.dll"

# The attack client holds 3,000 sockets at once; the daemon up to its 1,024 connections.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

rb_pid="$(pidof rpcbind | awk '{ print $1 }')"
[ -n "$rb_pid" ] || { echo "no system rpcbind running" >&2; exit 2; }

dotnet "$daemon_dll" --port "$port" --address 127.0.0.1 >/dev/null &
our_pid=$!
trap 'kill "$our_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

echo "load $(cut -d' ' -f1-3 /proc/loadavg) (2 cores); system rpcbind pid $rb_pid on 111, ours pid $our_pid on $port" >&2
echo "| server | attack | NULL over TCP answered | NULL over UDP answered | RSS before (MiB) | peak RSS (MiB) | RSS 5 s after (MiB) |"
echo "|---|---|---|---|---|---|---|"
dotnet "$bench_dll" "system rpcbind" 111 "$rb_pid"
dotnet "$bench_dll" "OncRpc.NET rpcbindd" "$port" "$our_pid"
