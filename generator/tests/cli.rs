//! The `clientgen` binary as users run it: arguments, messages and exit statuses (0 success,
//! 1 bad spec / failed check / write error, 2 bad usage).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// `--overlay` on `generate`, `check` and `diff`, `clientgen overlay`, and listed clients' overlays.
#[path = "cli/overlays.rs"]
mod overlays;

fn changes(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/changes")
        .join(format!("{name}.yaml"))
}

/// A fresh folder outside any Cargo workspace.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("clientgen-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the temporary folder is writable");
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clientgen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn run(args: &[&str]) -> Output {
    run_in(&std::env::temp_dir(), args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn status(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 paths")
}

#[test]
fn help_is_a_command_and_names_the_workspace_table_as_the_readme_does() {
    let o = run(&["help"]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Usage: clientgen [COMMAND]"), "{text}");
    assert!(
        text.contains("[[workspace.metadata.clientgen.clients]]"),
        "{text}"
    );
    for command in ["generate", "check", "diff"] {
        assert!(text.contains(command), "{text}");
    }
}

#[test]
fn each_command_has_its_own_help() {
    for (args, usage) in [
        (&["generate", "--help"][..], "Usage: clientgen generate"),
        (&["help", "check"][..], "Usage: clientgen check"),
        (
            &["diff", "-h"][..],
            "Usage: clientgen diff [OPTIONS] <OLD> <NEW>",
        ),
        (
            &["overlay", "-h"][..],
            "Usage: clientgen overlay <SPEC> <OVERLAY>...",
        ),
    ] {
        let o = run(args);
        assert_eq!(status(&o), 0);
        assert!(stdout(&o).contains(usage), "{args:?}: {}", stdout(&o));
    }
    let o = run(&["--version"]);
    assert_eq!(status(&o), 0);
    assert!(stdout(&o).starts_with("clientgen "));
}

#[test]
fn a_mistyped_command_or_option_gets_a_suggestion_and_short_usage() {
    let o = run(&["gen", "x.yaml"]);
    assert_eq!(status(&o), 2);
    let text = stderr(&o);
    assert!(text.contains("unrecognized subcommand 'gen'"), "{text}");
    assert!(
        text.contains("a similar subcommand exists: 'generate'"),
        "{text}"
    );
    assert!(
        text.lines().count() < 10,
        "short usage, not the help: {text}"
    );

    let o = run(&["generate", "x.yaml", "--out", "y", "--skip-unsuported"]);
    assert_eq!(status(&o), 2);
    assert!(
        stderr(&o).contains("'--skip-unsupported'"),
        "{}",
        stderr(&o)
    );

    let o = run(&["generate", "x.yaml"]);
    assert_eq!(status(&o), 2);
    assert!(stderr(&o).contains("--out <DIR>"), "{}", stderr(&o));

    let o = run(&["generate", "x.yaml", "--out", "y", "--name", "9 lives"]);
    assert_eq!(status(&o), 2);
    assert!(stderr(&o).contains("package name"), "{}", stderr(&o));
}

#[test]
fn out_takes_an_equals_sign_and_regenerating_rewrites_nothing() {
    let dir = scratch("equals");
    let out = dir.join("pets");
    let spec = changes("base");
    let args = ["generate", path(&spec), &format!("--out={}", path(&out))];
    let o = run(&args);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert!(out.join("src/types.rs").is_file());
    assert!(
        stderr(&o).contains("written, 0 unchanged"),
        "{}",
        stderr(&o)
    );
    let o = run(&args);
    assert!(stderr(&o).contains(": 0 written,"), "{}", stderr(&o));
}

#[test]
fn out_naming_a_file_is_a_usage_error_not_an_os_error() {
    let dir = scratch("afile");
    let file = dir.join("afile");
    std::fs::write(&file, "").unwrap();
    let o = run(&["generate", path(&changes("base")), "--out", path(&file)]);
    assert_eq!(status(&o), 2);
    let text = stderr(&o);
    assert!(text.contains("is a file; --out names the folder"), "{text}");
    assert!(!text.contains("os error"), "{text}");
}

#[test]
fn a_bad_spec_exits_1() {
    let dir = scratch("badspec");
    let missing = dir.join("missing.yaml");
    let o = run(&["generate", path(&missing), "--out", path(&dir.join("x"))]);
    assert_eq!(status(&o), 1);
    assert!(stderr(&o).contains("missing.yaml"), "{}", stderr(&o));
    // Nothing to leave out of a file that cannot be read, nor of text that does not parse.
    assert!(!stderr(&o).contains("--skip-unsupported"), "{}", stderr(&o));
    let broken = dir.join("broken.yaml");
    std::fs::write(
        &broken,
        "openapi: 3.0.3
info: {title: t
",
    )
    .unwrap();
    let o = run(&["generate", path(&broken), "--out", path(&dir.join("x"))]);
    assert_eq!(status(&o), 1);
    assert!(stderr(&o).contains("invalid YAML"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("--skip-unsupported"), "{}", stderr(&o));
}

#[test]
fn an_unknown_tag_or_operation_is_an_error_naming_the_nearest() {
    let dir = scratch("tags");
    let spec = changes("base");
    let out = dir.join("x");
    let o = run(&[
        "generate",
        path(&spec),
        "--out",
        path(&out),
        "--tags",
        "pest",
    ]);
    assert_eq!(status(&o), 1);
    let text = stderr(&o);
    assert!(
        text.contains("--tags pest: no operation has this tag"),
        "{text}"
    );
    assert!(text.contains("nearest valid values: `pets`"), "{text}");
    let o = run(&[
        "generate",
        path(&spec),
        "--out",
        path(&out),
        "--operations",
        "lisPets",
    ]);
    assert_eq!(status(&o), 1);
    assert!(stderr(&o).contains("`listPets`"), "{}", stderr(&o));
    assert!(!out.exists(), "nothing is written");
    let o = run(&[
        "generate",
        path(&spec),
        "--out",
        path(&out),
        "--tags=pets",
        "--operations",
        "delete_pet,GET /pets/{petId}",
    ]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
}

#[test]
fn check_outside_a_workspace_says_what_to_do() {
    let dir = scratch("noworkspace");
    let o = run_in(&dir, &["check"]);
    assert_eq!(status(&o), 2);
    let text = stderr(&o);
    assert!(
        text.contains("[[workspace.metadata.clientgen.clients]]"),
        "{text}"
    );
    assert!(
        text.contains("clientgen generate <SPEC> --out <DIR>"),
        "{text}"
    );
    assert!(!text.contains("cargo run"), "{text}");
}

#[test]
fn check_shows_hunks_and_names_the_command_that_regenerates() {
    let dir = scratch("check");
    let out = dir.join("pets");
    let o = run(&[
        "generate",
        path(&changes("base")),
        "--out",
        path(&out),
        "--name",
        "pets",
    ]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let o = run(&[
        "check",
        path(&changes("base")),
        "--out",
        path(&out),
        "--name=pets",
    ]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("up to date"));

    let changed = changes("field_type_changed");
    let o = run(&[
        "check",
        path(&changed),
        "--out",
        path(&out),
        "--name",
        "pets",
    ]);
    assert_eq!(status(&o), 1);
    let text = stdout(&o);
    assert!(text.contains("2 file(s) differ"), "{text}");
    assert!(
        text.contains("-    pub id: i64,\n+    pub id: String,"),
        "{text}"
    );
    let text = stderr(&o);
    assert!(
        text.contains("out of date; regenerate with `clientgen generate"),
        "{text}"
    );
}

/// The workspace's checked-in flagship crate and its spec.
fn flagship() -> (PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    (
        root.join("generated/cronofy-smart-invites"),
        root.join("spec/smart_invites.yaml"),
    )
}

/// Copies every file under `from` to the same place under `to` (the flagship's files, whatever
/// they are: the list is pinned by `tests/tests/snapshots.rs`, not repeated here).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).expect("the flagship's folder is readable") {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of the flagship crate in `dir/crate`, and a copy of its spec with a field removed
/// (major) and an enum value added (minor) in `dir/changed.yaml`.
fn flagship_copy_and_changed_spec(dir: &Path) -> (PathBuf, PathBuf) {
    let (crate_dir, spec) = flagship();
    let copy = dir.join("crate");
    copy_tree(&crate_dir, &copy);
    let text = std::fs::read_to_string(spec).unwrap();
    let comment = "        comment:\n          type: string\n          description: The comment \
                   the recipient left with their reply, if any.\n";
    let method = "        - remove\n      default: request";
    assert!(text.contains(comment) && text.contains(method));
    let changed = text.replace(comment, "").replace(
        method,
        "        - remove\n        - delete\n      default: request",
    );
    let changed_spec = dir.join("changed.yaml");
    std::fs::write(&changed_spec, changed).unwrap();
    (copy, changed_spec)
}

/// `check` of a stale crate prints what `diff` prints (the API's changes, each with its pointer
/// and semver, then `semver: ...`), then a line per file and the files' hunks with context.
#[test]
fn check_of_a_stale_crate_prints_the_diff_summary_then_hunks() {
    let dir = scratch("check-flagship");
    let (copy, changed) = flagship_copy_and_changed_spec(&dir);
    let (_, spec) = flagship();
    let args = [
        "check",
        path(&changed),
        "--out",
        path(&copy),
        "--name",
        "cronofy-smart-invites",
        // The flagship's settings, as its workspace entry has them (the command of its header).
        "--mock",
    ];
    let o = run(&args);
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    let check = stdout(&o).replace(path(&dir), "<DIR>");
    let o = run(&["diff", path(&spec), path(&changed)]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let diff = stdout(&o);
    assert!(
        check.starts_with(&format!("{diff}\n")),
        "check does not start with diff's text:\n{diff}\n---\n{check}"
    );
    insta::assert_snapshot!("diff_of_the_flagship_changed", diff);
    insta::assert_snapshot!("check_of_the_flagship_changed", check);

    // Without the copy of the spec (a crate written by an older clientgen), the changed files
    // and items instead, after one line saying why.
    std::fs::remove_file(copy.join("openapi.clientgen.json")).unwrap();
    let o = run(&args);
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    let text = stdout(&o).replace(path(&dir), "<DIR>");
    let first = text.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "no openapi.clientgen.json in <DIR>/crate (written by an older clientgen): the changes \
         are told by file and item"
    );
    assert!(text.contains("<DIR>/crate/src/types.rs (-"), "{text}");
    assert!(text.contains("`struct RecipientState`"), "{text}");

    // The spec unchanged but a file edited: said so, with the items changed.
    let o = run(&[
        "generate",
        path(&spec),
        "--out",
        path(&copy),
        "--name",
        "cronofy-smart-invites",
    ]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let types = copy.join("src/types.rs");
    let edited = std::fs::read_to_string(&types).unwrap().replace(
        "pub struct RecipientState {",
        "pub struct RecipientState {\n    pub extra: u8,",
    );
    std::fs::write(&types, edited).unwrap();
    let o = run(&[
        "check",
        path(&spec),
        "--out",
        path(&copy),
        "--name",
        "cronofy-smart-invites",
    ]);
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with(
            "the spec is the one the crate was generated from (openapi.clientgen.json is up \
             to date): the files differ because clientgen, its settings or the files themselves \
             changed\n1 file(s) differ"
        ),
        "{text}"
    );
    assert!(text.contains("(-1 +0): `struct RecipientState`"), "{text}");
}

/// Runs the binary with standard output and/or standard error a pipe whose reader went away
/// before anything was written (as `| head` does after its lines, or `2>&1 | head -n 1`).
fn run_closed(args: &[&str], close_out: bool, close_err: bool) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clientgen"))
        .args(args)
        .current_dir(std::env::temp_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if close_out {
        drop(child.stdout.take());
    }
    if close_err {
        drop(child.stderr.take());
    }
    child.wait_with_output().expect("the binary ends")
}

#[test]
fn a_closed_stream_ends_quietly_with_the_status_of_a_read_one() {
    let dir = scratch("pipe");
    let out = dir.join("pets");
    let o = run(&["generate", path(&changes("base")), "--out", path(&out)]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let (base, renamed) = (changes("base"), changes("type_renamed"));
    let removed = changes("operation_removed");
    let missing = dir.join("missing.yaml");
    let cases: [(&str, Vec<&str>, i32); 6] = [
        (
            "check",
            vec!["check", path(&renamed), "--out", path(&out)],
            1,
        ),
        (
            "check up to date",
            vec!["check", path(&base), "--out", path(&out)],
            0,
        ),
        ("diff", vec!["diff", path(&base), path(&removed)], 0),
        (
            "generate error",
            vec!["generate", path(&missing), "--out", path(&out)],
            1,
        ),
        ("usage error", vec!["generate", path(&base)], 2),
        ("help", vec!["generate", "--help"], 0),
    ];
    for (what, args, expected) in &cases {
        for (close_out, close_err) in [(true, false), (false, true), (true, true)] {
            // Several runs: whether the reader is gone before the first write is a race.
            for _ in 0..2 {
                let o = run_closed(args, close_out, close_err);
                let shown =
                    format!("{what} (stdout closed {close_out}, stderr closed {close_err})");
                assert_eq!(status(&o), *expected, "{shown}: {}", stderr(&o));
                assert!(!stderr(&o).contains("panicked"), "{shown}: {}", stderr(&o));
                assert!(!stdout(&o).contains("panicked"), "{shown}: {}", stdout(&o));
            }
        }
    }
}

#[test]
fn diff_ends_with_the_semver_line_and_exits_0() {
    let o = run(&[
        "diff",
        path(&changes("base")),
        path(&changes("operation_removed")),
    ]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    assert_eq!(text.lines().last(), Some("semver: major"), "{text}");
    assert!(text.contains("#/paths/~1pets~1{petId}/delete"), "{text}");
    let dir = scratch("diffbad");
    let o = run(&["diff", path(&changes("base")), path(&dir.join("nope.yaml"))]);
    assert_eq!(status(&o), 1);
}

#[test]
fn no_arguments_regenerates_the_listed_clients() {
    let dir = scratch("workspace");
    std::fs::copy(changes("base"), dir.join("pets.yaml")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\n\n[[workspace.metadata.clientgen.clients]]\nspec = \"pets.yaml\"\n\
         out = \"generated/pets\"\n",
    )
    .unwrap();
    let o = run_in(&dir, &[]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert!(dir.join("generated/pets/src/client.rs").is_file());
    let o = run_in(&dir, &["check"]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    std::fs::copy(changes("field_removed"), dir.join("pets.yaml")).unwrap();
    let o = run_in(&dir, &["check"]);
    assert_eq!(status(&o), 1);
    assert!(
        stderr(&o).contains("regenerate with `clientgen` (no arguments)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_type_openapi_does_not_define_is_an_error_with_its_pointer() {
    let dir = scratch("bool");
    let spec = dir.join("bool.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
         A:\n      type: object\n      properties:\n        b: {type: bool}\n",
    )
    .unwrap();
    let o = run(&["generate", path(&spec), "--out", path(&dir.join("x"))]);
    assert_eq!(status(&o), 1);
    let text = stderr(&o);
    assert!(
        text.contains("#/components/schemas/A/properties/b/type: `bool` is not an OpenAPI type"),
        "{text}"
    );
    assert!(text.contains("write `type: boolean`"), "{text}");
    // The line, a mark under the value at fault, and no colours: stderr is not a terminal.
    let place = format!(" --> {}:9:19\n", spec.display());
    assert!(text.contains(&place), "{text}");
    assert!(
        text.contains("9 |         b: {type: bool}\n  |                   ^^^^\n"),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "{text}");
    // The schema can be left out: the last line says how.
    assert!(
        text.trim_end().ends_with(
            "help: `clientgen generate --skip-unsupported` leaves out the operations and \
             schemas that hold these problems (and lists them) and generates the rest"
        ),
        "{text}"
    );
    let o = run(&[
        "generate",
        path(&spec),
        "--out",
        path(&dir.join("x")),
        "--skip-unsupported",
    ]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("help: `clientgen generate"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("skipped: "), "{}", stderr(&o));
    assert!(stderr(&o).contains(&place), "{}", stderr(&o));
}

// Settings: the same keys as flags and in a `[[workspace.metadata.clientgen.clients]]` entry.

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(format!("{name}.yaml"))
}

#[test]
fn settings_flags_reach_the_crate_and_its_header() {
    let dir = scratch("settings-flags");
    let spec = fixture("typed_formats");
    let out = dir.join("events");
    let flags = [
        "--format",
        "date-time=time",
        "--format=date=time",
        "--format",
        "uuid=uuid",
        "--rename-schema",
        "Event=Happening",
        "--derive",
        "Eq",
    ];
    let mut args = vec!["generate", path(&spec), "--out", path(&out)];
    args.extend(flags);
    let o = run(&args);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let types = std::fs::read_to_string(out.join("src/types.rs")).unwrap();
    assert!(
        types.contains("pub starts_at: Parsed<time::OffsetDateTime>,"),
        "{types}"
    );
    assert!(types.contains("pub struct Happening {"), "{types}");
    assert!(types.contains("#[derive(Eq)]"), "{types}");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains(r#"time = { version = "0.3", features = ["formatting", "parsing"] }"#),
        "{manifest}"
    );
    assert!(manifest.contains("uuid = \"1\""), "{manifest}");
    let command = "--format date=time --format date-time=time --format uuid=uuid \
                   --rename-schema Event=Happening --derive Eq";
    assert!(
        types.replace("\n//! ", " ").contains(command),
        "the header names the flags: {types}"
    );
    let mut check = vec!["check", path(&spec), "--out", path(&out)];
    check.extend(flags);
    assert_eq!(status(&run(&check)), 0);
    let o = run(&["check", path(&spec), "--out", path(&out)]);
    assert_eq!(status(&o), 1, "without the settings the crate differs");
}

#[test]
fn a_bad_setting_is_bad_usage_and_an_unknown_name_lists_the_nearest() {
    let dir = scratch("settings-bad");
    let spec = fixture("typed_formats");
    let out = dir.join("events");
    let o = run(&[
        "generate",
        path(&spec),
        "--out",
        path(&out),
        "--format",
        "date-time=moment",
    ]);
    assert_eq!(status(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("choose one of: time, chrono, jiff, string"),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "generate",
        path(&spec),
        "--out",
        path(&out),
        "--rename-schema",
        "Evnt=Happening",
    ]);
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    let text = stderr(&o);
    assert!(
        text.contains("setting `rename-schemas` names `Evnt`"),
        "{text}"
    );
    assert!(text.contains("the nearest valid names: `Event`"), "{text}");
    let o = run(&[
        "generate",
        path(&spec),
        "--out",
        path(&out),
        "--rename-property",
        "Event.tilte=name",
        "--rename-operation",
        "getEvnt=event",
    ]);
    assert_eq!(status(&o), 1);
    let text = stderr(&o);
    assert!(text.contains("`Event.title`"), "{text}");
    assert!(text.contains("`getEvent`"), "{text}");
}

#[test]
fn a_listed_client_takes_its_settings_from_the_entry() {
    let dir = scratch("settings-workspace");
    std::fs::copy(fixture("typed_formats"), dir.join("events.yaml")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\n\n[[workspace.metadata.clientgen.clients]]\nspec = \"events.yaml\"\n\
         out = \"generated/events\"\nformats = { date-time = \"jiff\", uuid = \"uuid\" }\n\
         rename-operations = { getEvent = \"event\" }\n",
    )
    .unwrap();
    let o = run_in(&dir, &[]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let client = std::fs::read_to_string(dir.join("generated/events/src/client.rs")).unwrap();
    assert!(client.contains("pub async fn event("), "{client}");
    assert!(client.contains("--format date-time=jiff"), "{client}");
    let o = run_in(&dir, &["check"]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\n\n[[workspace.metadata.clientgen.clients]]\nspec = \"events.yaml\"\n\
         out = \"generated/events\"\nformat = { date-time = \"jiff\" }\n",
    )
    .unwrap();
    let o = run_in(&dir, &[]);
    assert_eq!(status(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("unknown field `format`"),
        "{}",
        stderr(&o)
    );
}

/// `--skip-unsupported` tells at least every problem the run without it tells (as `skipped:` or
/// as `error:`), here six in load and model plus one type OpenAPI does not define: a problem it
/// cannot leave out (a path-level parameter) must not hide the others.
#[test]
fn skipping_tells_every_problem_the_normal_run_tells() {
    let dir = scratch("skip-all");
    let spec = dir.join("six.yaml");
    let ok = "description: ok, content: {application/json: {schema: {$ref: '#/components/schemas";
    std::fs::write(
        &spec,
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    parameters:\n      \
             - $ref: '#/components/parameters/Gone'\n    get:\n      responses:\n        \
             '200': {{{ok}/M1'}}}}}}}}\n  /b:\n    get:\n      responses:\n        \
             '200': {{{ok}/M2'}}}}}}}}\n    post:\n      responses:\n        \
             '200': {{{ok}/M3'}}}}}}}}\ncomponents:\n  schemas:\n    A:\n      properties:\n        \
             x: {{$ref: '#/components/schemas/M4'}}\n    B:\n      properties:\n        \
             y: {{type: bool}}\n        z: {{$ref: '#/components/schemas/M5'}}\n"
        ),
    )
    .unwrap();
    let problems = |o: &Output| -> Vec<String> {
        let text = stderr(o);
        let mut lines: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("error: ").or(l.strip_prefix("skipped: ")))
            .map(|l| l.split(" refers to").next().unwrap_or(l).to_string())
            .collect();
        lines.sort();
        lines
    };
    let out = path(&dir.join("x")).to_string();
    let normal = run(&["generate", path(&spec), "--out", &out]);
    assert_eq!(status(&normal), 1);
    let normal = problems(&normal);
    assert_eq!(normal.len(), 7, "{normal:#?}");
    let skipping = run(&["generate", path(&spec), "--out", &out, "--skip-unsupported"]);
    assert_eq!(
        status(&skipping),
        1,
        "the path-level parameter cannot be left out"
    );
    let skipping = problems(&skipping);
    for p in &normal {
        assert!(skipping.contains(p), "{p} missing from {skipping:#?}");
    }
    // Without the problem that cannot be left out, the rest is skipped and listed.
    let text = std::fs::read_to_string(&spec).unwrap();
    let fixed = text.replace(
        "    parameters:\n      - $ref: '#/components/parameters/Gone'\n",
        "",
    );
    std::fs::write(&spec, fixed).unwrap();
    let skipping = run(&["generate", path(&spec), "--out", &out, "--skip-unsupported"]);
    assert_eq!(status(&skipping), 0, "{}", stderr(&skipping));
    let skipping = problems(&skipping);
    for p in normal.iter().filter(|p| !p.contains("parameters")) {
        assert!(skipping.contains(p), "{p} missing from {skipping:#?}");
    }
}

/// `--no-client`: the types alone, a crate without reqwest (nor tokio, nor the webhook crates)
/// that compiles clippy-clean, and a header that names the flag.
#[test]
fn no_client_writes_a_types_only_crate_that_compiles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // The folder the tests that compile generated crates share, so serde is built once.
    let target = std::env::var_os("CLIENTGEN_CRATES_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/generated-crates"));
    let out = target.join("src/no-client");
    let spec = root.join("spec/smart_invites.yaml");
    let o = run(&[
        "generate",
        path(&spec),
        "--out",
        path(&out),
        "--name",
        "invites-types",
        "--no-client",
    ]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    for absent in ["reqwest", "tokio", "hmac", "sha2"] {
        assert!(!manifest.contains(absent), "{absent}: {manifest}");
    }
    assert!(manifest.contains("serde_json"), "{manifest}");
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    assert!(lib.contains("--name invites-types --no-client`."), "{lib}");
    assert!(
        lib.contains("//! The types of the Cronofy Smart Invites API"),
        "{lib}"
    );
    assert!(lib.contains("pub mod types;"), "{lib}");
    for absent in [
        "mod client",
        "mod error",
        "mod retry",
        "mod webhooks",
        "Client",
    ] {
        assert!(!lib.contains(absent), "{absent}: {lib}");
    }
    assert!(!out.join("src/client.rs").exists());
    // Outside the workspace: a package of its own.
    std::fs::write(out.join("Cargo.toml"), format!("{manifest}\n[workspace]\n")).unwrap();
    let clippy = Command::new(env!("CARGO"))
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", &target)
        .args(["clippy", "--quiet", "--offline", "--", "-D", "warnings"])
        .output()
        .expect("cargo runs");
    assert!(clippy.status.success(), "{}", stderr(&clippy));
    let o = run(&[
        "generate",
        path(&spec),
        "--out",
        path(&out),
        "--no-client",
        "--tag-features",
    ]);
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no operations to group"),
        "{}",
        stderr(&o)
    );
}
