#!/usr/bin/env bash
# Coverage-guided fuzzing of OncRpc.NET's decoders and parsers with SharpFuzz and afl-fuzz (see docs/fuzzing.md).
#
#   fuzz/run.sh TARGET SECONDS          build, instrument, seed and fuzz one target for SECONDS
#   fuzz/run.sh --all SECONDS           every target in turn, SECONDS each (CI); ONCRPC_FUZZ_TARGETS="a b" picks some
#   fuzz/run.sh --replay TARGET FILE... run reproducers through the same harness, without afl-fuzz
#   fuzz/run.sh --list                  the targets
#
# Exits 1 when a crash or hang was found (and prints each reproducer), 2 on a usage or setup error, else 0.
# Work files go to fuzz/out (ONCRPC_FUZZ_OUT overrides); findings/TARGET is afl-fuzz's output directory.
# ONCRPC_FUZZ_EXECS=N also ends each target's run after about N executions (a campaign: SECONDS is then the cap).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
out=${ONCRPC_FUZZ_OUT:-$here/out}
bin="$here/bin/Release/net10.0"
inst="$out/instrumented"
# Seeding and replay of a run use an uninstrumented copy taken with the instrumented one, so rebuilding the
# project meanwhile (say, with a fix) does not change what a running campaign replays its findings with.
plain="$out/plain"
runbin="$bin"
# The recorded rpcbind traffic in the shared/ folder beside the repository (ONCRPC_SHARED overrides).
shared=${ONCRPC_SHARED:-$repo/../shared}
[ -d "$shared" ] || shared="$repo/shared"
vectors="$shared/vectors/rpcbind-1.2.6-loopback.tsv"
xdir=/usr/include/rpcsvc
# The assemblies whose code is under test; the harness itself is not instrumented.
assemblies=(OncRpc.dll OncRpc.Portmapper.dll rpcinfo.dll portprobe.dll OncRpc.XdrGen.dll XdrGenCorpus.dll)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# A runaway allocation fails fast with OutOfMemoryException instead of taking the machine's memory.
export DOTNET_GCHeapHardLimit=0x40000000

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

build() {
  echo "== build fuzz/OncRpc.Fuzz.csproj"
  dotnet build "$here/OncRpc.Fuzz.csproj" -c Release -nologo -v quiet >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 2; }
}

instrument() {
  echo "== instrument (SharpFuzz) into $inst"
  rm -rf "$inst" "$plain"
  cp -r "$bin" "$inst"
  cp -r "$bin" "$plain"
  runbin="$plain"
  (cd "$here" && dotnet tool restore >/dev/null)
  for a in "${assemblies[@]}"; do
    [ -f "$inst/$a" ] || continue
    (cd "$here" && dotnet tool run sharpfuzz "$inst/$a") || { echo "sharpfuzz failed on $a" >&2; exit 2; }
  done
}

harness() { dotnet "$runbin/OncRpc.Fuzz.dll" "$@"; }

seed() {
  local target=$1 dir="$out/seeds/$1"
  rm -rf "$dir"
  [ -f "$vectors" ] || echo "warning: no recorded vectors at $vectors; seeding from tests/ and .x files only" >&2
  harness seeds "$target" "$dir" --vectors "$vectors" --tests "$repo/tests" --xdr "$xdir" >/dev/null
  # Reproducers of fixed findings stay in the corpus, so a regression is found at once.
  find "$repo/tests" -path "*/FuzzRegressions/$target/*" -type f -exec cp {} "$dir/" \; 2>/dev/null || true
}

