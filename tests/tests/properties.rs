//! Property tests: random, well-formed OpenAPI 3.0 documents through the whole pipeline.
//!
//! The strategies build documents as `serde_json::Value`: component schemas (objects whose
//! property names are keywords, start with digits, are symbols, unicode, empty or differ only by
//! case; nested objects, arrays, maps, objects with both properties and `additionalProperties`,
//! string and integer enums whose values collide after case conversion, `oneOf`/`anyOf`/`allOf`
//! of references, `oneOf` of inline schemas, discriminated unions, nullable schemas, recursive
//! references, readOnly/writeOnly/deprecated properties and defaults) and operations (random
//! paths with path parameters, methods, operationIds that may collide or be names the generated
//! code uses itself (drawn from `clientgen::__private::naming::reserved`, as parameter names are), query,
//! header and cookie parameters of random types, JSON, form, multipart, text and binary bodies,
//! responses with headers referring to the schemas, security schemes, deprecated and
//! `x-idempotent` operations). Descriptions carry what breaks doc comments (code fences, `*/`, control
//! characters). Every document is valid OpenAPI 3.0 except that operationIds may repeat.
//!
//! For every document, generating the client as one module must
//! - not panic;
//! - end in `Ok`, or in `Err::Spec` whose every diagnostic has a JSON pointer (`#...`), never in
//!   `Err::Internal` (emitted tokens that are not Rust: a bug of clientgen);
//! - when `Ok`, give text that `syn::parse_file` accepts, and the same bytes when run again.
//!
//! `PROPTEST_CASES` sets the number of documents (default 64); with `PROPERTIES_VERBOSE` set,
//! each outcome is printed, and with `PROPERTIES_VERBOSE=2` each document too (run with
//! `--nocapture`).
//!
//! `generated_crates_compile_without_warnings` writes the whole crate for a few documents
//! (`COMPILE_CASES`, default 3) and runs `cargo check --offline` on each, in the target folder
//! the tests that compile generated crates share (`clientgen_tests::scratch`): about a minute
//! when that folder is cold (it checks reqwest and its dependencies there), a few seconds after. The `schema_named_*` tests hold the minimal
//! documents of the bugs it found.
//!
//! Inputs that crashed the fuzz targets (`fuzz/`, `scripts/fuzz.sh`) are kept in
//! `tests/hostile/fuzz/`, named after the target, and replayed here.

use clientgen::{Error, Generator};
use clientgen_tests::{scratch, workspace_root};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

// ---------------------------------------------------------------------------------------------
// Names and texts
// ---------------------------------------------------------------------------------------------

/// Rust keywords, prelude and std names, and a few names the generated code itself uses (the
/// strategies draw the others from `clientgen::__private::naming::reserved`).
const KEYWORDS: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "async",
    "await",
    "fn",
    "match",
    "mod",
    "ref",
    "move",
    "dyn",
    "try",
    "yield",
    "gen",
    "union",
    "abstract",
    "box",
    "enum",
    "struct",
    "impl",
    "where",
    "loop",
    "static",
    "const",
    "true",
    "false",
    "_",
    "__",
    "r#type",
    "None",
    "Some",
    "Ok",
    "Err",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Default",
    "Value",
    "Client",
    "Error",
    "body",
    "params",
    "types",
    "new",
    "request",
    "send",
    "base_url",
    "encode_path",
];

/// Names the generator derives for inline types, and fields it adds itself.
const DERIVED: &[&str] = &[
    "GetThingParams",
    "GetThingRequest",
    "GetThingResponse",
    "GetThingError",
    "TypeParams",
    "NewResponse",
    "Params",
    "Request",
    "Response",
    "WithHeaders",
    "additional_properties",
    "additionalProperties",
    "extra",
    "other",
    "Other",
    "unknown",
    "Unknown",
    "headers",
    "status",
    // Names that generated code uses for itself: generic parameters, helpers.
    "D",
    "E",
    "T",
    "Fields",
];

/// Names that are the same word in different cases and separators.
const CASE_VARIANTS: &[&str] = &[
    "fooBar", "foo_bar", "FooBar", "FOO_BAR", "foo-bar", "foo bar", "Foo_Bar", "foo.bar", "id",
    "ID", "Id", "iD",
];

/// Names that are not identifiers: digits first, symbols, unicode, empty, whitespace.
const ODD_NAMES: &[&str] = &[
    "1st",
    "2fa",
    "123",
    "0",
    "+1",
    "-1",
    "$filter",
    "@odata.count",
    "a.b",
    "a/b",
    "a~b",
    "***",
    "~",
    "",
    " ",
    "名前",
    "ñandú",
    "Ωmega",
    "🙂",
    "é",
    "e\u{301}",
    "x\u{200b}y",
    "#",
    "\"",
    "'",
    "\\",
    "*/",
    "a\nb",
    "{}",
    "%20",
];

/// Texts for descriptions and summaries, the kinds that break doc comments.
const TEXTS: &[&str] = &[
    "",
    "Plain text.",
    "Line one\n\nLine two",
    "```\nnot rust\n```",
    "```rust\nfn main() {}\n```",
    "*/ /* unclosed",
    "#![allow(warnings)]",
    "\"quoted\" and \\backslash",
    "carriage\r\nreturn",
    "tab\there",
    "[link](http://example.com) <b>html</b> {braces}",
    "🙂 unicode ∑",
    "nul \u{0} bell \u{7}",
    "trailing backslash \\",
    "   ",
];

/// Component keys: the characters OpenAPI allows there (`^[a-zA-Z0-9._-]+$`).
fn component_name() -> impl Strategy<Value = String> {
    let listed: Vec<&str> = KEYWORDS
        .iter()
        .chain(DERIVED)
        .chain(CASE_VARIANTS)
        .chain(ODD_NAMES)
        .copied()
        .filter(|n| {
            !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        })
        .collect();
    prop_oneof![
        select(listed).prop_map(str::to_string),
        "[a-zA-Z0-9._-]{1,10}",
        "[A-Z][a-z]{1,8}",
    ]
}

