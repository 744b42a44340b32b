#!/usr/bin/env bash
# Side-by-side NULL-call benchmark of the OncRpc.NET client against libtirpc (tirpc_null) and the raw-socket
# ceiling (raw_null), all against the rpcbind on 127.0.0.1:111, in one run. Prints each result and the ratios.
# usage: bench/run-client.sh [N] [ROUNDS]   (default 20000 calls per run, 5 rounds)
set -euo pipefail
source "$(dirname "$0")/native.sh"
n="${1:-20000}"
rounds="${2:-5}"

build_native tirpc_null -ltirpc
build_native raw_null
dotnet build "$here/OncRpc.ClientBench/OncRpc.ClientBench.csproj" -c Release -v q -nologo >/dev/null
bench="dotnet $here/OncRpc.ClientBench/bin/Release/net10.0/OncRpc.ClientBench.dll"

alloc() { sed -n 's/.* \([0-9.][0-9.]*\) bytes allocated per call.*/\1/p'; }
declare -A rates
run() { local key="$1" line; shift; line="$("$@")"; echo "  $line" >&2; rates[$key]+="$(echo "$line" | rate) "
  [ "$key" != "${key#ours}" ] && allocs[$key]="$(echo "$line" | alloc)"; return 0; }
declare -A allocs

# The machine is shared: the programs run interleaved, round after round, so that a burst of load from elsewhere
# hits all of them alike; each is summarized by its best and its median round.
echo "NULL calls to rpcbind on 127.0.0.1:111, N=$n per run, $rounds rounds; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for ((r = 1; r <= rounds; r++)); do
  echo "round $r" >&2
  run tirpc_tcp "$out/tirpc_null" 127.0.0.1 100000 2 tcp "$n"
  run raw_tcp "$out/raw_null" 111 "$n" 1
  run ours_tcp $bench tcp 111 "$n"
  run tirpc_udp "$out/tirpc_null" 127.0.0.1 100000 2 udp "$n"
  run raw_udp "$out/raw_null" 111 "$n" 1 udp
  run ours_udp $bench udp 111 "$n"
  run raw_depth "$out/raw_null" 111 "$n" 64
  run ours_depth $bench tcp-depth 111 "$n" 64
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

best() { tr ' ' '\n' <<<"${rates[$1]}" | sed '/^$/d' | sort -n | tail -1; }
median() { tr ' ' '\n' <<<"${rates[$1]}" | sed '/^$/d' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
row() { # label ours reference...
  local label="$1" ours="$2" tirpc="$3" raw="$4" cells
  for f in best median; do
    local o t w; o=$($f "$ours"); w=$($f "$raw")
    if [ -n "$tirpc" ]; then t=$($f "$tirpc"); cells+=" | $o | $(ratio "$o" "$t") ($t) | $(ratio "$o" "$w") ($w)"
    else cells+=" | $o | — | $(ratio "$o" "$w") ($w)"; fi
  done
  echo "| $label$cells | ${allocs[$ours]} |"
}
echo
echo "| measurement | best calls/s | vs libtirpc | vs raw | median calls/s | vs libtirpc | vs raw | bytes allocated per call |"
echo "|---|---|---|---|---|---|---|---|"
row "TCP sequential NULL" ours_tcp tirpc_tcp raw_tcp
row "UDP sequential NULL" ours_udp tirpc_udp raw_udp
row "TCP, 64 outstanding on one connection" ours_depth "" raw_depth
