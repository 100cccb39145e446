//! Hostile specs: each must end in an error that names the file, the JSON pointer of the bad node
//! and what to do (or, for specs that are only odd, in a crate that parses), never in a panic or
//! a hang. The specs are in `tests/hostile/` (the large and deep ones are written by the tests
//! into a temporary folder); each error text is pinned as a snapshot, with nothing normalised
//! but the folder the spec is in.
//!
//! Every generation runs in its own thread (with the 8 MiB stack a main thread has, as in the
//! CLI), fails the test when it takes longer than [`LIMIT`], and has its panics caught and
//! reported as failures.
//!
//! A case the generator gets wrong is `#[ignore = "generator bug: ..."]`;
//! [`no_hostile_spec_panics_or_hangs`] still runs it, so that it keeps guarding against panics
//! and hangs.

use clientgen::{Diagnostic, Error, Output};
use clientgen_tests::workspace_root;
use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{RwLock, mpsc};
use std::time::{Duration, Instant};

/// The longest a generation may take.
const LIMIT: Duration = Duration::from_secs(10);

/// How a generation ended.
enum Ended {
    Generated(Box<Output>),
    Failed(Error),
}

/// Taken for writing by the test that generates from a huge description, which would otherwise slow down
/// the timed runs of the tests beside it; for reading by every other run.
static HEAVY: RwLock<()> = RwLock::new(());

/// Runs `generate` on `spec` in a thread; a panic, or a run longer than `limit`, fails the test.
fn run_within(spec: &Path, limit: Duration) -> (Ended, Duration) {
    let _shared = HEAVY.read().unwrap_or_else(|e| e.into_inner());
    run_alone(spec, limit)
}

/// [`run_within`], for a caller that holds [`HEAVY`].
fn run_alone(spec: &Path, limit: Duration) -> (Ended, Duration) {
    run_generator(spec, limit, false)
}

/// Runs `generate`, with `--skip-unsupported` if `skip`, as [`run_within`] describes.
fn run_generator(spec: &Path, limit: Duration, skip: bool) -> (Ended, Duration) {
    let generator = clientgen::Generator::new(spec)
        .display_root(workspace_root())
        .skip_unsupported(skip);
    let shown = shown(spec);
    let (send, receive) = mpsc::channel();
    std::thread::Builder::new()
        .name(format!("generate {shown}"))
        .stack_size(8 * 1024 * 1024)
        .spawn(move || {
            let start = Instant::now();
            let result = catch_unwind(AssertUnwindSafe(|| generator.generate()));
            // The receiver is gone only when the test already failed on the time limit.
            let _ = send.send((result, start.elapsed()));
        })
        .expect("a thread can be spawned");
    match receive.recv_timeout(limit) {
        Ok((Ok(Ok(output)), took)) => (Ended::Generated(Box::new(output)), took),
        Ok((Ok(Err(error)), took)) => (Ended::Failed(error), took),
        Ok((Err(payload), _)) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(a panic payload that is not text)".to_string());
            panic!("generator bug: generating {shown} panicked: {message}")
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("generator bug: generating {shown} took more than {limit:?} (a hang?)")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            panic!("generator bug: the thread generating {shown} ended without an answer")
        }
    }
}

fn run(spec: &Path) -> Ended {
    run_within(spec, LIMIT).0
}

/// A folder for the specs one test writes (too large, or too deep, to check in), removed when
/// the test ends, whether it passes or not.
struct Scratch(PathBuf);

