//! `--tag-features`: operations grouped by their first tag into sub-clients, each behind a Cargo
//! feature. The fixture `fixtures/tags/tag_features.yaml` (kept out of `fixtures/`, whose specs
//! `build.rs` generates without groups) has tags shared by operations, a tag that is a keyword
//! (`type`), one that is Cargo's `default`, one that differs from another only in case, an
//! untagged operation, a schema no operation uses, and a credential only one group sends. Its
//! crate is pinned, and compiled with clippy (`-D warnings`) with its default features and with
//! each feature alone: a helper or an import only other groups use must not be left unused.

use clientgen_tests::{scratch, workspace_root};
use std::path::{Path, PathBuf};

fn spec() -> PathBuf {
    workspace_root().join("tests/fixtures/tags/tag_features.yaml")
}

fn generate() -> clientgen::Output {
    clientgen::Generator::new(spec())
        .display_root(workspace_root())
        .crate_name("tag-features")
        .tag_features(true)
        .generate()
        .expect("generates")
}

/// Every file of the crate, one snapshot each (`crate_<path>`), and the list of the files.
#[test]
fn the_crate_is_pinned() {
    let output = generate();
    let names: Vec<String> = output
        .files
        .keys()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "Cargo.toml",
            "openapi.clientgen.json",
            "src/client.rs",
            "src/error.rs",
            "src/lib.rs",
            "src/retry.rs",
            "src/types/default2.rs",
            "src/types/pets.rs",
            "src/types/store.rs",
            "src/types/type.rs",
            "src/types/untagged.rs",
            "src/types/unused_types.rs",
            "src/types.rs",
        ]
    );
    for (path, contents) in &output.files {
        let path = path.display().to_string();
        let description = format!(
            "`{path}` of the crate `--tag-features` generates from \
             tests/fixtures/tags/tag_features.yaml: tags shared by operations, a keyword, \
             `default`, names differing in case, an untagged operation, an unused schema."
        );
        let name = format!("crate_{}", path.replace(['/', '.'], "_"));
        insta::with_settings!({ description => description }, {
            insta::assert_snapshot!(name, contents);
        });
    }
}

#[test]
fn names_are_snake_case_and_keep_clear_of_cargo_and_rust() {
    let output = generate();
    let manifest: toml::Table = output.files[Path::new("Cargo.toml")].parse().expect("TOML");
    let features = manifest["features"].as_table().expect("a [features] table");
    // The groups' features beside the transport's (toml sorts the keys).
    let names: Vec<&str> = features.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "default",
            "default2",
            "http2",
            "native-tls",
            "pets",
            "rustls",
            "rustls-ring",
            "store",
            "type",
            "untagged",
            "unused_types"
        ]
    );
    let default: Vec<&str> = features["default"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(
        default,
        [
            "rustls",
            "default2",
            "pets",
            "store",
            "type",
            "untagged",
            "unused_types"
        ],
        "every group is on by default, with rustls"
    );
    // (Whitespace squashed: the formatter's line breaks are not the point.)
    let client = output.files[Path::new("src/client.rs")]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // `pets/list` is `list` on `Pets`; `pets_get` is `get`. `list`'s parameters are all
    // optional: the method taking them is claimed after every method's own name, so
    // `pets/list_with` keeps `list_with` and `list` takes them with the next free name.
    assert!(client.contains("pub async fn list( &self, ) ->"));
    assert!(client.contains("pub async fn list_with2( &self, params: &types::PetsListParams, )"));
    assert!(client.contains("pub async fn list_with( &self, ) ->"));
    assert!(client.contains("pub async fn get( &self, id: &str, )"));
    assert!(client.contains("Sends no optional parameter; `Pets::list_with2` takes them."));
    // The error enums name the group's method.
    let types = &output.files[Path::new("src/types/pets.rs")];
    assert!(types.contains("/// The error bodies of `Pets::get`, by status"));
    assert!(client.contains("pub fn r#type(&self) -> Type<'_>"));
}

#[test]
fn without_the_option_nothing_changes() {
    let plain = clientgen::Generator::new(spec())
        .display_root(workspace_root())
        .crate_name("tag-features")
        .generate()
        .expect("generates");
    let files = plain.files.values().cloned().collect::<String>();
    // The one feature the code names is the transport's.
    assert_eq!(files.matches("cfg(feature").count(), 1);
    assert!(files.contains("#[cfg(feature = \"rustls-ring\")]"));
    let manifest: toml::Table = plain.files[Path::new("Cargo.toml")].parse().expect("TOML");
    let features: Vec<&str> = manifest["features"]
        .as_table()
        .expect("the transport's features")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        features,
        ["default", "http2", "native-tls", "rustls", "rustls-ring"]
    );
}