# Runs afl-fuzz on one target; prints confirmed findings; returns 1 if there are any.
fuzz_one() {
  local target=$1 seconds=$2 findings="$out/findings/$1"
  # afl-fuzz skips seeds that crash (AFL_SKIP_CRASHES), so the reproducers of fixed findings are replayed first.
  local regressions
  regressions=$(find "$repo/tests" -path "*/FuzzRegressions/$target/*" -type f 2>/dev/null | sort)
  if [ -n "$regressions" ]; then
    # shellcheck disable=SC2086
    harness replay "$target" $regressions >"$out/regressions-$target.log" 2>&1 || {
      echo "FOUND regression in $target:"; grep -E "^(CRASH|HANG)" "$out/regressions-$target.log" | head -c 2000; echo; return 1; }
  fi
  seed "$target"
  rm -rf "$findings"
  mkdir -p "$findings"
  echo "== afl-fuzz $target for ${seconds}s"
  local status=0 limit=()
  [ -n "${ONCRPC_FUZZ_EXECS:-}" ] && limit=(-E "$ONCRPC_FUZZ_EXECS")
  # AFL_* settings make afl-fuzz run unattended as root on a shared, unprepared machine: no CPU frequency or core
  # dump checks, no CPU pinning (other jobs share the cores), no UI, a patient fork-server start (the .NET runtime
  # and its JIT), and no binary check (the target is `dotnet`, the instrumentation lives in the assemblies).
  # The outer timeout ends afl-fuzz if -V ever fails to; it must never hold up CI.
  AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1 AFL_SKIP_BIN_CHECK=1 \
  AFL_FORKSRV_INIT_TMOUT=120000 AFL_MAP_SIZE=65536 AFL_FAST_CAL=1 \
  AFL_NO_AUTODICT=1 AFL_SKIP_CRASHES=1 \
    timeout -k 10 $((seconds + 240)) nice -n 19 \
    afl-fuzz -i "$out/seeds/$target" -o "$findings" -m none -t 5000 -V "$seconds" "${limit[@]}" \
      -- dotnet "$inst/OncRpc.Fuzz.dll" fuzz "$target" >"$findings/afl.log" 2>&1 </dev/null || status=$?
  local stats="$findings/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "afl-fuzz did not start for $target (exit $status):" >&2
    tail -n 30 "$findings/afl.log" >&2
    return 2
  fi
  awk -F' *: *' -v t="$target" '
    $1 == "execs_done" { e = $2 } $1 == "edges_found" { g = $2 } $1 == "total_edges" { m = $2 }
    $1 == "execs_per_sec" { s = $2 } $1 == "corpus_count" { c = $2 } $1 == "run_time" { r = $2 }
    END { printf "%s: %s execs in %ss (%s/s), %s edges found, corpus %s\n", t, e, r, s, g, c }' "$stats"
  confirm "$target" "$findings/default/crashes" crash || return 1
  confirm "$target" "$findings/default/hangs" hang || return 1
  return 0
}

# afl-fuzz exits 0 even with findings: each file in crashes/ or hangs/ is replayed without afl-fuzz; one that fails
# again is a finding. One that does not (a hang caused by the machine's load) is reported but does not fail the run.
confirm() {
  local target=$1 dir=$2 kind=$3 found=0 f
  [ -d "$dir" ] || return 0
  for f in "$dir"/id:*; do
    [ -e "$f" ] || continue
    if harness replay "$target" "$f" >"$f.replay" 2>&1; then
      echo "unconfirmed $kind (passes on replay): $f"
    else
      echo "FOUND $kind in $target: $f"
      grep -E "^(CRASH|HANG)" "$f.replay" | head -c 2000; echo
      found=1
    fi
  done
  return $((found == 0 ? 0 : 1))
}

[ $# -ge 1 ] || usage
mkdir -p "$out"
case "$1" in
  --list)
    build; harness list ;;
  --replay)
    [ $# -ge 3 ] || usage
    build; shift; harness replay "$@" ;;
  --all)
    [ $# -eq 2 ] || usage
    build; instrument
    failed=0
    for t in ${ONCRPC_FUZZ_TARGETS:-$(harness list | cut -f1)}; do
      fuzz_one "$t" "$2" || { s=$?; [ "$s" -gt "$failed" ] && failed=$s; }
    done
    exit "$failed" ;;
  -*)
    usage ;;
  *)
    [ $# -eq 2 ] || usage
    build
    harness list | cut -f1 | grep -qx "$1" || { echo "unknown target $1" >&2; harness list >&2; exit 2; }
    instrument
    fuzz_one "$1" "$2" ;;
esac