impl Scratch {
    fn new(case: &str) -> Scratch {
        let dir = PathBuf::from(format!("{}{case}", scratch_prefix()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("an old scratch folder can be removed");
        }
        std::fs::create_dir_all(&dir).expect("the temporary folder is writable");
        Scratch(dir)
    }

    /// Writes `text` as `name` into the folder.
    fn spec(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("the temporary folder is writable");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// What the name of every scratch folder of this process starts with.
fn scratch_prefix() -> String {
    let pid = std::process::id();
    std::env::temp_dir()
        .join(format!("clientgen-hostile-{pid}-"))
        .display()
        .to_string()
}

/// `text` with the workspace folder and the start of scratch folders taken out, so that
/// snapshots do not depend on where the project is checked out. Nothing else is changed.
fn normalize(text: &str) -> String {
    let root = format!("{}/", workspace_root().display());
    text.replace(&root, "").replace(&scratch_prefix(), "<tmp>/")
}

fn shown(spec: &Path) -> String {
    normalize(&spec.display().to_string())
}

fn hostile(name: &str) -> PathBuf {
    workspace_root().join("tests/hostile").join(name)
}

fn text_of(problems: &[Diagnostic]) -> String {
    normalize(&clientgen::Diagnostics(problems.to_vec()).to_string())
}

/// The problems of a generation that must fail; anything else fails the test.
fn diagnostics(spec: &Path) -> Vec<Diagnostic> {
    match run(spec) {
        Ended::Failed(Error::Spec(d)) => d.0,
        Ended::Failed(e) => panic!(
            "{}: expected a spec error, got: {}",
            shown(spec),
            normalize(&e.to_string())
        ),
        Ended::Generated(output) => panic!(
            "generator bug: {} generated {} files instead of failing",
            shown(spec),
            output.files.len()
        ),
    }
}

/// What makes a diagnostic unhelpful: no place (a JSON pointer, or for text that does not
/// parse, a line and column), no line shown (nor a word on why there is none), no message, or
/// no hint about what to do.
fn unhelpful(d: &Diagnostic) -> Option<&'static str> {
    if !d.pointer.starts_with('#') && d.line_column.is_none() {
        Some("no JSON pointer")
    } else if d.located.is_none() {
        Some("no line shown, and no word on why")
    } else if d.message.trim().is_empty() {
        Some("no message")
    } else if d.hint.trim().is_empty() {
        Some("no hint about what to do")
    } else {
        None
    }
}

/// Generation fails with helpful problems, each reported once, whose text is pinned as
/// snapshot `case`.
fn fails_helpfully(case: &str, spec: &Path) {
    let problems = diagnostics(spec);
    let text = text_of(&problems);
    for d in &problems {
        if let Some(what) = unhelpful(d) {
            panic!("generator bug: unhelpful message ({what}) for {case}:\n{text}");
        }
    }
    for (i, d) in problems.iter().enumerate() {
        assert!(
            !problems[..i].contains(d),
            "generator bug: a problem is reported more than once for {case}:\n{text}"
        );
    }
    insta::assert_snapshot!(case, text);
}

/// Generation fails on a syntax error, whose place is given as line and column (which says what
/// to do: fix the text there) and whose text is pinned as snapshot `case`.
fn fails_with_position(case: &str, spec: &Path) {
    let problems = diagnostics(spec);
    let text = text_of(&problems);
    assert!(
        problems.iter().all(
            |d| d.line_column.is_some() && matches!(d.located, Some(clientgen::Located::At(_)))
        ),
        "generator bug: no line and column, or no line shown, for {case}:\n{text}"
    );
    insta::assert_snapshot!(case, text);
}

/// Like [`fails_helpfully`], for a `$ref` out of the spec's folder, which must be refused as
/// such whether or not the file it names exists.
fn refused_as_leaving_the_folder(case: &str, spec: &Path) {
    let problems = diagnostics(spec);
    let text = text_of(&problems);
    assert!(
        problems
            .iter()
            .all(|d| d.message.contains("leaves the spec's folder")),
        "generator bug: a reference out of the spec's folder is not refused as such ({case}):\n{text}"
    );
    fails_helpfully(case, spec);
}

/// The files of a crate that must generate, each `.rs` file checked to parse as Rust.
fn crate_files(spec: &Path) -> Output {
    match run(spec) {
        Ended::Generated(output) => {
            for (path, text) in &output.files {
                if path.extension().is_some_and(|e| e == "rs") {
                    if let Err(e) = syn::parse_file(text) {
                        panic!(
                            "generator bug: {} from {} does not parse: {e}",
                            path.display(),
                            shown(spec)
                        );
                    }
                }
            }
            *output
        }
        Ended::Failed(e) => panic!("{} fails: {}", shown(spec), normalize(&e.to_string())),
    }
}

fn file<'o>(output: &'o Output, path: &str) -> &'o str {
    output
        .files
        .get(Path::new(path))
        .unwrap_or_else(|| panic!("the crate has no {path}"))
}

