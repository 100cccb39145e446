#!/usr/bin/env bash
# How much `--tag-features` saves: `cargo check` of the crate alone (dependencies built first,
# in one shared target folder; incremental compilation off, so that each check compiles the
# crate from scratch, as a first build or CI does) for today's layout, the grouped crate with
# every feature, and the grouped crate with one tag's feature (each of a comma-separated list in
# turn).
#
#   bash scripts/bench/tag-features.sh [SPEC] [TAG_FEATURE[,TAG_FEATURE...]] [RUNS]
#
# Defaults: /work/corpus/specs/github.json (GitHub's description), `repos`, 5 runs. Prints the
# median CPU time (user + system, which a loaded machine disturbs less than wall time) and the
# median wall time of each, in seconds, and the ratios of CPU times. The crates are written under
# target/generated-crates/src (set CLIENTGEN_CRATES_TARGET_DIR to use another folder); the
# clientgen binary is target/release/clientgen (set CLIENTGEN to use another).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SPEC="${1:-/work/corpus/specs/github.json}"
TAG="${2:-repos}"
RUNS="${3:-5}"
BIN="${CLIENTGEN:-$ROOT/target/release/clientgen}"
TARGET="${CLIENTGEN_CRATES_TARGET_DIR:-$ROOT/target/generated-crates}"
export CARGO_TARGET_DIR="$TARGET" CARGO_INCREMENTAL=0
SRC="$TARGET/src"
mkdir -p "$SRC"

generate() { # DIR NAME [FLAGS...]
  local dir="$1" name="$2"; shift 2
  "$BIN" generate "$SPEC" --out "$dir" --name "$name" "$@" >/dev/null
  # Outside any workspace: a package of its own.
  grep -q '^\[workspace\]' "$dir/Cargo.toml" || printf '\n[workspace]\n' >>"$dir/Cargo.toml"
}

median_check() { # DIR [CARGO FLAGS...]: "CPU WALL", the medians of RUNS checks of the crate alone
  local dir="$1"; shift
  (cd "$dir" && cargo check --offline --quiet "$@") # dependencies, and a warm-up
  local cpu=() wall=()
  for _ in $(seq "$RUNS"); do
    touch "$dir/src/lib.rs"
    local out
    out=$(cd "$dir" && /usr/bin/time -f '%e %U %S' cargo check --offline --quiet "$@" 2>&1 >/dev/null | tail -1)
    read -r e u s <<<"$out"
    wall+=("$e")
    cpu+=("$(echo "$u + $s" | bc)")
  done
  local median='{a[NR]=$1} END {print a[int((NR+1)/2)]}'
  echo "$(printf '%s\n' "${cpu[@]}" | sort -n | awk "$median") $(printf '%s\n' "${wall[@]}" | sort -n | awk "$median")"
}

generate "$SRC/today" bench-today
generate "$SRC/tagged" bench-tagged --tag-features
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; seconds: CPU (user+sys), wall"
read -r today today_wall <<<"$(median_check "$SRC/today")"
echo "today's layout:            $today  $today_wall  (cd $SRC/today && cargo check)"
read -r all all_wall <<<"$(median_check "$SRC/tagged")"
echo "--tag-features, all:       $all  $all_wall  (cd $SRC/tagged && cargo check)"
for tag in ${TAG//,/ }; do
  read -r one one_wall <<<"$(median_check "$SRC/tagged" --no-default-features --features "$tag")"
  echo "--tag-features, $tag only: $one  $one_wall  (cd $SRC/tagged && cargo check --no-default-features --features $tag)"
  echo "CPU: $tag / all $(echo "scale=3; $one / $all" | bc)"
done
echo "CPU: all / today $(echo "scale=2; $all / $today" | bc)"
