#!/usr/bin/env bash
# portprobe against `nmap -Pn -n -sT -p 111 --script rpcinfo` on a loopback range (default 127.0.1.0/24, where every
# address reaches the local rpcbind), in one run:
#   1. publishes portprobe twice: NativeAOT (must publish without a warning) and framework-dependent (apphost, no
#      `dotnet run`);
#   2. one checked pass: nmap, the AOT build and the framework-dependent build once each, timed, and the programs
#      per host compared (program, version, protocol, port; portprobe's `local` Unix-socket rows, which have no
#      port and which nmap does not show, left out);
#   3. hyperfine over RUNS runs of each of the three commands, and the ratios of the mean wall times.
# Exits 1 when a host's programs differ or the NativeAOT build's mean takes more than half of nmap's (the
# framework-dependent build is measured and shown; it spends about a third of a second of CPU in the JIT).
# With MOUNTD=1 a test mount daemon (bench/OncRpc.MountdBench: MOUNT v1 and v3 on every IPv4 address, registered
# in the local rpcbind) runs during the scans, so every host of the range has mountd: nmap runs
# `--script rpcinfo,nfs-showmount`, portprobe reads each host's export list as well, and the exports per host are
# compared too.
# Needs: nmap, hyperfine, python3, a running rpcbind. Usage: [MOUNTD=1] bench/run-probe-vs-nmap.sh [RANGE] [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
range="${1:-127.0.1.0/24}"
runs="${2:-10}"
out="$repo/artifacts/probe-bench"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for tool in nmap hyperfine python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y nmap hyperfine python3)" >&2; exit 2; }
done

echo "== publish (NativeAOT, then framework-dependent)" >&2
publish() {
  local dir="$1"; shift
  if ! dotnet publish "$repo/samples/PortProbe/PortProbe.csproj" -c Release -r linux-x64 -o "$dir" -nologo \
      -p:TreatWarningsAsErrors=true "$@" >"$work/publish.log" 2>&1 || grep -qi ': warning ' "$work/publish.log"; then
    cat "$work/publish.log" >&2
    echo "publish failed or warned: $*" >&2
    exit 2
  fi
}
publish "$out/aot"
publish "$out/jit" -p:PublishAot=false --self-contained false
aot="$out/aot/portprobe"
jit="$out/jit/portprobe"
scripts=rpcinfo
if [ "${MOUNTD:-0}" = 1 ]; then
  scripts=rpcinfo,nfs-showmount
  echo "== start the test mountd" >&2
  dotnet build "$here/OncRpc.MountdBench/OncRpc.MountdBench.csproj" -c Release -nologo -o "$out/mountd" >"$work/mountd-build.log" 2>&1 \
    || { cat "$work/mountd-build.log" >&2; exit 2; }
  mkfifo "$work/mountd.in"
  dotnet "$out/mountd/OncRpc.MountdBench.dll" <"$work/mountd.in" >"$work/mountd.out" 2>&1 &
  mountd_pid=$!
  exec 3>"$work/mountd.in"   # its stdin stays open while fd 3 is; closing it stops and unregisters the daemon
  trap 'exec 3>&-; wait "$mountd_pid" 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 1 300); do grep -q '^ready' "$work/mountd.out" 2>/dev/null && break; sleep 0.1; done
  grep -q '^ready' "$work/mountd.out" || { cat "$work/mountd.out" >&2; echo "the test mountd did not start" >&2; exit 2; }
fi
nmap_cmd=(nmap -Pn -n -sT -p 111 --script "$scripts" "$range")

echo "== one checked pass on $range" >&2
now() { date +%s.%N; }
t0=$(now); "${nmap_cmd[@]}" -oN "$work/nmap.txt" >/dev/null 2>"$work/nmap.err"; t1=$(now)
"$aot" --json -q "$range" >"$work/aot.json" || true; t2=$(now)
"$jit" --json -q "$range" >"$work/jit.json" || true; t3=$(now)

echo "== hyperfine, $runs runs each" >&2
hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$work/hyperfine.json" --style basic \
  -n nmap "${nmap_cmd[*]}" \
  -n "portprobe (NativeAOT)" "$aot --json -q $range" \
  -n "portprobe (framework-dependent)" "$jit --json -q $range" >&2

python3 - "$work" "$t0" "$t1" "$t2" "$t3" "$range" "$scripts" <<'PY'
import json, re, subprocess, sys
work, t0, t1, t2, t3, rng, scripts = sys.argv[1], *map(float, sys.argv[2:6]), sys.argv[6], sys.argv[7]
shares = "nfs-showmount" in scripts

def nmap_exports(path):
    # "| nfs-showmount: " then "|   /home 192.0.2.0/24 admin.example" ... "|_  /srv/public " (groups joined by spaces)
    hosts, host, inside = {}, None, False
    for line in open(path):
        m = re.match(r"Nmap scan report for (\S+)", line)
        if m:
            host = m.group(1); hosts[host] = set(); inside = False; continue
        if line.startswith("| nfs-showmount:"):
            inside = True; continue
        m = re.match(r"\|[_ ]\s+(\S.*)$", line.rstrip("\n"))
        if inside and m and host:
            hosts[host].add(m.group(1).rstrip())
        if line.startswith("|_"):
            inside = False
    return hosts

