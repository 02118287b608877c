#!/usr/bin/env bash
# Benchmark of winnow-beam on Prism beside `winnow batch` on the same
# input: documents/s and peak RSS, then the peak RSS of winnow-beam on an
# input 10 times larger, to show that memory does not grow with the corpus.
#
#   bash bench/beam/run.sh              # 1 MB of JSONL in 4 shards, then 10 MB
#   SIZE=3000000 bash bench/beam/run.sh # another size (bytes); the big run is 10x
#   BIG_BATCH=1 bash bench/beam/run.sh  # also winnow batch on the big input
#
# The text is the clean corpus in ../shared/data/clean (skipped when absent),
# cut into documents of 10 lines by bench/batch/gen.py and written under
# $TMPDIR (never committed; removed at the end). Both commands load the
# bundled model once; the times include that and, for winnow-beam, starting
# Prism. On a shared machine wall time follows the other load; CPU
# seconds (user + system) compare the work done.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
clean="${CLEAN:-$root/../shared/data/clean}"
if ! ls "$clean"/*.txt >/dev/null 2>&1; then
  echo "bench/beam: no clean text in $clean; skipped"
  exit 0
fi
texts=$(ls "$clean"/*.txt | grep -v SOURCE.txt)
size="${SIZE:-1000000}"
work="${TMPDIR:-/tmp}/winnow-bench-beam"
rm -rf "$work"
mkdir -p "$work"
go build -o "$work/winnow" "$root/cmd/winnow"
(cd "$root/beam" && go build -o "$work/winnow-beam" ./cmd/winnow-beam)

# shards NAME BYTES: 4 JSONL shards of BYTES in all.
shards() {
  python3 "$root/bench/batch/gen.py" "$work/$1.all.jsonl" "$2" 10 $texts >/dev/null
  split -n l/4 -d --additional-suffix=.jsonl "$work/$1.all.jsonl" "$work/$1-"
  rm "$work/$1.all.jsonl"
}
# measure LABEL DOCS CMD...: wall time and peak RSS of CMD.
measure() {
  local label=$1 docs=$2
  shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/log" 2>&1 || { tail -20 "$work/log"; exit 1; }
  read -r secs user sys rss <"$work/time"
  python3 -c 'import sys; l,d,s,c,r=sys.argv[1],int(sys.argv[2]),float(sys.argv[3]),float(sys.argv[4])+float(sys.argv[5]),int(sys.argv[6]); print("%-30s %5d docs %6.1fs %6.1f docs/s  CPU %6.1fs %6.1f docs/CPU-s  peak RSS %4d MB" % (l, d, s, d/s, c, d/c, r//1024))' "$label" "$docs" "$secs" "$user" "$sys" "$rss"
}

shards small "$size"
docs=$(cat "$work"/small-*.jsonl | wc -l)
echo "input: $docs documents in 4 shards, $(du -cb "$work"/small-*.jsonl | tail -1 | cut -f1) bytes; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
measure "winnow batch -j $(nproc)" "$docs" "$work/winnow" batch "$work"/small-*.jsonl -o "$work/batch.jsonl" -q
measure "winnow-beam (prism)" "$docs" "$work/winnow-beam" --output "$work/beam" "$work"/small-*.jsonl
python3 - "$work/batch.jsonl" "$work/beam" <<'PY'
import glob, json, sys
ids = lambda files: sorted(json.loads(l)["id"] for f in files for l in open(f))
a, b = ids([sys.argv[1]]), ids(glob.glob(sys.argv[2] + "/reports-*.jsonl"))
print("same report ids as winnow batch: %s (%d)" % (a == b, len(a)))
PY
rm -rf "$work"/small-*.jsonl "$work/beam" "$work"/batch*

shards big "$((size * 10))"
docs=$(cat "$work"/big-*.jsonl | wc -l)
echo "input x10: $docs documents, $(du -cb "$work"/big-*.jsonl | tail -1 | cut -f1) bytes; load $(cut -d' ' -f1-3 /proc/loadavg)"
measure "winnow-beam (prism), x10" "$docs" "$work/winnow-beam" --output "$work/beam" "$work"/big-*.jsonl
echo "output: $(du -cb "$work"/beam/*.jsonl | tail -1 | cut -f1) bytes in $(ls "$work"/beam/*.jsonl | wc -l) files"
if [ -n "${BIG_BATCH:-}" ]; then
  measure "winnow batch -j $(nproc), x10" "$docs" "$work/winnow" batch "$work"/big-*.jsonl -o "$work/batch.jsonl" -q
fi
rm -rf "$work"
