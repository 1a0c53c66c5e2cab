#!/usr/bin/env bash
# Scale run of `tema batch`: builds tema, generates a synthetic archive from the seeds (once),
# runs the batch over it and prints files/s, MB/s and peak memory.
#
#   bash benches/batch_scale.sh                 # 10,000 issues, about 1 GB, in /tmp/tema-archive
#   ISSUES=500 ARCHIVE=/tmp/a500 bash benches/batch_scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ISSUES=${ISSUES:-10000}
ARCHIVE=${ARCHIVE:-/tmp/tema-archive}
JOBS=${JOBS:-$(nproc)}
OUT=${OUT:-/tmp/tema-batch-results.jsonl}
cargo build --release --quiet
if [ ! -f "$ARCHIVE/.complete-$ISSUES" ]; then
    rm -rf "$ARCHIVE"
    python3 benches/make_archive.py --issues "$ISSUES" --out "$ARCHIVE"
    touch "$ARCHIVE/.complete-$ISSUES"
fi
bytes=$(find "$ARCHIVE" -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')
log=$(mktemp)
/usr/bin/time -v target/release/tema batch "$ARCHIVE" --out "$OUT" --jobs "$JOBS" 2> "$log" || true
grep '^tema: batch' "$log"
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
awk -v n="$ISSUES" -v b="$bytes" -v w="$wall" -v r="$rss" -v j="$JOBS" 'BEGIN {
    printf "| issues | MB | threads | wall s | files/s | MB/s | peak RSS MiB |\n| --- | --- | --- | --- | --- | --- | --- |\n";
    printf "| %d | %.0f | %d | %.1f | %.0f | %.1f | %.0f |\n", n, b/1e6, j, w, n/w, b/1e6/w, r/1024 }'
rm -f "$log"