/// A name the generated code uses itself (`clientgen::__private::naming::reserved`).
fn reserved_name() -> impl Strategy<Value = String> {
    select(clientgen::__private::naming::reserved::all()).prop_map(str::to_string)
}

/// Property, parameter and enum names: anything.
fn any_name() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => select(KEYWORDS).prop_map(str::to_string),
        2 => reserved_name(),
        1 => select(DERIVED).prop_map(str::to_string),
        2 => select(CASE_VARIANTS).prop_map(str::to_string),
        2 => select(ODD_NAMES).prop_map(str::to_string),
        2 => "[a-z][a-zA-Z0-9_]{0,10}",
        1 => "\\PC{0,8}",
    ]
}

/// Names for path parameters: they sit inside `{...}` in a path, so no braces or slashes.
fn path_param_name() -> impl Strategy<Value = String> {
    prop_oneof![
        select(KEYWORDS).prop_map(str::to_string),
        reserved_name(),
        select(CASE_VARIANTS).prop_map(str::to_string),
        select(
            &[
                "1st",
                "2fa",
                "123",
                "$filter",
                "@odata.count",
                "a.b",
                "名前",
                "+1",
                "-1"
            ][..]
        )
        .prop_map(str::to_string),
        "[a-zA-Z_][a-zA-Z0-9_.-]{0,8}",
    ]
    .prop_filter("a path parameter needs a name", |n| {
        !n.is_empty() && !n.contains(['{', '}', '/', ' '])
    })
}

fn text() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        3 => Just(None),
        3 => select(TEXTS).prop_map(|t| Some(t.to_string())),
        1 => "\\PC{0,24}".prop_map(Some),
    ]
}

fn enum_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(&[
            "a", "A", "foo bar", "foo_bar", "FooBar", "fooBar", "+1", "-1", "", "self", "Self",
            "type", "1", "2nd", "Other", "other", "unknown", "Unknown", "名前", "🙂", "None",
            "null", "true",
        ][..])
        .prop_map(str::to_string),
        1 => "\\PC{0,6}",
    ]
}

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

/// A schema before component names are known: references are indexes into the components.
#[derive(Debug, Clone)]
enum Schema {
    String(Option<&'static str>),
    Integer(Option<&'static str>),
    Number(Option<&'static str>),
    Boolean,
    Any,
    Ref(usize),
    Enum(Vec<String>),
    IntEnum(Vec<i64>),
    Array(Box<Schema>),
    Map(Box<Schema>),
    Object(Vec<Prop>),
    /// Properties and `additionalProperties` together.
    OpenObject(Vec<Prop>, Extra),
    OneOf(Vec<usize>),
    /// `oneOf` of inline schemas (untagged variants, several of one type).
    OneOfInline(Vec<Schema>),
    /// `oneOf` of references to object components, told apart by a `discriminator` property
    /// (which the rendering adds, required, to each of those objects); mapping keys optional.
    Discriminated(Vec<usize>, String, Vec<String>),
    AnyOf(Vec<usize>),
    /// References (to object components) merged with an inline object.
    AllOf(Vec<usize>, Vec<Prop>),
    Nullable(Box<Schema>),
}

/// `additionalProperties` beside properties.
#[derive(Debug, Clone)]
enum Extra {
    Any,
    Closed,
    Typed(Box<Schema>),
}

#[derive(Debug, Clone)]
struct Prop {
    name: String,
    schema: Schema,
    required: bool,
    description: Option<String>,
    /// 0: plain; 1: readOnly; 2: writeOnly; 3: deprecated; 4: with a default of its type.
    flag: u8,
}

fn primitive() -> impl Strategy<Value = Schema> {
    prop_oneof![
        select(
            &[
                None,
                Some("date"),
                Some("date-time"),
                Some("uuid"),
                Some("byte"),
                Some("binary"),
                Some("email"),
                Some("uri"),
                Some("password"),
            ][..]
        )
        .prop_map(Schema::String),
        select(&[None, Some("int32"), Some("int64")][..]).prop_map(Schema::Integer),
        select(&[None, Some("float"), Some("double")][..]).prop_map(Schema::Number),
        Just(Schema::Boolean),
    ]
}

fn string_enum() -> impl Strategy<Value = Schema> {
    prop::collection::vec(enum_value(), 1..7).prop_map(|values| {
        // Distinct values (JSON Schema asks for it); collisions after case conversion stay.
        let mut seen = BTreeSet::new();
        Schema::Enum(
            values
                .into_iter()
                .filter(|v| seen.insert(v.clone()))
                .collect(),
        )
    })
}

fn int_enum() -> impl Strategy<Value = Schema> {
    prop::collection::btree_set(-3i64..1000, 1..5)
        .prop_map(|values| Schema::IntEnum(values.into_iter().collect()))
}

/// Property lists: names are random (so duplicates after case conversion are common), exact
/// duplicates are dropped as a JSON object would.
fn props(inner: impl Strategy<Value = Schema>, max: usize) -> impl Strategy<Value = Vec<Prop>> {
    let flag = prop_oneof![6 => Just(0u8), 1 => 1u8..5];
    prop::collection::vec((any_name(), inner, any::<bool>(), text(), flag), 0..max).prop_map(
        |list| {
            let mut seen = BTreeSet::new();
            list.into_iter()
                .filter(|(name, ..)| seen.insert(name.clone()))
                .map(|(name, schema, required, description, flag)| Prop {
                    name,
                    schema,
                    required,
                    description,
                    flag,
                })
                .collect()
        },
    )
}

fn refs() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0usize..64, 1..4)
}

/// Any schema, nested up to a few levels.
fn schema() -> impl Strategy<Value = Schema> {
    let leaf = prop_oneof![
        4 => primitive(),
        3 => (0usize..64).prop_map(Schema::Ref),
        1 => string_enum(),
        1 => int_enum(),
        1 => Just(Schema::Any),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            2 => inner.clone().prop_map(|s| Schema::Array(Box::new(s))),
            1 => inner.clone().prop_map(|s| Schema::Map(Box::new(s))),
            2 => props(inner.clone(), 5).prop_map(Schema::Object),
            1 => (props(inner.clone(), 4), extra(inner.clone()))
                .prop_map(|(p, e)| Schema::OpenObject(p, e)),
            1 => prop::collection::vec(inner.clone(), 1..4).prop_map(Schema::OneOfInline),
            1 => inner.prop_map(|s| Schema::Nullable(Box::new(s))),
            1 => refs().prop_map(Schema::OneOf),
            1 => refs().prop_map(Schema::AnyOf),
        ]
    })
}

