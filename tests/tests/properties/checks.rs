//! Running the generator on a written document, and the checks every document must pass.

use clientgen::{Error, Generator};
use proptest::test_runner::Config;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A folder of its own for each document.
pub(super) fn scratch_dir() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir()
        .join(format!("clientgen-properties-{}", std::process::id()))
        .join(NEXT.fetch_add(1, Ordering::Relaxed).to_string());
    std::fs::create_dir_all(&dir).expect("the temporary folder is writable");
    dir
}

pub(super) fn write_spec(doc: &Value) -> PathBuf {
    let spec = scratch_dir().join("spec.json");
    let text = serde_json::to_string_pretty(doc).expect("a JSON value serializes");
    std::fs::write(&spec, text).expect("the temporary folder is writable");
    spec
}

pub(super) fn remove_scratch(spec: &Path) {
    if let Some(dir) = spec.parent() {
        std::fs::remove_dir_all(dir).ok();
    }
}

/// Checks an `Err` of the generator: every problem says where it is, none is an internal
/// error.
pub(super) fn check_error(error: &Error) -> Result<(), String> {
    match error {
        Error::Spec(problems) => {
            for d in problems.iter() {
                if !d.says_where() {
                    return Err(format!(
                        "a diagnostic that says nothing of where it is: {d}"
                    ));
                }
            }
            Ok(())
        }
        Error::Io(path, e) => Err(format!("I/O error on {}: {e}", path.display())),
        Error::Internal { message, .. } => Err(format!(
            "clientgen emitted code that is not Rust: {message}"
        )),
        other => Err(format!(
            "an error of a kind this test does not know: {other}"
        )),
    }
}

/// The properties every document must have; `Ok(Some(text))` when it generated.
pub(super) fn check_module(spec: &Path) -> Result<Option<String>, String> {
    let generator = Generator::new(spec);
    if std::env::var_os("PROPERTIES_VERBOSE").is_some_and(|v| v == "2") {
        eprintln!("{}", std::fs::read_to_string(spec).unwrap_or_default());
    }
    let first = match generator.generate_module("m.rs") {
        Ok(output) => output,
        Err(e) => {
            if std::env::var_os("PROPERTIES_VERBOSE").is_some() {
                eprintln!(
                    "refused: {}",
                    e.to_string().lines().next().unwrap_or_default()
                );
            }
            return check_error(&e).map(|()| None);
        }
    };
    if std::env::var_os("PROPERTIES_VERBOSE").is_some() {
        eprintln!("generated");
    }
    let text = first.files.values().next().ok_or("no file generated")?;
    syn::parse_file(text).map_err(|e| format!("generated module does not parse: {e}\n{text}"))?;
    let second = generator
        .generate_module("m.rs")
        .map_err(|e| format!("the second run failed where the first did not: {e}"))?;
    if second.files != first.files {
        return Err("generating twice gave different output".to_string());
    }
    // The whole crate too: every Rust file parses, and a second run gives the same files.
    let crate_files = generator
        .generate()
        .map_err(|e| format!("the crate failed where the module did not: {e}"))?;
    for (path, text) in &crate_files.files {
        if path.extension().is_some_and(|e| e == "rs") {
            syn::parse_file(text)
                .map_err(|e| format!("{} does not parse: {e}\n{text}", path.display()))?;
        }
    }
    let again = generator
        .generate()
        .map_err(|e| format!("the second crate run failed where the first did not: {e}"))?;
    if again.files != crate_files.files {
        return Err("generating the crate twice gave different files".to_string());
    }
    Ok(Some(text.clone()))
}

/// `PROPTEST_CASES`, or `default`.
pub(super) fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub(super) fn config(cases: u32) -> Config {
    Config {
        cases,
        // Failures are recorded as named tests in this file, not in a regressions folder.
        failure_persistence: None,
        ..Config::default()
    }
}
