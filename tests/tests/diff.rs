//! `clientgen diff` and `clientgen check` output, pinned. Each spec under
//! `fixtures/changes/` is `base.yaml` with one change; `scripts/semver/compare.sh` holds the
//! same pairs against cargo-semver-checks (its table is in `scripts/semver/README.md`).
//!
//! Where cargo-semver-checks (0.51) and clientgen disagree, and why (see the table in
//! `scripts/semver/README.md`):
//! - `field_type_changed`, `field_made_required` (`Option<String>` -> `String`),
//!   `response_type_changed`, `success_status_added_other_body` (the method returns a
//!   per-status enum instead of the one body type): clientgen says major, cargo-semver-checks
//!   patch. It has no lint for a changed field type or a changed type in a method signature;
//!   code using the old types stops compiling, so major is right.
//! - `error_response_added`, `second_error_body_added` (a new variant of the operation's
//!   `#[non_exhaustive]` error enum) and `first_optional_parameter_added` (a new `…_with`
//!   method, the old one unchanged) are minor: nothing that compiled breaks.
//! - `operation_added`, `type_added`, `server_added`: clientgen says minor, cargo-semver-checks
//!   patch. It looks only for breakage, not for additions; SemVer asks a minor bump for new
//!   API, which is what clientgen says.
//! - `optional_field_added`, `query_parameter_added`, `enum_value_added`: minor for both now
//!   that every generated struct and enum is `#[non_exhaustive]` (structs are built with
//!   `Type::new` and setters); cargo-semver-checks' `constructible_struct_adds_field` and
//!   `enum_variant_added` only fire on exhaustive items. `tests/tests/evolution.rs` compiles a
//!   user program against each changed spec to confirm.
//! - Every other change gets the same answer from both, including `operation_deprecated`
//!   (minor: `type_method_marked_deprecated`).

use clientgen_tests::workspace_root;
use std::path::{Path, PathBuf};

fn changes() -> PathBuf {
    workspace_root().join("tests/fixtures/changes")
}

fn pairs() -> Vec<(String, PathBuf)> {
    let mut specs: Vec<(String, PathBuf)> = std::fs::read_dir(changes())
        .expect("tests/fixtures/changes exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter_map(|p| {
            let stem = p.file_stem()?.to_str()?.to_string();
            (stem != "base").then_some((stem, p))
        })
        .collect();
    specs.sort();
    specs
}