fn extra(inner: impl Strategy<Value = Schema>) -> impl Strategy<Value = Extra> {
    prop_oneof![
        Just(Extra::Any),
        Just(Extra::Closed),
        inner.prop_map(|s| Extra::Typed(Box::new(s))),
    ]
}

/// A component schema: mostly objects, also every other shape.
fn component() -> impl Strategy<Value = Schema> {
    prop_oneof![
        6 => props(schema(), 7).prop_map(Schema::Object),
        2 => string_enum(),
        1 => int_enum(),
        2 => refs().prop_map(Schema::OneOf),
        1 => refs().prop_map(Schema::AnyOf),
        1 => (props(schema(), 5), extra(schema())).prop_map(|(p, e)| Schema::OpenObject(p, e)),
        1 => prop::collection::vec(schema(), 1..4).prop_map(Schema::OneOfInline),
        2 => (
            refs(),
            prop_oneof![
                select(&["kind", "type", "pet_type", "@type", "Kind", "self"][..])
                    .prop_map(str::to_string),
                any_name(),
            ],
            prop::collection::vec(enum_value(), 0..3),
        )
            .prop_map(|(r, property, mapping)| Schema::Discriminated(r, property, mapping)),
        2 => (refs(), props(schema(), 4)).prop_map(|(r, p)| Schema::AllOf(r, p)),
        1 => schema().prop_map(|s| Schema::Array(Box::new(s))),
        1 => schema().prop_map(|s| Schema::Map(Box::new(s))),
        1 => primitive(),
        1 => (0usize..64).prop_map(Schema::Ref),
        1 => props(schema(), 4).prop_map(|p| Schema::Nullable(Box::new(Schema::Object(p)))),
    ]
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    Param(String, Schema),
}

#[derive(Debug, Clone)]
struct Param {
    name: String,
    location: &'static str,
    schema: Schema,
    required: bool,
    description: Option<String>,
}

#[derive(Debug, Clone)]
struct Body {
    media: &'static str,
    schema: Schema,
    required: bool,
}

