//! The build-step use of clientgen, as a user's build script would do it: the flagship client
//! and every fixture spec under `fixtures/` are written into OUT_DIR and included by
//! `src/lib.rs`, so `cargo build` compiles them and `cargo clippy -D warnings` lints them.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let spec = "../spec/smart_invites.yaml";
    if let Err(e) = clientgen::build::Builder::new(spec).generate() {
        eprintln!("{e}");
        std::process::exit(1);
    }

    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
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
        let result = clientgen::build::Builder::new(fixture)
            .file_name(&file_name)
            .generate();
        if let Err(e) = result {
            eprintln!("{e}");
            std::process::exit(1);
        }
        writeln!(
            index,
            "pub mod {module} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{file_name}\")); }}"
        )
        .expect("writing to a String cannot fail");
    }
    clientgen::write::write_if_changed(&out_dir.join("fixtures.rs"), index.as_bytes())
        .expect("OUT_DIR is writable");
}