/// Runs `cargo clippy -- -D warnings` on the crate in `dir` with `features` only (no TLS
/// backend: see `clientgen_tests::scratch`).
fn clippy(dir: &Path, features: Option<&str>) -> Result<(), String> {
    let mut command = scratch::cargo(dir, "clippy");
    command.args(["--quiet", "--no-default-features"]);
    if let Some(features) = features {
        command.args(["--features", features]);
    }
    command.args(["--", "-D", "warnings"]);
    let out = command.output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "features {features:?}:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

#[test]
fn each_feature_alone_compiles_without_warnings() {
    // In the tests' scratch area, whose target folder the other tests that compile generated
    // crates share, so the dependencies are built once (see `clientgen_tests::scratch`).
    let dir = scratch::crate_dir("tag-features");
    let files = generate().files;
    clientgen::__private::write::write_files(&dir, &files).expect("writes the crate");
    // Outside the workspace: a package of its own.
    scratch::make_workspace(&dir).expect("the crate is made a workspace of its own");
    let manifest: toml::Table = files[Path::new("Cargo.toml")].parse().expect("TOML");
    // No feature, then the groups' features (which enable nothing), each without a TLS
    // backend: building each backend is measured in the README, not here (`native-tls` needs
    // OpenSSL's headers).
    let features: Vec<String> = manifest["features"]
        .as_table()
        .expect("a [features] table")
        .iter()
        .filter(|(k, v)| *k != "default" && v.as_array().is_some_and(|a| a.is_empty()))
        .map(|(k, _)| k.clone())
        .collect();
    assert_eq!(features.len(), 6, "{features:?}");
    let mut failures = Vec::new();
    for features in std::iter::once(None).chain(features.iter().map(|f| Some(f.as_str()))) {
        if let Err(e) = clippy(&dir, features) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `cargo tree --offline` of the crate in `dir` with only `features`: the packages, one a line
/// (`name vX.Y.Z`), normal and build dependencies.
fn tree(dir: &Path, features: &str) -> String {
    let out = scratch::cargo(dir, "tree")
        .args(["--prefix", "none", "-e", "normal,build"])
        .args(["--no-default-features", "--features", features])
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "features {features}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn each_tls_backend_resolves_and_native_tls_builds_no_aws_lc() {
    // A grouped crate: its features are the groups' and the transport's in one table.
    let dir = scratch::crate_dir("tls-features");
    let files = generate().files;
    clientgen::__private::write::write_files(&dir, &files).expect("writes the crate");
    scratch::make_workspace(&dir).expect("the crate is made a workspace of its own");
    // The other backends' packages (native-tls, ring, h2) are in the lock file but built by
    // nothing else here, so a fresh machine has not downloaded them: `cargo tree --offline`
    // needs them, so fetch them first (the registry is reachable wherever the tests build).
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let fetched = std::process::Command::new(cargo)
        .current_dir(&dir)
        .arg("fetch")
        .output()
        .expect("cargo runs");
    assert!(
        fetched.status.success(),
        "cargo fetch: {}",
        String::from_utf8_lossy(&fetched.stderr)
    );
    let has =
        |tree: &str, package: &str| tree.lines().any(|l| l.starts_with(&format!("{package} v")));
    // The default (`rustls`, on aws-lc-rs) builds aws-lc-sys: the check below can see it.
    let rustls = tree(&dir, "rustls,pets");
    assert!(has(&rustls, "aws-lc-sys") && !has(&rustls, "ring"));
    let ring = tree(&dir, "rustls-ring,pets");
    assert!(has(&ring, "ring") && has(&ring, "rustls") && !has(&ring, "aws-lc-sys"));
    let native = tree(&dir, "native-tls,pets");
    assert!(has(&native, "native-tls") && !has(&native, "rustls"));
    assert!(!has(&native, "aws-lc-sys") && !has(&native, "aws-lc-rs"));
    let http2 = tree(&dir, "native-tls,http2,pets");
    assert!(has(&http2, "h2") && !has(&native, "h2"));
}