#[test]
fn every_kind_of_change_is_reported_with_its_pointer_and_semver() {
    let base = changes().join("base.yaml");
    let mut out = String::new();
    for (name, spec) in pairs() {
        let report = clientgen::diff::diff_specs(&base, &spec).expect("both specs are good");
        out.push_str(&format!("== {name}\n{report}\n"));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn the_last_line_says_the_semver_bump() {
    let base = changes().join("base.yaml");
    let expected = [
        ("description_changed", "patch"),
        ("operation_deprecated", "minor"),
        ("enum_value_added", "minor"),
        ("field_made_required", "major"),
        ("field_type_changed", "major"),
        ("operation_added", "minor"),
        ("operation_removed", "major"),
        ("optional_field_added", "minor"),
        ("query_parameter_added", "minor"),
        ("server_added", "minor"),
        ("type_added", "minor"),
        ("type_renamed", "major"),
    ];
    for (name, semver) in expected {
        let spec = changes().join(format!("{name}.yaml"));
        let text = clientgen::diff::diff_specs(&base, &spec)
            .expect("both specs are good")
            .to_string();
        assert_eq!(
            text.lines().last(),
            Some(format!("semver: {semver}").as_str()),
            "{name}"
        );
    }
}

#[test]
fn the_same_spec_has_no_change() {
    let base = changes().join("base.yaml");
    let report = clientgen::diff::diff_specs(&base, &base).expect("the spec is good");
    assert_eq!(
        report.to_string(),
        "no change to the client's API\nsemver: patch\n"
    );
}

fn generated_into(spec: &Path, dir: &Path, command: &str) -> clientgen::Output {
    let output = clientgen::Generator::new(spec)
        .crate_name("pets")
        .command(command)
        .generate()
        .expect("the spec is good");
    output.write_to(dir).expect("the folder is writable");
    output
}

fn fresh(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn check_text(change: &str) -> String {
    let dir = fresh(&format!("check-{change}"));
    generated_into(&changes().join("base.yaml"), &dir, "old");
    let new_generator =
        clientgen::Generator::new(changes().join(format!("{change}.yaml"))).crate_name("pets");
    let new = new_generator.generate().expect("the spec is good");
    let differences = new.compare_with(&dir);
    new_generator
        .check_report(&dir, &differences)
        .replace(&dir.display().to_string(), "<DIR>")
        .replace('\\', "/")
}

#[test]
fn check_prints_a_summary_then_hunks_with_context() {
    insta::assert_snapshot!(check_text("field_type_changed"));
}

/// A renamed schema shows as the few lines that name it, each in its own hunk.
#[test]
fn check_shows_a_renamed_schema_as_small_hunks() {
    insta::assert_snapshot!(check_text("type_renamed"));
}

#[test]
fn the_header_alone_never_makes_a_file_differ() {
    let dir = fresh("check-header");
    generated_into(
        &changes().join("base.yaml"),
        &dir,
        "clientgen generate a.yaml --out x",
    );
    let copy = fresh("check-header-spec").join("elsewhere.yaml");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(changes().join("base.yaml"), &copy).unwrap();
    let output = clientgen::Generator::new(&copy)
        .crate_name("pets")
        .command("clientgen generate elsewhere.yaml --out y")
        .generate()
        .expect("the spec is good");
    assert_eq!(output.compare_with(&dir), Vec::new());
}

#[test]
fn a_checkout_with_crlf_line_endings_is_not_stale() {
    let dir = fresh("check-crlf");
    let output = generated_into(&changes().join("base.yaml"), &dir, "clientgen");
    for relative in output.files.keys() {
        let path = dir.join(relative);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace('\n', "\r\n")).unwrap();
    }
    assert_eq!(output.compare_with(&dir), Vec::new());
}

/// The copy of the spec a crate keeps (`openapi.clientgen.json`, references to other files
/// inlined) stands for the spec: generating from it gives the same crate, copy included, so
/// `check` compares like with like and its summary shows no change that is not in the spec.
#[test]
fn the_kept_copy_of_the_spec_generates_the_same_crate() {
    let fixtures = workspace_root().join("tests/fixtures");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.push(changes().join("base.yaml"));
    specs.sort();
    let mut checked = 0;
    for spec in specs {
        let generator = clientgen::Generator::new(&spec).crate_name("kept");
        // A fixture that needs its settings to generate is checked by the others.
        let Ok(output) = generator.generate() else {
            continue;
        };
        let name = spec.file_stem().unwrap().to_string_lossy().into_owned();
        let dir = fresh(&format!("kept-{name}"));
        output.write_to(&dir).expect("the folder is writable");
        let kept = dir.join(clientgen::SPEC_FILE);
        let again = clientgen::Generator::new(&kept)
            .crate_name("kept")
            .generate()
            .unwrap_or_else(|e| panic!("{name}: the kept copy does not generate: {e}"));
        assert_eq!(again.compare_with(&dir), Vec::new(), "{name}");
        let report = generator.diff_from(&kept).expect("the kept copy loads");
        assert_eq!(report.changes, Vec::new(), "{name}");
        checked += 1;
    }
    assert!(checked > 20, "only {checked} fixtures generate");
    // A build script's module comes alone.
    let module = clientgen::Generator::new(changes().join("base.yaml"))
        .generate_module("pets.rs")
        .expect("the spec is good");
    assert_eq!(module.files.keys().collect::<Vec<_>>(), ["pets.rs"]);
}
