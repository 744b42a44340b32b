# Sourced by the bench/run-*.sh scripts: where the C reference programs of ../shared/bench are, and building them.
# Sets here (bench/), repo, shared (../shared/bench, or $ONCRPC_SHARED/bench) and out (bench/native/bin, ignored by git).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
shared="${ONCRPC_SHARED:-$repo/../shared}/bench"
out="$here/native/bin"

# build_native NAME [LIBS...]: compiles $shared/NAME.c into $out/NAME with -O2 (libtirpc's headers on the path).
build_native() {
  local name="$1"; shift
  [ -f "$shared/$name.c" ] || { echo "missing $shared/$name.c (set ONCRPC_SHARED to the shared folder)" >&2; exit 2; }
  mkdir -p "$out"
  gcc -O2 -I/usr/include/tirpc "$shared/$name.c" -o "$out/$name" "$@"
}

# rate: the calls per second a load generator or bench program printed ("... N calls/s ...").
rate() { sed -n 's/.* \([0-9][0-9]*\) calls\/s.*/\1/p'; }

# ratio A B: A / B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
