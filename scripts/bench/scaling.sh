#!/usr/bin/env bash
# How clientgen's cost grows with the spec: one API cut to several sizes, the same generation
# measured at each. See scripts/bench/README.md.
#
#   bash scripts/bench/scaling.sh [-n RUNS] [--sizes "0 10 30 100 300 600 all"] [SPEC.json]
#
# SPEC defaults to GitHub's description (fetched by scripts/corpus/run.sh into
# target/corpus/cache/specs/github.json). For each size N, scripts/bench/subset.py keeps the
# first N operations and the components they reach; clientgen (release build) then generates
# that spec RUNS times (default 5) under /usr/bin/time. The table gives the median wall time,
# the median of what `--timings` reports (the run without process start-up), the peak RSS, and
# the cost per operation above the 0-operation spec (same document, no paths): a flat column
# means cost grows linearly. Saved to target/bench/scaling.txt.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$ROOT/target/bench/scaling"
RUNS="${BENCH_RUNS:-5}"
sizes=(0 10 30 100 300 600 all)
spec="$ROOT/target/corpus/cache/specs/github.json"

while (($#)); do
    case "$1" in
        -n | --runs) RUNS="${2:?-n needs a number}"; shift 2 ;;
        --sizes) read -r -a sizes <<<"${2:?--sizes needs numbers}"; shift 2 ;;
        -h | --help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "scaling: unknown argument $1 (see --help)" >&2; exit 2 ;;
        *) spec="$1"; shift ;;
    esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "scaling: RUNS must be a positive number" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "scaling: needs /usr/bin/time (Debian's time package)" >&2; exit 2; }

if [[ ! -f "$spec" && "$spec" == "$ROOT/target/corpus/cache/specs/github.json" ]]; then
    echo "scaling: fetching GitHub's description (scripts/corpus/run.sh github)" >&2
    CORPUS_CHECK_TIMEOUT=1 bash "$ROOT/scripts/corpus/run.sh" github >/dev/null 2>&1 || true
fi
[[ -f "$spec" ]] || { echo "scaling: no spec at $spec" >&2; exit 2; }

CLIENTGEN="${CLIENTGEN:-}"
if [[ -z "$CLIENTGEN" ]]; then
    (cd "$ROOT" && cargo build --release -q -p clientgen) || { echo "scaling: build failed" >&2; exit 2; }
    CLIENTGEN="$ROOT/target/release/clientgen"
fi

mkdir -p "$WORK"
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

rows=()
base_ms="" base_kb=""
for size in "${sizes[@]}"; do
    limit="$size"
    [[ "$size" == all ]] && limit=1000000000
    cut="$WORK/spec-$size.json"
    ops="$(python3 "$ROOT/scripts/bench/subset.py" "$spec" "$limit" "$cut")"
    walls=() totals=() rss=()
    for ((run = 1; run <= RUNS; run++)); do
        out="$WORK/out-$size"
        rm -rf "$out"
        start="$(date +%s%N)"
        /usr/bin/time -f '%M' -o "$WORK/time.txt" \
            "$CLIENTGEN" generate "$cut" --out "$out" --name scaling --timings 2>"$WORK/log.txt" ||
            { cat "$WORK/log.txt" >&2; echo "scaling: generation failed at size $size" >&2; exit 1; }
        wall="$(($(date +%s%N) - start))"
        read -r kb <"$WORK/time.txt"
        total="$(sed -n 's/.*, total \([0-9.]*\) ms.*/\1/p' "$WORK/log.txt")"
        walls+=("$wall") rss+=("$kb") totals+=("$total")
    done
    wall_ms="$(printf '%s\n' "${walls[@]}" | median | awk '{ printf "%.1f", $1 / 1e6 }')"
    total_ms="$(printf '%s\n' "${totals[@]}" | median)"
    peak_kb="$(printf '%s\n' "${rss[@]}" | median)"
    lines="$(cat "$WORK/out-$size"/src/*.rs | wc -l)"
    kib="$(($(stat -c %s "$cut") / 1024))"
    if [[ -z "$base_ms" ]]; then
        base_ms="$total_ms" base_kb="$peak_kb"
    fi
    rows+=("$ops $kib $lines $wall_ms $total_ms $peak_kb")
done

{
    printf 'clientgen scaling on %s (%s runs per size, medians; %s)\n' \
        "$(basename "$spec")" "$RUNS" "$("$CLIENTGEN" --version 2>/dev/null || echo "$CLIENTGEN")"
    printf '%10s %10s %10s %10s %11s %10s %12s %14s\n' \
        operations "spec KiB" "out lines" "wall ms" "run ms" "peak MiB" "run ms/op" "peak KiB/op"
    for row in "${rows[@]}"; do
        read -r ops kib lines wall total kb <<<"$row"
        if ((ops > 0)); then
            per_op="$(awk -v t="$total" -v b="$base_ms" -v n="$ops" 'BEGIN { printf "%.3f", (t - b) / n }')"
            kb_op="$(awk -v k="$kb" -v b="$base_kb" -v n="$ops" 'BEGIN { printf "%.1f", (k - b) / n }')"
        else
            per_op="-" kb_op="-"
        fi
        printf '%10s %10s %10s %10s %11s %10s %12s %14s\n' "$ops" "$kib" "$lines" "$wall" "$total" \
            "$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')" "$per_op" "$kb_op"
    done
    echo "(run ms: the generation as --timings reports it; per operation: above the 0-operation spec)"
} | tee "$ROOT/target/bench/scaling.txt"
