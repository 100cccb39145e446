//! The API shape's promise, checked by the compiler: `tests/evolution/user.rs`, a user's program
//! written against the client of `tests/fixtures/changes/base.yaml`, is compiled (`cargo check`,
//! offline) against the client of every spec in `tests/fixtures/changes/`, and must compile
//! exactly when `clientgen diff base.yaml CHANGED` says the change is not major.
//!
//! One Cargo workspace, `evolution` in the tests' scratch area (`clientgen_tests::scratch`, whose
//! target folder the other tests that compile generated crates share), holds a client and a copy
//! of the user program per change (each client is its own package, renamed to `petstore` in its
//! user's manifest), so one `cargo check --keep-going` builds the crates in parallel. Set
//! `CLIENTGEN_SKIP_EVOLUTION=1` to skip it (it takes a minute or two with a cold target folder,
//! a few seconds warm).

use clientgen_tests::{scratch, workspace_root};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn changes() -> Vec<(String, PathBuf)> {
    let dir = workspace_root().join("tests/fixtures/changes");
    let mut specs: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/changes exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter_map(|p| Some((p.file_stem()?.to_str()?.replace('_', "-"), p)))
        .collect();
    specs.sort();
    specs
}

/// Writes the workspace: for each change, `client-<change>/` (the generated crate) and
/// `user-<change>/` (the user program, depending on it as `petstore`).
fn write_workspace(root: &Path, specs: &[(String, PathBuf)]) {
    let user = std::fs::read_to_string(workspace_root().join("tests/evolution/user.rs"))
        .expect("tests/evolution/user.rs");
    let mut members = Vec::new();
    for (name, spec) in specs {
        let client = format!("client-{name}");
        clientgen::Generator::new(spec)
            .crate_name(&client)
            .display_root(workspace_root())
            .generate()
            .unwrap_or_else(|e| panic!("{name} generates: {e}"))
            .write_to(&root.join(&client))
            .expect("the client is written");
        let user_dir = root.join(format!("user-{name}"));
        std::fs::create_dir_all(user_dir.join("src")).expect("user dir");
        write(
            &user_dir.join("Cargo.toml"),
            &format!(
                "[package]\nname = \"user-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
                 publish = false\n\n[dependencies]\n\
                 petstore = {{ package = \"{client}\", path = \"../{client}\", \
                 default-features = false }}\n"
            ),
        );
        let example = crate_doc_example(&root.join(&client).join("src/lib.rs"))
            .unwrap_or_else(|| panic!("the crate docs of {name} have a usage example"));
        // The user names the client `petstore`.
        let example = example.replace(&client.replace('-', "_"), "petstore");
        write(&user_dir.join("src/crate_doc.rs"), &example);
        write(
            &user_dir.join("src/lib.rs"),
            &format!("{user}\n#[allow(dead_code)]\nmod crate_doc;\n"),
        );
        members.push(format!("\"{client}\", \"user-{name}\""));
    }
    // The flagship's usage example, against the checked-in flagship.
    let flagship = root.join("user-flagship");
    std::fs::create_dir_all(flagship.join("src")).expect("flagship dir");
    let flagship_crate = workspace_root().join("generated/cronofy-smart-invites");
    write(
        &flagship.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"user-flagship\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[dependencies]\n\
             cronofy-smart-invites = {{ path = \"{}\", default-features = false }}\n",
            flagship_crate.display()
        ),
    );
    let example = crate_doc_example(&flagship_crate.join("src/lib.rs"))
        .expect("the flagship's crate docs have a usage example");
    write(
        &flagship.join("src/lib.rs"),
        &format!("#![allow(dead_code)]\n{example}"),
    );
    members.push("\"user-flagship\"".to_string());
    write(
        &root.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n{}",
            members.join(", "),
            scratch::PROFILE
        ),
    );
    // The versions the repository's own lock already pins, so the check runs offline.
    scratch::copy_lock(root).expect("Cargo.lock copied");
}

