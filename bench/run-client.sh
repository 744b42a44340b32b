#!/usr/bin/env bash
# Side-by-side NULL-call benchmark of the OncRpc.NET client against libtirpc (tirpc_null) and the raw-socket
# ceiling (raw_null), all against the rpcbind on 127.0.0.1:111, in one run. Prints each result and the ratios.
# usage: bench/run-client.sh [N]   (default 50000 calls per measurement)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
shared="${ONCRPC_SHARED:-$repo/../shared}/bench"
[ -d "$shared" ] || shared="/work/shared/bench"
n="${1:-50000}"
out="$here/native/bin"
mkdir -p "$out"

gcc -O2 -I/usr/include/tirpc "$shared/tirpc_null.c" -o "$out/tirpc_null" -ltirpc
gcc -O2 "$shared/raw_null.c" -o "$out/raw_null"
dotnet build "$here/OncRpc.ClientBench/OncRpc.ClientBench.csproj" -c Release -v q -nologo >/dev/null
bench="dotnet $here/OncRpc.ClientBench/bin/Release/net10.0/OncRpc.ClientBench.dll"

rate() { sed -n 's/.* \([0-9][0-9]*\) calls\/s.*/\1/p'; }
run() { local line; line="$("$@")"; echo "  $line" >&2; echo "$line" | rate; }

echo "NULL calls to rpcbind on 127.0.0.1:111, N=$n; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
tirpc_tcp=$(run "$out/tirpc_null" 127.0.0.1 100000 2 tcp "$n")
raw_tcp=$(run "$out/raw_null" 111 "$n" 1)
ours_tcp=$(run $bench tcp 111 "$n")
tirpc_udp=$(run "$out/tirpc_null" 127.0.0.1 100000 2 udp "$n")
raw_udp=$(run "$out/raw_null" 111 "$n" 1 udp)
ours_udp=$(run $bench udp 111 "$n")
raw_depth=$(run "$out/raw_null" 111 "$n" 64)
ours_depth=$(run $bench tcp-depth 111 "$n" 64)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo
echo "| measurement | OncRpc.NET calls/s | vs libtirpc | vs raw socket |"
echo "|---|---|---|---|"
echo "| TCP sequential NULL | $ours_tcp | $(ratio "$ours_tcp" "$tirpc_tcp") (tirpc $tirpc_tcp) | $(ratio "$ours_tcp" "$raw_tcp") (raw $raw_tcp) |"
echo "| UDP sequential NULL | $ours_udp | $(ratio "$ours_udp" "$tirpc_udp") (tirpc $tirpc_udp) | $(ratio "$ours_udp" "$raw_udp") (raw $raw_udp) |"
echo "| TCP 64 outstanding NULL | $ours_depth | — | $(ratio "$ours_depth" "$raw_depth") (raw $raw_depth) |"