#[derive(Debug, Clone)]
struct Operation {
    method: &'static str,
    operation_id: Option<String>,
    summary: Option<String>,
    description: Option<String>,
    params: Vec<Param>,
    body: Option<Body>,
    responses: Vec<(&'static str, Option<Schema>)>,
    /// Headers declared on every response that has content.
    response_headers: Vec<(String, Schema)>,
    security: Option<Vec<usize>>,
    deprecated: bool,
    idempotent: bool,
}

#[derive(Debug, Clone)]
struct PathItem {
    segments: Vec<Segment>,
    operations: Vec<Operation>,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

const OPERATION_IDS: &[&str] = &[
    "getThing",
    "get_thing",
    "GetThing",
    "get-thing",
    "listThings",
    "new",
    "request",
    "send",
    "with_base_url",
    "with_bearer_auth",
    "base_url",
    "type",
    "self",
    "1st",
    "名前",
    "",
    "get thing",
];

const STATUSES: &[&str] = &[
    "200", "201", "202", "204", "301", "400", "401", "404", "409", "422", "500", "default", "2XX",
    "4XX", "5XX",
];

fn path_param_schema() -> impl Strategy<Value = Schema> {
    prop_oneof![
        3 => primitive().prop_filter("path values are text", |s| {
            !matches!(s, Schema::String(Some("binary" | "byte")))
        }),
        1 => string_enum(),
        1 => int_enum(),
    ]
}

fn param_schema(location: &'static str) -> BoxedStrategy<Schema> {
    let scalar = prop_oneof![
        4 => primitive().prop_filter("parameters are text", |s| {
            !matches!(s, Schema::String(Some("binary")))
        }),
        1 => string_enum(),
        1 => int_enum(),
    ];
    match location {
        "query" => prop_oneof![
            4 => scalar.clone(),
            2 => scalar.prop_map(|s| Schema::Array(Box::new(s))),
            1 => (0usize..64).prop_map(Schema::Ref),
        ]
        .boxed(),
        "header" => prop_oneof![
            4 => scalar.clone(),
            1 => scalar.prop_map(|s| Schema::Array(Box::new(s))),
        ]
        .boxed(),
        _ => scalar.boxed(),
    }
}

fn param() -> impl Strategy<Value = Param> {
    select(&["query", "query", "query", "header", "cookie"][..]).prop_flat_map(|location| {
        let name = match location {
            "header" => prop_oneof![
                select(
                    &[
                        "X-Request-Id",
                        "x-request-id",
                        "X-Trace",
                        "If-Match",
                        "X-1st"
                    ][..]
                )
                .prop_map(str::to_string),
                "X-[A-Za-z0-9-]{1,8}",
            ]
            .boxed(),
            _ => any_name().boxed(),
        };
        (
            name,
            Just(location),
            param_schema(location),
            any::<bool>(),
            text(),
        )
            .prop_map(|(name, location, schema, required, description)| Param {
                name,
                location,
                schema,
                required,
                description,
            })
    })
}

fn body() -> impl Strategy<Value = Body> {
    let media = prop_oneof![
        8 => Just("application/json"),
        1 => Just("application/x-www-form-urlencoded"),
        1 => Just("multipart/form-data"),
        1 => Just("application/octet-stream"),
        1 => Just("text/plain"),
    ];
    let schema = prop_oneof![
        3 => (0usize..64).prop_map(Schema::Ref),
        1 => schema(),
    ];
    (media, schema, any::<bool>()).prop_map(|(media, schema, required)| Body {
        media,
        schema,
        required,
    })
}

fn response_schema() -> impl Strategy<Value = Option<Schema>> {
    prop_oneof![
        1 => Just(None),
        3 => (0usize..64).prop_map(|i| Some(Schema::Ref(i))),
        1 => schema().prop_map(Some),
    ]
}

fn operation(method: &'static str) -> impl Strategy<Value = Operation> {
    let has_body = matches!(method, "post" | "put" | "patch" | "delete");
    (
        prop::option::weighted(
            0.8,
            prop_oneof![
                select(OPERATION_IDS).prop_map(str::to_string),
                reserved_name(),
                "[a-z][a-zA-Z0-9_]{0,12}",
            ],
        ),
        text(),
        text(),
        prop::collection::vec(param(), 0..5),
        if has_body {
            prop::option::weighted(0.7, body()).boxed()
        } else {
            Just(None).boxed()
        },
        prop::collection::btree_map(select(STATUSES), response_schema(), 1..4),
        prop::option::weighted(0.2, prop::collection::vec(0usize..8, 0..2)),
        prop::collection::vec(
            (
                prop_oneof![
                    select(
                        &[
                            "X-Rate-Limit",
                            "x-rate-limit",
                            "ETag",
                            "Location",
                            "X-1st",
                            "Retry-After"
                        ][..]
                    )
                    .prop_map(str::to_string),
                    "X-[A-Za-z0-9-]{1,8}",
                ],
                param_schema("header"),
            ),
            0..3,
        ),
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            move |(
                operation_id,
                summary,
                description,
                params,
                body,
                responses,
                security,
                response_headers,
                deprecated,
                idempotent,
            )| {
                let mut seen = BTreeSet::new();
                let params = params
                    .into_iter()
                    .filter(|p| seen.insert((p.name.clone(), p.location)))
                    .collect();
                Operation {
                    method,
                    operation_id,
                    summary,
                    description,
                    params,
                    body,
                    responses: responses.into_iter().collect(),
                    response_headers,
                    security,
                    deprecated,
                    idempotent,
                }
            },
        )
}

fn path_item() -> impl Strategy<Value = PathItem> {
    let segment = prop_oneof![
        3 => prop_oneof![
            select(&["users", "items", "v1", "self", "type", "new", "a.b", "foo-bar", "~x", "名前"][..])
                .prop_map(str::to_string),
            "[a-zA-Z0-9._~-]{1,8}",
        ]
        .prop_map(Segment::Literal),
        2 => (path_param_name(), path_param_schema()).prop_map(|(n, s)| Segment::Param(n, s)),
    ];
    let methods = prop::sample::subsequence(METHODS, 1..4);
    (prop::collection::vec(segment, 0..4), methods).prop_flat_map(|(segments, methods)| {
        // A path names each parameter once.
        let mut seen = BTreeSet::new();
        let segments: Vec<Segment> = segments
            .into_iter()
            .filter(|s| match s {
                Segment::Param(name, _) => seen.insert(name.clone()),
                Segment::Literal(_) => true,
            })
            .collect();
        let operations: Vec<_> = methods.into_iter().map(operation).collect();
        (Just(segments), operations).prop_map(|(segments, operations)| PathItem {
            segments,
            operations,
        })
    })
}

#[derive(Debug, Clone)]
struct Document {
    title: String,
    version: String,
    description: Option<String>,
    servers: Vec<&'static str>,
    /// Component names (distinct) and schemas.
    components: Vec<(String, Schema)>,
    paths: Vec<PathItem>,
    /// Security scheme names and kinds.
    security_schemes: Vec<(String, u8)>,
    global_security: Vec<usize>,
    /// Adds [`PADDING`] small object schemas, so that the client is a large one (clientgen writes
    /// the `Deserialize` impls of large clients out instead of deriving them).
    large: bool,
}

/// More types than `clientgen::__private::model::LARGE` (300).
const PADDING: usize = 300;

fn document() -> impl Strategy<Value = Value> {
    (
        prop_oneof![
            select(&["Test API", "", "名前 API", "Ünïcödé \"quoted\"", "a\nb"][..])
                .prop_map(str::to_string),
            "\\PC{0,16}",
        ],
        select(&["1.0.0", "2.1.3-beta.1", "v1", "", "1.0"][..]).prop_map(str::to_string),
        text(),
        prop::sample::subsequence(
            &[
                "https://api.example.com",
                "https://api.example.com/v1/",
                "http://127.0.0.1:8080/base",
            ][..],
            0..3,
        ),
        prop::collection::vec((component_name(), component()), 1..10),
        prop::collection::vec(path_item(), 0..7),
        prop::collection::vec(
            (
                select(
                    &[
                        "bearer", "api_key", "apiKey", "ApiKey", "oauth", "basic", "名前",
                    ][..],
                )
                .prop_map(str::to_string),
                0u8..5,
            ),
            0..3,
        ),
        prop::collection::vec(0usize..8, 0..2),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(
                title,
                version,
                description,
                servers,
                components,
                paths,
                security_schemes,
                global_security,
                large,
            )| {
                let mut seen = BTreeSet::new();
                let components = components
                    .into_iter()
                    .filter(|(name, _)| seen.insert(name.clone()))
                    .collect();
                let mut seen = BTreeSet::new();
                let security_schemes = security_schemes
                    .into_iter()
                    .filter(|(name, _)| seen.insert(name.clone()))
                    .collect();
                Document {
                    title,
                    version,
                    description,
                    servers,
                    components,
                    paths,
                    security_schemes,
                    global_security,
                    large,
                }
                .render()
            },
        )
}

// ---------------------------------------------------------------------------------------------
// Rendering to JSON
// ---------------------------------------------------------------------------------------------

impl Document {
    fn reference(&self, index: usize) -> Value {
        let name = &self.components[index % self.components.len()].0;
        json!({ "$ref": format!("#/components/schemas/{name}") })
    }