/// Names of the `pub async fn`s of impl blocks: the client's operations.
fn operation_methods(file: &syn::File) -> Vec<String> {
    let mut names = Vec::new();
    let mut pending: Vec<&syn::Item> = file.items.iter().collect();
    while let Some(item) = pending.pop() {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    pending.extend(items);
                }
            }
            syn::Item::Impl(i) => {
                for member in &i.items {
                    if let syn::ImplItem::Fn(f) = member {
                        let public = matches!(f.vis, syn::Visibility::Public(_));
                        if public && f.sig.asyncness.is_some() {
                            names.push(f.sig.ident.to_string());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    names.sort();
    names
}

// ---- Reading the document ----

#[test]
fn yaml_syntax_error() {
    fails_with_position("yaml_syntax", &hostile("yaml_syntax.yaml"));
}

#[test]
fn paths_is_a_number() {
    fails_helpfully("wrong_type_paths", &hostile("wrong_type_paths.yaml"));
}

#[test]
fn info_is_a_sequence() {
    fails_helpfully("wrong_type_info", &hostile("wrong_type_info.yaml"));
}

#[test]
fn parameter_in_body() {
    fails_helpfully("parameter_in_body", &hostile("parameter_in_body.yaml"));
}

#[test]
fn missing_paths_in_a_3_0_document() {
    fails_helpfully("missing_paths", &hostile("missing_paths.yaml"));
}

#[test]
fn missing_openapi() {
    fails_helpfully("missing_openapi", &hostile("missing_openapi.yaml"));
}

#[test]
fn swagger_2() {
    fails_helpfully("swagger2", &hostile("swagger2.yaml"));
}

#[test]
fn openapi_4() {
    fails_helpfully("openapi4", &hostile("openapi4.yaml"));
}

#[test]
fn empty_file() {
    fails_helpfully("empty", &hostile("empty.yaml"));
}

#[test]
fn json_array() {
    fails_helpfully("json_array", &hostile("json_array.json"));
}

#[test]
fn duplicate_keys_in_yaml() {
    fails_with_position("duplicate_keys_yaml", &hostile("duplicate_keys.yaml"));
}

#[test]
fn duplicate_keys_in_json() {
    fails_helpfully("duplicate_keys_json", &hostile("duplicate_keys.json"));
}

/// No single line is at fault when aliases multiply (the parser gives no position), so the
/// error says what to do instead.
#[test]
fn yaml_anchor_bomb() {
    fails_helpfully("anchor_bomb", &hostile("anchor_bomb.yaml"));
}

// ---- References ----

#[test]
fn ref_to_nothing() {
    fails_helpfully("ref_to_nothing", &hostile("ref_to_nothing.yaml"));
}

#[test]
fn ref_cycle_that_never_reaches_a_schema() {
    fails_helpfully("ref_cycle", &hostile("ref_cycle.yaml"));
}

#[test]
fn ref_cycle_reached_twice_is_reported_once() {
    fails_helpfully(
        "ref_cycle_reached_twice",
        &hostile("ref_cycle_reached_twice.yaml"),
    );
}

#[test]
fn all_of_itself() {
    fails_helpfully("allof_self", &hostile("allof_self.yaml"));
}

/// `allOf` members that define one property in two ways no value satisfies together (a string
/// and an integer, two enums without a common value) are an error at the later definition,
/// naming the earlier.
#[test]
fn all_of_members_that_disagree() {
    let spec = hostile("allof_conflict.yaml");
    reports_each(
        &spec,
        &[
            "#/components/schemas/Account/allOf/1/properties/owner/properties/id",
            "#/components/schemas/Account/allOf/1/properties/owner/properties/kind",
        ],
    );
    fails_helpfully("allof_conflict", &spec);
}

/// With `--skip-unsupported`, the schema holding the disagreeing definition is any JSON, and
/// the rest generates.
#[test]
fn skipping_disagreeing_all_of_members_ends_with_a_client() {
    let spec = hostile("allof_conflict.yaml");
    let _shared = HEAVY.read().unwrap_or_else(|e| e.into_inner());
    let (Ended::Generated(output), _) = run_generator(&spec, LIMIT, true) else {
        panic!("skipping the schema leaves a spec that generates")
    };
    assert_eq!(output.skipped.len(), 2, "{:?}", output.skipped);
    let types = &output.files[Path::new("src/types.rs")];
    assert!(
        types.contains("pub type Account = serde_json::Value;"),
        "{types}"
    );
    assert!(types.contains("pub struct Base {"), "{types}");
}

#[test]
fn ref_climbing_to_etc_passwd() {
    refused_as_leaving_the_folder(
        "ref_escape_etc_passwd",
        &hostile("ref_escape_etc_passwd.yaml"),
    );
}

#[test]
fn ref_climbing_to_etc_passwd_from_any_depth() {
    refused_as_leaving_the_folder(
        "ref_escape_etc_passwd_deep",
        &hostile("ref_escape_etc_passwd_deep.yaml"),
    );
}

#[test]
fn ref_to_an_absolute_path() {
    refused_as_leaving_the_folder("ref_escape_absolute", &hostile("ref_escape_absolute.yaml"));
}

#[test]
fn ref_to_a_missing_file_outside_the_folder() {
    refused_as_leaving_the_folder("ref_escape_outside", &hostile("ref_escape_outside.yaml"));
}

#[test]
fn ref_to_an_existing_file_outside_the_folder() {
    refused_as_leaving_the_folder(
        "ref_escape_existing_file",
        &hostile("ref_escape_existing_file.yaml"),
    );
}

#[test]
fn ref_to_a_url() {
    fails_helpfully("ref_url", &hostile("ref_url.yaml"));
}

// ---- Paths and servers ----

/// A path template variable the spec does not declare is taken as a text argument (the
/// generator's choice: a common slip that the URL still needs), not refused.
#[test]
fn undeclared_path_parameter_becomes_a_text_argument() {
    let output = crate_files(&hostile("undeclared_path_param.yaml"));
    let client = file(&output, "src/client.rs");
    assert!(
        client.contains("pub async fn get_pet(&self, pet_id: &str)"),
        "{client}"
    );
    // The statement may span lines.
    let url = client
        .split("let url = format!(")
        .skip(1)
        .filter_map(|rest| rest.split_once(';').map(|(statement, _)| statement))
        .find(|statement| statement.contains("/pets/"))
        .unwrap_or_else(|| panic!("no URL built for /pets/{{petId}}:\n{client}"));
    assert!(url.contains("pet_id"), "{url}");
}

#[test]
fn unclosed_brace_in_server_url() {
    fails_helpfully(
        "server_url_unclosed_brace",
        &hostile("server_url_unclosed_brace.yaml"),
    );
}

// ---- Every problem, not only the first ----

/// Asserts that `spec` fails with exactly the problems at `pointers`.
fn reports_each(spec: &Path, pointers: &[&str]) {
    let problems = diagnostics(spec);
    let text = text_of(&problems);
    let found: BTreeSet<&str> = problems.iter().map(|d| d.pointer.as_str()).collect();
    for expected in pointers {
        assert!(
            found.contains(expected),
            "{expected} is not reported:\n{text}"
        );
    }
    assert_eq!(problems.len(), pointers.len(), "{text}");
}

#[test]
fn every_missing_parameter_is_reported() {
    let spec = hostile("three_missing_parameters.yaml");
    reports_each(
        &spec,
        &[
            "#/paths/~1a/get/parameters/0",
            "#/paths/~1b/get/parameters/0",
            "#/paths/~1c/post/parameters/0",
        ],
    );
    fails_helpfully("three_missing_parameters", &spec);
}

#[test]
fn every_type_error_is_reported() {
    let spec = hostile("three_wrong_types.yaml");
    reports_each(
        &spec,
        &[
            "#/paths/~1a/get/responses",
            "#/paths/~1b/get/deprecated",
            "#/components/schemas/C/required",
        ],
    );
    fails_helpfully("three_wrong_types", &spec);
}

#[test]
fn type_errors_in_schemas_point_at_the_field() {
    reports_each(
        &hostile("three_wrong_types.yaml"),
        &[
            "#/paths/~1a/get/responses",
            "#/paths/~1b/get/deprecated",
            "#/components/schemas/C/required",
        ],
    );
}

// ---- Names ----

#[test]
fn names_made_only_of_symbols_or_empty() {
    let output = crate_files(&hostile("symbol_names.yaml"));
    let client = syn::parse_file(file(&output, "src/client.rs")).expect("checked by crate_files");
    let text = format!(
        "{}\n// Operation methods: {:?}\n",
        file(&output, "src/types.rs"),
        operation_methods(&client)
    );
    insta::assert_snapshot!("symbol_names", text);
}

#[test]
fn operations_whose_method_names_collide_get_distinct_names() {
    let output = crate_files(&hostile("colliding_method_names.yaml"));
    let client = syn::parse_file(file(&output, "src/client.rs")).expect("checked by crate_files");
    let methods = operation_methods(&client);
    assert_eq!(methods.len(), 2, "two operations, two methods: {methods:?}");
    assert_ne!(methods[0], methods[1], "{methods:?}");
    assert!(methods.contains(&"get_pet".to_string()), "{methods:?}");
}

// ---- Size and depth ----

const HEADER_YAML: &str = "openapi: 3.0.3\ninfo:\n  title: Deep\n  version: '1'\npaths: {}\n";

#[test]
fn ten_thousand_nested_flow_sequences() {
    let depth = 10_000;
    let text = format!(
        "{HEADER_YAML}x-deep: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let scratch = Scratch::new("deep_flow_sequences");
    let spec = scratch.spec("deep_flow_sequences.yaml", &text);
    fails_with_position("deep_flow_sequences", &spec);
}

/// `{type: object, properties: {a: ...}}` nested `depth` times, in YAML flow style or JSON.
fn nested_schema(depth: usize, json: bool) -> String {
    let (open, leaf) = if json {
        (
            r#"{"type": "object", "properties": {"a": "#,
            r#"{"type": "string"}"#,
        )
    } else {
        ("{type: object, properties: {a: ", "{type: string}")
    };
    format!("{}{leaf}{}", open.repeat(depth), "}}".repeat(depth))
}

#[test]
fn ten_thousand_nested_schemas_in_yaml() {
    let text = format!(
        "{HEADER_YAML}components:\n  schemas:\n    Deep: {}\n",
        nested_schema(10_000, false)
    );
    let scratch = Scratch::new("deep_schema_properties_yaml");
    let spec = scratch.spec("deep_schema_properties.yaml", &text);
    fails_with_position("deep_schema_properties_yaml", &spec);
}

/// Twice as deep takes five times as long: reading deeply nested YAML flow collections is
/// worse than quadratic, so a small file (700 kB here) can keep the generator busy for minutes.
#[test]
fn twenty_thousand_nested_schemas_in_yaml() {
    let text = format!(
        "{HEADER_YAML}components:\n  schemas:\n    Deep: {}\n",
        nested_schema(20_000, false)
    );
    let scratch = Scratch::new("deep_schema_properties_yaml_20000");
    let spec = scratch.spec("deep_schema_properties.yaml", &text);
    fails_with_position("deep_schema_properties_yaml_20000", &spec);
}

#[test]
fn ten_thousand_nested_schemas_in_json() {
    let text = format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "Deep", "version": "1"}}, "paths": {{}}, "components": {{"schemas": {{"Deep": {}}}}}}}"#,
        nested_schema(10_000, true)
    );
    let scratch = Scratch::new("deep_schema_properties_json");
    let spec = scratch.spec("deep_schema_properties.json", &text);
    fails_with_position("deep_schema_properties_json", &spec);
}

