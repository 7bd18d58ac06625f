#!/usr/bin/env bash
# Issue 7's corpus benchmark: builds replicated copies of the provincial corpus, runs the floor
# (jieba-rs segmentation + Oxigraph bulk load of govkg's own quads), govkg (1 and 2 threads),
# the Python peer, the query benchmark and the start-up measure, and prints the ratio table.
#
# Usage: bash tests/perf/corpus-bench.sh [WORKDIR]          (default /tmp/govkg-perf)
# Environment (defaults in brackets):
#   COPIES="10"        corpus sizes to measure, in copies of the 30 provincial reports (≈1.75 MB
#                      each); "10 100" adds the linearity check at ≈175 MB. Every measure runs at
#                      the first size; the larger ones run `govkg ingest` with the last of
#                      THREADS only (time per MB and peak memory as the corpus grows)
#   THREADS="1 2"      thread counts for govkg and the floor
#   PEER_COPIES=1      copies the Python peer runs on (it is ~1000× slower; rates are per MB)
#   QUERY_COPIES=0     copies in the query store (334 ≈ 10,000 documents); 0 reuses the
#                      store ingested at the last COPIES size
#   QUERY_RUNS=2      runs of each selective question per parameter (1 for the 10,000-document
#                      store, where a body's whole answer takes seconds)
#   CORPUS=../shared/corpus/provinces-2026
#   BIN_DIR=           directory holding govkg, floor and query_bench built beforehand
# Needs: /usr/bin/time (GNU time), python3 with jieba, rdflib, pyoxigraph (installed with pip
# if missing), hyperfine (optional, for start-up). Writes stores and corpora under WORKDIR.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/govkg-perf}
copies=${COPIES:-10}
threads=${THREADS:-1 2}
peer_copies=${PEER_COPIES:-1}
query_copies=${QUERY_COPIES:-0}
corpus=${CORPUS:-$root/../shared/corpus/provinces-2026}
baseline=$root/../shared/eval/peer/jieba_baseline.py
mkdir -p "$work"
log=$work/results.txt
: >"$log"

say() { echo "$*" | tee -a "$log"; }

say "# govkg corpus benchmark $(date -u +%FT%TZ), commit $(git -C "$root" rev-parse --short HEAD)"
say "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GB"
say "# load at start: $(uptime | sed 's/.*load average/load average/')"

# BIN_DIR: binaries built beforehand (govkg, floor, query_bench), e.g. copies kept apart so a
# rebuild during a long run does not change them; by default they are built here.
if [ -n "${BIN_DIR:-}" ]; then
  govkg=$BIN_DIR/govkg floor=$BIN_DIR/floor qbench=$BIN_DIR/query_bench
else
  (cd "$root" && cargo build --release --quiet --bin govkg --example floor --example query_bench)
  govkg=$root/target/release/govkg
  floor=$root/target/release/examples/floor
  qbench=$root/target/release/examples/query_bench
fi

if ! python3 -c 'import jieba, rdflib, pyoxigraph' 2>/dev/null; then
  say "# installing the peer's Python packages (jieba rdflib pyoxigraph) with pip"
  python3 -m pip install -q jieba rdflib pyoxigraph
fi

