//! The build-step use of clientgen, as a user's build script would do it: the flagship client
//! and every fixture spec under `fixtures/` are written into OUT_DIR and included by
//! `src/lib.rs`, so `cargo build` compiles them and `cargo clippy -D warnings` lints them. A
//! fixture with a `<name>.settings.toml` beside it is generated with those settings.

use std::fmt::Write as _;
use std::path::PathBuf;

#[path = "build_examples.rs"]
mod examples;

/// Writes the examples table of `spec`, generated with `settings`, into `OUT_DIR/file_name`
/// (see `build_examples.rs`).
fn write_examples(
    out_dir: &std::path::Path,
    spec: &std::path::Path,
    settings: clientgen::Settings,
    file_name: &str,
) {
    let table = examples::examples_table(spec, settings, "super::types")
        .unwrap_or_else(|| "pub const EXAMPLES: &[crate::examples::Example] = &[];\npub const SPEC_JSON: &str = \"{}\";\n".to_string());
    clientgen::__private::write::write_if_changed(&out_dir.join(file_name), table.as_bytes())
        .expect("OUT_DIR is writable");
}

/// The settings of a fixture: `fixtures/<name>.settings.toml` beside `fixtures/<name>.yaml`, in
/// the keys of a `[[workspace.metadata.clientgen.clients]]` entry (overlays relative to the
/// workspace root, the folder above this package's); none without the file.
fn fixture_settings(spec: &std::path::Path) -> clientgen::Settings {
    let path = spec.with_extension("settings.toml");
    let mut settings = match std::fs::read_to_string(&path) {
        Ok(text) => clientgen::Settings::from_toml(&text).unwrap_or_else(|e| {
            eprintln!("{}: {e}", path.display());
            std::process::exit(1);
        }),
        Err(_) => clientgen::Settings::default(),
    };
    settings.overlays_relative_to(std::path::Path::new(".."));
    settings
}

fn main() {
    let spec = "../spec/smart_invites.yaml";
    if let Err(e) = clientgen::build::Builder::new(spec).generate() {
        eprintln!("{e}");
        std::process::exit(1);
    }

    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let settings = clientgen::Settings::default();
    write_examples(
        &out_dir,
        spec.as_ref(),
        settings,
        "examples_smart_invites.rs",
    );
    println!("cargo:rerun-if-changed=fixtures");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir("fixtures")
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    fixtures.sort();
    let mut index = String::new();
    for fixture in &fixtures {
        let stem = fixture
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("fixture names are UTF-8");
        let module = stem.replace('-', "_");
        let file_name = format!("fixture_{module}.rs");
        let settings = fixture_settings(fixture);
        let result = clientgen::build::Builder::new(fixture)
            .file_name(&file_name)
            .settings(settings.clone())
            .generate();
        if let Err(e) = result {
            eprintln!("{e}");
            std::process::exit(1);
        }
        let examples_file = format!("examples_{module}.rs");
        write_examples(&out_dir, fixture, settings, &examples_file);
        writeln!(
            index,
            "pub mod {module} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{file_name}\")); \
             /// The spec's examples, as test data.\n\
             pub mod examples_table {{ include!(concat!(env!(\"OUT_DIR\"), \"/{examples_file}\")); }} }}"
        )
        .expect("writing to a String cannot fail");
    }
    index.push_str(
        "/// Every fixture's examples table, by fixture: name, examples, the spec as JSON.\n\
         pub const EXAMPLE_TABLES: &[(&str, &[crate::examples::Example], &str)] = &[\n",
    );
    for fixture in &fixtures {
        let module = fixture
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("fixture names are UTF-8")
            .replace('-', "_");
        writeln!(
            index,
            "    (\"{module}\", {module}::examples_table::EXAMPLES, {module}::examples_table::SPEC_JSON),"
        )
        .expect("writing to a String cannot fail");
    }
    index.push_str("];\n");
    clientgen::__private::write::write_if_changed(&out_dir.join("fixtures.rs"), index.as_bytes())
        .expect("OUT_DIR is writable");
}
