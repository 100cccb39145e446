#!/usr/bin/env bash
# Spec examples as test data, on a corpus: for each spec, generate its client crate and a small
# harness crate that decodes every `example`/`examples` value of its component schemas and JSON
# bodies into the generated type, encodes it again and compares with the original JSON; failures
# are validated against their own schema (jsonschema crate) to tell invalid examples from
# generator bugs. The same code as `cargo test -p clientgen-tests --test clients examples::` runs on the
# fixtures: tests/build_examples.rs (the table), tests/src/examples.rs (the round trip),
# tests/tests/support/examples_check.rs (the verdict).
#
#   bash scripts/oracles/examples.sh                    # every spec of /work/corpus/specs
#   bash scripts/oracles/examples.sh SPEC...            # these specs
#
# Prints, per spec and in all: tried / without a generated type / decoded / round-tripped /
# invalid against their own schema / wrong (generator bugs), then each wrong example.
# Work files go to $EXAMPLES_DIR (default /tmp/clientgen-examples), outside the repository.
# CLIENTGEN_BIN: a clientgen binary to generate with instead of building target/release/clientgen.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${EXAMPLES_DIR:-/tmp/clientgen-examples}"
mkdir -p "$work/crates" "$work/harness"

if [ "$#" -eq 0 ]; then
  set -- /work/corpus/specs/*
fi

if [ -n "${CLIENTGEN_BIN:-}" ]; then
  clientgen="$CLIENTGEN_BIN"
else
  cargo build -q --release -p clientgen --manifest-path "$root/Cargo.toml"
  clientgen="$root/target/release/clientgen"
fi
# One target directory for every harness, so their dependencies build once.
export CARGO_TARGET_DIR="$work/target"

totals=(0 0 0 0 0 0)
for spec in "$@"; do
  spec="$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")"
  name="$(basename "$spec")"
  name="${name%.*}"
  name="$(echo "$name" | tr 'A-Z_.' 'a-z--')"
  crate="$work/crates/$name"
  if ! "$clientgen" generate "$spec" --out "$crate" --name "$name-client" >/dev/null 2>"$work/$name.generate.log"; then
    echo "$name: does not generate (see $work/$name.generate.log)"
    continue
  fi
  harness="$work/harness/$name"
  mkdir -p "$harness/src"
  cat >"$harness/Cargo.toml" <<TOML
[package]
name = "examples-$name"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
client = { package = "$name-client", path = "$crate" }
serde = "1"
serde_json = "1"
jsonschema = { version = "0.61", default-features = false }

[build-dependencies]
clientgen = { path = "$root/generator", default-features = false }
openapiv3 = "2.2"
serde_json = "1"
TOML
  cat >"$harness/build.rs" <<RUST
#[path = "$root/tests/build_examples.rs"]
mod examples;

fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let table = examples::examples_table(std::path::Path::new("$spec"), clientgen::Settings::default(), "client::types")
        .unwrap_or_else(|| {
            "pub const EXAMPLES: &[crate::examples::Example] = &[];\npub const SPEC_JSON: &str = \"{}\";\n".to_string()
        });
    std::fs::write(out.join("examples.rs"), table).expect("OUT_DIR is writable");
}
RUST
  cat >"$harness/src/main.rs" <<RUST
#[path = "$root/tests/src/examples.rs"]
mod examples;
use examples::Example;

#[path = "$root/tests/tests/support/examples_check.rs"]
#[allow(dead_code)]
mod examples_check;
use examples_check::{Outcome, outcome};

#[allow(dead_code)]
mod table {
    include!(concat!(env!("OUT_DIR"), "/examples.rs"));
}

fn main() {
    let spec: serde_json::Value = serde_json::from_str(table::SPEC_JSON).unwrap_or_default();
    let (mut tried, mut untyped, mut decoded, mut round_tripped, mut invalid) = (0, 0, 0, 0, 0);
    let mut wrong = Vec::new();
    let mut invalid_list = Vec::new();
    for example in table::EXAMPLES {
        tried += 1;
        match outcome(&spec, example) {
            Outcome::Untyped => untyped += 1,
            Outcome::DecodedOnly => decoded += 1,
            Outcome::RoundTripped => {
                decoded += 1;
                round_tripped += 1;
            }
            Outcome::InvalidExample(why, d) => {
                decoded += usize::from(d);
                invalid += 1;
                invalid_list.push(format!("{}: {why}", example.pointer));
            }
            Outcome::Wrong(why, d) => {
                decoded += usize::from(d);
                wrong.push(format!("{}: {why}", example.pointer));
            }
        }
    }
    println!("COUNTS {tried} {untyped} {decoded} {round_tripped} {invalid} {}", wrong.len());
    for w in wrong {
        println!("WRONG {w}");
    }
    for i in invalid_list {
        println!("INVALID {i}");
    }
}
RUST
  if ! out="$(cd "$harness" && cargo run -q 2>"$work/$name.harness.log")"; then
    echo "$name: the harness does not build or run (see $work/$name.harness.log)"
    continue
  fi
  read -r _ tried untyped decoded round invalid wrong <<<"$(grep '^COUNTS' <<<"$out")"
  printf '%-20s tried %4d  untyped %4d  decoded %4d  round-tripped %4d  invalid %4d  wrong %4d\n' \
    "$name" "$tried" "$untyped" "$decoded" "$round" "$invalid" "$wrong"
  grep '^WRONG\|^INVALID' <<<"$out" | sed 's/^/    /' | cut -c1-300 || true
  counts=("$tried" "$untyped" "$decoded" "$round" "$invalid" "$wrong")
  for i in 0 1 2 3 4 5; do totals[$i]=$((totals[$i] + counts[$i])); done
done
printf '%-20s tried %4d  untyped %4d  decoded %4d  round-tripped %4d  invalid %4d  wrong %4d\n' \
  "ALL" "${totals[@]}"
