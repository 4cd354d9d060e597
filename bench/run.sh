#!/usr/bin/env bash
# Benchmark full builds: wall time, CPU time (user+sys) and peak RSS, medians of N runs.
#
#   bench/run.sh                      # 1k and 10k pages, 5 runs each, briefing only
#   bench/run.sh --hugo 1000 10000    # also Hugo on the same corpus, alternating runs
#   bench/run.sh --floor 10000        # also ../shared/bench/floor (read + YAML + Markdown +
#                                     # write, nothing else): the least any build can cost
#   RUNS=7 bench/run.sh 100000
#
# The first row is the build a user gets with no flags (search on); the `--no-search` row
# beside it (alternating, same runs) is labelled as such, with the ratio of the two.
# Neither peer builds a search index.
#
# Corpora: ../shared/bench/gen.py when present (it writes the same pages for briefing and
# Hugo), else this repository's generator (`cargo run --release --example corpus`).
# Output goes to tmpfs (/dev/shm) and is deleted outside the timed region.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
HUGO=0
FLOOR=0
SIZES=()
for arg in "$@"; do
  case "$arg" in
    --hugo) HUGO=1 ;;
    --floor) FLOOR=1 ;;
    *) SIZES+=("$arg") ;;
  esac
done
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)"; exit 2; }
[ "$HUGO" = 0 ] || command -v hugo >/dev/null || { echo "needs hugo (apt-get install hugo)"; exit 2; }

cargo build --release --quiet --bin briefing --example corpus
if [ "$FLOOR" = 1 ]; then
  cargo build --release --quiet --manifest-path ../shared/bench/floor/Cargo.toml --target-dir /tmp/floor-target
fi
BIN=target/release/briefing
GEN=../shared/bench/gen.py
OUT=/dev/shm/briefing-bench
mkdir -p "$OUT"

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

# time_run NAME COMMAND... : appends "wall cpu rss_mb" to $OUT/NAME.times
time_run() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/time.tmp" "$@" >/dev/null 2>"$OUT/stderr.tmp" || { cat "$OUT/stderr.tmp"; exit 1; }
  awk '{printf "%.3f %.3f %.1f\n", $1, $2+$3, $4/1024}' "$OUT/time.tmp" >> "$OUT/$name.times"
}

report() {
  local name=$1 file="$OUT/$1.times"
  printf "%-10s %8s %9.3f %9.3f %9.1f\n" "$name" "$2" \
    "$(cut -d' ' -f1 "$file" | median)" "$(cut -d' ' -f2 "$file" | median)" "$(cut -d' ' -f3 "$file" | median)"
}

printf "%-10s %8s %9s %9s %9s\n" tool pages wall_s cpu_s rss_mb
for n in "${SIZES[@]}"; do
  corpus="/tmp/briefing-corpus-$n"
  if [ ! -d "$corpus" ]; then
    if [ -f "$GEN" ]; then python3 "$GEN" --pages "$n" --out "$corpus" >/dev/null
    else target/release/examples/corpus --pages "$n" --out "$corpus/briefing" >/dev/null; fi
  fi
  rm -f "$OUT"/*.times
  for ((r = 1; r <= RUNS; r++)); do
    rm -rf "$OUT/site"
    time_run briefing "$BIN" build --root "$corpus/briefing" --output "$OUT/site" --quiet
    rm -rf "$OUT/site"
    time_run no-search "$BIN" build --root "$corpus/briefing" --output "$OUT/site" --quiet --no-search
    if [ "$HUGO" = 1 ]; then
      rm -rf "$OUT/hugo"
      time_run hugo hugo --source "$corpus/hugo" --destination "$OUT/hugo" --quiet
    fi
    if [ "$FLOOR" = 1 ]; then
      rm -rf "$OUT/floor"
      time_run floor /tmp/floor-target/release/floor "$corpus/briefing/content" "$OUT/floor" write
    fi
  done
  report briefing "$n"
  report no-search "$n"
  d=$(cut -d' ' -f1 "$OUT/briefing.times" | median); q=$(cut -d' ' -f1 "$OUT/no-search.times" | median)
  awk -v d="$d" -v q="$q" -v n="$n" 'BEGIN {printf "ratio      %8s   default/no-search wall = %.1fx\n", n, d/q}'
  if [ "$HUGO" = 1 ]; then
    report hugo "$n"
    b=$(cut -d' ' -f1 "$OUT/briefing.times" | median); h=$(cut -d' ' -f1 "$OUT/hugo.times" | median)
    awk -v b="$b" -v h="$h" -v n="$n" 'BEGIN {printf "ratio      %8s   hugo/briefing wall = %.1fx\n", n, h/b}'
  fi
  if [ "$FLOOR" = 1 ]; then
    report floor "$n"
    b=$(cut -d' ' -f1 "$OUT/briefing.times" | median); f=$(cut -d' ' -f1 "$OUT/floor.times" | median)
    awk -v b="$b" -v f="$f" -v n="$n" 'BEGIN {printf "ratio      %8s   briefing/floor wall = %.2fx\n", n, b/f}'
  fi
done
