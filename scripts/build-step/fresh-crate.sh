#!/usr/bin/env bash
# Builds a new crate outside the workspace exactly as the README's "From a build script" section
# says: its Cargo.toml lines, build.rs and src/lib.rs are copied from README.md (only the
# placeholder path of the clientgen checkout is filled in), then `cargo build` and a test that
# uses the included client. Works offline once the registry cache holds the crates.
#
#   bash scripts/build-step/fresh-crate.sh [SPEC]    (default: the flagship spec)
#
# CARGO_TARGET_DIR is the workspace's target/ (its dependencies are built there already).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
spec="${1:-$root/spec/smart_invites.yaml}"
mkdir -p "$root/target/tmp"
work="$(mktemp -d -p "$root/target/tmp")"
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

# The fenced blocks of the section, in order: Cargo.toml lines, build.rs, src/lib.rs.
section() {
    awk '/^## From a build script/{on=1; next} /^## /{on=0} on' "$root/README.md"
}
block() { # N: the Nth fenced block of the section
    section | awk -v want="$1" '/^```/{ if (inside) { inside=0; n++ } else { inside=1 }; next }
        inside && n == want - 1' 
}

crate="$work/fresh"
mkdir -p "$crate/src" "$crate/spec" "$crate/tests"
cp "$spec" "$crate/spec/smart_invites.yaml"
{
    printf '[package]\nname = "fresh"\nversion = "0.1.0"\nedition = "2024"\n\n'
    # A crate of its own, not a member of whatever workspace holds the temporary folder.
    printf '[workspace]\n\n'
    block 1 | sed "s|path/to/clientgen|$root|"
} >"$crate/Cargo.toml"
block 2 >"$crate/build.rs"
block 3 >"$crate/src/lib.rs"
# The included client is usable: a type and the client exist and build.
cat >"$crate/tests/uses_client.rs" <<'RS'
#[test]
fn the_included_client_is_usable() {
    let _client = fresh::smart_invites::Client::new(fresh::smart_invites::DataCenter::Uk, "token");
    let json = serde_json::json!({"smart_invite_id": "id", "callback_url": "https://example.com"});
    let _: Result<fresh::smart_invites::types::SmartInviteRequest, _> = serde_json::from_value(json);
}
RS

echo "fresh crate in $crate:"
cat "$crate/Cargo.toml"
cd "$crate"
cp "$root/Cargo.lock" Cargo.lock # the workspace's resolved versions: offline, and what CI tests
cargo test --offline --quiet 2>&1
echo "fresh-crate: ok"
