#!/usr/bin/env bash
# Benchmark of `winnow batch`: documents/s and MB/s of the full analysis
# on 2 cores and on 1 core, in the same run as jieba's segmentation alone
# (one Python process) on the same documents; optionally the peak RSS on a
# generated 1 GB input.
#
#   bash bench/batch/run.sh            # ~3 MB corpus: speed and scaling
#   RSS_GB=1 bash bench/batch/run.sh   # also peak RSS on a 1 GB input (long)
#
# The text is the clean corpus in ../shared/data/clean (skipped when
# absent), cut into documents of 10 lines and written as JSONL under
# $TMPDIR (never committed). Needs /usr/bin/python3 with jieba.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
clean="${CLEAN:-$root/../shared/data/clean}"
if ! ls "$clean"/*.txt >/dev/null 2>&1; then
  echo "bench/batch: no clean text in $clean; skipped"
  exit 0
fi
texts=$(ls "$clean"/*.txt | grep -v SOURCE.txt)
work="${TMPDIR:-/tmp}/winnow-bench-batch"
mkdir -p "$work"
go build -o "$work/winnow" "$root/cmd/winnow"
python3 "$root/bench/batch/gen.py" "$work/bench.jsonl" "${SIZE:-3000000}" 10 $texts
bytes=$(python3 -c 'import json,sys; print(sum(len(json.loads(l)["text"].encode()) for l in open(sys.argv[1])))' "$work/bench.jsonl")
docs=$(wc -l < "$work/bench.jsonl")
echo "corpus: $docs documents, $bytes bytes of text; $(nproc) cores"
for j in 2 1; do
  /usr/bin/time -f "%e %M" -o "$work/time" "$work/winnow" batch "$work/bench.jsonl" -o "$work/out.jsonl" -j "$j" -q 2>/dev/null
  read -r secs rss < "$work/time"
  python3 -c 'import sys; d,b,s,j,r=int(sys.argv[1]),int(sys.argv[2]),float(sys.argv[3]),sys.argv[4],int(sys.argv[5]); print("winnow batch -j %s (full analysis, model load included): %.1f docs/s, %.3f MB/s, %.2fs, peak RSS %d MB" % (j, d/s, b/s/1e6, s, r//1024))' "$docs" "$bytes" "$secs" "$j" "$rss"
done
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import jieba' 2>/dev/null; then
  /usr/bin/python3 "$root/bench/batch/jieba_jsonl.py" "$work/bench.jsonl" 2>/dev/null
else
  echo "jieba: /usr/bin/python3 with jieba not found; skipped"
fi
if [ -n "${RSS_GB:-}" ]; then
  big="$work/big.jsonl"
  python3 "$root/bench/batch/gen.py" "$big" "$((RSS_GB * 1000000000))" 10 $texts
  /usr/bin/time -f "%e %M" -o "$work/time" "$work/winnow" batch "$big" -o "$work/big-out.jsonl.zst" -q
  read -r secs rss < "$work/time"
  echo "peak RSS on $(du -h "$big" | cut -f1) input: $((rss / 1024)) MB in ${secs}s"
  rm -f "$big" "$work/big-out.jsonl.zst" "$work/big-out.jsonl.zst.manifest.json"
fi
rm -f "$work/out.jsonl" "$work/out.errors.jsonl" "$work/out.jsonl.manifest.json"
