//! Every name the generated code itself introduces (modules, items, methods, fields, parameters
//! and locals), by the scope it lives in. The model keeps the names it decides out of the scopes
//! where they would clash (an operation named `receive`, a parameter named `header_value`); a
//! test parses the emitted clients and fails when a template introduces a name missing here.

/// The modules of a client.
pub const MODULES: &[&str] = &["client", "error", "retry", "types", "webhooks"];

/// The wrapper of a value in a typed format, in `types` when some format is typed: no
/// schema may take its name.
pub const PARSED: &str = "Parsed";

/// The trait of the types a [`PARSED`] holds, beside it.
pub const WIRE_TEXT: &str = "WireText";

/// The file part of a multipart body (bytes, or a stream sent once), in `types` when some
/// multipart body has one: no schema of a spec that sends multipart bodies may take its name.
pub const FILE_PART: &str = "FilePart";

/// Where a [`FILE_PART`]'s bytes come from, beside it.
pub const FILE_SOURCE: &str = "FileSource";

/// Types the `client` module names unqualified: no server-variable enum may take them.
pub const CLIENT_TYPES: &[&str] = &[
    "Client",
    "Error",
    "ErrorReader",
    "Received",
    "RetryPolicy",
    "Duration",
    "RequestHook",
    // Bearer tokens that expire (`runtime/bearer.rs`), in the clients with OAuth2 or OpenID
    // Connect schemes.
    "AccessToken",
    "Bearer",
    "ClientCredentials",
    "KeptToken",
    "TokenError",
    "TokenFetch",
    "TokenFlow",
    "TokenFuture",
    "TokenSource",
];

/// Methods of `Client`: no operation may take them.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_base_url",
    "with_http_client",
    "with_timeout",
    "with_max_body_size",
    "with_retry",
    "with_hook",
    // With the setting `middleware` (`runtime/middleware.rs`).
    "with_middleware",
    "base_url",
    "request",
    "send",
    "call",
    "call_empty",
    "receive",
    "send_streamed",
    "open_streamed",
    "authorize",
];

/// Methods of `Client` in a client whose spec has OAuth2 or OpenID Connect schemes (bearer
/// tokens that expire, `runtime/bearer.rs`): no operation of such a client may take them (the
/// others keep the names).
pub const BEARER_METHODS: &[&str] = &["exchange", "exchange_streamed", "renew"];

/// The other names `runtime/bearer.rs` and the code around it declare (fields, variants,
/// methods of its own types, locals): none is in a scope the spec's names reach.
pub const BEARER_NAMES: &[&str] = &[
    "Answer",
    "Credentials",
    "F",
    "Fixed",
    "Grant",
    "Provider",
    "access_token",
    "answer",
    "authorization",
    "bearer",
    "client_id",
    "client_secret",
    "expire",
    "expires_in",
    "fetch",
    "fetched",
    "flow",
    "fresh",
    "grant",
    "of",
    "provider",
    "scopes",
    "sent",
    "token_url",
    "until",
];

/// Fields of `Client`: no credential field may take them.
pub const CLIENT_FIELDS: &[&str] = &[
    "http",
    "base_url",
    "timeout",
    "max_body_size",
    "retry",
    "hooks",
    // With the setting `middleware`.
    "middleware",
];

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
    FilePart,
    ToJson,
    HeaderValue,
    ReadHeader,
    ReadText,
    Decode,
    ApiError,
    StreamedElsewhere,
}

impl Helper {
    /// Every helper, in the order they are emitted.
    pub const ALL: [Helper; 18] = [
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
        Helper::FilePart,
        Helper::ToJson,
        Helper::HeaderValue,
        Helper::ReadHeader,
        Helper::ReadText,
        Helper::Decode,
        Helper::ApiError,
        Helper::StreamedElsewhere,
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
            Helper::FilePart => "file_part",
            Helper::ToJson => "to_json",
            Helper::HeaderValue => "header_value",
            Helper::ReadHeader => "read_header",
            Helper::ReadText => "read_text",
            Helper::Decode => "decode",
            Helper::ApiError => "api_error",
            Helper::StreamedElsewhere => "streamed_elsewhere",
        }
    }
}

/// The functions nested in a method of `Client` (`receive`, `authorize`).
pub const NESTED_HELPERS: &[&str] = &["transport", "secret_header"];

/// The free functions of the `client` module with the settings `tracing` and `middleware`
/// (`runtime/tracing.rs`, `runtime/middleware.rs`); operation methods call [`TRACE_OUTCOME`].
pub const OBSERVED_HELPERS: &[&str] = &[
    "operation_span",
    "call_span",
    "trace_outcome",
    "trace_status",
    "trace_retry",
    "error_kind",
    "from_middleware",
];

/// The locals of the functions of [`OBSERVED_HELPERS`], whose arguments the spec does not name.
pub const OBSERVED_LOCALS: &[&str] = &["delay_ms", "failure", "host", "m", "ours", "port"];

/// The functions of the `client` module that operation methods call by name: no argument
/// of an operation may take them (it would shadow the function).
pub fn client_helpers() -> impl Iterator<Item = &'static str> {
    Helper::ALL
        .into_iter()
        .map(Helper::name)
        .chain(NESTED_HELPERS.iter().copied())
}

