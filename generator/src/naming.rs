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

/// Every name the generated code itself introduces (modules, items, methods, fields, parameters
/// and locals), by the scope it lives in. The model keeps the names it decides out of the scopes
/// where they would clash (an operation named `receive`, a parameter named `header_value`); a
/// test parses the emitted clients and fails when a template introduces a name missing here.
pub mod reserved {
    /// The modules of a client.
    pub const MODULES: &[&str] = &["client", "error", "retry", "types", "webhooks"];

    /// The wrapper of a value in a typed format, in `types` when some format is typed: no
    /// schema may take its name.
    pub const PARSED: &str = "Parsed";

    /// The trait of the types a [`PARSED`] holds, beside it.
    pub const WIRE_TEXT: &str = "WireText";

    /// Types the `client` module names unqualified: no server-variable enum may take them.
    pub const CLIENT_TYPES: &[&str] = &[
        "Client",
        "Error",
        "ErrorReader",
        "Received",
        "RetryPolicy",
        "Duration",
    ];

    /// Methods of `Client`: no operation may take them.
    pub const CLIENT_METHODS: &[&str] = &[
        "new",
        "with_base_url",
        "with_http_client",
        "with_timeout",
        "with_max_body_size",
        "with_retry",
        "base_url",
        "request",
        "send",
        "call",
        "call_empty",
        "receive",
        "authorize",
    ];

    /// Fields of `Client`: no credential field may take them.
    pub const CLIENT_FIELDS: &[&str] = &["http", "base_url", "timeout", "max_body_size", "retry"];

    /// A free function of the `client` module that operation methods (and the other helpers)
    /// call by name, emitted only when called. The templates name them through [`Helper::name`].
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Helper {
        EncodePath,
        PushQuery,
        FormBody,
        Expand,
        Unreserved,
        EncodeCookie,
        PercentEncode,
        ParamText,
        MultipartBody,
        Part,
        ToJson,
        HeaderValue,
        ReadHeader,
        Decode,
        ApiError,
    }

    impl Helper {
        /// Every helper, in the order they are emitted.
        pub const ALL: [Helper; 15] = [
            Helper::EncodePath,
            Helper::PushQuery,
            Helper::FormBody,
            Helper::Expand,
            Helper::Unreserved,
            Helper::EncodeCookie,
            Helper::PercentEncode,
            Helper::ParamText,
            Helper::MultipartBody,
            Helper::Part,
            Helper::ToJson,
            Helper::HeaderValue,
            Helper::ReadHeader,
            Helper::Decode,
            Helper::ApiError,
        ];

        /// The helpers this one calls, directly or through another.
        pub const fn calls(self) -> &'static [Helper] {
            match self {
                Helper::EncodePath | Helper::PushQuery => &[
                    Helper::Expand,
                    Helper::Unreserved,
                    Helper::PercentEncode,
                    Helper::ParamText,
                ],
                Helper::FormBody => &[
                    Helper::PushQuery,
                    Helper::Expand,
                    Helper::Unreserved,
                    Helper::PercentEncode,
                    Helper::ParamText,
                ],
                Helper::Expand => &[Helper::PercentEncode, Helper::ParamText],
                Helper::EncodeCookie => &[Helper::PercentEncode],
                _ => &[],
            }
        }

