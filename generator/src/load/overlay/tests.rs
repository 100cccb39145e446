use super::*;
use serde_json::json;

/// The OpenAPI Initiative's overlay oracles (`shared/oracles/overlay`, beside the workspace;
/// `CLIENTGEN_SHARED` names another `shared` folder).
fn oracles() -> PathBuf {
    let shared = std::env::var_os("CLIENTGEN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    let dir = shared.join("oracles/overlay");
    assert!(
        dir.join("compliant-sets").is_dir(),
        "the overlay oracles are missing: {} (the shared folder beside the workspace; set \
         CLIENTGEN_SHARED to the shared folder if it is elsewhere)",
        dir.display()
    );
    dir
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").path())
        .collect();
    files.sort();
    files
}

fn document(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_document(path, &text).unwrap_or_else(|e| panic!("{e}"))
}

/// Each compliant set: the description after the overlay is the expected output, as data.
#[test]
fn the_compliant_sets_give_their_outputs() {
    let sets = files_in(&oracles().join("compliant-sets"));
    let sets: Vec<&PathBuf> = sets.iter().filter(|p| p.is_dir()).collect();
    assert!(sets.len() >= 8, "the compliant sets are there: {sets:?}");
    for set in sets {
        let mut doc = document(&set.join("openapi.yaml"));
        let overlay = Overlay::read(&set.join("overlay.yaml")).unwrap_or_else(|e| panic!("{e}"));
        let warnings = overlay.apply(&mut doc).unwrap_or_else(|e| panic!("{e}"));
        assert!(warnings.is_empty(), "{}: {warnings:?}", set.display());
        assert_eq!(doc, document(&set.join("output.yaml")), "{}", set.display());
    }
}

/// The schema's pass documents are read; its fail documents are refused, each message pinned.
#[test]
fn the_schema_documents_pass_and_fail() {
    let root = oracles().join("tests");
    let mut refused = String::new();
    let mut counts = (0, 0);
    for version in ["v1.0", "v1.1"] {
        for file in files_in(&root.join(version).join("pass")) {
            Overlay::read(&file).unwrap_or_else(|e| panic!("{} is refused: {e}", file.display()));
            counts.0 += 1;
        }
        for file in files_in(&root.join(version).join("fail")) {
            let Err(e) = Overlay::read(&file) else {
                panic!("{} is read", file.display());
            };
            let shown = format!(
                "{version}/fail/{}",
                file.file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
            );
            for d in &e.0 {
                assert_eq!(d.file, file, "the message names the overlay");
                refused.push_str(&format!("{shown}: {}: {}\n", d.pointer, d.message));
            }
            counts.1 += 1;
        }
    }
    assert_eq!(counts, (25, 42), "every schema document is read");
    insta::assert_snapshot!(refused);
}

fn overlay(value: Value) -> Result<Overlay, Diagnostics> {
    Overlay::from_value(Path::new("fix.yaml"), &value)
}

fn apply(actions: Value, doc: &mut Value) -> Result<Vec<Diagnostic>, Diagnostics> {
    overlay(
        json!({"overlay": "1.1.0", "info": {"title": "t", "version": "1"}, "actions": actions}),
    )?
    .apply(doc)
}

fn spec() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "tags": ["a"],
        "paths": {
            "/a": {"get": {"deprecated": true, "summary": "old", "parameters": [
                {"name": "x", "in": "query"}, {"name": "y", "in": "query"}, {"name": "x2", "in": "query"}
            ]}},
            "/b": {"get": {"summary": "b", "x-internal": true}, "post": {"summary": "c"}}
        }
    })
}

#[test]
fn filters_remove_every_match_and_keep_the_rest_in_order() {
    let mut doc = spec();
    let warnings = apply(
        json!([
            {"target": "$.paths.*[?@.deprecated == true]", "remove": true},
            {"target": "$.paths.*[?@['x-internal']]", "remove": true},
        ]),
        &mut doc,
    )
    .expect("applies");
    assert!(warnings.is_empty());
    assert_eq!(
        doc["paths"],
        json!({"/a": {}, "/b": {"post": {"summary": "c"}}})
    );
    let mut doc = spec();
    apply(
        json!([{"target": "$..parameters[?search(@.name, '^x')]", "remove": true}]),
        &mut doc,
    )
    .expect("applies");
    assert_eq!(
        doc["paths"]["/a"]["get"]["parameters"],
        json!([{"name": "y", "in": "query"}])
    );
}