def probe_exports(report):
    return {h["address"]: {" ".join([e["directory"], *e["groups"]]) for e in ((h.get("shares") or {}).get("exports") or [])}
            for h in report["hosts"]}

def nmap_programs(path):
    hosts, host = {}, None
    for line in open(path):
        m = re.match(r"Nmap scan report for (\S+)", line)
        if m:
            host = m.group(1); hosts[host] = set(); continue
        # "|   100000  2,3,4        111/tcp   rpcbind"
        m = re.match(r"\|[_ ]\s+(\d+)\s+([\d,]+)\s+(\d+)/(\w+)", line)
        if m and host:
            for v in m.group(2).split(","):
                hosts[host].add((int(m.group(1)), int(v), m.group(4), int(m.group(3))))
    return hosts

def probe_programs(path):
    report = json.load(open(path))
    return {h["address"]: {(p["program"], p["version"], p["protocol"], p["port"])
                           for p in h["programs"] if p["port"] is not None} for h in report["hosts"]}, report

nmap = nmap_programs(f"{work}/nmap.txt")
rechecked = {}

def nmap_again(address):
    # nmap's rpcinfo script binds reserved source ports; when a bind fails ("NSOCK ERROR ... Address already in use")
    # it silently leaves rows out. A host that differs is scanned by nmap once more, alone, and that answer counts.
    if address not in rechecked:
        subprocess.run(["nmap", "-Pn", "-n", "-sT", "-p", "111", "--script", scripts, address, "-oN", f"{work}/again.txt"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        rechecked[address] = nmap_programs(f"{work}/again.txt").get(address, set())
    return rechecked[address]

ok = True
checked = {}
for name, path, secs in (("NativeAOT", f"{work}/aot.json", t2 - t1), ("framework-dependent", f"{work}/jit.json", t3 - t2)):
    ours, report = probe_programs(path)
    differ = [a for a in nmap if ours.get(a) != nmap[a]]
    still = [a for a in differ if ours.get(a) != nmap_again(a)]
    print(f"{name}: {len(ours)} hosts, nmap {len(nmap)}; same programs on {len(nmap) - len(differ)}/{len(nmap)}"
          + (f", on {len(differ) - len(still)} more after nmap re-scanned the hosts where its first pass left rows out" if differ else "")
          + f"; max amplification {report['summary']['maxAmplification']}")
    for a in differ[:5]:
        print(f"  {a}: first nmap pass lacked {sorted(ours.get(a, set()) - nmap[a])}, had extra {sorted(nmap[a] - ours.get(a, set()))};"
              f" nmap alone: {'same' if a not in still else 'still different'}")
    ok &= not still and len(nmap) == len(ours) > 0
    if shares:
        nmap_shares, our_shares = nmap_exports(f"{work}/nmap.txt"), probe_exports(report)
        share_differ = [a for a in nmap_shares if our_shares.get(a) != nmap_shares[a]]
        with_shares = sum(1 for a in our_shares if our_shares[a])
        print(f"{name}: exports listed on {with_shares} hosts; same exports as nfs-showmount on {len(nmap_shares) - len(share_differ)}/{len(nmap_shares)}")
        for a in share_differ[:5]:
            print(f"  {a}: nmap {sorted(nmap_shares[a])}, portprobe {sorted(our_shares.get(a, set()))}")
        ok &= not share_differ and with_shares == len(nmap_shares) > 0
    checked[name] = secs
print(f"checked pass: nmap {t1 - t0:.3f} s, NativeAOT {checked['NativeAOT']:.3f} s ({checked['NativeAOT'] / (t1 - t0):.2f}), "
      f"framework-dependent {checked['framework-dependent']:.3f} s ({checked['framework-dependent'] / (t1 - t0):.2f})")
nmap_err = open(f"{work}/nmap.err").read().strip()
if nmap_err:
    print("nmap stderr:", nmap_err.splitlines()[0], f"(+{len(nmap_err.splitlines()) - 1} lines)")

results = {r["command"]: r for r in json.load(open(f"{work}/hyperfine.json"))["results"]}
base = results["nmap"]["mean"]
print()
print(f"| {rng}, {len(results['nmap']['times'])} runs each | mean wall time | min | max | vs nmap (mean) |")
print("|---|---|---|---|---|")
for name, r in results.items():
    print(f"| {name} | {r['mean']:.3f} s ± {r['stddev']:.3f} | {r['min']:.3f} s | {r['max']:.3f} s | {r['mean'] / base:.2f} |")
    if name == "portprobe (NativeAOT)" and r["mean"] > base / 2:
        ok = False
sys.exit(0 if ok else 1)
PY
