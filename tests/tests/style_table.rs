//! The OpenAPI "Style Examples" table as an oracle of parameter serialization.
//!
//! `TABLE` is the table of the OpenAPI Specification 3.0.3, section "Style Examples"
//! (<https://spec.openapis.org/oas/v3.0.3#style-examples>; the same table is in 3.1.0 and
//! 3.1.1): a parameter `color` with the value empty, the string `blue`, the array
//! `["blue", "black", "brown"]` or the object `{"R": 100, "G": 200, "B": 150}`, serialized in
//! each style with `explode` false and true. The fixture `tests/fixtures/style_table.yaml` has one
//! operation per location, style, explode and value shape; each is called against a loopback
//! server that records the raw request, and what it received is compared with the table:
//!
//! - in the path: the raw path segment, byte for byte (a separator sent percent-encoded is wrong);
//! - in the query: the decoded name/value pairs (what any server reads; `%2C` and `,` are the same);
//! - in a header (`simple`): the raw value;
//! - in a cookie (`form`; with `explode: true` only the empty and string cells, the table's `&`
//!   separators having no meaning in a `Cookie` header): the value percent-decoded (a comma is
//!   not allowed raw in a cookie, RFC 6265, so `%2C` for `,` is right there).
//!
//! The generated client gets cells wrong today; `KNOWN_WRONG` lists each with what it sends
//! instead. The test fails on a wrong cell not listed, on a listed cell that is now right
//! ("remove it from KNOWN_WRONG"), and on a listed cell that is wrong differently ("update
//! KNOWN_WRONG"): the list can only shrink, and always says exactly what is sent.
//!
//! The `label` cells with an empty value stay wrong by design: the segment would be `.`, which
//! URL parsers drop from the path (`%2E` as well), so the client refuses to send it.

use crate::support::recorder;

use clientgen_tests::fixtures::style_table::Client;
use clientgen_tests::fixtures::style_table::types::{self, Rgb};
use recorder::{NO_CONTENT, Recorder, Seen};

/// One row of the specification's table: style, explode, then the cells for an empty value, the
/// string, the array and the object (`None` where the table says n/a).
type Row = (&'static str, bool, [Option<&'static str>; 4]);

/// The specification's table, verbatim from 3.1.1, which corrected 3.0.3's `spaceDelimited` and
/// `pipeDelimited` rows (3.0.3 leaves out the `color=` name) and percent-encodes the `deepObject`
/// brackets and the pipes; 3.0.3's other cells are the same. (Query cells are compared decoded.)
const TABLE: &[Row] = &[
    (
        "matrix",
        false,
        [
            Some(";color"),
            Some(";color=blue"),
            Some(";color=blue,black,brown"),
            Some(";color=R,100,G,200,B,150"),
        ],
    ),
    (
        "matrix",
        true,
        [
            Some(";color"),
            Some(";color=blue"),
            Some(";color=blue;color=black;color=brown"),
            Some(";R=100;G=200;B=150"),
        ],
    ),
    (
        "label",
        false,
        [
            Some("."),
            Some(".blue"),
            Some(".blue.black.brown"),
            Some(".R.100.G.200.B.150"),
        ],
    ),
    (
        "label",
        true,
        [
            Some("."),
            Some(".blue"),
            Some(".blue.black.brown"),
            Some(".R=100.G=200.B=150"),
        ],
    ),
    (
        "form",
        false,
        [
            Some("color="),
            Some("color=blue"),
            Some("color=blue,black,brown"),
            Some("color=R,100,G,200,B,150"),
        ],
    ),
    (
        "form",
        true,
        [
            Some("color="),
            Some("color=blue"),
            Some("color=blue&color=black&color=brown"),
            Some("R=100&G=200&B=150"),
        ],
    ),
    (
        "simple",
        false,
        [
            None,
            Some("blue"),
            Some("blue,black,brown"),
            Some("R,100,G,200,B,150"),
        ],
    ),
    (
        "simple",
        true,
        [
            None,
            Some("blue"),
            Some("blue,black,brown"),
            Some("R=100,G=200,B=150"),
        ],
    ),
    (
        "spaceDelimited",
        false,
        [
            None,
            None,
            Some("color=blue%20black%20brown"),
            Some("color=R%20100%20G%20200%20B%20150"),
        ],
    ),
    (
        "pipeDelimited",
        false,
        [
            None,
            None,
            Some("color=blue%7Cblack%7Cbrown"),
            Some("color=R%7C100%7CG%7C200%7CB%7C150"),
        ],
    ),
    (
        "deepObject",
        true,
        [
            None,
            None,
            None,
            Some("color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"),
        ],
    ),
];

