#!/usr/bin/env bash
# Side-by-side XDR benchmark: libtirpc's xdrmem (../shared/bench/tirpc_xdr.c) against OncRpc.NET's XdrWriter and
# XdrReader on the same 16-entry rpcbind DUMP result (rpcblist, 868 bytes), in one session on one machine.
# Prints ns per encode and decode for both and the ratios. Needs gcc and libtirpc-dev.
# usage: bench/run-xdr.sh [extra BenchmarkDotNet arguments, e.g. --job medium]
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/native.sh"
build_native tirpc_xdr -ltirpc

# The C program runs before and after the .NET benchmarks; the faster of its runs is kept (the machine is noisy
# and this favours libtirpc, so the ratios are conservative).
run_c() { "$out/tirpc_xdr" 16 200000 | tee /dev/stderr; }
c_runs="$(run_c; run_c)"

artifacts="$out/bdn"
rm -rf "$artifacts"
job=(--job short)
if [[ $# -gt 0 ]]; then job=("$@"); fi
dotnet run -c Release --project "$repo/bench/OncRpc.Benchmarks" -- \
    --filter '*RpcbListBenchmarks*' --exporters json --artifacts "$artifacts" "${job[@]}" >"$out/bdn.log" 2>&1 \
    || { tail -50 "$out/bdn.log"; exit 1; }
grep -E '^\|' "$out/bdn.log" | sed 's/^/    /'
c_runs="$c_runs"$'\n'"$(run_c; run_c)"

json="$(ls "$artifacts"/results/*RpcbListBenchmarks*-report*.json | head -1)"
stat() { jq -r ".Benchmarks[] | select(.Method == \"$1\") | $2" "$json"; }
net_enc="$(stat Encode .Statistics.Mean)"
net_dec="$(stat Decode .Statistics.Mean)"
net_pool="$(stat DecodePooled .Statistics.Mean)"
alloc_pool="$(stat DecodePooled .Memory.BytesAllocatedPerOperation)"
alloc_enc="$(stat Encode .Memory.BytesAllocatedPerOperation)"
alloc_dec="$(stat Decode .Memory.BytesAllocatedPerOperation)"
c_enc="$(grep -o 'encode_ns=[0-9.]*' <<<"$c_runs" | cut -d= -f2 | sort -g | head -1)"
c_dec="$(grep -o 'decode_ns=[0-9.]*' <<<"$c_runs" | cut -d= -f2 | sort -g | head -1)"

awk -v ce="$c_enc" -v cd="$c_dec" -v ne="$net_enc" -v nd="$net_dec" -v ae="$alloc_enc" -v ad="$alloc_dec" -v np="$net_pool" -v ap="$alloc_pool" 'BEGIN {
    printf "\nrpcblist, 16 entries (868 bytes)\n"
    printf "%-12s %14s %14s %10s %16s\n", "", "tirpc_xdr ns", "OncRpc ns", "speed-up", "allocated B/op"
    printf "%-12s %14.1f %14.1f %9.2fx %16s\n", "encode", ce, ne, ce / ne, ae
    printf "%-12s %14.1f %14.1f %9.2fx %16s\n", "decode", cd, nd, cd / nd, ad
    printf "%-12s %14.1f %14.1f %9.2fx %16s\n", "decode+pool", cd, np, cd / np, ap
}'