    /// `allOf` may only merge objects: each index goes to the next object component declared
    /// before the one being rendered (so no component includes itself).
    fn object_component(&self, index: usize, before: usize) -> Option<usize> {
        let objects: Vec<usize> = (0..before.min(self.components.len()))
            .filter(|&i| matches!(self.components[i].1, Schema::Object(_)))
            .collect();
        (!objects.is_empty()).then(|| objects[index % objects.len()])
    }

    fn object(&self, props: &[Prop], at: usize) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for p in props {
            let mut schema = self.schema(&p.schema, at);
            if let Value::Object(o) = &mut schema {
                if !o.contains_key("$ref") {
                    if let Some(d) = &p.description {
                        o.insert("description".into(), json!(d));
                    }
                    match p.flag {
                        1 => drop(o.insert("readOnly".into(), json!(true))),
                        2 => drop(o.insert("writeOnly".into(), json!(true))),
                        3 => drop(o.insert("deprecated".into(), json!(true))),
                        4 => {
                            if let Some(d) = default_of(&p.schema) {
                                o.insert("default".into(), d);
                            }
                        }
                        _ => {}
                    }
                }
            }
            properties.insert(p.name.clone(), schema);
            if p.required {
                required.push(json!(p.name));
            }
        }
        // A component that a discriminated union refers to carries its tag property.
        if at < self.components.len() {
            for tag in self.discriminators_of(at) {
                properties.insert(tag.clone(), json!({ "type": "string" }));
                if !required.contains(&json!(tag)) {
                    required.push(json!(tag));
                }
            }
        }
        let mut object = json!({ "type": "object", "properties": properties });
        if !required.is_empty() {
            object["required"] = Value::Array(required);
        }
        object
    }

    /// `oneOf` or `anyOf` of references; a component is never one of its own variants (that
    /// has no shape, and clientgen rightly refuses it).
    fn union(&self, keyword: &str, refs: &[usize], at: usize) -> Value {
        let n = self.components.len();
        let variants: Vec<Value> = refs
            .iter()
            .map(|&i| i % n)
            .filter(|&i| i != at)
            .map(|i| self.reference(i))
            .collect();
        if variants.is_empty() {
            return json!({ "type": "string" });
        }
        json!({ keyword: variants })
    }

    /// The object components a discriminated union refers to (as `(union, object)` indexes).
    fn discriminated_members(&self, union: usize) -> Vec<usize> {
        let Schema::Discriminated(refs, ..) = &self.components[union].1 else {
            return Vec::new();
        };
        let mut members = Vec::new();
        for &r in refs {
            if let Some(i) = self.object_component(r, self.components.len()) {
                if !members.contains(&i) {
                    members.push(i);
                }
            }
        }
        members
    }

    /// The tag properties that component `at` must have.
    fn discriminators_of(&self, at: usize) -> Vec<String> {
        let mut tags = Vec::new();
        for (u, (_, schema)) in self.components.iter().enumerate() {
            if let Schema::Discriminated(_, property, _) = schema {
                if self.discriminated_members(u).contains(&at) && !tags.contains(property) {
                    tags.push(property.clone());
                }
            }
        }
        tags
    }

    /// The JSON of `schema`, inside component number `at`.
    fn schema(&self, schema: &Schema, at: usize) -> Value {
        let typed = |ty: &str, format: &Option<&str>| match format {
            Some(f) => json!({ "type": ty, "format": f }),
            None => json!({ "type": ty }),
        };
        match schema {
            Schema::String(f) => typed("string", f),
            Schema::Integer(f) => typed("integer", f),
            Schema::Number(f) => typed("number", f),
            Schema::Boolean => json!({ "type": "boolean" }),
            Schema::Any => json!({}),
            Schema::Ref(i) => self.reference(*i),
            Schema::Enum(values) => json!({ "type": "string", "enum": values }),
            Schema::IntEnum(values) => json!({ "type": "integer", "enum": values }),
            Schema::Array(items) => json!({ "type": "array", "items": self.schema(items, at) }),
            Schema::Map(values) => {
                json!({ "type": "object", "additionalProperties": self.schema(values, at) })
            }
            Schema::Object(props) => self.object(props, at),
            Schema::OpenObject(props, extra) => {
                let mut object = self.object(props, usize::MAX);
                object["additionalProperties"] = match extra {
                    Extra::Any => json!(true),
                    Extra::Closed => json!(false),
                    Extra::Typed(s) => self.schema(s, at),
                };
                object
            }
            Schema::OneOfInline(variants) => {
                let variants: Vec<Value> = variants.iter().map(|v| self.schema(v, at)).collect();
                json!({ "oneOf": variants })
            }
            Schema::Discriminated(_, property, keys) => {
                let members = if at < self.components.len() {
                    self.discriminated_members(at)
                } else {
                    Vec::new()
                };
                if members.is_empty() {
                    return json!({ "type": "object" });
                }
                let mut discriminator = json!({ "propertyName": property });
                if !keys.is_empty() {
                    let mut mapping = Map::new();
                    for (k, &m) in keys.iter().zip(members.iter().cycle()) {
                        mapping.insert(k.clone(), self.reference(m)["$ref"].clone());
                    }
                    discriminator["mapping"] = Value::Object(mapping);
                }
                json!({
                    "oneOf": members.iter().map(|&m| self.reference(m)).collect::<Vec<_>>(),
                    "discriminator": discriminator,
                })
            }
            Schema::OneOf(refs) => self.union("oneOf", refs, at),
            Schema::AnyOf(refs) => self.union("anyOf", refs, at),
            Schema::AllOf(refs, props) => {
                let mut parts: Vec<Value> = Vec::new();
                let mut used = BTreeSet::new();
                for &r in refs {
                    if let Some(i) = self.object_component(r, at) {
                        if used.insert(i) {
                            parts.push(self.reference(i));
                        }
                    }
                }
                parts.push(self.object(props, at));
                json!({ "allOf": parts })
            }
            Schema::Nullable(inner) => match self.schema(inner, at) {
                Value::Object(mut o) if !o.contains_key("$ref") => {
                    o.insert("nullable".into(), json!(true));
                    Value::Object(o)
                }
                reference => json!({ "allOf": [reference], "nullable": true }),
            },
        }
    }

