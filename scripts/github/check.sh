#!/usr/bin/env bash
# GitHub's whole client, generated as a user would (`clientgen generate`, the crate form) from
# its public description, linted and tested against loopback servers (tests/github/).
#
#   bash scripts/github/check.sh
#
# 1. fetches GitHub's description (@octokit/openapi from npm, pinned and checksum-checked, as
#    scripts/corpus/run.sh does), unless GITHUB_SPEC names a copy;
# 2. generates the client into tests/github/target/client (a file is rewritten only when its
#    bytes change, so an unchanged client is not compiled again);
# 3. `cargo clippy --all-targets -- -D warnings` of the tests and of the generated crate (a member
#    of tests/github's workspace, without a TLS backend), then `cargo test` of the tests.
#
# Environment:
#   GITHUB_SPEC       GitHub's description (default: fetched into target/corpus/cache)
#   CLIENTGEN         a clientgen binary (default: `cargo run -p clientgen`, the workspace's)
#   GITHUB_TARGET     the tests' target folder (default: target/github)
#   CARGO_INCREMENTAL 1 for incremental builds of the client (off in tests/github/Cargo.toml)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

spec="${GITHUB_SPEC:-$(bash scripts/corpus/run.sh --fetch-only github)}"
# Named from the repository's root when it is inside (the generated header names the spec): the
# same client on every machine.
spec="${spec#"$ROOT/"}"
client="tests/github/target/client"
if [ -n "${CLIENTGEN:-}" ]; then
    "$CLIENTGEN" generate "$spec" --out "$client" --name github
else
    cargo run -q -p clientgen -- generate "$spec" --out "$client" --name github
fi

manifest=(--manifest-path tests/github/Cargo.toml)
export CARGO_TARGET_DIR="${GITHUB_TARGET:-$ROOT/target/github}"
cargo fmt --check "${manifest[@]}" -p clientgen-github-tests
# The generated crate is a member of the tests' workspace: this one run lints it too, with the
# features the tests give it (none: no TLS backend). A run of it alone would unify other features
# of its dependencies (tokio's) and check it a second time.
cargo clippy -q "${manifest[@]}" -p clientgen-github-tests --all-targets -- -D warnings
cargo test -q "${manifest[@]}" -p clientgen-github-tests
