//! Names and texts the strategies draw from: keywords, the names the generator derives or
//! reserves, names that are not identifiers, and texts that break doc comments.

use proptest::prelude::*;
use proptest::sample::select;

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
pub(super) fn component_name() -> impl Strategy<Value = String> {
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
pub(super) fn reserved_name() -> impl Strategy<Value = String> {
    select(clientgen::__private::naming::reserved::all()).prop_map(str::to_string)
}

/// Property, parameter and enum names: anything.
pub(super) fn any_name() -> impl Strategy<Value = String> {
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
pub(super) fn path_param_name() -> impl Strategy<Value = String> {
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

pub(super) fn text() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        3 => Just(None),
        3 => select(TEXTS).prop_map(|t| Some(t.to_string())),
        1 => "\\PC{0,24}".prop_map(Some),
    ]
}

pub(super) fn enum_value() -> impl Strategy<Value = String> {
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
