#!/usr/bin/env bash
# One run that measures winnow next to its peers on this machine.
# Run from anywhere; needs ../shared beside the repository for the data sets
# (each part says "skipped" when its data is missing).
#
#   bash bench/run.sh            # everything
#   bash bench/run.sh lm seg     # some parts
set -uo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
parts=${*:-lm seg check}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "# winnow benchmarks, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(go version | cut -d' ' -f3)"

for part in $parts; do
case $part in
lm)
  echo; echo "## Language model (one core)"
  go run ./bench/lmbench
  kenlm=/usr/lib/x86_64-linux-gnu/libime/zh_CN.lm
  if [ -f "$kenlm" ]; then echo; go run ./bench/lmbench -model "$kenlm"; fi
  echo; echo "## go test -bench (lm)"
  WINNOW_BENCH_MODEL=$PWD/models/zh_CN.wlm go test ./lm -run '^$' -bench 'Score|VocabID' -benchtime 2000000x | grep -E '^Benchmark'
  ;;
seg)
  echo; echo "## Segmentation: speed and SIGHAN PKU F1, winnow vs jieba vs gse"
  gold=$SHARED/data/seg-gold
  news=$SHARED/data/clean/pku-news-lines.txt
  if [ ! -f "$gold/pku_test.utf8" ] || [ ! -f "$news" ]; then echo "skipped: $SHARED/data not found"; continue; fi
  score() { perl "$gold/score" "$gold/pku_training_words.utf8" "$gold/pku_test_gold.utf8" "$1" | grep -E 'F MEASURE' | tail -1; }
  echo "winnow:"; GOMAXPROCS=1 go run ./bench/segment -shared "$SHARED" -in "$news" -score=false -speed 10 -out "$out/w.news" | grep speed
  go run ./bench/segment -shared "$SHARED" -score=false -out "$out/w.pku" >/dev/null; echo "  PKU $(score "$out/w.pku")"
  if /usr/bin/python3 -c 'import jieba' 2>/dev/null; then
    echo "jieba:"; /usr/bin/python3 bench/segment/jieba_seg.py "$news" "$out/j.news" 2>/dev/null | sed 's/^/  /'
    /usr/bin/python3 bench/segment/jieba_seg.py "$gold/pku_test.utf8" "$out/j.pku" >/dev/null 2>&1; echo "  PKU $(score "$out/j.pku")"
  else echo "jieba: skipped (apt-get install python3-jieba)"; fi
  echo "gse:"; (cd bench/peers && GOMAXPROCS=1 go run ./gseseg "$OLDPWD/$news" "$out/g.news" 2>/dev/null | sed 's/^/  /'
    GOMAXPROCS=1 go run ./gseseg "$OLDPWD/$gold/pku_test.utf8" "$out/g.pku" >/dev/null 2>&1); echo "  PKU $(score "$out/g.pku")"
  ;;
check)
  echo; echo "## check (full analysis, one core)"
  if [ -d bench/check ]; then GOMAXPROCS=1 go run ./bench/check -shared "$SHARED" 2>&1 | tail -20; else echo "skipped: no bench/check"; fi
  ;;
esac
done
