//! Arbitrary bytes through the whole pipeline: the bytes are written to a spec file (clientgen has
//! no in-memory entry for the whole pipeline), `Generator::generate_module` runs on it, and
//!
//! - it must not panic;
//! - every diagnostic of an `Err` says where it is (a JSON pointer, a line and column for text
//!   that does not parse, or why it has neither: a file that cannot be read), and none is the
//!   generator's own "internal error" (emitted tokens that are not Rust, a clientgen bug);
//! - on `Ok`, the module text parses with `syn::parse_file`; then the whole crate
//!   (`Generator::generate`) must generate too, each of its Rust files parse and its
//!   `Cargo.toml` be TOML.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// A folder of this process's own, holding only the spec, so that `$ref`s to sibling files find
/// nothing but the spec itself.
fn spec_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("clientgen-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir is writable");
        dir.join("spec.yaml")
    })
}

fn check_error(error: &clientgen::Error) {
    if let clientgen::Error::Spec(problems) = error {
        for d in problems.iter() {
            assert!(d.says_where(), "a diagnostic that says nothing of where it is: {d}");
            assert!(
                !d.message.starts_with("internal error"),
                "clientgen emitted code that is not Rust: {d}"
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let path = spec_path();
    std::fs::write(path, data).expect("temp file is writable");
    let generator = clientgen::Generator::new(path);
    let output = match generator.generate_module("m.rs") {
        Ok(output) => output,
        Err(e) => return check_error(&e),
    };
    let text = output.files.values().next().expect("one file");
    if let Err(e) = syn::parse_file(text) {
        panic!("generated module does not parse: {e}\n{text}");
    }
    let output = match generator.generate() {
        Ok(output) => output,
        Err(e) => panic!("the module generated but the crate did not: {e}"),
    };
    for (file, text) in &output.files {
        if file.extension().is_some_and(|e| e == "rs") {
            if let Err(e) = syn::parse_file(text) {
                panic!("{} does not parse: {e}\n{text}", file.display());
            }
        } else if file.extension().is_some_and(|e| e == "toml")
            && let Err(e) = text.parse::<toml::Table>()
        {
            panic!("{} is not TOML: {e}\n{text}", file.display());
        }
    }
});
