//! Each spec under `tests/fixtures/` shows one family of OpenAPI constructs. `build.rs` compiles
//! the client of every one (and clippy lints it with `-D warnings`); here what each fixture is
//! about is pinned, and every generated item is pinned once:
//!
//! - the runtime every client has (the client's helpers, the error type, retries) is pinned by
//!   the flagship's checked-in crate (`generated/cronofy-smart-invites/`, held byte for byte by
//!   `staleness.rs`), so an item a fixture generates exactly as the flagship does is not pinned
//!   again;
//! - helpers several fixtures share but the flagship lacks (path encoding, parameter joining,
//!   multipart...) are pinned once, in `generation__fixtures__shared_by_fixtures.snap`;
//! - each fixture's snapshot holds only the items no other client has: its types, its
//!   operations, and whatever its constructs change in the shared code. Its header says what the
//!   fixture is for (`PINS`); one longer than `MAX_SNAPSHOT_LINES` is cut into parts at type
//!   boundaries (`<fixture>_part1`, ...).
//!
//! A new spec dropped into `tests/fixtures/` is picked up by this scheme (and by `build.rs`)
//! once `PINS` says what it is for. A fixture whose own items would make snapshots nobody reads
//! (`MAX_FIXTURE_LINES`) has its point asserted instead, and is listed in `ASSERTED`.

use std::collections::BTreeMap;

use clientgen_tests::workspace_root;

use crate::support::units;
use units::{Unit, render_units, units};

/// Fixtures whose point is asserted by tests in this file rather than pinned: their own items
/// are mostly bulk (`large_split_serde` is 300 unused schemas that push it over the large-spec
/// threshold; what the threshold changes is asserted by the `large_clients_*` and
/// `compact_deserialize_*` tests below; `style_table` is 41 operations differing only in how
/// they serialize one parameter, checked against the specification's table by `style_table.rs`;
/// `reserved_names` uses every name of `naming::reserved` as an operation, parameter, property
/// and schema: its point, that the client compiles and lints clean, is asserted by `build.rs`
/// and clippy, and `reserved_names.rs` checks every declared name against the registry).
const ASSERTED: &[&str] = &["large_split_serde", "reserved_names", "style_table"];

/// The most lines of items of its own a fixture may have: beyond it, assert the fixture's point
/// instead. (Raised from 800 when structs gained a constructor and one setter per field.)
const MAX_FIXTURE_LINES: usize = 1400;

/// The longest snapshot file: a fixture's own items beyond it are cut into parts.
const MAX_SNAPSHOT_LINES: usize = 800;

/// The lines of a snapshot file's header (`---`, source, description, expression, `---`),
/// which count towards [`MAX_SNAPSHOT_LINES`]: the text may have the rest.
const MAX_TEXT_LINES: usize = MAX_SNAPSHOT_LINES - 5;

