#!/usr/bin/env bash
# Side by side on the same machine, in one run: our plan_quarter at N objects
# (the national example's `plan` phase), the pandas peer, and the DuckDB and
# Polars peers at 2 threads, alternately, ROUNDS rounds; prints each
# figure's median and the ratios. The peers are the shared ones, unweakened
# (benches/peers/, copied from ../shared/peers/).
#
#   benches/peers/side-by-side.sh [N=3500000] [ROUNDS=3]
#
# BASELINE=path/to/an/older/national also runs that build in each round,
# beside ours, for an A/B of a change in the same run as the peers.
set -euo pipefail
N=${1:-3500000}
ROUNDS=${2:-3}
BASELINE=${BASELINE:-}
cd "$(dirname "$0")/../.."
python3 -c 'import pandas, numpy, duckdb, polars, polars_hash' 2>/dev/null || pip install -q -r benches/peers/requirements.txt
cargo build --quiet --release -p shuangsuiji-benches --example national
TIME=/usr/bin/time
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Wall seconds of the measured phase and peak RSS (MiB: KiB / 1024) of the whole process.
run() { # name, command...
  local name=$1; shift
  "$TIME" -f '%M' -o "$out/rss" "$@" > "$out/stdout" 2>/dev/null
  local secs
  case $name in
    ours|baseline) secs=$(awk '$1 == "plan" && $3 == "s" {print $2; exit}' "$out/stdout") ;;
    *) secs=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' "$out/stdout") ;;
  esac
  echo "$name $secs $(( $(cat "$out/rss") / 1024 ))" >> "$out/figures"
}

for round in $(seq "$ROUNDS"); do
  echo "round $round/$ROUNDS" >&2
  run ours target/release/examples/national "$N" county plan
  [ -n "$BASELINE" ] && run baseline "$BASELINE" "$N" county plan
  run pandas python3 benches/peers/peer_pandas.py "$N"
  run duckdb2 python3 benches/peers/peer_duckdb.py "$N" 2
  run polars2 env POLARS_MAX_THREADS=2 python3 benches/peers/peer_polars.py "$N"
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
fig() { awk -v n="$1" -v c="$2" '$1 == n {print $c}' "$out/figures" | median; }
ours=$(fig ours 2); pandas=$(fig pandas 2); duck=$(fig duckdb2 2); polars=$(fig polars2 2)
printf '\n%s objects, %s rounds, %s, commit %s\n\n' "$N" "$ROUNDS" "$(nproc) cores" "$(git rev-parse --short HEAD 2>/dev/null || echo '?')"
printf '| | median wall (s) | median peak RSS (MiB) | all runs (s) |\n|---|---:|---:|---|\n'
for name in ours ${BASELINE:+baseline} pandas duckdb2 polars2; do
  label=$name
  [ "$name" = ours ] && label='plan_quarter (`national N county plan`)'
  [ "$name" = baseline ] && label="the baseline ($BASELINE)"
  [ "$name" = pandas ] && label='pandas peer, sampling only'
  [ "$name" = duckdb2 ] && label='DuckDB peer, 2 threads'
  [ "$name" = polars2 ] && label='Polars peer, 2 threads (SHA-256 ticket per object, rank over strata)'
  printf '| %s | %s | %s | %s |\n' "$label" "$(fig "$name" 2)" "$(fig "$name" 3)" "$(awk -v n="$name" '$1 == n {printf "%s ", $2}' "$out/figures")"
done
awk -v o="$ours" -v p="$pandas" -v d="$duck" -v l="$polars" 'BEGIN {printf "\nratios (peer ÷ ours): pandas %.2f×, DuckDB %.2f×, Polars %.2f×\n", p / o, d / o, l / o}'
if [ -n "$BASELINE" ]; then
  base=$(fig baseline 2)
  awk -v o="$ours" -v b="$base" -v p="$pandas" -v d="$duck" -v l="$polars" 'BEGIN {printf "the baseline: %.2f× ours; peer ÷ baseline: pandas %.2f×, DuckDB %.2f×, Polars %.2f×\n", b / o, p / b, d / b, l / b}'
fi
