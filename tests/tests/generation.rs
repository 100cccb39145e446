//! The generator in this process: snapshots of what it emits, the checked-in clients kept
//! current, hostile specs, references, names and `clientgen diff`. One test binary (so the
//! library with every fixture client is linked once); each former test file is a module, so
//! `cargo test -p clientgen-tests --test generation hostile::` runs one of them.

mod support {
    //! What several modules share, included once.
    pub mod units;
}

mod diff;
mod fixtures;
mod hostile;
mod references;
mod reserved_names;
mod snapshots;
mod staleness;

/// Cargo finds no test file here by itself (`autotests = false` in `tests/Cargo.toml`, so that
/// the files share three binaries): a file of `tests/tests/` that no binary declares as a module
/// would never run.
#[test]
fn every_test_file_is_a_module_of_a_test_binary() {
    let package = clientgen_tests::workspace_root().join("tests");
    let manifest: toml::Table = std::fs::read_to_string(package.join("Cargo.toml"))
        .expect("tests/Cargo.toml")
        .parse()
        .expect("TOML");
    let roots: Vec<String> = manifest["test"]
        .as_array()
        .expect("[[test]] targets")
        .iter()
        .map(|t| t["path"].as_str().expect("a path").to_string())
        .collect();
    assert_eq!(roots.len(), 3, "{roots:?}");
    let mut declared = std::collections::BTreeSet::new();
    for root in &roots {
        let text = std::fs::read_to_string(package.join(root)).expect("the binary's root");
        for line in text.lines() {
            if let Some(name) = line.strip_prefix("mod ").and_then(|l| l.strip_suffix(';')) {
                assert!(
                    declared.insert(name.to_string()),
                    "{name} is in two binaries"
                );
            }
        }
    }
    let files: std::collections::BTreeSet<String> = std::fs::read_dir(package.join("tests"))
        .expect("tests/tests")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter(|p| !roots.iter().any(|r| package.join(r) == *p))
        .filter_map(|p| Some(p.file_stem()?.to_str()?.to_string()))
        .collect();
    assert!(files.len() > 10, "{files:?}");
    assert_eq!(
        files, declared,
        "the files of tests/tests/ and the modules of the binaries"
    );
}