/// What each pinned fixture is for, in one sentence: the description in its snapshot's header.
const PINS: &[(&str, &str)] = &[
    (
        "shared_by_fixtures",
        "The items several fixture clients generate but the flagship does not (path encoding, parameter joining, multipart, ...), pinned once.",
    ),
    (
        "allof_depth",
        "`allOf` members that define one value again at every depth (nested properties, array items, map values, through references), merged into one type whose examples round-trip whole.",
    ),
    (
        "annotated_allof",
        "`allOf` of a `$ref` and a description, the OpenAPI 3.0 way to describe one use of a schema: as a component, a property and array items.",
    ),
    (
        "mock_server",
        "The setting `mock`: the typed mock server (the module `mock`, behind the feature `mock`) of path, query and header parameters, a JSON body, response headers (of a success of one type, and of each status of a per-status success), text and empty responses, an error enum with `default`, and the spec's examples as ready responses.",
    ),
    (
        "basic_auth",
        "One HTTP Basic scheme for every operation, so the credentials are given to the client's constructor.",
    ),
    (
        "bodies",
        "Request bodies of each kind the client sends: JSON, optional, form, multipart, text, binary, XML and vendor JSON media types.",
    ),
    (
        "client_credentials",
        "One OAuth2 scheme with a client-credentials flow (a token URL relative to the server, two scopes): the constructor takes a `Bearer`, `authorize` fetches tokens, `send` and `send_streamed` (an event stream's request) renew a refused one.",
    ),
    (
        "components_only",
        "A document with no operations, only shared schemas: a crate of types.",
    ),
    (
        "doc_text",
        "Descriptions written for other renderers, each a rustdoc or clippy warning if copied as is.",
    ),
    (
        "escape_hatches",
        "The settings of `escape_hatches.settings.toml`: a schema replaced by a type of the including crate, extra derives, and renamed schemas, properties and operations.",
    ),
    (
        "examples",
        "One schema per construct a round trip can get wrong, each with a valid example (decoded and encoded again by `examples.rs`).",
    ),
    (
        "lossless_schemas",
        "Schemas whose values must decode and come back whole: 3.1 nullable types in items, map values and unions, properties beside unions, refined `allOf` parts.",
    ),
    (
        "multipart_encoding",
        "The Encoding Object's defaults for multipart/form-data: one part per kind of value, optional parts and a part with headers.",
    ),
    (
        "multiple_servers",
        "Several servers, absolute and relative: how the client picks its base URL.",
    ),
    (
        "names",
        "Names that are not Rust identifiers as they stand (keywords, leading digits, symbols, std type names) as operations, parameters, schemas and properties.",
    ),
    (
        "no_servers",
        "A JSON spec without servers or operationIds: the base URL comes from the caller, the method name from the path.",
    ),
    (
        "observed",
        "The settings `tracing` and `middleware`: each call's span behind the feature `tracing` (named after the operation, OpenTelemetry's HTTP client attributes, its outcome and retries recorded), `Client::with_middleware` and `Error::Middleware` behind the feature `middleware`; an API key in the query.",
    ),
    (
        "openapi31",
        "OpenAPI 3.1: `type` lists with `null`, `const`, `examples` and a mutualTLS security scheme.",
    ),
    (
        "operations",
        "Every HTTP method, operations without operationId, and colliding names.",
    ),
    (
        "pages_cursor",
        "Paginated lists as Stripe (the last item's id, `has_more`), Speakeasy (cursor, offset and limit, next URL, a cursor in the body), Azure and Dropshot declare them: each gets its `_stream` method.",
    ),
    (
        "pages_link",
        "Lists paged by an RFC 8288 `Link` header, as GitHub's REST description declares them (an array, an array named in the components, a wrapped list paged by its one array property, a list beside a `204` without a body, whose status carries the header), an object with two arrays and a list without a `Link` header, which are not paged.",
    ),
    (
        "parameters",
        "Path, query, header and cookie parameters in each style and explode setting, deepObject included, and parameters shared by a path item.",
    ),
    (
        "placeholder_names",
        "Every name clippy's `disallowed_names` lists (`foo`, `baz`, `quux`) as a server variable, an operation, parameters, a schema and a required property, so that the client lints clean.",
    ),
    (
        "query_arrays",
        "Array query parameters, required and optional, exploded and not.",
    ),
    (
        "reference_chains",
        "Components that refer to other components for every kind the client reads, names with pointer and URI escapes, and a response that refers to a request body.",
    ),
    (
        "refs",
        "Local references to every component kind, and references to other files.",
    ),
    (
        "request_encoding",
        "Requests beyond the style examples table: reserved and non-ASCII characters, separators inside values, objects in headers and cookies, empty values, form bodies and multipart parts with headers.",
    ),
    (
        "responses",
        "Responses of every shape: several success and error bodies, response headers, no content, text, status ranges and default.",
    ),
    (
        "schemas",
        "Component schemas of every shape: objects, unions (oneOf, anyOf, discriminated), recursion, enums, allOf merges, maps, empty schemas and aliases.",
    ),
    (
        "servers_auth",
        "A server URL with variables, and security that differs per operation (the default, another scheme, none, optional).",
    ),
    (
        "shared_inline",
        "Inline schemas that are the same but for their documentation share one type; schemas that differ in anything else do not.",
    ),
    (
        "streaming",
        "Responses read as they arrive (`{op}_stream`), modelled on OpenAI's: JSON or events (with a `[DONE]` sentinel), bytes or events, bytes alone, JSON lines, a JSON text sequence and events of plain text (ended by the `sse-sentinels` setting).",
    ),
    (
        "typed_formats",
        "Strings with a format read as Rust types by the settings (`time` for date-time and date, `uuid`, bytes), and values that do not parse.",
    ),
    (
        "typed_formats_chrono",
        "`date-time` and `date` as `chrono` types (`typed_formats_chrono.settings.toml`).",
    ),
    (
        "typed_formats_jiff",
        "`date-time` and `date` as `jiff` types (`typed_formats_jiff.settings.toml`).",
    ),
    (
        "urls",
        "Where requests go: a path parameter the path names twice (encoded once, written twice), and operations the spec answers only with a redirect (`302`, a `3XX` range beside a `default` error), which succeed with the bytes the redirect leads to, whole or streamed.",
    ),
    (
        "vendor_overlay",
        "A vendor's spec with a deprecated and an internal operation, a download typed as a JSON string and an undocumented property, fixed by an OpenAPI Overlay (`vendor_overlay.settings.toml`) instead of an edited copy.",
    ),
];

