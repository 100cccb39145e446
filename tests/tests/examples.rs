//! The examples inside specs as test data (an oracle written by the spec's authors, not by us).
//!
//! `build.rs` lists every `example` and `examples` value of the component schemas, shared
//! request bodies and responses, and JSON bodies of each spec it generates (the flagship and
//! every fixture), with the generated type each decodes into. Each is decoded into that type,
//! encoded again, and compared with the original JSON (numbers compared by value: `5` and `5.0`
//! are the same number). An example that fails is validated against its own schema with the
//! `jsonschema` crate, so that an invalid example is told apart from a generator bug. What fails
//! today is listed in `KNOWN_WRONG`, which can only shrink (as in `style_table.rs`).
//! `scripts/oracles/examples.sh` runs the same check on a corpus of public specs.
//!
//! Blind spot: the example and the round trip are both parsed by the same `serde_json`, so a
//! float read 1 ULP off (no `float_roundtrip`) is off the same way on both sides; `numbers.rs`
//! checks that instead.

use clientgen_tests::examples::Example;

use crate::support::examples_check;
use examples_check::{Outcome, outcome};

/// Examples that fail today and are valid against their own schema (generator bugs), as
/// `table pointer`, with how they fail. Only ever remove entries.
const KNOWN_WRONG: &[(&str, &str)] = &[];

/// Every table: the flagship's and each fixture's.
fn tables() -> Vec<(&'static str, &'static [Example], &'static str)> {
    let flagship = (
        "smart_invites",
        clientgen_tests::smart_invites_from_build::examples_table::EXAMPLES,
        clientgen_tests::smart_invites_from_build::examples_table::SPEC_JSON,
    );
    std::iter::once(flagship)
        .chain(clientgen_tests::fixtures::EXAMPLE_TABLES.iter().copied())
        .collect()
}

#[test]
fn spec_examples_round_trip_through_the_generated_types() {
    let tables = tables();
    // Every fixture has a table (`build.rs` lists them).
    let fixtures = std::fs::read_dir(clientgen_tests::workspace_root().join("tests/fixtures"))
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .count();
    assert_eq!(
        tables.len(),
        fixtures + 1,
        "list every fixture in `fixtures!`"
    );

    let (mut tried, mut decoded, mut round_tripped, mut invalid, mut untyped) = (0, 0, 0, 0, 0);
    let mut wrong = Vec::new();
    for (table, examples, spec_json) in tables {
        let spec: serde_json::Value = serde_json::from_str(spec_json).expect("the spec as JSON");
        for example in examples {
            tried += 1;
            let outcome = outcome(&spec, example);
            if matches!(
                &outcome,
                Outcome::InvalidExample(_, true) | Outcome::Wrong(_, true)
            ) {
                decoded += 1;
            }
            match outcome {
                Outcome::Untyped => untyped += 1,
                Outcome::DecodedOnly => decoded += 1,
                Outcome::RoundTripped => {
                    decoded += 1;
                    round_tripped += 1;
                }
                Outcome::InvalidExample(..) => invalid += 1,
                Outcome::Wrong(why, _) => wrong.push((format!("{table} {}", example.pointer), why)),
            }
        }
    }
    println!(
        "examples: {tried} tried, {untyped} without a generated type, {decoded} decoded, \
         {round_tripped} round-tripped, {invalid} invalid against their own schema, {} wrong",
        wrong.len()
    );
    let mut failures = Vec::new();
    for (name, why) in &wrong {
        match KNOWN_WRONG.iter().find(|(n, _)| n == name) {
            None => failures.push(format!("{name}: a valid example fails: {why}")),
            Some((_, known)) if known != why => failures.push(format!(
                "{name}: still fails but differently: {why}; KNOWN_WRONG says {known}: update \
                 KNOWN_WRONG"
            )),
            Some(_) => {}
        }
    }
    for (name, _) in KNOWN_WRONG {
        if !wrong.iter().any(|(n, _)| n == name) {
            failures.push(format!(
                "{name} round-trips now: remove it from KNOWN_WRONG"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(round_tripped > 0, "the examples are run");
}
