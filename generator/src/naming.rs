//! Every Rust name the generator emits is decided here: case conversion, keywords, names that are not
//! identifiers (leading digits, symbols, non-ASCII, empty) and collisions. The same input always gets
//! the same answer. [`reserved`] lists the names the generated code uses itself, which the names
//! taken from the spec keep clear of.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Words Rust reserves, in every edition up to 2024.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The names clippy's `disallowed_names` lint refuses for a binding (its default list:
/// `clippy_config`'s `DEFAULT_DISALLOWED_NAMES`). It lints bindings only (arguments, locals,
/// patterns), not fields, methods or types.
const DISALLOWED_BINDINGS: &[&str] = &["foo", "baz", "quux"];

/// Keywords that cannot be written as raw identifiers (`r#self` is not allowed).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type names that generated code uses unqualified, so no generated type may take them.
const RESERVED_TYPES: &[&str] = &[
    "AsMut",
    "Fields",
    "AsRef",
    "BTreeMap",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Deserialize",
    "Drop",
    "Eq",
    "Err",
    "Error",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Serialize",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Value",
    "Vec",
];

pub mod reserved;

/// The setter of the credential held in the `Client` field `field`.
pub fn setter(field: &str) -> String {
    format!("{}{field}", reserved::SETTER_PREFIX)
}

/// The method of an operation `method` that takes its parameters struct when every parameter
/// in it is optional (`list_pets` -> `list_pets_with`); `method` itself then takes none. The
/// caller claims it in the client's method namespace, after every operation's own name.
pub fn params_method(method: &str) -> String {
    format!("{}_with", method.trim_end_matches('_'))
}

/// The method streaming the operation `method` item by item (every item of every page, every
/// event or chunk of its response): `{method}_stream`.
pub fn stream_method(method: &str) -> String {
    format!("{}_stream", method.trim_end_matches('_'))
}

/// The private methods a page named by a URL goes through (see
/// [`crate::model::PageFetch`]): `{method}_url`, the URL of the first page, and `{method}_at`,
/// the request to a URL.
pub fn fetch_methods(method: &str) -> (String, String) {
    let method = method.trim_end_matches('_');
    (format!("{method}_url"), format!("{method}_at"))
}

/// The setters of a struct whose fields are named `fields` (Rust names, in order): one per
/// field, named after it, or `with_` and its name when a generated type already has a method of
/// that name ([`reserved::TYPE_METHODS`]); a clash with another field's setter takes the next
/// free name. Decided here, once, so the emitted `impl` and the docs agree.
pub fn field_setters<'a>(fields: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let fields: Vec<&str> = fields.into_iter().collect();
    let mut taken = Namespace::with_taken(reserved::TYPE_METHODS.iter().copied());
    // Fields keep their own names first; a prefixed name comes second, so it cannot take the
    // name of a later field.
    let mut setters: Vec<Option<String>> = fields
        .iter()
        .map(|f| (!taken.contains(f)).then(|| taken.claim(f)))
        .collect();
    for (setter, field) in setters.iter_mut().zip(&fields) {
        if setter.is_none() {
            *setter = Some(taken.claim(&format!("{}{field}", reserved::SETTER_PREFIX)));
        }
    }
    setters.into_iter().flatten().collect()
}

/// Spells out a symbol so that names made only of symbols stay distinct (`+1` and `-1`).
fn symbol_word(c: char) -> Option<&'static str> {
    Some(match c {
        '+' => "plus",
        '-' => "minus",
        '*' => "star",
        '<' => "lt",
        '>' => "gt",
        '=' => "eq",
        '!' => "not",
        '.' => "dot",
        '/' => "slash",
        '@' => "at",
        '#' => "hash",
        '$' => "dollar",
        '%' => "percent",
        '&' => "and",
        '|' => "or",
        '~' => "tilde",
        '^' => "caret",
        '?' => "question",
        ':' => "colon",
        _ => return None,
    })
}

/// Turns arbitrary text into words heck can case: non-ASCII characters become `uXXXX` words, and
/// when the text has no ASCII letter to lead with, symbols are spelled out.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    let leads_with_letter = raw
        .chars()
        .find(|c| c.is_ascii_alphanumeric() || !c.is_ascii())
        .is_some_and(|c| c.is_ascii_alphabetic());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !c.is_ascii() {
            out.push_str(&format!(" u{:04x} ", c as u32));
        } else if !leads_with_letter && let Some(word) = symbol_word(c) {
            out.push(' ');
            out.push_str(word);
            out.push(' ');
        } else {
            out.push(' ');
        }
    }
    out
}

/// Edit distance between `a` and `b`, ignoring case: how the nearest valid names are found for
/// a name that is not one (`--tags`, `--operations`, settings).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// `UpperCamelCase` for types and variants; never empty, never starts with a digit, never a keyword.
pub fn camel(raw: &str, fallback: &str) -> String {
    let mut name = identifier(words(raw).to_upper_camel_case(), fallback, "");
    if name == "Self" {
        name = format!("{name}{fallback}");
    }
    name
}