    fn path(&self, item: &PathItem) -> String {
        let mut path = String::new();
        for s in &item.segments {
            path.push('/');
            match s {
                Segment::Literal(text) => path.push_str(text),
                Segment::Param(name, _) => {
                    path.push('{');
                    path.push_str(name);
                    path.push('}');
                }
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        path
    }

    fn operation(&self, item: &PathItem, op: &Operation) -> Value {
        let outside = usize::MAX;
        let mut parameters = Vec::new();
        for s in &item.segments {
            if let Segment::Param(name, schema) = s {
                parameters.push(json!({
                    "name": name,
                    "in": "path",
                    "required": true,
                    "schema": self.schema(schema, outside),
                }));
            }
        }
        for p in &op.params {
            let mut param = json!({
                "name": p.name,
                "in": p.location,
                "required": p.required,
                "schema": self.schema(&p.schema, outside),
            });
            if let Some(d) = &p.description {
                param["description"] = json!(d);
            }
            parameters.push(param);
        }
        let mut responses = Map::new();
        for (status, schema) in &op.responses {
            let mut response = json!({ "description": format!("Status {status}.") });
            if let (Some(schema), false) = (schema, *status == "204") {
                response["content"] =
                    json!({ "application/json": { "schema": self.schema(schema, outside) } });
                if !op.response_headers.is_empty() {
                    let mut headers = Map::new();
                    for (name, schema) in &op.response_headers {
                        headers.insert(
                            name.clone(),
                            json!({ "schema": self.schema(schema, outside) }),
                        );
                    }
                    response["headers"] = Value::Object(headers);
                }
            }
            responses.insert(status.to_string(), response);
        }
        let mut operation = json!({ "responses": responses });
        if !parameters.is_empty() {
            operation["parameters"] = Value::Array(parameters);
        }
        if let Some(id) = &op.operation_id {
            operation["operationId"] = json!(id);
        }
        if let Some(s) = &op.summary {
            operation["summary"] = json!(s);
        }
        if let Some(d) = &op.description {
            operation["description"] = json!(d);
        }
        if let Some(body) = &op.body {
            let schema = match body.media {
                "application/octet-stream" => json!({ "type": "string", "format": "binary" }),
                "text/plain" => json!({ "type": "string" }),
                _ => self.schema(&body.schema, outside),
            };
            operation["requestBody"] = json!({
                "required": body.required,
                "content": { body.media: { "schema": schema } },
            });
        }
        if op.deprecated {
            operation["deprecated"] = json!(true);
        }
        if op.idempotent {
            operation["x-idempotent"] = json!(true);
        }
        if let Some(security) = &op.security {
            operation["security"] = self.requirements(security);
        }
        operation
    }

    fn requirements(&self, indexes: &[usize]) -> Value {
        if self.security_schemes.is_empty() {
            return json!([]);
        }
        let list: Vec<Value> = indexes
            .iter()
            .map(|&i| {
                let name = &self.security_schemes[i % self.security_schemes.len()].0;
                json!({ name: [] })
            })
            .collect();
        Value::Array(list)
    }

    fn render(&self) -> Value {
        let mut info = json!({ "title": self.title, "version": self.version });
        if let Some(d) = &self.description {
            info["description"] = json!(d);
        }
        let mut schemas = Map::new();
        for (i, (name, schema)) in self.components.iter().enumerate() {
            // A component that only refers on goes to an earlier one: no cycle of references.
            let value = match schema {
                Schema::Ref(r) if i > 0 => self.reference(r % i),
                Schema::Ref(_) => json!({ "type": "string" }),
                other => self.schema(other, i),
            };
            schemas.insert(name.clone(), value);
        }
        if self.large {
            for i in 0..PADDING {
                schemas.entry(format!("Padding{i}")).or_insert_with(
                    || json!({ "type": "object", "properties": { "v": { "type": "string" } } }),
                );
            }
        }
        let mut paths = Map::new();
        for item in &self.paths {
            let path = self.path(item);
            // Paths that differ only in parameter names are the same path.
            let shape = template_shape(&path);
            if paths.keys().any(|p| template_shape(p) == shape) {
                continue;
            }
            let mut value = Map::new();
            for op in &item.operations {
                value.insert(op.method.to_string(), self.operation(item, op));
            }
            paths.insert(path, Value::Object(value));
        }
        let mut components = json!({ "schemas": schemas });
        if !self.security_schemes.is_empty() {
            let mut schemes = Map::new();
            for (name, kind) in &self.security_schemes {
                let scheme = match kind {
                    0 => json!({ "type": "http", "scheme": "bearer" }),
                    1 => json!({ "type": "http", "scheme": "basic" }),
                    2 => json!({ "type": "apiKey", "in": "header", "name": "X-Api-Key" }),
                    3 => json!({ "type": "apiKey", "in": "query", "name": "api_key" }),
                    _ => json!({ "type": "apiKey", "in": "cookie", "name": "session" }),
                };
                schemes.insert(name.clone(), scheme);
            }
            components["securitySchemes"] = Value::Object(schemes);
        }
        let mut doc = json!({
            "openapi": "3.0.3",
            "info": info,
            "paths": paths,
            "components": components,
        });
        if !self.servers.is_empty() {
            doc["servers"] = self.servers.iter().map(|u| json!({ "url": u })).collect();
        }
        if !self.global_security.is_empty() && !self.security_schemes.is_empty() {
            doc["security"] = self.requirements(&self.global_security);
        }
        doc
    }
}

/// A default value of the schema's own type, where one is easy to write.
fn default_of(schema: &Schema) -> Option<Value> {
    Some(match schema {
        Schema::String(None) => json!("default \"text\""),
        Schema::Integer(_) => json!(7),
        Schema::Number(_) => json!(1.5),
        Schema::Boolean => json!(true),
        Schema::Enum(values) => json!(values.last()?),
        Schema::IntEnum(values) => json!(values.first()?),
        Schema::Array(_) => json!([]),
        _ => return None,
    })
}

/// `/a/{x}/b` and `/a/{y}/b` are the same path to OpenAPI.
fn template_shape(path: &str) -> String {
    let mut shape = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                shape.push_str("{}");
            }
            '}' => in_param = false,
            _ if !in_param => shape.push(c),
            _ => {}
        }
    }
    shape
}