/// What the snapshot `name` pins (see [`PINS`]).
fn pins(name: &str) -> &'static str {
    PINS.iter()
        .find(|(n, _)| *n == name)
        .map(|(_, about)| *about)
        .unwrap_or_else(|| panic!("PINS does not say what fixture {name} is for: add a sentence"))
}

/// Pins `text` as the snapshot `name`, with `description` in its header.
fn pin(name: &str, description: &str, text: &str) {
    let lines = text.lines().count();
    assert!(
        lines <= MAX_TEXT_LINES,
        "the snapshot {name} is {lines} lines, more than anyone reads: cut it"
    );
    insta::with_settings!({ description => description }, {
        insta::assert_snapshot!(name, text);
    });
}

/// Whether `unit` is an impl block (which stays in the part of the type before it).
fn is_impl(unit: &Unit) -> bool {
    unit.text
        .lines()
        .map(str::trim_start)
        .find(|l| !l.starts_with('#') && !l.starts_with("//"))
        .is_some_and(|l| l.starts_with("impl") || l.starts_with("unsafe impl"))
}

/// `units` cut into parts of about equal length, each at most [`MAX_SNAPSHOT_LINES`] long when
/// rendered, at type boundaries: a part starts at an item that is not an impl block, or where
/// the module changes.
fn parts<'a>(units: &[&'a Unit]) -> Vec<Vec<&'a Unit>> {
    let lines = |part: &[&Unit]| render_units(part.iter().copied()).lines().count();
    let total = lines(units);
    // A part may run past its share to the next boundary: one more part until each fits.
    let mut count = total.div_ceil(MAX_TEXT_LINES).max(1);
    loop {
        let target = total.div_ceil(count);
        let mut parts: Vec<Vec<&Unit>> = vec![Vec::new()];
        for (i, unit) in units.iter().enumerate() {
            let boundary = i == 0 || !is_impl(unit) || units[i - 1].module != unit.module;
            let current = parts.last_mut().expect("one part at least");
            if boundary && !current.is_empty() && lines(current) >= target {
                parts.push(Vec::new());
            }
            parts.last_mut().expect("one part at least").push(*unit);
        }
        if count >= units.len() || parts.iter().all(|p| lines(p) <= MAX_TEXT_LINES) {
            return parts;
        }
        count += 1;
    }
}

/// Every fixture spec, by name (the file stem), sorted.
fn fixture_specs() -> Vec<(String, std::path::PathBuf)> {
    let dir = workspace_root().join("tests/fixtures");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .map(|p| {
            let stem = p
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("UTF-8 names")
                .to_string();
            (stem, p)
        })
        .collect();
    specs.sort();
    specs
}

/// The module generated for `spec`, as `build.rs` generates it.
fn module_text(spec: &std::path::Path) -> String {
    let output = clientgen::Generator::new(spec)
        .settings(clientgen_tests::fixture_settings(spec))
        .display_root(workspace_root())
        .generate_module("module.rs")
        .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", spec.display()));
    output.files.into_values().next().expect("one file")
}

