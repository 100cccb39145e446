#!/usr/bin/env bash
# The build-step cost: a fresh crate whose build script generates SPEC (default GitHub's
# description) with `clientgen::build::Builder`, built in the dev profile (what `cargo build`
# gives build scripts: opt-level 0) and with a `[profile.dev.build-override]` opt-level, then
# each build script run on its own, so its time is generation alone.
#
#   bash scripts/build-step/timing.sh [SPEC] [OPT_LEVEL]   (defaults: GitHub, 3)
#
# Prints the cold compile time of each crate (generator and its dependencies as a
# build-dependency, from an empty target folder) and the generation time of each build script
# (median of 5 runs). Needs about 2 x 1 minute of compiling; the target folders are temporary.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
spec="$(realpath "${1:-/work/corpus/specs/github.json}")"
opt="${2:-3}"
mkdir -p "$root/target/tmp"
work="$(mktemp -d -p "$root/target/tmp")"
[ -n "${KEEP:-}" ] && echo "keeping $work" || trap 'rm -rf "$work"' EXIT

make_crate() { # DIR PROFILE_LINES
    mkdir -p "$1/src"
    {
        printf '[package]\nname = "timing"\nversion = "0.1.0"\nedition = "2024"\n\n[workspace]\n\n'
        printf '[build-dependencies]\nclientgen = { path = "%s/generator", default-features = false }\n\n' "$root"
        printf '%s\n' "$2"
    } >"$1/Cargo.toml"
    # The module is generated, not compiled: the figure is the build script's.
    cat >"$1/build.rs" <<RS
fn main() {
    if let Err(e) = clientgen::build::Builder::new("$spec").generate() {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
RS
    : >"$1/src/lib.rs"
    cp "$root/Cargo.lock" "$1/Cargo.lock"
}

median_of_5() { # COMMAND...: median wall seconds of 5 runs
    for _ in 1 2 3 4 5; do
        local s e
        s=$(date +%s.%N)
        "$@" >/dev/null
        e=$(date +%s.%N)
        echo "$e - $s" | bc
    done | sort -n | sed -n 3p
}

for variant in ${VARIANTS:-debug "opt$opt"}; do
    dir="$work/$variant"
    lines=""
    [ "$variant" = debug ] || lines=$'[profile.dev.build-override]\nopt-level = '"$opt"
    make_crate "$dir" "$lines"
    start=$(date +%s.%N)
    (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo build --offline --quiet)
    end=$(date +%s.%N)
    compile=$(echo "$end - $start" | bc)
    script=$(ls "$dir"/target/debug/build/timing-*/build-script-build | head -1)
    mkdir -p "$dir/out"
    generate=$(cd "$dir" && OUT_DIR="$dir/out" median_of_5 "$script")
    printf '%-6s cold build (generation included) %6.1f s   generation alone (median of 5) %6.2f s\n' \
        "$variant" "$compile" "$generate"
done
