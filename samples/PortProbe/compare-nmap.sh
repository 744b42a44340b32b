#!/usr/bin/env bash
# One-off comparison with nmap (not run in CI): scans RANGE (default 127.0.1.0/24, where every address reaches the
# local rpcbind) with `nmap -Pn -n -sT -p 111 --script rpcinfo` and with portprobe, once each, reports both wall
# times and checks that every host shows the same programs (program, version, protocol, port).
# Usage: samples/PortProbe/compare-nmap.sh [PORTPROBE_BINARY] [RANGE]
set -euo pipefail
probe=${1:-artifacts/portprobe/portprobe}
range=${2:-127.0.1.0/24}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
t0=$(now); nmap -Pn -n -sT -p 111 --script rpcinfo "$range" -oN "$work/nmap.txt" >/dev/null 2>&1; t1=$(now)
set +e; "$probe" --json -q "$range" >"$work/probe.json"; rc=$?; set -e; t2=$(now)

python3 - "$work/nmap.txt" "$work/probe.json" "$t0" "$t1" "$t2" "$rc" <<'PY'
import json, re, sys
nmap_file, probe_file, t0, t1, t2, rc = sys.argv[1:]
nmap = {}
host = None
for line in open(nmap_file):
    m = re.match(r"Nmap scan report for (\S+)", line)
    if m:
        host = m.group(1); nmap[host] = set(); continue
    m = re.match(r"\|[_ ]\s+(\d+)\s+([\d,]+)\s+(\d+)/(\w+)", line)
    if m and host:
        for v in m.group(2).split(","):
            nmap[host].add((int(m.group(1)), int(v), m.group(4), int(m.group(3))))
report = json.load(open(probe_file))
ours = {}
for h in report["hosts"]:
    # nmap shows IP transports only; local (Unix socket) registrations have no port.
    ours[h["address"]] = {(p["program"], p["version"], p["protocol"], p["port"]) for p in h["programs"] if p["port"] is not None}
same = sum(1 for a in nmap if ours.get(a) == nmap[a])
t_nmap, t_probe = float(t1) - float(t0), float(t2) - float(t1)
print(f"hosts: nmap {len(nmap)}, portprobe {len(ours)}; identical program lists: {same}/{len(nmap)}")
for a in [a for a in nmap if ours.get(a) != nmap[a]][:5]:
    if ours.get(a) != nmap[a]:
        print(f"  {a}: only nmap {sorted(nmap[a] - ours.get(a, set()))}, only portprobe {sorted(ours.get(a, set()) - nmap[a])}")
print(f"wall time: nmap {t_nmap:.3f} s, portprobe {t_probe:.3f} s (exit {rc}), ratio {t_probe / t_nmap:.2f}")
print("max amplification:", report["summary"]["maxAmplification"])
sys.exit(0 if same == len(nmap) == len(ours) and t_probe <= t_nmap / 2 else 1)
PY
