//! Each spec under `tests/fixtures/` shows one family of OpenAPI constructs. `build.rs` compiles
//! the client of every one (and clippy lints it with `-D warnings`); here each generated module is
//! pinned as a snapshot.

use clientgen_tests::workspace_root;

#[test]
fn every_fixture_generates_as_pinned() {
    let dir = workspace_root().join("tests/fixtures");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    assert!(
        specs.len() >= 10,
        "expected the fixture set, found {}",
        specs.len()
    );
    for spec in specs {
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("UTF-8 names")
            .to_string();
        let output = clientgen::Generator::new(&spec)
            .display_root(workspace_root())
            .generate_module("module.rs")
            .unwrap_or_else(|e| panic!("{stem} does not generate:\n{e}"));
        let text = output.files.values().next().expect("one file");
        syn::parse_file(text).unwrap_or_else(|e| panic!("{stem} does not parse: {e}"));
        insta::assert_snapshot!(stem, text);
    }
}