        /// The function's name.
        pub const fn name(self) -> &'static str {
            match self {
                Helper::EncodePath => "encode_path",
                Helper::PushQuery => "push_query",
                Helper::FormBody => "form_body",
                Helper::Expand => "expand",
                Helper::Unreserved => "unreserved",
                Helper::EncodeCookie => "encode_cookie",
                Helper::PercentEncode => "percent_encode",
                Helper::ParamText => "param_text",
                Helper::MultipartBody => "multipart_body",
                Helper::Part => "part",
                Helper::ToJson => "to_json",
                Helper::HeaderValue => "header_value",
                Helper::ReadHeader => "read_header",
                Helper::Decode => "decode",
                Helper::ApiError => "api_error",
            }
        }
    }

    /// The functions nested in a method of `Client` (`receive`, `authorize`).
    pub const NESTED_HELPERS: &[&str] = &["transport", "secret_header"];

    /// The functions of the `client` module that operation methods call by name: no argument
    /// of an operation may take them (it would shadow the function).
    pub fn client_helpers() -> impl Iterator<Item = &'static str> {
        Helper::ALL
            .into_iter()
            .map(Helper::name)
            .chain(NESTED_HELPERS.iter().copied())
    }

    /// The arguments of an operation method besides its path parameters, which must not take
    /// them (nor `types`, the module its argument types are named from).
    pub const OPERATION_ARGS: &[&str] = &["self", "params", "body"];

    /// The arguments of the constructors that carry the credential: no server variable may
    /// take them.
    pub const CREDENTIAL_ARGS: &[&str] = &["username", "password", "token", "api_key"];

    /// What a credential setter's name starts with: `with_` and the credential's field.
    pub const SETTER_PREFIX: &str = "with_";

    /// Locals, closure and helper parameters in the bodies the templates write. They are bound
    /// after every argument is read, so they clash with no name the spec gives.
    pub const LOCALS: &[&str] = &[
        "allow_reserved",
        "attempt",
        "boundary",
        "content_type",
        "encode",
        "encoding",
        "explode",
        "file_name",
        "joined",
        "keyed",
        "parts",
        "scalar",
        "style",
        "body",
        "bytes",
        "candidate",
        "ceiling",
        "chunk",
        "code",
        "cookies",
        "copy",
        "d",
        "deep",
        "deserializer",
        "digits",
        "documented",
        "e",
        "error",
        "f",
        "field",
        "fields",
        "form",
        "header",
        "headers",
        "hasher",
        "i",
        "item",
        "items",
        "key",
        "keep",
        "length",
        "limit",
        "mac",
        "method",
        "name",
        "other",
        "out",
        "outcome",
        "pair",
        "pairs",
        "params",
        "password",
        "policy",
        "query",
        "received",
        "request",
        "response",
        "retry_after",
        "retryable",
        "secret",
        "separator",
        "signature",
        "source",
        "status",
        "text",
        "token",
        "url",
        "username",
        "value",
        "wait",
        "best",
        "k",
        "kept",
        "keys",
        "member",
        "most",
        "object",
        // The compact `Deserialize` of a large client's types.
        "absent",
        "properties",
        "slot",
    ];

    /// Items of the support modules (`error`, `retry`, `webhooks`) and the helpers of `types`,
    /// with their methods and fields.
    pub const SUPPORT: &[&str] = &[
        // serde's `Visitor` methods that the compact `Deserialize` impls implement.
        "expecting",
        "visit_borrowed_str",
        "visit_map",
        "visit_str",
        "visit_string",
        "Api",
        "BadSignature",
        "Body",
        "BuildHasher",
        "BodyTooLarge",
        "Fields",
        "HEX",
        "Hasher",
        "InvalidRequest",
        "KEYS",
        "Transport",
        "UnexpectedBody",
        "WebhookError",
        "as_str",
        "byte",
        "delay",
        "deserialize",
        "fmt",
        "initial_backoff",
        "jitter",
        "max_backoff",
        "max_retries",
        "max_retry_after",
        "missing",
        "nullable",
        "parsed",
        "present",
        "put",
        "put_nullable",
        "read",
        "reason",
        "rest",
        "retry_after",
        "retryable_status",
        "source",
        "status",
        "tag",
        "v",
        "verify",
        "verify_base64",
        "verify_hex",
        "default",
        "from",
    ];

    /// Locals named by a property's position, in the compact `Deserialize` of a large client's
    /// types: a prefix and a number (`slot_0`, `value_0`). No other name there is numbered.
    pub const NUMBERED_LOCALS: &[&str] = &["slot_", "value_"];

    /// Callback names that would give a webhook verifier the name of a helper
    /// (`verify_` + name).
    pub const CALLBACK_NAMES: &[&str] = &["base64", "hex"];

    /// What the functions of a callback start with: `verify_` and `receive_` and its name.
    pub const CALLBACK_PREFIXES: &[&str] = &["verify_", "receive_"];

    /// The typed-format wrapper in `types` ([`PARSED`], [`WIRE_TEXT`]) and the names inside
    /// it (variants, methods, locals of its impls), which live in its own scopes.
    pub const TYPED_FORMATS: &[&str] = &[
        PARSED,
        WIRE_TEXT,
        "Valid",
        "Invalid",
        "valid",
        "into_valid",
        "text",
        "from_text",
        "to_text",
        "from_str",
        "serialize",
        "serializer",
        "S",
        "year",
        "month",
        "day",
    ];

    /// Type parameters and lifetimes of the templates.
    pub const GENERICS: &[&str] = &["T", "E", "D", "A", "de", "a"];

    /// What a client grouped by tag (`--tag-features`) declares besides the groups' names: the
    /// sub-client's field and `Deref` items, and the names of the group of operations without
    /// tags and of the feature of types no operation reaches, which no tag may take.
    pub const GROUPS: &[&str] = &["client", "deref", "Target", "untagged", "unused_types"];

    /// The constructor of a generated struct with required fields (`Type::new(required..)`).
    pub const CONSTRUCTOR: &str = "new";

    /// Names a field's setter may not take, because a generated type already answers to them:
    /// its constructor, the methods of the traits it derives or gets for free (`clone`, `into`,
    /// `default`, ...; an inherent method of that name would shadow the trait's at every call)
    /// and the operator traits' methods (clippy's `should_implement_trait`). A field with one of
    /// these names gets its setter behind [`SETTER_PREFIX`] (`with_default`).
    pub const TYPE_METHODS: &[&str] = &[
        CONSTRUCTOR,
        "add",
        "as_mut",
        "as_ref",
        "bitand",
        "bitor",
        "bitxor",
        "borrow",
        "borrow_mut",
        "clamp",
        "clone",
        "clone_from",
        "clone_into",
        "cmp",
        "default",
        "deref",
        "deref_mut",
        "deserialize",
        "div",
        "drop",
        "eq",
        "fmt",
        "from",
        "from_iter",
        "from_str",
        "ge",
        "gt",
        "hash",
        "index",
        "index_mut",
        "into",
        "into_iter",
        "le",
        "lt",
        "max",
        "min",
        "mul",
        "ne",
        "neg",
        "next",
        "not",
        "partial_cmp",
        "rem",
        "serialize",
        "shl",
        "shr",
        "sub",
        "to_owned",
        "to_string",
        "try_from",
        "try_into",
        "type_id",
    ];

    /// Every reserved name, once, in a fixed order.
    pub fn all() -> Vec<&'static str> {
        let mut names: Vec<&'static str> = [
            MODULES,
            TYPE_METHODS,
            CLIENT_TYPES,
            CLIENT_METHODS,
            CLIENT_FIELDS,
            NESTED_HELPERS,
            OPERATION_ARGS,
            CREDENTIAL_ARGS,
            LOCALS,
            SUPPORT,
            CALLBACK_NAMES,
            TYPED_FORMATS,
            GENERICS,
            GROUPS,
            super::RESERVED_TYPES,
        ]
        .concat();
        names.extend(Helper::ALL.map(Helper::name));
        names.sort_unstable();
        names.dedup();
        names
    }
}

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
