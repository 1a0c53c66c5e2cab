#!/usr/bin/env bash
# tema cluster vs the Python peer (../shared/peers), side by side on the same archives.
#
# Usage: bash benches/peer_compare.sh [DOCS...]          (default: 2000 20000)
#   PEER_CONFIGS="tokenizer:jobs:summarizer ..."  peer configurations to try; the fastest is
#                 reported (default: the two fastest found, regex tokens with TextRank on 1
#                 and 2 processes; add e.g. nltk:1:lexrank for the stock pipeline, which is
#                 four times slower).
#   DATA=/tmp/peers-data    where the archives are made (make_corpus.py --mode scaled --seed 1)
#   TEMA_RUNS=3             tema runs per archive; the fastest counts.
#
# Both commands do the same work: read the JSON Lines, vectorise, k-means with k = 5, a
# 3-sentence summary per document, write JSON. Wall time and maximum resident set size come
# from GNU time (`/usr/bin/time -v`); for the peer with --jobs > 1 that is the largest single
# process, so its memory is if anything understated.
set -euo pipefail
cd "$(dirname "$0")/.."
PEERS="${PEERS:-../shared/peers}"
[ -d "$PEERS" ] || PEERS=/work/shared/peers
DATA="${DATA:-/tmp/peers-data}"
PY="${PEERS_VENV:-/tmp/peers-venv}/bin/python"
PEER_CONFIGS="${PEER_CONFIGS:-regex:1:textrank regex:2:textrank}"
TEMA_RUNS="${TEMA_RUNS:-3}"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(2000 20000)

bash "$PEERS/setup.sh"
cargo build --release --quiet
mkdir -p "$DATA"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# measure OUT_PREFIX CMD... : runs CMD under GNU time, prints "seconds kilobytes".
measure() {
    local prefix="$1"
    shift
    /usr/bin/time -f "%e %M" -o "$prefix.time" "$@" > "$prefix.stdout" 2> "$prefix.stderr" || {
        echo "failed: $*" >&2
        cat "$prefix.stderr" >&2
        exit 1
    }
    cat "$prefix.time"
}

rows=()
for n in "${SIZES[@]}"; do
    archive="$DATA/scaled-$n.jsonl"
    [ -s "$archive" ] || python3 "$PEERS/make_corpus.py" --mode scaled --docs "$n" --seed 1 -o "$archive"
    lines=$(grep -c . "$archive")

    best_t="" best_m=""
    for run in $(seq "$TEMA_RUNS"); do
        read -r t m < <(measure "$out/tema" target/release/tema cluster --input "$archive" \
            --k 5 --sentences 3 --format json -o "$out/tema.json")
        if [ -z "$best_t" ] || awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t best_m=$m; fi
    done
    docs=$("$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print(len(d['docs']))" "$out/tema.json")
    [ "$docs" = "$lines" ] || { echo "tema clustered $docs of $lines documents" >&2; exit 1; }

    peer_t="" peer_m="" peer_cfg=""
    for cfg in $PEER_CONFIGS; do
        IFS=: read -r tok jobs summ <<< "$cfg"
        read -r t m < <(measure "$out/peer" "$PY" "$PEERS/peer.py" --input "$archive" --k 5 \
            --sentences 3 --tokenizer "$tok" --jobs "$jobs" --summarizer "$summ" \
            --output "$out/peer.json")
        echo "peer $n docs, $cfg: ${t} s, $((m / 1024)) MiB" >&2
        if [ -z "$peer_t" ] || awk "BEGIN{exit !($t < $peer_t)}"; then
            peer_t=$t peer_m=$m peer_cfg=$cfg
        fi
    done
    echo "tema $n docs: ${best_t} s, $((best_m / 1024)) MiB" >&2
    rows+=("$(awk -v n="$n" -v tt="$best_t" -v tm="$best_m" -v pt="$peer_t" -v pm="$peer_m" -v pc="$peer_cfg" \
        'BEGIN { printf "| %d | %.2f s | %d MiB | %.1f s | %d MiB | %s | %.0f× | %.1f× |", n, tt, tm / 1024, pt, pm / 1024, pc, pt / tt, pm / tm }')")
done

echo "| docs | tema time | tema max RSS | peer time | peer max RSS | peer config (tokenizer:jobs:summarizer) | time ratio | memory ratio |"
echo "| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |"
printf '%s\n' "${rows[@]}"