/// The styles each location takes (OpenAPI 3.0.3, "Style Values").
const LOCATIONS: &[(&str, &[&str])] = &[
    ("path", &["matrix", "label", "simple"]),
    (
        "query",
        &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
    ),
    ("header", &["simple"]),
    ("cookie", &["form"]),
];

const SHAPES: [&str; 4] = ["empty", "string", "array", "object"];

/// The cells the generated client gets wrong today, each with what it sends instead
/// (`location style explode=E shape`, then the raw path segment, query, header or cookie sent,
/// or `error: ...` when the call fails before sending). Only ever remove entries.
const KNOWN_WRONG: &[(&str, &str)] = &[
    // The segment would be `.`, which URL parsers remove from the path (`%2E` too): refused.
    (
        "path label explode=false empty",
        "error: invalid request: the path parameter `color` cannot be empty, `.` or `..`",
    ),
    (
        "path label explode=true empty",
        "error: invalid request: the path parameter `color` cannot be empty, `.` or `..`",
    ),
];

#[tokio::test]
async fn parameters_serialize_as_the_specification_table_says() {
    let server = Recorder::start(NO_CONTENT).await;
    let client = Client::with_base_url(server.url());
    let mut wrong: Vec<(String, String, String)> = Vec::new();
    let mut checked = 0;
    for (location, styles) in LOCATIONS {
        for (style, explode, cells) in TABLE.iter().filter(|r| styles.contains(&r.0)) {
            for (shape, expected) in SHAPES.iter().zip(cells) {
                let Some(expected) = expected else { continue };
                if *location == "cookie" && *explode && matches!(*shape, "array" | "object") {
                    continue;
                }
                let cell = format!("{location} {style} explode={explode} {shape}");
                let sent = match call(&client, location, style, *explode, shape).await {
                    Err(e) => format!("error: {e}"),
                    Ok(()) => {
                        let seen = server.take();
                        let [seen] = seen.as_slice() else {
                            panic!("{cell}: expected one request, got {seen:?}")
                        };
                        received(seen, location, style, *explode, shape)
                    }
                };
                checked += 1;
                if !same(location, expected, &sent) {
                    wrong.push((cell, expected.to_string(), sent));
                }
            }
        }
    }
    assert_eq!(
        checked, 47,
        "every cell of the table that applies is checked"
    );
    let mut failures = Vec::new();
    for (cell, expected, sent) in &wrong {
        match KNOWN_WRONG.iter().find(|(c, _)| c == cell) {
            None => failures.push(format!(
                "{cell}: the table says {expected:?}, the client sent {sent:?}"
            )),
            Some((_, known)) if known != sent => failures.push(format!(
                "{cell}: still wrong but differently: the table says {expected:?}, the client \
                 sent {sent:?}, KNOWN_WRONG says {known:?}: update KNOWN_WRONG"
            )),
            Some(_) => {}
        }
    }
    for (cell, _) in KNOWN_WRONG {
        if !wrong.iter().any(|(c, _, _)| c == cell) {
            failures.push(format!("{cell} is right now: remove it from KNOWN_WRONG"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Whether what was sent is what the table says, as the location compares (see the module doc).
fn same(location: &str, expected: &str, sent: &str) -> bool {
    match location {
        "query" => decoded_pairs(expected) == decoded_pairs(sent),
        "cookie" => percent_decoded(expected) == percent_decoded(sent),
        _ => expected == sent,
    }
}

fn percent_decoded(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

fn decoded_pairs(query: &str) -> Vec<(String, String)> {
    reqwest::Url::parse(&format!("http://host/?{query}"))
        .map(|url| url.query_pairs().into_owned().collect())
        .unwrap_or_default()
}

/// The part of the request the table's cell describes, as sent.
fn received(seen: &Seen, location: &str, style: &str, explode: bool, shape: &str) -> String {
    match location {
        "path" => {
            let prefix = format!("/path/{style}/{}/{}/", flat(explode), op_shape(shape));
            match seen.path().strip_prefix(&prefix) {
                Some(segment) => segment.to_string(),
                None => format!("path {}", seen.path()),
            }
        }
        "query" => seen.query().to_string(),
        "header" => seen.header_values("color").join("\n"),
        _ => seen.header_values("cookie").join("\n"),
    }
}

fn flat(explode: bool) -> &'static str {
    if explode { "explode" } else { "flat" }
}

/// The operation taking the value: an empty value is an empty string.
fn op_shape(shape: &str) -> &str {
    if shape == "empty" { "string" } else { shape }
}

fn rgb() -> Rgb {
    Rgb::new(100, 200, 150)
}

fn colors() -> Vec<String> {
    vec!["blue".into(), "black".into(), "brown".into()]
}

/// Calls the operation of the cell with the table's value.
async fn call(
    client: &Client,
    location: &str,
    style: &str,
    explode: bool,
    shape: &str,
) -> Result<(), String> {
    let text = if shape == "empty" { "" } else { "blue" };
    let style = match style {
        "spaceDelimited" => "space_delimited",
        "pipeDelimited" => "pipe_delimited",
        "deepObject" => "deep_object",
        other => other,
    };
    let op = format!("{location}_{style}_{}_{}", flat(explode), op_shape(shape));
    macro_rules! path {
        ($($name:ident: $arg:expr),* $(,)?) => {
            $(if op == stringify!($name) {
                return client.$name($arg).await.map_err(|e| e.to_string());
            })*
        };
    }
    path!(
        path_matrix_flat_string: text,
        path_matrix_flat_array: &colors(),
        path_matrix_flat_object: &rgb(),
        path_matrix_explode_string: text,
        path_matrix_explode_array: &colors(),
        path_matrix_explode_object: &rgb(),
        path_label_flat_string: text,
        path_label_flat_array: &colors(),
        path_label_flat_object: &rgb(),
        path_label_explode_string: text,
        path_label_explode_array: &colors(),
        path_label_explode_object: &rgb(),
        path_simple_flat_string: text,
        path_simple_flat_array: &colors(),
        path_simple_flat_object: &rgb(),
        path_simple_explode_string: text,
        path_simple_explode_array: &colors(),
        path_simple_explode_object: &rgb(),
    );
    macro_rules! params {
        ($($name:ident: $params:ident($arg:expr)),* $(,)?) => {
            $(if op == stringify!($name) {
                return client
                    .$name(&types::$params::new($arg))
                    .await
                    .map_err(|e| e.to_string());
            })*
        };
    }
    let text = text.to_string();
    params!(
        query_form_flat_string: QueryFormFlatStringParams(text),
        query_form_flat_array: QueryFormFlatArrayParams(colors()),
        query_form_flat_object: QueryFormFlatObjectParams(rgb()),
        query_form_explode_string: QueryFormExplodeStringParams(text),
        query_form_explode_array: QueryFormExplodeArrayParams(colors()),
        query_form_explode_object: QueryFormExplodeObjectParams(rgb()),
        query_space_delimited_flat_array: QuerySpaceDelimitedFlatArrayParams(colors()),
        query_space_delimited_flat_object: QuerySpaceDelimitedFlatObjectParams(rgb()),
        query_pipe_delimited_flat_array: QueryPipeDelimitedFlatArrayParams(colors()),
        query_pipe_delimited_flat_object: QueryPipeDelimitedFlatObjectParams(rgb()),
        query_deep_object_explode_object: QueryDeepObjectExplodeObjectParams(rgb()),
        header_simple_flat_string: HeaderSimpleFlatStringParams(text),
        header_simple_flat_array: HeaderSimpleFlatArrayParams(colors()),
        header_simple_flat_object: HeaderSimpleFlatObjectParams(rgb()),
        header_simple_explode_string: HeaderSimpleExplodeStringParams(text),
        header_simple_explode_array: HeaderSimpleExplodeArrayParams(colors()),
        header_simple_explode_object: HeaderSimpleExplodeObjectParams(rgb()),
        cookie_form_flat_string: CookieFormFlatStringParams(text),
        cookie_form_flat_array: CookieFormFlatArrayParams(colors()),
        cookie_form_flat_object: CookieFormFlatObjectParams(rgb()),
        cookie_form_explode_string: CookieFormExplodeStringParams(text),
    );
    panic!("no operation {op} in the style_table fixture")
}