// ---------------------------------------------------------------------------------------------
// Running the generator
// ---------------------------------------------------------------------------------------------

/// A folder of its own for each document.
fn scratch_dir() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir()
        .join(format!("clientgen-properties-{}", std::process::id()))
        .join(NEXT.fetch_add(1, Ordering::Relaxed).to_string());
    std::fs::create_dir_all(&dir).expect("the temporary folder is writable");
    dir
}

fn write_spec(doc: &Value) -> PathBuf {
    let spec = scratch_dir().join("spec.json");
    let text = serde_json::to_string_pretty(doc).expect("a JSON value serializes");
    std::fs::write(&spec, text).expect("the temporary folder is writable");
    spec
}

fn remove_scratch(spec: &Path) {
    if let Some(dir) = spec.parent() {
        std::fs::remove_dir_all(dir).ok();
    }
}

/// Checks an `Err` of the generator: every problem has a pointer, none is an internal error.
fn check_error(error: &Error) -> Result<(), String> {
    match error {
        Error::Spec(problems) => {
            for d in problems.iter() {
                if !d.pointer.starts_with('#') {
                    return Err(format!("diagnostic without a JSON pointer: {d}"));
                }
            }
            Ok(())
        }
        Error::Io(path, e) => Err(format!("I/O error on {}: {e}", path.display())),
        Error::Internal { message, .. } => Err(format!(
            "clientgen emitted code that is not Rust: {message}"
        )),
        other => Err(format!(
            "an error of a kind this test does not know: {other}"
        )),
    }
}

/// The properties every document must have; `Ok(Some(text))` when it generated.
fn check_module(spec: &Path) -> Result<Option<String>, String> {
    let generator = Generator::new(spec);
    if std::env::var_os("PROPERTIES_VERBOSE").is_some_and(|v| v == "2") {
        eprintln!("{}", std::fs::read_to_string(spec).unwrap_or_default());
    }
    let first = match generator.generate_module("m.rs") {
        Ok(output) => output,
        Err(e) => {
            if std::env::var_os("PROPERTIES_VERBOSE").is_some() {
                eprintln!(
                    "refused: {}",
                    e.to_string().lines().next().unwrap_or_default()
                );
            }
            return check_error(&e).map(|()| None);
        }
    };
    if std::env::var_os("PROPERTIES_VERBOSE").is_some() {
        eprintln!("generated");
    }
    let text = first.files.values().next().ok_or("no file generated")?;
    syn::parse_file(text).map_err(|e| format!("generated module does not parse: {e}\n{text}"))?;
    let second = generator
        .generate_module("m.rs")
        .map_err(|e| format!("the second run failed where the first did not: {e}"))?;
    if second.files != first.files {
        return Err("generating twice gave different output".to_string());
    }
    // The whole crate too: every Rust file parses, and a second run gives the same files.
    let crate_files = generator
        .generate()
        .map_err(|e| format!("the crate failed where the module did not: {e}"))?;
    for (path, text) in &crate_files.files {
        if path.extension().is_some_and(|e| e == "rs") {
            syn::parse_file(text)
                .map_err(|e| format!("{} does not parse: {e}\n{text}", path.display()))?;
        }
    }
    let again = generator
        .generate()
        .map_err(|e| format!("the second crate run failed where the first did not: {e}"))?;
    if again.files != crate_files.files {
        return Err("generating the crate twice gave different files".to_string());
    }
    Ok(Some(text.clone()))
}