#[test]
fn every_fixture_pins_what_it_is_about() {
    let specs = fixture_specs();
    assert!(
        specs.len() >= 10,
        "expected the fixture set, found {}",
        specs.len()
    );
    for name in ASSERTED {
        assert!(
            specs.iter().any(|(stem, _)| stem == name),
            "ASSERTED names {name}, which is not a fixture any more: remove it"
        );
    }
    // What the flagship's crate files pin already.
    let flagship: std::collections::BTreeSet<Unit> = units(&module_text(
        &workspace_root().join("spec/smart_invites.yaml"),
    ))
    .into_iter()
    .collect();
    // The module `streams` (the runtime of `{op}_stream`) is pinned once, with the fixture
    // that streams every kind of body.
    let modules: Vec<(String, Vec<Unit>)> = specs
        .iter()
        .map(|(stem, spec)| {
            let mut units = units(&module_text(spec));
            if stem != "streaming" {
                units.retain(|u| u.module != "client::streams");
            }
            (stem.clone(), units)
        })
        .collect();
    // How many fixtures generate each unit.
    let mut uses: BTreeMap<&Unit, usize> = BTreeMap::new();
    for (_, units) in &modules {
        let distinct: std::collections::BTreeSet<&Unit> = units.iter().collect();
        for unit in distinct {
            *uses.entry(unit).or_default() += 1;
        }
    }
    let shared: Vec<&Unit> = uses
        .iter()
        .filter(|(unit, n)| **n > 1 && !flagship.contains(**unit))
        .map(|(unit, _)| *unit)
        .collect();
    pin_in_parts("shared_by_fixtures", pins("shared_by_fixtures"), &shared);
    let pinned: Vec<&str> = specs
        .iter()
        .map(|(stem, _)| stem.as_str())
        .filter(|stem| !ASSERTED.contains(stem))
        .chain(["shared_by_fixtures"])
        .collect();
    for (name, _) in PINS {
        assert!(
            pinned.contains(name),
            "PINS names {name}, which is not a pinned fixture: remove it"
        );
    }

    for (stem, units) in &modules {
        let own: Vec<&Unit> = units
            .iter()
            .filter(|u| uses[u] == 1 && !flagship.contains(*u))
            .collect();
        if ASSERTED.contains(&stem.as_str()) {
            continue;
        }
        let lines = render_units(own.iter().copied()).lines().count();
        assert!(
            lines <= MAX_FIXTURE_LINES,
            "the items only fixture {stem} generates take {lines} lines, more than anyone \
             reads: assert what it is about in a test instead, and list it in ASSERTED"
        );
        pin_in_parts(stem, pins(stem), &own);
    }
}

/// Pins `units` as the snapshot `name`, or, beyond [`MAX_SNAPSHOT_LINES`], as `<name>_part1`,
/// ... cut at type boundaries.
fn pin_in_parts(name: &str, about: &str, units: &[&Unit]) {
    let parts = parts(units);
    if let [part] = parts.as_slice() {
        pin(name, about, &render_units(part.iter().copied()));
        return;
    }
    for (i, part) in parts.iter().enumerate() {
        let description = format!(
            "{about} (Part {} of {}, cut at type boundaries.)",
            i + 1,
            parts.len()
        );
        let name = format!("{name}_part{}", i + 1);
        pin(&name, &description, &render_units(part.iter().copied()));
    }
}

#[test]
fn selecting_operations_keeps_only_the_types_they_use() {
    let (fns, types) = selected_names(|g| g.operations(["getItem", "POST /send"]));
    // `send` is taken by the client's own helper, so the operation is `send2`.
    assert_eq!(fns, ["get_item", "send2"]);
    assert_eq!(
        types,
        [
            "Client",
            "Error",
            "GetItemError",
            "Item",
            "RetryPolicy",
            "Send2Error",
            // The parameters' values, in the runtime's module `style`.
            "Values"
        ]
    );
}

#[test]
fn selecting_by_tag() {
    let (fns, _) = selected_names(|g| g.tags(["items"]));
    assert!(fns.contains(&"get_items".to_string()), "{fns:?}");
    assert!(!fns.contains(&"get_item".to_string()), "{fns:?}");
}

/// The public async methods and the type names, sorted, of the operations fixture's client
/// as `select` configures the generator.
fn selected_names(
    select: impl FnOnce(clientgen::Generator) -> clientgen::Generator,
) -> (Vec<String>, Vec<String>) {
    let spec = workspace_root().join("tests/fixtures/operations.yaml");
    let output = select(clientgen::Generator::new(&spec))
        .generate_module("module.rs")
        .expect("generates");
    let text = output.files.values().next().expect("one file");
    let file = syn::parse_file(text).expect("parses");
    let mut fns = Vec::new();
    let mut types = Vec::new();
    collect_names(&file.items, &mut fns, &mut types);
    fns.sort();
    types.sort();
    (fns, types)
}