/// The `no_run` example of a crate's docs (`//!` lines), as the doctest would compile it.
fn crate_doc_example(lib: &Path) -> Option<String> {
    let text = std::fs::read_to_string(lib).ok()?;
    let docs: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    let start = docs.iter().position(|l| *l == "```no_run")?;
    let end = start + 1 + docs[start + 1..].iter().position(|l| *l == "```")?;
    let code: Vec<&str> = docs[start + 1..end]
        .iter()
        .map(|l| l.strip_prefix("# ").unwrap_or(l))
        .collect();
    Some(code.join("\n") + "\n")
}

fn write(path: &Path, text: &str) {
    scratch::write_if_changed(path, text).expect("written");
}

/// The user packages that failed to compile, with the first error of each.
fn check(root: &Path) -> BTreeMap<String, String> {
    let output = scratch::cargo(root, "check")
        .args(["--workspace", "--keep-going", "--message-format=json"])
        .output()
        .expect("cargo runs");
    let mut failed = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
            continue;
        }
        let target = message["target"]["name"].as_str().unwrap_or_default();
        let rendered = message["message"]["rendered"].as_str().unwrap_or_default();
        failed
            .entry(target.replace('_', "-"))
            .or_insert_with(|| rendered.to_string());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() || !failed.is_empty(),
        "cargo check failed without a compiler error:\n{stderr}"
    );
    failed
}

/// The issue's promise: "adding an optional field, an enum value, an operation, a response
/// status or a server must never break code that compiled against the previous client", and
/// neither must an operation's first optional parameter, pagination (with the optional parameter
/// it pages by), a response that streams (issue 18), or a header on a status of a per-status
/// success that declares some already (with the pages its `Link` makes). Checked without the
/// compiler here (the test below checks that `diff` and the compiler agree), so that a shape that
/// breaks one
/// of them cannot pass by breaking both.
const NEVER_MAJOR: &[&str] = &[
    "optional-field-added",
    "enum-value-added",
    "operation-added",
    "error-response-added",
    "second-error-body-added",
    "success-status-added",
    "server-added",
    "query-parameter-added",
    "first-optional-parameter-added",
    "pagination-added",
    "stream-added",
    "status-header-added",
];

#[test]
fn the_promised_changes_are_never_major() {
    let base = workspace_root().join("tests/fixtures/changes/base.yaml");
    let specs = changes();
    for name in NEVER_MAJOR {
        let (_, spec) = specs
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no change fixture {name}"));
        let report = clientgen::diff::diff_specs(&base, spec).expect("both specs are good");
        let text = report.to_string();
        assert_ne!(
            text.lines().last(),
            Some("semver: major"),
            "{name}:\n{text}"
        );
    }
}

#[test]
fn user_code_compiles_after_exactly_the_changes_diff_calls_non_breaking() {
    if std::env::var_os("CLIENTGEN_SKIP_EVOLUTION").is_some() {
        return;
    }
    let root = scratch::crate_dir("evolution");
    let specs = changes();
    assert!(specs.len() > 10, "the change fixtures: {specs:?}");
    write_workspace(&root, &specs);
    let failed = check(&root);

    let base = workspace_root().join("tests/fixtures/changes/base.yaml");
    let mut wrong = Vec::new();
    let mut seen = BTreeSet::new();
    for (name, spec) in &specs {
        let report = clientgen::diff::diff_specs(&base, spec).expect("both specs are good");
        let text = report.to_string();
        let breaking = text.lines().last() == Some("semver: major");
        let compiles = !failed.contains_key(&format!("user-{name}"));
        seen.insert(format!("user-{name}"));
        if breaking == compiles {
            let error = failed
                .get(&format!("user-{name}"))
                .map_or("", String::as_str);
            wrong.push(format!(
                "{name}: diff says {}, the user program {}\n{text}\n{error}",
                if breaking { "major" } else { "not major" },
                if compiles {
                    "compiles"
                } else {
                    "does not compile"
                },
            ));
        }
    }
    // A client that does not compile is a generator bug, not a user's breakage.
    let clients: Vec<&String> = failed.keys().filter(|k| !seen.contains(*k)).collect();
    // (`user-flagship` is the flagship's crate doc example: it must compile too.)
    assert!(clients.is_empty(), "generated clients fail: {failed:#?}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}
