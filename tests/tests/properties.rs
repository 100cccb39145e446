//! Property tests: random, well-formed OpenAPI 3.0 documents through the whole pipeline.
//!
//! The strategies build documents as `serde_json::Value`: component schemas (objects whose
//! property names are keywords, start with digits, are symbols, unicode, empty or differ only by
//! case; nested objects, arrays, maps, objects with both properties and `additionalProperties`,
//! string and integer enums whose values collide after case conversion, `oneOf`/`anyOf`/`allOf`
//! of references, `oneOf` of inline schemas, discriminated unions, nullable schemas, recursive
//! references, readOnly/writeOnly/deprecated properties and defaults) and operations (random
//! paths with path parameters, methods, operationIds that may collide or be names the generated
//! code uses itself (drawn from `clientgen::__private::naming::reserved`, as parameter names are), query,
//! header and cookie parameters of random types, JSON, form, multipart, text and binary bodies,
//! responses with headers referring to the schemas, security schemes, deprecated and
//! `x-idempotent` operations). Descriptions carry what breaks doc comments (code fences, `*/`, control
//! characters). Every document is valid OpenAPI 3.0 except that operationIds may repeat.
//!
//! For every document, generating the client as one module must
//! - not panic;
//! - end in `Ok`, or in `Err::Spec` whose every diagnostic has a JSON pointer (`#...`), never in
//!   `Err::Internal` (emitted tokens that are not Rust: a bug of clientgen);
//! - when `Ok`, give text that `syn::parse_file` accepts, and the same bytes when run again.
//!
//! `PROPTEST_CASES` sets the number of documents (default 64); with `PROPERTIES_VERBOSE` set,
//! each outcome is printed, and with `PROPERTIES_VERBOSE=2` each document too (run with
//! `--nocapture`).
//!
//! `generated_crates_compile_without_warnings` writes the whole crate for a few documents
//! (`COMPILE_CASES`, default 3) and runs `cargo check --offline` on each, in the target folder
//! the tests that compile generated crates share (`clientgen_tests::scratch`): about a minute
//! when that folder is cold (it checks reqwest and its dependencies there), a few seconds after. The `schema_named_*` tests hold the minimal
//! documents of the bugs it found.
//!
//! Inputs that crashed the fuzz targets (`fuzz/`, `scripts/fuzz.sh`) are kept in
//! `tests/hostile/fuzz/`, named after the target, and replayed here.
//!
//! The strategies are in `names`, `schemas`, `operations` and `document` (the `Document` builder
//! and its rendering), the checks of one document in `checks`; the tests are in this file.

mod checks;
mod document;
mod names;
mod operations;
mod schemas;

