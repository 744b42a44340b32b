#!/usr/bin/env bash
# xdrgen, two figures (docs/performance.md, "Generated codecs (xdrgen)"):
# 1. The codec xdrgen generates for rpcb_prot.x's rpcblist_ptr against the hand-written RpcbindMapping.ListCodec,
#    encode and decode of the same 16-entry DUMP result, in one BenchmarkDotNet run (GeneratedCodecBenchmarks;
#    in-process, the machine is too slow for BenchmarkDotNet's two-minute build timeout when it is shared).
# 2. Compile speed: the 17 /usr/include/rpcsvc/*.x files and tirpc's rpcb_prot.x in one process, after a warm-up
#    pass, N timed passes (xdrgen --time N): the mean time of one pass over the 18 files; and the wall time of the
#    whole process (start-up, warm-up and all passes) from hyperfine when it is installed.
# Needs rpcsvc-proto and libtirpc-dev. usage: bench/run-xdrgen.sh [passes, default 20] [extra BenchmarkDotNet arguments]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
passes="${1:-20}"
shift || true
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

job=(--warmupCount 8 --iterationCount 40)
if [[ $# -gt 0 ]]; then job=("$@"); fi
dotnet run -c Release --project "$repo/bench/OncRpc.Benchmarks" -- --filter '*GeneratedCodecBenchmarks*' --inProcess \
    --artifacts "$out/bdn" "${job[@]}" >"$out/bdn.log" 2>&1 || { tail -50 "$out/bdn.log"; exit 1; }
grep -E '^\|' "$out/bdn.log"
echo

dotnet build "$repo/src/OncRpc.XdrGen/OncRpc.XdrGen.csproj" -c Release >/dev/null
files=(/usr/include/rpcsvc/*.x /usr/include/tirpc/rpc/rpcb_prot.x)
# key_prot.x needs MAXNETNAMELEN (a C header constant); nis_callback.x uses nis.x's types without including them,
# and rpcb_prot.x tirpc's netbuf: bound as tests/XdrGenCorpus binds them.
args=("${files[@]}" --output "$out" -D MAXNETNAMELEN=255
    --bind "nis_object=global::Corpus.Nis.NisObject,global::Corpus.Nis.NisObject.Codec"
    --bind "nis_error=global::Corpus.Nis.NisError,global::Corpus.Nis.NisErrorXdr.Codec,struct"
    --bind "netbuf=global::OncRpc.Portmapper.NetBuffer,global::OncRpc.Portmapper.NetBuffer.Codec")
tool="$repo/src/OncRpc.XdrGen/bin/Release/net10.0/OncRpc.XdrGen.dll"

echo "${#files[@]} files"
dotnet "$tool" "${args[@]}" --time "$passes"
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs 5 "dotnet $tool ${args[*]@Q}"
fi