/// The function the operation methods of a client with the setting `tracing` call by name
/// (one of [`OBSERVED_HELPERS`]): no argument of theirs may take it.
pub const TRACE_OUTCOME: &str = "trace_outcome";

/// The arguments of an operation method besides its path parameters, which must not take
/// them (nor `types`, the module its argument types are named from).
pub const OPERATION_ARGS: &[&str] = &["self", "params", "body"];

/// The names a paginated operation's `_stream` method calls or binds before it reads its
/// arguments (the runtime's `every_page`, `next_link` and `next_url`, and the closure's
/// argument), which no path parameter may take.
pub const PAGES: &[&str] = &["every_page", "next_link", "next_url", "next_page"];

/// The locals, closure parameters and generics of the `_stream` methods and of the pages
/// runtime (`emit/client/runtime/pages.rs`), bound where no argument is read after them.
pub const PAGE_LOCALS: &[&str] = &[
    "after",
    "base",
    "bracketed",
    "count",
    "escaped",
    "fetch",
    "link",
    "more",
    "next",
    "offset",
    "page",
    "page_items",
    "param",
    "quoted",
    "reason",
    "rel",
    "repeated",
    "seen",
    "split",
    "start",
    "state",
    "target",
    "c",
    "l",
    "r",
    "v",
    "C",
    "F",
    "P",
];

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
    "hook",
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
    // With the setting `tracing` (`emit/client/observed.rs`).
    "span",
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
    "start",
    "status",
    "text",
    "token",
    "url",
    "username",
    "value",
    "values",
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
    // The macros of a large client's `types` (`object` is a local too); macros have a
    // namespace of their own, which no name from the spec reaches.
    "strings",
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
    "Hook",
    "InvalidRequest",
    // With the setting `middleware`.
    "Middleware",
    "Pagination",
    "KEYS",
    "NotUtf8",
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

/// The file part of multipart bodies in `types` ([`FILE_PART`], [`FILE_SOURCE`]) and the names
/// inside it (variants, methods, locals and generics of its impls), which live in its own
/// scopes.
pub const FILE_PARTS: &[&str] = &[
    FILE_PART,
    FILE_SOURCE,
    "Bytes",
    "Stream",
    "stream",
    "stream_with_length",
    "as_bytes",
    "to_part",
    "poisoned",
    "H",
];

/// What a client grouped by tag (`--tag-features`) declares besides the groups' names: the
/// sub-client's field and `Deref` items, and the names of the group of operations without
/// tags and of the feature of types no operation reaches, which no tag may take.
pub const GROUPS: &[&str] = &["client", "deref", "Target", "untagged", "unused_types"];

/// The module of the `client` module that holds the functions parameters are written with
/// (`style::form`): no group (a module of `client`) may take its name.
pub const STYLE: &str = "style";

/// The items of the module [`STYLE`] (and the variants of its enum): a function per style of
/// OpenAPI, the type they share and the functions they call. Nothing the spec names is declared
/// in that module.
pub const STYLE_MODULE: &[&str] = &[
    "Style",
    "Values",
    "List",
    "Object",
    "to_items",
    "simple",
    "label",
    "matrix",
    "form",
    "space_delimited",
    "pipe_delimited",
    "deep_object",
    "delimited",
];

/// The module of the `client` module that reads responses as they arrive (`{op}_stream`): no
/// group (a module of `client`) may take its name.
pub const STREAMS: &str = "streams";

/// The items, fields, generics and locals of the module [`STREAMS`] (`runtime/stream.rs`).
/// Nothing the spec names is declared in that module.
pub const STREAMS_MODULE: &[&str] = &[
    "Chunks",
    "Done",
    "ErrorBody",
    "EventParser",
    "Events",
    "F",
    "Lines",
    "MEDIA",
    "Next",
    "R",
    "Reading",
    "Start",
    "State",
    "after_cr",
    "at",
    "b",
    "buffer",
    "crlf",
    "data",
    "decoded",
    "dispatch",
    "end",
    "ended",
    "essence",
    "event",
    "event_data",
    "expected",
    "feed",
    "finish",
    "framing",
    "head",
    "id",
    "line",
    "line_done",
    "lines",
    "media",
    "never",
    "parser",
    "records",
    "scanned",
    "sentinel",
    "start",
    "started",
    "state",
];

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
        BEARER_METHODS,
        BEARER_NAMES,
        CLIENT_FIELDS,
        NESTED_HELPERS,
        OBSERVED_HELPERS,
        OBSERVED_LOCALS,
        OPERATION_ARGS,
        PAGES,
        PAGE_LOCALS,
        CREDENTIAL_ARGS,
        LOCALS,
        SUPPORT,
        CALLBACK_NAMES,
        TYPED_FORMATS,
        FILE_PARTS,
        GENERICS,
        GROUPS,
        &[STYLE],
        STYLE_MODULE,
        &[STREAMS],
        STREAMS_MODULE,
        super::RESERVED_TYPES,
    ]
    .concat();
    names.extend(Helper::ALL.map(Helper::name));
    names.sort_unstable();
    names.dedup();
    names
}