/// `PROPTEST_CASES`, or `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        // Failures are recorded as named tests in this file, not in a regressions folder.
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(cases(64)))]

    #[test]
    fn generated_documents_give_valid_deterministic_rust(doc in document()) {
        let spec = write_spec(&doc);
        let result = check_module(&spec);
        remove_scratch(&spec);
        if let Err(problem) = result {
            return Err(TestCaseError::fail(format!(
                "{problem}\nspec:\n{}",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            )));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Compiling generated crates
// ---------------------------------------------------------------------------------------------

/// Writes the whole crate for `spec`, and runs `cargo check` on it; `Err` holds what failed,
/// `Ok(false)` says the spec was refused (with proper diagnostics), so nothing was compiled.
fn check_crate(spec: &Path) -> Result<bool, String> {
    let output = match Generator::new(spec)
        .crate_name("proptest-client")
        .generate()
    {
        Ok(output) => output,
        Err(e) => return check_error(&e).map(|()| false),
    };
    let dir = spec
        .parent()
        .expect("the spec is in a folder")
        .join("crate");
    output
        .write_to(&dir)
        .map_err(|e| format!("writing the crate failed: {e}"))?;
    // Not a member of any workspace above the temporary folder; the same dependency versions
    // as this repository, so that `--offline` finds them, built in the shared scratch target.
    scratch::make_workspace(&dir).map_err(|e| e.to_string())?;
    let result = scratch::cargo(&dir, "check")
        .args(["--message-format", "short"])
        .output()
        .map_err(|e| format!("cargo did not start: {e}"))?;
    let stderr = String::from_utf8_lossy(&result.stderr);
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
    if !result.status.success() || !warnings.is_empty() {
        let mut listing = String::new();
        for (path, text) in &output.files {
            listing.push_str(&format!("--- {}\n{text}\n", path.display()));
        }
        return Err(format!(
            "cargo check {} ({} warning lines):\n{stderr}\n{listing}",
            if result.status.success() {
                "passed with warnings"
            } else {
                "failed"
            },
            warnings.len()
        ));
    }
    Ok(true)
}

proptest! {
    // A few crates only: each is a `cargo check`.
    #![proptest_config(config(
        std::env::var("COMPILE_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3)
    ))]

    #[test]
    fn generated_crates_compile_without_warnings(doc in document()) {
        let spec = write_spec(&doc);
        let start = std::time::Instant::now();
        let result = check_crate(&spec);
        remove_scratch(&spec);
        match result {
            Ok(true) => eprintln!("a generated crate checked clean in {:?}", start.elapsed()),
            // Only documents that generate are compiled; another one is drawn.
            Ok(false) => return Err(TestCaseError::reject("the spec was refused")),
            Err(problem) => {
                return Err(TestCaseError::fail(format!(
                    "{problem}\nspec:\n{}",
                    serde_json::to_string_pretty(&doc).unwrap_or_default()
                )));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs found by fuzzing
// ---------------------------------------------------------------------------------------------

/// What the fuzz target named by the file's prefix checks, on one saved input.
fn replay_fuzz_input(path: &Path) -> Result<(), String> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    if name.starts_with("load-") {
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&bytes);
        if let Err(problems) = clientgen::__private::load::load_str(Path::new("fuzz.yaml"), &text) {
            if let Some(d) = problems.iter().find(|d| !d.pointer.starts_with('#')) {
                return Err(format!("diagnostic without a JSON pointer: {d}"));
            }
        }
        Ok(())
    } else if name.starts_with("generate-") {
        // As in the fuzz target: the bytes as `spec.yaml`, alone in a folder.
        let spec = scratch_dir().join("spec.yaml");
        std::fs::copy(path, &spec).map_err(|e| e.to_string())?;
        let result = check_module(&spec).map(|_| ());
        remove_scratch(&spec);
        result
    } else {
        Err(format!(
            "{name}: a fuzz input is named load-* or generate-*"
        ))
    }
}

/// Replays the inputs in `tests/hostile/fuzz/` whose names start with `prefix`, each in a
/// thread of its own so that a panic is reported with the file's name.
fn replay_fuzz_inputs(prefix: &str) {
    let dir = workspace_root().join("tests/hostile/fuzz");
    let mut inputs: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => return,
    };
    inputs.retain(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(prefix))
    });
    inputs.sort();
    let mut failures = Vec::new();
    for input in inputs {
        let shown = input.display().to_string();
        let outcome = std::thread::Builder::new()
            .stack_size(8 * 1024 * 1024)
            .spawn(move || replay_fuzz_input(&input))
            .expect("a thread can be spawned")
            .join();
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(problem)) => failures.push(format!("{shown}: {problem}")),
            Err(_) => failures.push(format!("{shown}: panicked")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fuzz_inputs_for_the_loader_stay_fixed() {
    replay_fuzz_inputs("load-");
}

#[test]
fn fuzz_inputs_for_the_pipeline_stay_fixed() {
    replay_fuzz_inputs("generate-");
}

// ---------------------------------------------------------------------------------------------
// Generator bugs the properties found, as minimal documents
// ---------------------------------------------------------------------------------------------

/// Writes `doc`, generates the crate and checks it; panics with what failed.
fn assert_compiles(doc: &Value) {
    let spec = write_spec(doc);
    let result = check_crate(&spec);
    remove_scratch(&spec);
    match result {
        Ok(true) => {}
        Ok(false) => panic!("the spec was refused"),
        Err(problem) => panic!("{problem}"),
    }
}

/// A document with `schemas`, plus [`PADDING`] small ones when `large`, and no operations.
fn with_schemas(schemas: Value, large: bool) -> Value {
    let mut schemas = schemas;
    if large {
        for i in 0..PADDING {
            schemas[format!("Padding{i}")] =
                json!({ "type": "object", "properties": { "v": { "type": "string" } } });
        }
    }
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Test API", "version": "1.0.0" },
        "paths": {},
        "components": { "schemas": schemas },
    })
}

/// The written-out `Deserialize` of a discriminated union is generic over `D`
/// (`fn deserialize<D: serde::Deserializer<'de>>`), so inside it `D::A` names the type
/// parameter, not the union: error[E0599] "no associated item named `A` found for type
/// parameter `D`".
#[test]
fn schema_named_d_discriminated_union_compiles() {
    let member = json!({
        "type": "object",
        "required": ["kind"],
        "properties": { "kind": { "type": "string" } },
    });
    assert_compiles(&with_schemas(
        json!({
            "D": {
                "oneOf": [
                    { "$ref": "#/components/schemas/A" },
                    { "$ref": "#/components/schemas/B" },
                ],
                "discriminator": { "propertyName": "kind" },
            },
            "A": member,
            "B": member,
        }),
        false,
    ));
}

/// In a large client (300 types or more) every struct's `Deserialize` is written out, generic
/// over `D`: for a struct named `D`, `Ok(D { .. })` names the type parameter (E0574).
#[test]
fn schema_named_d_in_a_large_client_compiles() {
    assert_compiles(&with_schemas(
        json!({ "D": { "type": "object", "properties": { "x": { "type": "string" } } } }),
        true,
    ));
}

/// In a large client the written-out impls share a helper `struct Fields` in `types.rs`, which
/// a schema named `Fields` redefines (E0428, then E0599 for `Fields::read`). This is the
/// minimal input proptest reported.
#[test]
fn schema_named_fields_in_a_large_client_compiles() {
    assert_compiles(&with_schemas(
        json!({ "Fields": { "type": "object", "properties": {} } }),
        true,
    ));
}