/// `snake_case` for fields, functions and parameters; keywords become raw identifiers (`r#type`),
/// or get a trailing underscore where Rust allows no raw form (`self_`).
pub fn snake(raw: &str, fallback: &str) -> String {
    let mut name = identifier(words(raw).to_snake_case(), fallback, "_");
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// [`snake`] for a binding: an argument or a local named after something in the spec.
pub fn binding(raw: &str, fallback: &str) -> String {
    as_binding(snake(raw, fallback))
}

/// A `snake_case` name (a field's) as the name of a binding: one on clippy's
/// `disallowed_names` list gets the trailing `_` of a keyword without a raw form (`foo_`).
/// Fields, setters and methods keep the name, which clippy does not lint. (No other name ends
/// in `_` but those keywords, `self_` and the like: a suffixed name takes no other's.)
pub fn as_binding(mut name: String) -> String {
    if DISALLOWED_BINDINGS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `SHOUTY_SNAKE_CASE` for constants; never empty, never starts with a digit (no keyword is
/// upper case).
pub fn shouty(raw: &str, fallback: &str) -> String {
    identifier(words(raw).to_shouty_snake_case(), fallback, "_")
}

/// `name`, or `fallback` when it is empty; prefixed with `fallback` and `joiner` when it starts
/// with a digit.
fn identifier(name: String, fallback: &str, joiner: &str) -> String {
    if name.is_empty() {
        fallback.to_string()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{fallback}{joiner}{name}")
    } else {
        name
    }
}

/// Whether `name` must be written `r#name`.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// A set of names in one Rust scope; [`Namespace::claim`] hands out unique names in call order.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
    /// Whether prelude and helper type names get a `Type` suffix (the `types` module only).
    types: bool,
}

impl Namespace {
    /// A namespace for types, where prelude and helper names are already taken.
    pub fn for_types() -> Self {
        Namespace {
            taken: BTreeSet::new(),
            types: true,
        }
    }

    /// A namespace with `names` already taken.
    pub fn with_taken<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Namespace {
            taken: names.into_iter().map(str::to_string).collect(),
            types: false,
        }
    }

    /// Claims `candidate`, or the first of `candidate2`, `candidate3`, ... that is free.
    /// Reserved type names get a `Type` suffix first (`Option` -> `OptionType`).
    pub fn claim(&mut self, candidate: &str) -> String {
        let mut base = candidate.to_string();
        if self.types && RESERVED_TYPES.contains(&candidate) {
            base.push_str("Type");
        }
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{sep}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    /// Takes `name` as it is, so no later claim gets it.
    pub fn take(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// Whether `name` is already taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits_ignoring_case() {
        assert_eq!(super::distance("pets", "pest"), 2);
        assert_eq!(super::distance("Pets", "pets"), 0);
        assert_eq!(super::distance("", "abc"), 3);
    }

    #[test]
    fn setters_are_named_after_fields_unless_a_type_method_has_the_name() {
        let table = [
            (vec!["email", "status"], vec!["email", "status"]),
            (vec!["new", "default"], vec!["with_new", "with_default"]),
            (
                vec!["clone", "with_clone"],
                vec!["with_clone2", "with_clone"],
            ),
            (vec!["type", "into"], vec!["type", "with_into"]),
        ];
        for (fields, setters) in table {
            assert_eq!(field_setters(fields.iter().copied()), setters, "{fields:?}");
        }
    }

    #[test]
    fn camel_cases() {
        let table = [
            ("order_item", "OrderItem"),
            ("OrderStatus", "OrderStatus"),
            ("api-eu.example.com", "ApiEuExampleCom"),
            ("2fa_method", "T2faMethod"),
            ("+1", "Plus1"),
            ("-1", "Minus1"),
            ("", "T"),
            ("***", "StarStarStar"),
            ("Self", "SelfT"),
            ("café", "CafU00e9"),
            ("a.b", "AB"),
        ];
        for (raw, want) in table {
            assert_eq!(camel(raw, "T"), want, "camel({raw:?})");
        }
    }

    #[test]
    fn shouty_cases() {
        let table = [
            ("Sandbox", "SANDBOX"),
            ("EU production", "EU_PRODUCTION"),
            ("api.example.com/v2", "API_EXAMPLE_COM_V2"),
            ("2nd server", "SERVER_2ND_SERVER"),
            ("", "SERVER"),
            ("--", "MINUS_MINUS"),
        ];
        for (raw, expected) in table {
            assert_eq!(shouty(raw, "SERVER"), expected, "{raw:?}");
        }
    }

    #[test]
    fn snake_cases() {
        let table = [
            ("orderItemId", "order_item_id"),
            ("type", "type"),
            ("self", "self_"),
            ("Self", "self_"),
            ("crate", "crate_"),
            ("super", "super_"),
            ("1st", "field_1st"),
            ("", "field"),
            ("@odata.type", "odata_type"),
            ("$ref", "ref"),
            ("名前", "u540d_u524d"),
            ("X-Rate-Limit", "x_rate_limit"),
        ];
        for (raw, want) in table {
            assert_eq!(snake(raw, "field"), want, "snake({raw:?})");
        }
        assert!(is_keyword("type"));
        assert!(is_keyword("async"));
        assert!(!is_keyword("kind"));
    }

    #[test]
    fn bindings_keep_clear_of_clippys_disallowed_names() {
        for (raw, want) in [
            ("foo", "foo_"),
            ("Baz", "baz_"),
            ("QUUX", "quux_"),
            ("bar", "bar"),
            ("foo_bar", "foo_bar"),
            ("type", "type"),
            ("self", "self_"),
        ] {
            assert_eq!(binding(raw, "param"), want, "binding({raw:?})");
        }
        assert_eq!(as_binding(snake("foo", "field")), "foo_");
        // Fields keep the name.
        assert_eq!(snake("foo", "field"), "foo");
    }

    #[test]
    fn collisions_are_resolved_in_claim_order() {
        let mut ns = Namespace::for_types();
        assert_eq!(ns.claim("FooBar"), "FooBar");
        assert_eq!(ns.claim("FooBar"), "FooBar2");
        assert_eq!(ns.claim("FooBar"), "FooBar3");
        assert_eq!(ns.claim("Option"), "OptionType");
        assert_eq!(ns.claim("Error"), "ErrorType");
        assert_eq!(ns.claim("Version2"), "Version2");
        assert_eq!(ns.claim("Version2"), "Version2_2");
    }
}