/// As deep as the YAML reader accepts: every later stage must cope (no stack overflow).
#[test]
fn schemas_nested_as_deep_as_the_reader_accepts() {
    // The reader stops at 128 levels; each schema takes two (itself and `properties`), the
    // document, `components` and `schemas` take three.
    let text = format!(
        "{HEADER_YAML}components:\n  schemas:\n    Deep: {}\n",
        nested_schema(61, false)
    );
    let scratch = Scratch::new("deep_schema_properties_61");
    let output = crate_files(&scratch.spec("deep_schema_properties_61.yaml", &text));
    assert!(file(&output, "src/types.rs").contains("pub struct Deep"));
}

/// A huge description may generate or fail with a clear error; it must not panic, and must
/// end in bounded time. 16 MB by default, the size an unoptimised build reads, emits and formats
/// in about 5 s; `CLIENTGEN_HUGE_DESCRIPTION_MB` sets another (`scripts/hardening.sh` runs
/// 100 MB, which an unoptimised build takes about 25 s for and a release build about 6 s). The
/// limit is wider than [`LIMIT`] for those sizes.
#[test]
fn a_huge_description() {
    let megabytes: usize = std::env::var("CLIENTGEN_HUGE_DESCRIPTION_MB")
        .ok()
        .map(|v| {
            v.parse()
                .expect("CLIENTGEN_HUGE_DESCRIPTION_MB is a whole number")
        })
        .unwrap_or(16);
    let size = megabytes * 1024 * 1024;
    let mut text = String::with_capacity(size + 512);
    text.push_str(
        "openapi: 3.0.3\ninfo:\n  title: Huge\n  version: '1'\npaths: {}\ncomponents:\n  \
         schemas:\n    Huge:\n      type: object\n      properties:\n        a:\n          \
         type: string\n      description: ",
    );
    text.extend(std::iter::repeat_n('x', size));
    text.push('\n');
    let _alone = HEAVY.write().unwrap_or_else(|e| e.into_inner());
    let scratch = Scratch::new("huge_description");
    let spec = scratch.spec("huge_description.yaml", &text);
    drop(text);
    let (ended, took) = run_alone(&spec, Duration::from_secs(120));
    drop(scratch);
    match ended {
        Ended::Generated(output) => {
            let bytes: usize = output.files.values().map(String::len).sum();
            eprintln!(
                "a {megabytes} MB description generated {bytes} bytes in {took:?} ({:?})",
                output.timings
            );
            let types = file(&output, "src/types.rs");
            assert!(types.contains("pub struct Huge"));
            assert!(bytes > size, "the description is in the output");
        }
        Ended::Failed(e) => {
            let text = normalize(&e.to_string());
            eprintln!("a {megabytes} MB description failed in {took:?}: {text}");
            assert!(text.contains("huge_description.yaml"), "{text}");
        }
    }
}

