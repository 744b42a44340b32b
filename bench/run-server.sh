#!/usr/bin/env bash
# Side-by-side NULL-call benchmark of the OncRpc.NET server (our rpcbind service, bench/OncRpc.ServerBench) against
# the system rpcbind on 127.0.0.1:111, both driven by the same load generator (raw_null) in one run; then our client
# pipelining against our server vs libtirpc's sequential client against rpcbind; then the server's allocations per
# call and its memory with 1,000 idle TCP connections. Prints each result and the ratios.
# usage: bench/run-server.sh [N] [CONNECTIONS]   (default 40000 calls per connection, 4 connections at once)
set -euo pipefail
source "$(dirname "$0")/native.sh"
n="${1:-40000}"
conns="${2:-4}"

build_native tirpc_null -ltirpc
build_native raw_null
dotnet build "$here/OncRpc.ServerBench/OncRpc.ServerBench.csproj" -c Release -v q -nologo >/dev/null
dotnet build "$here/OncRpc.ClientBench/OncRpc.ClientBench.csproj" -c Release -v q -nologo >/dev/null
server_dll="$here/OncRpc.ServerBench/bin/Release/net10.0/OncRpc.ServerBench.dll"
client_dll="$here/OncRpc.ClientBench/bin/Release/net10.0/OncRpc.ClientBench.dll"

# Our server talks over two FIFOs: commands in on fd 3, answers back on fd 4.
fifos="$(mktemp -d)"
mkfifo "$fifos/in" "$fifos/out" "$fifos/hold_in" "$fifos/hold_out"
dotnet "$server_dll" serve <"$fifos/in" >"$fifos/out" &
srv_pid=$!
trap 'kill "$srv_pid" 2>/dev/null || true; rm -rf "$fifos"' EXIT
exec 3>"$fifos/in" 4<"$fifos/out"
read -r -u 4 _ port
stat() { echo stat >&3; local line; read -r -u 4 line; echo "$line"; }
collect() { echo gc >&3; local line; read -r -u 4 line; }
field() { awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }'; }

run() { local line; line="$("$@")"; echo "  $line" >&2; echo "$line" | rate; }

# CONNECTIONS raw_null processes at once against PORT; prints the aggregate rate: all calls over the slowest run's time.
parallel() {
  local p="$1" depth="$2" i logs=()
  for ((i = 0; i < conns; i++)); do logs+=("$(mktemp)"); "$out/raw_null" "$p" "$n" "$depth" >"${logs[$i]}" & done
  wait
  cat "${logs[@]}" | sed 's/^/    /' >&2
  cat "${logs[@]}" | awk -v c="$conns" -v n="$n" '{ for (i = 1; i < NF; i++) if ($i == "in") t = ($(i + 1) > t ? $(i + 1) : t) } END { printf "%.0f", c * n / t }'
  rm -f "${logs[@]}"
}
agg() { local r; echo "  $1 port $2, $conns connections, depth $3:" >&2; r=$(parallel "$2" "$3"); echo "  = $r calls/s" >&2; echo "$r"; }

echo "load $(cut -d' ' -f1-3 /proc/loadavg); our rpcbind service on 127.0.0.1:$port (pid $srv_pid), system rpcbind on 111; N=$n per connection" >&2
# Warm-up of ours (JIT tiers, pools) and of the system rpcbind, not measured.
"$out/raw_null" "$port" 20000 64 >/dev/null; "$out/raw_null" "$port" 20000 1 >/dev/null; "$out/raw_null" 111 5000 1 >/dev/null

rb_seq=$(run "$out/raw_null" 111 "$n" 1)
our_seq=$(run "$out/raw_null" "$port" "$n" 1)
rb_d1=$(agg rpcbind 111 1)
our_d1=$(agg ours "$port" 1)
rb_d64=$(agg rpcbind 111 64)
our_d64=$(agg ours "$port" 64)

tirpc_seq=$(run "$out/tirpc_null" 127.0.0.1 100000 2 tcp "$n")
"$out/raw_null" "$port" 1 1 >/dev/null
client_d64=$(run dotnet "$client_dll" tcp-depth "$port" "$((n * 2))" 64)

# Allocations per call: the server process's allocated bytes over N calls from raw_null (which allocates nothing there).
before=$(stat); a0=$(echo "$before" | field alloc); c0=$(echo "$before" | field calls)
"$out/raw_null" "$port" "$n" 64 >/dev/null
"$out/raw_null" "$port" "$n" 1 >/dev/null
after=$(stat); a1=$(echo "$after" | field alloc); c1=$(echo "$after" | field calls)
alloc_per_call=$(awk -v a="$((a1 - a0))" -v c="$((c1 - c0))" 'BEGIN { printf "%.1f", a / c }')

# Memory with 1,000 idle TCP connections (held by another process).
collect
rss0=$(stat | field rss_kb)
dotnet "$server_dll" hold "$port" 1000 <"$fifos/hold_in" >"$fifos/hold_out" 3>&- 4>&- &
hold_pid=$!
exec 5>"$fifos/hold_in" 6<"$fifos/hold_out"
read -r -u 6 _
for _ in $(seq 1 100); do s=$(stat); [ "$(echo "$s" | field conns)" -ge 1000 ] && break; sleep 0.1; done
collect
s=$(stat); rss1=$(echo "$s" | field rss_kb); held=$(echo "$s" | field conns)
"$out/raw_null" "$port" 2000 1 >/dev/null   # still answering with them open
exec 5>&- 6<&-; wait "$hold_pid" 2>/dev/null || true
exec 3>&- 4<&-; wait "$srv_pid" 2>/dev/null || true

echo
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores)"
echo
echo "| measurement (NULL calls, TCP, 127.0.0.1) | system rpcbind calls/s | OncRpc.NET calls/s | ratio |"
echo "|---|---|---|---|"
echo "| raw_null, 1 connection, depth 1 | $rb_seq | $our_seq | $(ratio "$our_seq" "$rb_seq") |"
echo "| raw_null, $conns connections, depth 1 | $rb_d1 | $our_d1 | $(ratio "$our_d1" "$rb_d1") |"
echo "| raw_null, $conns connections, depth 64 | $rb_d64 | $our_d64 | $(ratio "$our_d64" "$rb_d64") |"
echo "| OncRpc.NET client depth 64 vs tirpc_null sequential | $tirpc_seq (libtirpc → rpcbind) | $client_d64 (ours → ours) | $(ratio "$client_d64" "$tirpc_seq") |"
echo
echo "server allocations: $alloc_per_call bytes per call ($((c1 - c0)) calls)"
echo "server RSS: $((rss0 / 1024)) MiB idle, $((rss1 / 1024)) MiB with $held idle TCP connections ($(( (rss1 - rss0) / held )) KiB each)"
