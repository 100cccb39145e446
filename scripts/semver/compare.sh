#!/usr/bin/env bash
# Compares `clientgen diff` with cargo-semver-checks on the spec changes under
# tests/fixtures/changes/ (each is base.yaml with one change): both clients are generated,
# rustdoc JSON is built for each (one shared target folder, so dependencies compile once), and
# cargo-semver-checks judges the pair. Prints a table: change | clientgen diff | cargo-semver-checks.
#
# Needs cargo-semver-checks (`cargo install cargo-semver-checks --locked`, e.g. with
# `--root target/semver-tools`); set CARGO_SEMVER_CHECKS to its path if it is not on PATH.
# Works offline once the generated crates' dependencies are in the cargo cache.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
csc="${CARGO_SEMVER_CHECKS:-}"
if [ -z "$csc" ]; then
    if command -v cargo-semver-checks >/dev/null; then
        csc=cargo-semver-checks
    else
        csc="$root/target/semver-tools/bin/cargo-semver-checks"
    fi
fi
cargo build --release -q -p clientgen
clientgen="$root/target/release/clientgen"
# Outside the repository: the generated crates must not look like members of its workspace.
work="${SEMVER_WORK:-${TMPDIR:-/tmp}/clientgen-semver}"
mkdir -p "$work/json"
export CARGO_TARGET_DIR="$work/target"
changes=tests/fixtures/changes

rustdoc_json() { # SPEC NAME -> $work/json/NAME.json
    local out="$work/crates/$2"
    "$clientgen" generate "$1" --out "$out" --name pets 2>/dev/null
    # A placeholder workspace of its own, as cargo-semver-checks makes.
    grep -q '^\[workspace\]' "$out/Cargo.toml" || printf '\n[workspace]\n' >>"$out/Cargo.toml"
    RUSTC_BOOTSTRAP=1 RUSTDOCFLAGS="-Z unstable-options --output-format json" \
        cargo doc -q --offline --no-deps --lib --manifest-path "$out/Cargo.toml" 2>"$work/$2.log" ||
        { cat "$work/$2.log" >&2; return 1; }
    cp "$CARGO_TARGET_DIR/doc/pets.json" "$work/json/$2.json"
}

rustdoc_json "$changes/base.yaml" base
printf '| change | clientgen diff | cargo-semver-checks |\n|---|---|---|\n'
for spec in "$changes"/*.yaml; do
    name="$(basename "$spec" .yaml)"
    [ "$name" = base ] && continue
    ours="$("$clientgen" diff "$changes/base.yaml" "$spec" | tail -n 1 | sed 's/^semver: //')"
    rustdoc_json "$spec" "$name"
    theirs="$("$csc" semver-checks --baseline-rustdoc "$work/json/base.json" \
        --current-rustdoc "$work/json/$name.json" --release-type patch 2>&1 || true)"
    # "Summary semver requires new major version: ..." or "Summary no semver update required".
    verdict="$(printf '%s\n' "$theirs" | grep -o 'requires new [a-z]* version' | head -n 1 |
        sed 's/requires new \([a-z]*\) version/\1/' || true)"
    lints="$(printf '%s\n' "$theirs" | grep -oE '^--- failure [a-z_]+' | sed 's/--- failure //' |
        sort -u | tr '\n' ' ' || true)"
    printf '| %s | %s | %s %s|\n' "$name" "$ours" "${verdict:-patch}" "${lints:+($lints)}"
done