# Copy k of every report gets a line naming the copy at its end, so each copy is a distinct
# document (identity is the content hash) with the same title and text otherwise.
replicate() {
  local n=$1 dir=$work/corpus-$1
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"
    for k in $(seq 1 "$n"); do
      mkdir -p "$dir/c$k"
      for f in "$corpus"/*.txt; do
        { cat "$f"; printf '\n（副本%d）\n' "$k"; } >"$dir/c$k/$(basename "$f")"
      done
    done
    touch "$dir/.complete"
  fi
  echo "$dir"
}

# run NAME CMD...: runs CMD under GNU time; sets $wall (s), $rss (MB) and $cores (CPU seconds,
# user and system, per wall second: how many cores the run kept busy); stdout to $work/NAME.out
run() {
  local name=$1; shift
  /usr/bin/time -f '%e %M %U %S' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || {
    cat "$work/$name.err" >&2; return 1; }
  local user sys
  read -r wall rss_kb user sys <"$work/$name.time"
  rss=$((rss_kb / 1024))
  cores=$(python3 -c "print(f'{($user + $sys) / max($wall, 0.01):.2f}')")
}

get() { grep "^$1=" "$2" | cut -d= -f2; }
ratio() { python3 -c "import sys; a,b=map(float,sys.argv[1:]); print(f'{a/b:.2f}')" "$1" "$2"; }

declare -A ingest_s extract_s floor_s

# ingest N THREADS STORE DIR MB: a fresh store; sets ingest_s[N,THREADS] and says the line.
ingest() {
  rm -rf "$3"
  run "ingest-$1-$2" "$govkg" ingest -j "$2" --store "$3" "$4"
  ingest_s[$1,$2]=$wall
  say "govkg ingest -j $2: ${wall} s ($(python3 -c "print(f'{$wall/$5:.3f}')") s/MB), ${cores} cores busy, peak RSS ${rss} MB, store $(du -sm "$3" | cut -f1) MB; $(cat "$work/ingest-$1-$2.out")"
}
last_store=""
first=${copies%% *}
for n in $copies; do
  dir=$(replicate "$n")
  mb=$(du -sb --exclude=.complete "$dir" | awk '{printf "%.2f", $1/1e6}')
  docs=$(find "$dir" -name '*.txt' | wc -l)
  say ""
  say "## $n copies: $docs documents, $mb MB ($(uptime | sed 's/.*load average/load average/'))"
  if [ "$n" != "$first" ]; then
    t=${threads##* }
    store=$work/store-$n-$t
    ingest "$n" "$t" "$store" "$dir" "$mb"
    rm -rf "$store"
    eval "mb_$n=$mb"
    continue
  fi
  for t in $threads; do
    run "extract-$n-$t" "$govkg" extract -j "$t" "$dir"
    extract_s[$n,$t]=$wall
    say "govkg extract -j $t: ${wall} s, ${cores} cores busy, peak RSS ${rss} MB, $(wc -l <"$work/extract-$n-$t.out") quads"
  done
  nq=$work/extract-$n-${threads##* }.out
  for t in $threads; do
    rm -rf "$work/floor-store"
    run "floor-$n-$t" "$floor" "$t" "$nq" "$work/floor-store" "$dir"
    f=$work/floor-$n-$t.out
    floor_s[$n,$t]=$(get floor_seconds "$f")
    say "floor -j $t: ${floor_s[$n,$t]} s (jieba-rs: dictionary $(get segment_dict_seconds "$f") s, segmentation incl. dictionary $(get segment_seconds "$f") s; bulk load $(get load_seconds "$f") s, of which N-Quads parsing ≈ $(get parse_seconds "$f") s), ${cores} cores busy, peak RSS ${rss} MB"
    rm -rf "$work/floor-store"
  done
  for t in $threads; do
    store=$work/store-$n-$t
    ingest "$n" "$t" "$store" "$dir" "$mb"
    say "  ratio to floor -j $t: $(ratio "$wall" "${floor_s[$n,$t]}")"
    # Keep the store of the largest size and thread count for the queries.
    if [ "$t" = "${threads##* }" ]; then
      [ -n "$last_store" ] && rm -rf "$last_store"
      last_store=$store
    else
      rm -rf "$store"
    fi
  done
  set -- $threads
  if [ $# -ge 2 ]; then
    say "  2 threads vs 1: ingest $(ratio "${ingest_s[$n,$1]}" "${ingest_s[$n,$2]}")× faster, extract $(ratio "${extract_s[$n,$1]}" "${extract_s[$n,$2]}")× faster"
  fi
  eval "mb_$n=$mb"
done

set -- $copies
if [ $# -ge 2 ]; then
  t=${threads##* }
  a=$1; b=${!#}
  mba=mb_$a; mbb=mb_$b
  say ""
  say "## linearity, -j $t: ingest s/MB at $b copies / at $a copies = $(python3 -c "print(f'{(${ingest_s[$b,$t]}/${!mbb})/(${ingest_s[$a,$t]}/${!mba}):.2f}')")"
fi

# The peer, on PEER_COPIES copies; govkg's rates come from the runs above.
pdir=$(replicate "$peer_copies")
pmb=$(du -sb --exclude=.complete "$pdir" | awk '{printf "%.2f", $1/1e6}')
rm -rf "$work/peer-store"
say ""
say "## Python peer on $peer_copies copies ($pmb MB; $(uptime | sed 's/.*load average/load average/'))"
run peer python3 "$root/tests/perf/peer.py" --baseline "$baseline" --out "$work/peer.nq" --store "$work/peer-store" "$pdir"
say "$(tr '\n' ' ' <"$work/peer.out")peak RSS ${rss} MB"
rm -rf "$work/peer-store"
n=${copies%% *}; t=${threads##* }
mbn=mb_$n
py=$(python3 -c "print($pmb/$(get text_to_nquads_seconds "$work/peer.out"))")
pyi=$(python3 -c "print($pmb/$(get ingest_seconds "$work/peer.out"))")
gx=$(python3 -c "print(${!mbn}/${extract_s[$n,$t]})")
gi=$(python3 -c "print(${!mbn}/${ingest_s[$n,$t]})")
say "text → N-Quads: govkg extract -j $t $(printf %.3f "$gx") MB/s, peer $(printf %.4f "$py") MB/s: govkg $(ratio "$gx" "$py")× faster"
say "ingest: govkg ingest -j $t $(printf %.3f "$gi") MB/s, peer + pyoxigraph bulk load $(printf %.4f "$pyi") MB/s: govkg $(ratio "$gi" "$pyi")× faster"

# Queries.
if [ "$query_copies" != 0 ]; then
  qdir=$(replicate "$query_copies")
  qstore=$work/store-query-$query_copies
  if [ ! -f "$qstore/.complete" ]; then
    rm -rf "$qstore"
    run query-ingest "$govkg" ingest --store "$qstore" "$qdir"
    touch "$qstore/.complete"
  fi
  read -r wall rss_kb <"$work/query-ingest.time"
  say "query store (built $(date -u -r "$qstore/.complete" +%FT%TZ)): $(cat "$work/query-ingest.out") in ${wall} s, peak RSS $((rss_kb / 1024)) MB"
else
  qstore=$last_store
fi
say ""
say "## queries on $qstore: $("$govkg" docs --store "$qstore" | wc -l) lines of \`govkg docs\`, $(du -sm "$qstore" | cut -f1) MB on disk ($(uptime | sed 's/.*load average/load average/'))"
"$qbench" "$qstore" "${QUERY_RUNS:-2}" | tee -a "$log"

# Start-up: one page, dictionary load included.
say ""
if command -v hyperfine >/dev/null; then
  hyperfine -N -w 3 -r 20 --export-json "$work/startup.json" "$govkg extract $root/examples/gongshu-2023-lianghui.txt" >/dev/null 2>&1
  say "start-up, govkg extract of the one-page seed: $(python3 -c "import json; r=json.load(open('$work/startup.json'))['results'][0]; print(f\"mean {r['mean']*1000:.0f} ms, median {r['median']*1000:.0f} ms, min {r['min']*1000:.0f} ms, user {r['user']*1000:.0f} ms\")")"
else
  run startup "$govkg" extract "$root/examples/gongshu-2023-lianghui.txt"
  say "start-up, govkg extract of the one-page seed: ${wall} s (one run; install hyperfine for a distribution)"
fi
say "# load at end: $(uptime | sed 's/.*load average/load average/')"