/// Public async methods and type names, at any depth.
fn collect_names(items: &[syn::Item], fns: &mut Vec<String>, types: &mut Vec<String>) {
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect_names(inner, fns, types);
                }
            }
            syn::Item::Struct(s) => types.push(s.ident.to_string()),
            syn::Item::Enum(e) => types.push(e.ident.to_string()),
            syn::Item::Type(t) => {
                if matches!(t.vis, syn::Visibility::Public(_)) {
                    types.push(t.ident.to_string());
                }
            }
            syn::Item::Impl(i) => {
                for inner in &i.items {
                    if let syn::ImplItem::Fn(f) = inner {
                        if f.sig.asyncness.is_some() && matches!(f.vis, syn::Visibility::Public(_))
                        {
                            fns.push(f.sig.ident.to_string());
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// In a large client each type has only the serde traits the API needs: requests `Serialize`,
/// responses `Deserialize`, types used both ways both; types no operation reaches are read as
/// data the API sends. `Deserialize` is written out rather than derived (it checks faster).
/// (The fixture was written by a short script: 300 unused schemas push it over the threshold.)
#[test]
fn large_clients_derive_only_the_serde_traits_they_need() {
    let text = large_module();
    let text = text.as_str();
    let file = syn::parse_file(text).expect("parses");
    let traits = |name: &str| -> Vec<String> {
        let mut found = Vec::new();
        find_derives(&file.items, name, &mut found);
        // Written out by hand, or by `object!` (`Name: read`).
        let by_object = |line: &str| line.trim_start().starts_with(&format!("{name}: read "));
        // (`strings!` for a string enum.)
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let by_strings = |pair: &[&str]| pair == ["strings! {", &format!("{name} {{")];
        if text.contains(&format!("impl<'de> serde::Deserialize<'de> for {name} {{"))
            || text.lines().any(by_object)
            || lines.windows(2).any(by_strings)
        {
            found.push("impl Deserialize".to_string());
        }
        found.sort();
        found
    };
    assert_eq!(traits("OrderRequest"), ["serde :: Serialize"]);
    assert_eq!(traits("Order"), ["impl Deserialize"]);
    assert_eq!(traits("Item"), ["impl Deserialize", "serde :: Serialize"]);
    // Sent by requests, and used by a type no operation reaches.
    assert_eq!(traits("State"), ["impl Deserialize", "serde :: Serialize"]);
    assert_eq!(traits("Archive"), ["impl Deserialize"]);
    assert_eq!(traits("Unused000"), ["impl Deserialize"]);
    assert_eq!(traits("Shipping"), ["impl Deserialize"]);
    // The fixture is large only through its unused schemas, and all of them are generated.
    let unused = (0..300)
        .filter(|i| text.contains(&format!("pub struct Unused{i:03} {{")))
        .count();
    assert_eq!(unused, 300);
}

/// The large fixture's client as one module (a build script's `include!`).
fn large_module() -> String {
    let spec = workspace_root().join("tests/fixtures/large_split_serde.yaml");
    let output = clientgen::Generator::new(&spec)
        .generate_module("module.rs")
        .expect("generates");
    output.files.into_values().next().expect("one file")
}

fn find_derives(items: &[syn::Item], name: &str, out: &mut Vec<String>) {
    for item in items {
        let (ident, attrs) = match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    find_derives(inner, name, out);
                }
                continue;
            }
            syn::Item::Struct(s) => (&s.ident, &s.attrs),
            syn::Item::Enum(e) => (&e.ident, &e.attrs),
            _ => continue,
        };
        if ident != name {
            continue;
        }
        for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
            let list = attr
                .meta
                .require_list()
                .expect("derive(...)")
                .tokens
                .to_string();
            out.extend(
                list.split(',')
                    .map(str::trim)
                    .filter(|d| d.starts_with("serde"))
                    .map(str::to_string),
            );
        }
    }
}