/// Every spec under `tests/hostile/`, the ignored cases included: no panic, no hang.
#[test]
fn no_hostile_spec_panics_or_hangs() {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(workspace_root().join("tests/hostile"))
        .expect("tests/hostile exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    specs.sort();
    assert!(specs.len() >= 25, "found {specs:?}");
    for spec in &specs {
        // `run` fails the test on a panic or a hang; either outcome is fine here.
        run(spec);
        // Leaving out what fails ends too: each round leaves out more, or stops.
        let _shared = HEAVY.read().unwrap_or_else(|e| e.into_inner());
        run_generator(spec, LIMIT, true);
    }
}

/// With `--skip-unsupported`, schemas in a cycle of references become any JSON and the rest
/// of the spec generates (this once looped for ever).
#[test]
fn skipping_a_reference_cycle_ends_with_a_client() {
    let spec = workspace_root().join("tests/hostile/ref_cycle.yaml");
    let _shared = HEAVY.read().unwrap_or_else(|e| e.into_inner());
    let (Ended::Generated(output), _) = run_generator(&spec, LIMIT, true) else {
        panic!("skipping the cycle leaves a spec that generates")
    };
    assert_eq!(output.skipped.len(), 1, "{:?}", output.skipped);
    assert!(
        output.skipped[0].message.contains("cycle of references"),
        "{:?}",
        output.skipped
    );
    let types = &output.files[Path::new("src/types.rs")];
    assert!(types.contains("pub type B = serde_json::Value;"), "{types}");
}
