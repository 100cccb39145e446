//! OpenAPI Overlays through the command line (see `tests/fixtures/overlays/vendor.yaml`).

use super::{fixture, path, run, run_in, scratch, status, stderr, stdout};
use std::path::Path;
use std::process::Output;

/// `clientgen COMMAND SPEC --out OUT --overlay OVERLAY`.
fn overlaid(command: &str, spec: &Path, out: &Path, overlay: &Path) -> Output {
    let mut args = vec![command, path(spec), "--out", path(out)];
    args.extend(["--overlay", path(overlay)]);
    run(&args)
}

/// Asserts `text` holds `needle`, showing the text when it does not.
fn holds(text: &str, needle: &str) {
    assert!(text.contains(needle), "`{needle}` is missing from:\n{text}");
}

/// The vendor fixture and its overlay (`tests/fixtures/overlays/vendor.yaml`): `generate`,
/// `check` and `diff` take `--overlay`, the kept copy is the document after it, and the header's
/// command names it.
#[test]
fn overlays_reach_generate_check_diff_and_the_kept_copy() {
    let dir = scratch("overlays");
    let (spec, fixes) = (fixture("vendor_overlay"), fixture("overlays/vendor"));
    let out = dir.join("vendor");
    let o = overlaid("generate", &spec, &out, &fixes);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let client = std::fs::read_to_string(out.join("src/client.rs")).unwrap();
    let kept = std::fs::read_to_string(out.join("openapi.clientgen.json")).unwrap();
    assert!(client.contains("pub async fn list_files(") && !client.contains("delete_file"));
    assert!(!client.contains("reindex_files") && !kept.contains("deleteFile"));
    assert!(kept.contains("application/octet-stream") && kept.contains("size in bytes."));
    holds(
        &client.replace("\n//! ", " "),
        &format!("--overlay {}", path(&fixes)),
    );
    assert_eq!(status(&overlaid("check", &spec, &out, &fixes)), 0);
    let o = run(&["check", path(&spec), "--out", path(&out)]);
    assert_eq!(status(&o), 1, "without the overlay the crate differs");
    assert!(stdout(&o).contains("delete_file"), "{}", stdout(&o));
    // A new release adds an internal operation: with the overlay, the client does not change.
    let next = dir.join("vendor-2.5.yaml");
    let text = std::fs::read_to_string(&spec).unwrap().replace(
        "  /admin/reindex:\n",
        "  /admin/purge:\n    post:\n      operationId: purgeFiles\n      x-internal: true\n      \
         responses:\n        '204':\n          description: Purged.\n  /admin/reindex:\n",
    );
    std::fs::write(&next, text).unwrap();
    let o = run(&["diff", path(&spec), path(&next), "--overlay", path(&fixes)]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).ends_with("semver: patch\n") && !stdout(&o).contains("purge_files"));
    let o = run(&["diff", path(&spec), path(&next)]);
    assert!(stdout(&o).contains("purge_files"), "{}", stdout(&o));
}

/// A target that selects nothing is a warning naming the file, action and target; a bad overlay
/// is an error naming them (exit 1); `clientgen overlay` prints the document after overlays; a
/// listed client's `overlays` are relative to the workspace root, as its spec is.
#[test]
fn overlay_warnings_errors_the_overlay_command_and_listed_clients() {
    let dir = scratch("overlay-messages");
    let spec = fixture("vendor_overlay");
    let (renamed, bad) = (dir.join("renamed.yaml"), dir.join("bad.json"));
    let overlay = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n\
                   - target: $.paths['/files'].get\n  update: {summary: Lists them.}\n\
                   - target: $.paths['/v1/files'].get\n  remove: true\n";
    std::fs::write(&renamed, overlay).unwrap();
    let o = overlaid("generate", &spec, &dir.join("a"), &renamed);
    let expected = "#/actions/1/target: action 1 changes nothing: its target \
                    `$.paths['/v1/files'].get` selects no node of the spec";
    let warning = format!("warning: {}: {expected}", path(&renamed));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    holds(&stderr(&o), &warning);
    let actions = r#"[{"target": "paths", "remove": true}]"#;
    let text = format!(
        r#"{{"overlay": "1.1.0", "info": {{"title": "t", "version": "1"}}, "actions": {actions}}}"#
    );
    std::fs::write(&bad, text).unwrap();
    let o = overlaid("generate", &spec, &dir.join("b"), &bad);
    let error = "#/actions/0/target: `paths` is not an RFC 9535 JSONPath query";
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    holds(&stderr(&o), &format!("error: {}: {error}", path(&bad)));
    let fixes = fixture("overlays/vendor");
    let o = run(&["overlay", path(&spec), path(&fixes), path(&renamed)]);
    let yaml = stdout(&o);
    assert!(yaml.starts_with("openapi: 3.0.3\n") && yaml.contains("summary: Lists them."));
    assert!(!yaml.contains("deleteFile") && stderr(&o).contains(&warning));
    let json_spec = dir.join("vendor.json");
    let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}"#;
    std::fs::write(&json_spec, json).unwrap();
    let o = run(&["overlay", path(&json_spec), path(&bad)]);
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    let o = run(&["overlay", path(&json_spec), path(&renamed)]);
    holds(&stdout(&o), "{\n  \"openapi\": \"3.0.3\"");
    assert_eq!(
        status(&run(&["overlay", path(&spec)])),
        2,
        "one overlay or more"
    );
    // Listed in a workspace, run from a folder below its root.
    std::fs::copy(&spec, dir.join("vendor.yaml")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\n\n[[workspace.metadata.clientgen.clients]]\nspec = \"vendor.yaml\"\n\
         out = \"generated/vendor\"\noverlays = [\"renamed.yaml\"]\n",
    )
    .unwrap();
    let o = run_in(&dir.join("a"), &[]);
    holds(&stderr(&o), &warning);
    let client = std::fs::read_to_string(dir.join("generated/vendor/src/client.rs")).unwrap();
    holds(&client, "with the overlays renamed.yaml");
    assert!(client.contains("--overlay renamed.yaml`") && client.contains("Lists them."));
    assert_eq!(status(&run_in(&dir, &["check"])), 0);
}
