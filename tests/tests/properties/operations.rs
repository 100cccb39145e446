//! Operation strategies: parameters, bodies, responses, operations and path items.

use super::names::{any_name, path_param_name, reserved_name, text};
use super::schemas::{Schema, int_enum, primitive, schema, string_enum};
use proptest::prelude::*;
use proptest::sample::select;
use std::collections::BTreeSet;

#[derive(Debug, Clone)]
pub(super) enum Segment {
    Literal(String),
    Param(String, Schema),
}

#[derive(Debug, Clone)]
pub(super) struct Param {
    pub(super) name: String,
    pub(super) location: &'static str,
    pub(super) schema: Schema,
    pub(super) required: bool,
    pub(super) description: Option<String>,
}

#[derive(Debug, Clone)]
pub(super) struct Body {
    pub(super) media: &'static str,
    pub(super) schema: Schema,
    pub(super) required: bool,
}

#[derive(Debug, Clone)]
pub(super) struct Operation {
    pub(super) method: &'static str,
    pub(super) operation_id: Option<String>,
    pub(super) summary: Option<String>,
    pub(super) description: Option<String>,
    pub(super) params: Vec<Param>,
    pub(super) body: Option<Body>,
    pub(super) responses: Vec<(&'static str, Option<Schema>)>,
    /// Headers declared on every response that has content.
    pub(super) response_headers: Vec<(String, Schema)>,
    pub(super) security: Option<Vec<usize>>,
    pub(super) deprecated: bool,
    pub(super) idempotent: bool,
}

#[derive(Debug, Clone)]
pub(super) struct PathItem {
    pub(super) segments: Vec<Segment>,
    pub(super) operations: Vec<Operation>,
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

pub(super) fn path_item() -> impl Strategy<Value = PathItem> {
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
