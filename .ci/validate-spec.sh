#!/usr/bin/env bash
# Validate every spec/*.yaml with openapi-spec-validator (from PyPI).
# The validator is installed into target/venv on first use.
# Exits non-zero if any spec is invalid, or if there is no spec to check.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

venv="target/venv"
validator="$venv/bin/openapi-spec-validator"

if [ ! -x "$validator" ]; then
  echo "validate-spec: installing openapi-spec-validator into $venv" >&2
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check openapi-spec-validator
fi

shopt -s nullglob
specs=(spec/*.yaml)
if [ "${#specs[@]}" -eq 0 ]; then
  echo "validate-spec: no spec/*.yaml found in $root" >&2
  exit 1
fi

failed=0
for spec in "${specs[@]}"; do
  if ! "$validator" "$spec"; then
    echo "validate-spec: INVALID: $spec" >&2
    failed=$((failed + 1))
  fi
done

if [ "$failed" -ne 0 ]; then
  echo "validate-spec: $failed of ${#specs[@]} spec(s) invalid" >&2
  exit 1
fi
echo "validate-spec: all ${#specs[@]} spec(s) valid"
