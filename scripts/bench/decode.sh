#!/usr/bin/env bash
# Decode speed of a large client's compact `Deserialize` against serde's derive, on GitHub's types
# (tests/benches/decode). Two measures, both printed:
# - time, paired: `examples/paired.rs` decodes each payload once with each side's types per round,
#   back to back in alternating order, and prints the median ratio compact / derived with its
#   quartiles (what else the machine does weighs on both sides of a round);
# - instructions, when valgrind is installed: one decode per side and payload under callgrind,
#   which counts the same on a busy machine as on an idle one.
# The criterion benchmark (`cargo bench --bench decode`) measures the two sides one after the
# other instead. See scripts/bench/README.md.
#
#   bash scripts/bench/decode.sh [ROUNDS]       # default 300
#
# Environment: CLIENTGEN_GITHUB_SPEC (default: the corpus cache, which
# `bash scripts/corpus/run.sh --fetch-only github` fills).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS="${1:-300}"
if [ -z "${CLIENTGEN_GITHUB_SPEC:-}" ]; then
    CLIENTGEN_GITHUB_SPEC="$(bash "$ROOT/scripts/corpus/run.sh" --fetch-only github)"
fi
export CLIENTGEN_GITHUB_SPEC
BENCH="$ROOT/tests/benches/decode"
cargo build --quiet --profile bench --example paired --manifest-path "$BENCH/Cargo.toml"
PAIRED="$BENCH/target/release/examples/paired"
"$PAIRED" "$ROUNDS"
if ! command -v valgrind >/dev/null; then
    echo "(no valgrind: instruction counts skipped)"
    exit 0
fi
OUT="$BENCH/target/decode-counts"
mkdir -p "$OUT"
count() {
    valgrind --tool=callgrind --callgrind-out-file="$OUT/$1.$2.out" \
        '--toggle-collect=*paired::decode*' "$PAIRED" once "$1" "$2" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '\n%-16s %14s %14s %15s  (instructions of one decode, callgrind)\n' group compact derived compact/derived
for group in full-repository issue pull-request; do
    c="$(count compact "$group")"
    d="$(count derived "$group")"
    awk -v g="$group" -v c="$c" -v d="$d" 'BEGIN { printf "%-16s %14d %14d %15.3f\n", g, c, d, c / d }'
done