use checks::{cases, check_error, check_module, config, remove_scratch, scratch_dir, write_spec};
use clientgen::Generator;
use clientgen_tests::{scratch, workspace_root};
use document::{PADDING, document};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------------
// Running the generator
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(cases(64)))]

    #[test]
    fn generated_documents_give_valid_deterministic_rust(doc in document()) {
        let spec = write_spec(&doc);
        let result = check_module(&spec);
        remove_scratch(&spec);
        if let Err(problem) = result {
            return Err(TestCaseError::fail(format!(
                "{problem}\nspec:\n{}",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            )));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Compiling generated crates
// ---------------------------------------------------------------------------------------------

/// Writes the whole crate for `spec`, and runs `cargo check` on it; `Err` holds what failed,
/// `Ok(false)` says the spec was refused (with proper diagnostics), so nothing was compiled.
fn check_crate(spec: &Path) -> Result<bool, String> {
    let output = match Generator::new(spec)
        .crate_name("proptest-client")
        .generate()
    {
        Ok(output) => output,
        Err(e) => return check_error(&e).map(|()| false),
    };
    let dir = spec
        .parent()
        .expect("the spec is in a folder")
        .join("crate");
    output
        .write_to(&dir)
        .map_err(|e| format!("writing the crate failed: {e}"))?;
    // Not a member of any workspace above the temporary folder; the same dependency versions
    // as this repository, so that `--offline` finds them, built in the shared scratch target.
    scratch::make_workspace(&dir).map_err(|e| e.to_string())?;
    let result = scratch::cargo(&dir, "check")
        .args(["--no-default-features", "--message-format", "short"])
        .output()
        .map_err(|e| format!("cargo did not start: {e}"))?;
    let stderr = String::from_utf8_lossy(&result.stderr);
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
    if !result.status.success() || !warnings.is_empty() {
        let mut listing = String::new();
        for (path, text) in &output.files {
            listing.push_str(&format!("--- {}\n{text}\n", path.display()));
        }
        return Err(format!(
            "cargo check {} ({} warning lines):\n{stderr}\n{listing}",
            if result.status.success() {
                "passed with warnings"
            } else {
                "failed"
            },
            warnings.len()
        ));
    }
    Ok(true)
}

proptest! {
    // A few crates only: each is a `cargo check`.
    #![proptest_config(config(
        std::env::var("COMPILE_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3)
    ))]

    #[test]
    fn generated_crates_compile_without_warnings(doc in document()) {
        let spec = write_spec(&doc);
        let start = std::time::Instant::now();
        let result = check_crate(&spec);
        remove_scratch(&spec);
        match result {
            Ok(true) => eprintln!("a generated crate checked clean in {:?}", start.elapsed()),
            // Only documents that generate are compiled; another one is drawn.
            Ok(false) => return Err(TestCaseError::reject("the spec was refused")),
            Err(problem) => {
                return Err(TestCaseError::fail(format!(
                    "{problem}\nspec:\n{}",
                    serde_json::to_string_pretty(&doc).unwrap_or_default()
                )));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs found by fuzzing
// ---------------------------------------------------------------------------------------------

/// What the fuzz target named by the file's prefix checks, on one saved input.
fn replay_fuzz_input(path: &Path) -> Result<(), String> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    if name.starts_with("load-") {
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&bytes);
        if let Err(problems) = clientgen::__private::load::load_str(Path::new("fuzz.yaml"), &text) {
            if let Some(d) = problems.iter().find(|d| !d.says_where()) {
                return Err(format!(
                    "a diagnostic that says nothing of where it is: {d}"
                ));
            }
        }
        Ok(())
    } else if name.starts_with("generate-") {
        // As in the fuzz target: the bytes as `spec.yaml`, alone in a folder.
        let spec = scratch_dir().join("spec.yaml");
        std::fs::copy(path, &spec).map_err(|e| e.to_string())?;
        let result = check_module(&spec).map(|_| ());
        remove_scratch(&spec);
        result
    } else {
        Err(format!(
            "{name}: a fuzz input is named load-* or generate-*"
        ))
    }
}

/// Replays the inputs in `tests/hostile/fuzz/` whose names start with `prefix`, each in a
/// thread of its own so that a panic is reported with the file's name.
fn replay_fuzz_inputs(prefix: &str) {
    let dir = workspace_root().join("tests/hostile/fuzz");
    let mut inputs: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => return,
    };
    inputs.retain(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(prefix))
    });
    inputs.sort();
    let mut failures = Vec::new();
    for input in inputs {
        let shown = input.display().to_string();
        let outcome = std::thread::Builder::new()
            .stack_size(8 * 1024 * 1024)
            .spawn(move || replay_fuzz_input(&input))
            .expect("a thread can be spawned")
            .join();
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(problem)) => failures.push(format!("{shown}: {problem}")),
            Err(_) => failures.push(format!("{shown}: panicked")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fuzz_inputs_for_the_loader_stay_fixed() {
    replay_fuzz_inputs("load-");
}

#[test]
fn fuzz_inputs_for_the_pipeline_stay_fixed() {
    replay_fuzz_inputs("generate-");
}

// ---------------------------------------------------------------------------------------------
// Generator bugs the properties found, as minimal documents
// ---------------------------------------------------------------------------------------------

/// Writes `doc`, generates the crate and checks it; panics with what failed.
fn assert_compiles(doc: &Value) {
    let spec = write_spec(doc);
    let result = check_crate(&spec);
    remove_scratch(&spec);
    match result {
        Ok(true) => {}
        Ok(false) => panic!("the spec was refused"),
        Err(problem) => panic!("{problem}"),
    }
}

/// A document with `schemas`, plus [`PADDING`] small ones when `large`, and no operations.
fn with_schemas(schemas: Value, large: bool) -> Value {
    let mut schemas = schemas;
    if large {
        for i in 0..PADDING {
            schemas[format!("Padding{i}")] =
                json!({ "type": "object", "properties": { "v": { "type": "string" } } });
        }
    }
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Test API", "version": "1.0.0" },
        "paths": {},
        "components": { "schemas": schemas },
    })
}

/// The written-out `Deserialize` of a discriminated union is generic over `D`
/// (`fn deserialize<D: serde::Deserializer<'de>>`), so inside it `D::A` names the type
/// parameter, not the union: error[E0599] "no associated item named `A` found for type
/// parameter `D`".
#[test]
fn schema_named_d_discriminated_union_compiles() {
    let member = json!({
        "type": "object",
        "required": ["kind"],
        "properties": { "kind": { "type": "string" } },
    });
    assert_compiles(&with_schemas(
        json!({
            "D": {
                "oneOf": [
                    { "$ref": "#/components/schemas/A" },
                    { "$ref": "#/components/schemas/B" },
                ],
                "discriminator": { "propertyName": "kind" },
            },
            "A": member,
            "B": member,
        }),
        false,
    ));
}

/// In a large client (300 types or more) every struct's `Deserialize` is written out, generic
/// over `D`: for a struct named `D`, `Ok(D { .. })` names the type parameter (E0574).
#[test]
fn schema_named_d_in_a_large_client_compiles() {
    assert_compiles(&with_schemas(
        json!({ "D": { "type": "object", "properties": { "x": { "type": "string" } } } }),
        true,
    ));
}

/// In a large client the written-out impls share a helper `struct Fields` in `types.rs`, which
/// a schema named `Fields` redefines (E0428, then E0599 for `Fields::read`). This is the
/// minimal input proptest reported.
#[test]
fn schema_named_fields_in_a_large_client_compiles() {
    assert_compiles(&with_schemas(
        json!({ "Fields": { "type": "object", "properties": {} } }),
        true,
    ));
}