#[test]
fn updates_merge_objects_concatenate_lists_and_replace_primitives() {
    let mut doc = spec();
    apply(
        json!([
            {"target": "$.paths['/b'].post", "update": {"summary": "new", "tags": ["t"]}},
            {"target": "$.tags", "update": ["b", "c"]},
            {"target": "$.tags", "update": "d"},
            {"target": "$.paths['/a'].get.summary", "update": "replaced"},
            {"target": "$.info", "update": {"x-list": [1]}},
            {"target": "$.info", "update": {"x-list": [2]}},
        ]),
        &mut doc,
    )
    .expect("applies");
    assert_eq!(
        doc["paths"]["/b"]["post"],
        json!({"summary": "new", "tags": ["t"]})
    );
    assert_eq!(doc["tags"], json!(["a", "b", "c", "d"]));
    assert_eq!(doc["paths"]["/a"]["get"]["summary"], json!("replaced"));
    assert_eq!(doc["info"]["x-list"], json!([1, 2]));
}

#[test]
fn copy_merges_the_one_node_it_selects() {
    let mut doc = spec();
    apply(
        json!([{"target": "$.paths['/a']", "copy": "$.paths['/b']"}]),
        &mut doc,
    )
    .expect("applies");
    assert_eq!(doc["paths"]["/a"]["post"], json!({"summary": "c"}));
    assert_eq!(doc["paths"]["/a"]["get"]["summary"], json!("b"));
    let e = apply(
        json!([{"target": "$.paths['/a']", "copy": "$.paths.*"}]),
        &mut spec(),
    )
    .expect_err("two nodes")
    .to_string();
    assert!(
        e.contains("fix.yaml: #/actions/0/copy: `copy` `$.paths.*` selects 2 nodes"),
        "{e}"
    );
    let e = apply(
        json!([{"target": "$.paths['/a']", "copy": "$.nothing"}]),
        &mut spec(),
    )
    .expect_err("no node")
    .to_string();
    assert!(e.contains("selects no node"), "{e}");
    let e = overlay(
        json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"},
        "actions": [{"target": "$", "copy": "$.info"}]}),
    )
    .expect_err("copy is 1.1")
    .to_string();
    assert!(
        e.contains("#/actions/0/copy: `copy` is an Overlay 1.1 action"),
        "{e}"
    );
}

#[test]
fn a_target_that_selects_nothing_is_a_warning_naming_the_file_action_and_target() {
    let mut doc = spec();
    let warnings = apply(
        json!([
            {"target": "$.info", "update": {"x-a": 1}},
            {"target": "$.paths['/renamed'].get", "remove": true},
        ]),
        &mut doc,
    )
    .expect("applies");
    assert_eq!(warnings.len(), 1);
    let text = warnings[0].headline();
    assert!(
        text.starts_with(
            "fix.yaml: #/actions/1/target: action 1 changes nothing: its target \
             `$.paths['/renamed'].get` selects no node of the spec"
        ),
        "{text}"
    );
    assert_eq!(doc["info"]["x-a"], json!(1));
}

#[test]
fn wrong_merges_are_errors_naming_the_action_and_the_node() {
    let cases = [
        (
            json!([{"target": "$.paths['/a'].get", "update": "text"}]),
            "#/actions/0/update: the target selects objects ($['paths']['/a']['get']); the value is a primitive",
        ),
        (
            json!([{"target": "$.info.title", "update": {"a": 1}}]),
            "the target selects primitives",
        ),
        (
            json!([{"target": "$.paths..summary", "update": "s"}, {"target": "$.paths.*.get.*", "update": "s"}]),
            "#/actions/1/update: the target selects nodes of different kinds",
        ),
        (
            json!([{"target": "$.info", "update": {"title": {"a": 1}}}]),
            "cannot merge an object into a primitive at `$['info']['title']`",
        ),
        (
            json!([{"target": "$", "remove": true}]),
            "#/actions/0: `remove` selects the root",
        ),
    ];
    for (actions, expected) in cases {
        let e = apply(actions.clone(), &mut spec())
            .expect_err(&actions.to_string())
            .to_string();
        assert!(e.contains(expected), "{actions}: {e}");
        assert!(e.starts_with("error: fix.yaml: #/actions/"), "{e}");
    }
}

#[test]
fn invalid_targets_are_errors_naming_the_action() {
    let cases = [
        (
            "info.title",
            "#/actions/0/target: `info.title` is not an RFC 9535 JSONPath query",
        ),
        ("$.paths[?@.a ==]", "is not an RFC 9535 JSONPath query"),
        ("$['unclosed", "is not an RFC 9535 JSONPath query"),
    ];
    for (target, expected) in cases {
        let e = apply(json!([{"target": target, "remove": true}]), &mut spec())
            .expect_err(target)
            .to_string();
        assert!(e.contains(expected), "{target}: {e}");
    }
}