/// A large client writes its `Deserialize` impls out instead of deriving them (it checks much
/// faster); they must read JSON exactly as the derived ones would.
#[test]
fn compact_deserialize_reads_json_like_the_derived_one() {
    use clientgen_tests::fixtures::large_split_serde::types::{
        Delivery, DeliveryLevel, Order, Shipping,
    };
    let order: Order = serde_json::from_str(
        r#"{"id": "o-1", "item": {"sku": "s-9", "unknown": 1}, "updated": null,
            "shipping": {"kind": "Delivery", "level": 2}, "extra": [1, 2]}"#,
    )
    .expect("parses");
    assert_eq!(order.id.as_deref(), Some("o-1"));
    assert_eq!(order.item.and_then(|i| i.sku).as_deref(), Some("s-9"));
    // Optional and nullable: `null` and absent differ.
    assert_eq!(order.updated, Some(None));
    assert_eq!(
        order.shipping,
        // Without a mapping, the tag is the schema's name.
        Some(Shipping::Delivery(
            Delivery::new("Delivery").level(DeliveryLevel::Value2)
        ))
    );
    let absent: Order = serde_json::from_str("{}").expect("parses");
    assert_eq!(absent.updated, None);
    assert_eq!(absent.id, None);

    // A required property that is missing, and one of the wrong type, are errors naming it.
    let missing = serde_json::from_str::<Delivery>("{}").expect_err("kind is required");
    assert!(
        missing.to_string().contains("missing field `kind`"),
        "{missing}"
    );
    let wrong = serde_json::from_str::<Order>(r#"{"id": 5}"#).expect_err("id is a string");
    assert!(wrong.to_string().contains("`id`"), "{wrong}");
    // Deeper down, the error names the path to the property, and the place once.
    let deep = serde_json::from_str::<Order>(r#"{"item": {"sku": 5}}"#).expect_err("a string");
    assert_eq!(
        deep.to_string(),
        "`item`: `sku`: invalid type: integer `5`, expected a string at line 1 column 18"
    );
    // A property given twice: the last one counts (as in a `serde_json::Map`).
    let twice: Order = serde_json::from_str(r#"{"id": "a", "id": "b"}"#).expect("parses");
    assert_eq!(twice.id.as_deref(), Some("b"));
    // Property names with escapes, and read from a `serde_json::Value` (nothing to borrow).
    let escaped: Order = serde_json::from_str(r#"{"\u0069d": "e"}"#).expect("parses");
    assert_eq!(escaped.id.as_deref(), Some("e"));
    let from_value: Order =
        serde_json::from_value(serde_json::json!({"id": "v", "updated": null})).expect("parses");
    assert_eq!(
        (from_value.id.as_deref(), from_value.updated),
        (Some("v"), Some(None))
    );
    // Not an object at all.
    assert!(serde_json::from_str::<Order>("[1]").is_err());
}

/// In a large client a struct's constructor, setters and reader are one `object!` invocation,
/// printed as a table of a row per field: what each row says (how the field holds its value,
/// the setter's name when the field's cannot be, the name on the wire and its length) is
/// pinned here, and the next test reads and builds every kind of row.
#[test]
fn a_large_clients_struct_methods_are_a_table_of_its_fields() {
    let text = large_module();
    let text = text.as_str();
    let start = text.find("        Node: read {").expect("Node's table");
    let end = start + text[start..].find("\n    }\n").expect("its end");
    assert_eq!(
        &text[start..end],
        r#"        Node: read {
            foo: req String = "foo" 3,
            new as with_new: req i64 = "new" 3,
            next as with_next: req_box Link = "next" 4,
        } {
            parent: opt_box Node = "parent" 6,
            previous: opt2_box Node = "previous" 8,
        }"#
    );
    // Defined once, before the first struct that invokes it.
    assert_eq!(text.matches("macro_rules! object {").count(), 1);
    assert!(text.find("macro_rules! object {") < text.find("object! {"));
    // A string enum's `Deserialize` is a table of its values too.
    let strings = "    strings! {\n        State {\n            \"open\" => Open,\n            \"closed\" => Closed,\n        } else Other\n    }\n";
    assert!(text.contains(strings), "State's table");
    assert!(text.find("macro_rules! strings {") < text.find("strings! {"));
}

/// Every kind of `object!` row reads JSON and builds the value as the written-out code does:
/// given fields (one boxed) through `new`, optional ones boxed in one `Option` or two, setters
/// renamed away from `new`'s name, and the first absent required property named.
#[test]
fn object_rows_of_every_kind_read_and_build() {
    use clientgen_tests::fixtures::large_split_serde::types::{Link, Node};
    let node: Node = serde_json::from_str(
        r#"{"foo": "f", "new": 2, "next": {"node": {"foo": "g", "new": 3, "next": {}}},
            "previous": null}"#,
    )
    .expect("parses");
    assert_eq!((node.foo.as_str(), node.new), ("f", 2));
    let inner = node.next.node.as_deref().expect("the linked node");
    assert_eq!((inner.foo.as_str(), inner.new), ("g", 3));
    assert_eq!(
        (inner.next.node.is_none(), inner.parent.is_none()),
        (true, true)
    );
    assert_eq!(
        (node.parent.is_none(), node.previous.clone()),
        (true, Some(None))
    );
    let built = Node::new("f", 2, Link::default())
        .with_new(5)
        .with_next(Link::default().node(Node::new("n", 1, Link::default())))
        .parent(Node::new("p", 0, Link::default()))
        .previous(Node::new("q", 0, Link::default()));
    assert_eq!((built.foo.as_str(), built.new), ("f", 5));
    assert_eq!(built.next.node.as_ref().map(|n| n.foo.as_str()), Some("n"));
    assert_eq!(built.parent.as_ref().map(|n| n.foo.as_str()), Some("p"));
    assert_eq!(
        built
            .previous
            .as_ref()
            .map(|n| n.as_ref().map(|n| n.foo.as_str())),
        Some(Some("q"))
    );
    let missing = |json: &str| {
        serde_json::from_str::<Node>(json)
            .expect_err("refused")
            .to_string()
    };
    assert!(missing(r#"{"new": 1, "next": {}}"#).starts_with("missing field `foo`"));
    assert!(missing(r#"{"foo": "f", "new": 1}"#).starts_with("missing field `next`"));
}

/// The compact reader loses nothing either: `null` array items, the union member that keeps
/// every field, properties beside an `anyOf` of `required` lists.
#[test]
fn compact_deserialize_loses_nothing_on_the_wire() {
    use clientgen_tests::fixtures::large_split_serde::types::{Limits, Order, Timeouts};
    let order: Order = serde_json::from_str(
        r#"{"tags": ["a", null], "limits": {"timeout": 2}, "contact": {"phone": "1"}}"#,
    )
    .expect("parses");
    assert_eq!(order.tags, Some(vec![Some("a".to_string()), None]));
    assert_eq!(
        order.limits,
        Some(Limits::Timeouts(Timeouts::default().timeout(2)))
    );
    assert_eq!(order.contact.and_then(|c| c.phone).as_deref(), Some("1"));
    // Properties not declared are kept beside the declared ones.
    let order: Order =
        serde_json::from_str(r#"{"labels": {"main": "m", "a": 1, "b": 2}}"#).expect("parses");
    let labels = order.labels.expect("labels is set");
    assert_eq!(labels.main, "m");
    assert_eq!(
        labels.additional_properties,
        [("a".to_string(), 1), ("b".to_string(), 2)].into()
    );
    let wrong = serde_json::from_str::<Order>(r#"{"labels": {"main": "m", "a": "x"}}"#)
        .expect_err("a is an integer");
    assert!(wrong.to_string().contains("`labels`: `a`: "), "{wrong}");
}

/// Required properties are checked once the object is read: the first one absent, in the
/// schema's order, is the one the error names; a required but nullable one may be absent.
#[test]
fn compact_deserialize_names_the_first_missing_required_property() {
    use clientgen_tests::fixtures::large_split_serde::types::Receipt;
    let receipt: Receipt = serde_json::from_str(
        r#"{"note": "n", "paid": true, "voided_by": null, "currency": "EUR", "total": 5}"#,
    )
    .expect("parses");
    assert_eq!(
        (receipt.total, receipt.currency.as_str(), receipt.paid),
        (5, "EUR", true)
    );
    assert_eq!(
        (receipt.note.as_deref(), receipt.voided_by),
        (Some("n"), None)
    );
    let voided: Receipt =
        serde_json::from_str(r#"{"total": 1, "currency": "X", "paid": false, "voided_by": "u"}"#)
            .expect("parses");
    assert_eq!(
        (voided.note, voided.voided_by.as_deref()),
        (None, Some("u"))
    );
    // `voided_by` is required but nullable: absent reads as `None`, as the derive reads it.
    let absent: Receipt =
        serde_json::from_str(r#"{"total": 1, "currency": "X", "paid": false}"#).expect("parses");
    assert_eq!(absent.voided_by, None);
    for (json, missing) in [
        (r#"{"paid": true}"#, "total"),
        (r#"{"total": 1, "note": "n"}"#, "currency"),
        (r#"{"total": 1, "currency": "X"}"#, "paid"),
        (
            r#"{"paid": true, "currency": "X", "total": 1, "total": 2, "note": null}"#,
            "",
        ),
    ] {
        let read = serde_json::from_str::<Receipt>(json);
        if missing.is_empty() {
            // (Every required property is there; `note` may be `null`; the last `total` counts.)
            assert_eq!(read.expect("parses").total, 2, "{json}");
        } else {
            let error = read.expect_err(json).to_string();
            assert!(
                error.starts_with(&format!("missing field `{missing}`")),
                "{json}: {error}"
            );
        }
    }
}

#[test]
fn compact_deserialize_keeps_unknown_enum_values() {
    use clientgen_tests::fixtures::large_split_serde::types::State;
    assert_eq!(
        serde_json::from_str::<State>(r#""open""#).expect("parses"),
        State::Open
    );
    assert_eq!(
        serde_json::from_str::<State>(r#""archived""#).expect("parses"),
        State::Other("archived".into())
    );
    // Escaped, and read from a `serde_json::Value` (nothing to borrow).
    assert_eq!(
        serde_json::from_str::<State>(r#""\u006fpen""#).expect("parses"),
        State::Open
    );
    assert_eq!(
        serde_json::from_value::<State>(serde_json::json!("archived")).expect("parses"),
        State::Other("archived".into())
    );
    assert_eq!(
        serde_json::to_string(&State::Other("archived".into())).expect("serializes"),
        r#""archived""#
    );
    assert_eq!(
        serde_json::to_string(&State::Closed).expect("serializes"),
        r#""closed""#
    );
}

/// `allOf` of one schema and annotations is that schema (boxed where it holds itself); an
/// inline `allOf` with more properties, in the schema it adds to, is one more type that holds
/// itself.
#[test]
fn annotated_all_of_is_the_schema_it_annotates() {
    use clientgen_tests::fixtures::annotated_allof::types::{
        Code, Delay, Expression, Label, Name, Tree, TreeWeighted,
    };
    let json =
        r#"{"value":1,"label":"l","name":"n","not":{"value":2,"all":[{"value":3},{"not":{}}]}}"#;
    let expression: Expression = serde_json::from_str(json).expect("parses");
    assert_eq!(expression.value, Some(1));
    let more: Expression =
        serde_json::from_str(r#"{"code":"c","delay":{"median":1,"fixed":2.5}}"#).expect("parses");
    let code: Option<&Code> = more.code.as_ref();
    assert_eq!(code.map(String::as_str), Some("c"));
    // A union merged with an object is kept as the JSON it is.
    let delay: Option<&Delay> = more.delay.as_ref();
    assert_eq!(delay, Some(&serde_json::json!({"median": 1, "fixed": 2.5})));
    // An annotated string schema is that schema: a `String`.
    let (label, name): (&Option<Label>, &Option<Name>) = (&expression.label, &expression.name);
    assert_eq!((label.as_deref(), name.as_deref()), (Some("l"), Some("n")));
    let not: &Expression = expression.not.as_deref().expect("not is set");
    assert_eq!(not.value, Some(2));
    let all: &[Expression] = not.all.as_deref().expect("all is set");
    assert_eq!(all[0].value, Some(3));
    assert_eq!(all[1].not.as_deref(), Some(&Expression::default()));
    assert_eq!(
        serde_json::to_string(&expression).expect("serializes"),
        json
    );

    let tree: Tree = serde_json::from_str(
        r#"{"label":"root","weighted":{"label":"a","weight":0.5,"weighted":{"label":"b"}}}"#,
    )
    .expect("parses");
    assert_eq!(tree.label, "root");
    let weighted: &TreeWeighted = tree.weighted.as_ref().expect("weighted is set");
    assert_eq!((weighted.label.as_str(), weighted.weight), ("a", Some(0.5)));
    let inner = weighted.weighted.as_deref().expect("nested");
    assert_eq!((inner.label.as_str(), inner.weight), ("b", None));
    // What `Tree` requires, the merged type requires too.
    let missing = serde_json::from_str::<Tree>(r#"{"label":"root","weighted":{"weight":1}}"#)
        .expect_err("a weighted tree has a label");
    assert!(missing.to_string().contains("label"), "{missing}");
}