/// Hostile overlays are refused with a message, never a crash: deep queries, growth without
/// bound, wrong types everywhere, many actions.
#[test]
fn hostile_overlays_are_errors() {
    let deep = format!("$[?{}@.a{}]", "(".repeat(5000), ")".repeat(5000));
    let e = apply(json!([{"target": deep, "remove": true}]), &mut spec())
        .expect_err("deep")
        .to_string();
    assert!(e.contains("nests brackets more than 32 deep"), "{e}");
    let long = format!("$.{}", "a".repeat(10_000));
    assert!(apply(json!([{"target": long, "remove": true}]), &mut spec()).is_err());
    // A copy of the whole document into each of its 3,000 paths is refused before it is made.
    let mut doc = spec();
    for i in 0..3000 {
        doc["paths"][format!("/p{i}")] = json!({});
    }
    let e = apply(json!([{"target": "$.paths.*", "copy": "$"}]), &mut doc)
        .expect_err("grows")
        .to_string();
    assert!(
        e.contains("the overlay adds more than 5000000 nodes"),
        "{e}"
    );
    let e = overlay(json!({"overlay": 1.1, "info": [], "extends": 3, "actions": [7, {"target": []},
        {"target": "$", "remove": "yes", "description": {}}, {"target": "$", "copy": 3}, {"target": "$", "y": 1}]}))
    .expect_err("wrong types")
    .to_string();
    for expected in [
        "#/overlay: `overlay` is a number",
        "#/info: `info` is a list",
        "#/extends: `extends` is a number",
        "#/actions/0: action 0 is a number",
        "#/actions/1/target: `target` is a list",
        "#/actions/2/remove: `remove` is text",
        "#/actions/2/description: `description` is an object",
        "#/actions/3/copy: `copy` is a number",
        "#/actions/4/y: `y` is not a field of an action",
    ] {
        assert!(e.contains(expected), "{expected}: {e}");
    }
    let many: Vec<Value> = (0..=MAX_ACTIONS)
        .map(|i| json!({"target": "$", "x-i": i}))
        .collect();
    let e = apply(Value::Array(many), &mut spec())
        .expect_err("many")
        .to_string();
    assert!(e.contains("more than the 100000 clientgen applies"), "{e}");
}

#[test]
fn overlay_files_are_read_as_yaml_or_json_and_all_their_problems_told() {
    let dir = std::env::temp_dir().join(format!("clientgen-overlay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp folder");
    let yaml = dir.join("a.yaml");
    let json_file = dir.join("b.json");
    let bad = dir.join("bad.yaml");
    std::fs::write(&yaml, "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.info\n    update: {x-a: 1}\n").expect("write");
    std::fs::write(&json_file, r#"{"overlay": "1.1.0", "info": {"title": "t", "version": "1"}, "actions": [{"target": "$.info['x-a']", "update": 2}]}"#).expect("write");
    std::fs::write(&bad, "overlay: 1.0.0\nactions: []\n").expect("write");
    let mut doc = spec();
    apply_files(&[yaml.clone(), json_file.clone()], &mut doc).expect("applies");
    assert_eq!(doc["info"]["x-a"], json!(2));
    let missing = dir.join("missing.yaml");
    let e = apply_files(&[bad.clone(), missing.clone(), yaml], &mut spec()).expect_err("bad");
    let text = e.to_string();
    std::fs::remove_dir_all(&dir).expect("cleaned");
    assert_eq!(e.0.len(), 3, "{text}");
    assert!(
        text.contains(&format!("{}: #: `info` is missing", bad.display())),
        "{text}"
    );
    assert!(
        text.contains(&format!("{}: #/actions: `actions` is empty", bad.display())),
        "{text}"
    );
    assert!(
        text.contains(&format!("{}: cannot read the overlay", missing.display())),
        "{text}"
    );
}

/// Names with `-` after a dot are not RFC 9535, but overlays write them (the specification's
/// traits example does): they are read quoted, with a warning.
#[test]
fn dashed_names_after_a_dot_are_read_quoted_with_a_warning() {
    let cases = [
        (
            "$.paths.*.get[?@.x-oai-traits.paged]",
            Some("$.paths.*.get[?@['x-oai-traits'].paged]"),
        ),
        ("$..x-a.b", Some("$..['x-a'].b")),
        ("$.x-a", Some("$['x-a']")),
        ("$['x-a'].b", None),
        ("$[?@.a == 'x.y-z']", None),
    ];
    for (text, expected) in cases {
        assert_eq!(
            check::quote_dashed_names(text).as_deref(),
            expected,
            "{text}"
        );
    }
    let mut doc = spec();
    let warnings = apply(
        json!([{"target": "$.paths.*[?@.x-internal]", "remove": true}]),
        &mut doc,
    )
    .expect("applies");
    assert_eq!(doc["paths"]["/b"], json!({"post": {"summary": "c"}}));
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0]
            .message
            .contains("read as `$.paths.*[?@['x-internal']]`"),
        "{}",
        warnings[0]
    );
}
