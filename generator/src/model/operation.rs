//! The description of one operation: its parameters, body, outcomes and streams, with the
//! method names and wire names already decided.

#[cfg(doc)]
use super::TypeKind;
use super::{Field, Pagination, Ty, TypeId};

/// An HTTP operation and the client method that calls it.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Method name (without `r#`).
    pub name: String,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template as written in the spec.
    pub path: String,
    /// The path split into literal text and parameters.
    pub path_parts: Vec<PathPart>,
    /// Doc comment.
    pub doc: Option<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// Path parameters, as method arguments.
    pub path_params: Vec<Param>,
    /// The struct holding query, header and cookie parameters.
    pub params: Option<ParamsStruct>,
    /// When every parameter in [`Operation::params`] is optional: the name of the method that
    /// takes them (`{name}_with`, see [`crate::naming::params_method`]); the method `name` then takes
    /// none and sends none. `None` when there are no such parameters, or some are required (the
    /// method `name` takes them).
    pub with_params: Option<String>,
    /// The request body.
    pub body: Option<Body>,
    /// What a success returns.
    pub success: Outcome,
    /// The operation's own error enum ([`TypeKind::ByStatus`], `{Op}Error`): one variant per
    /// documented error status, even one, even none, so that a new error status is a new
    /// variant of a `#[non_exhaustive]` enum rather than a new type.
    pub error: TypeId,
    /// Whether credentials are sent.
    pub authenticated: bool,
    /// Whether the operation is safe to repeat, so a retry policy may resend it: `GET`, `HEAD`
    /// and `OPTIONS`, and operations the spec marks with `x-idempotent: true`.
    pub idempotent: bool,
    /// The response headers a success returns with its body, when the spec declares any.
    pub success_headers: Option<SuccessHeaders>,
    /// The `Accept` header every request sends: the media types the method decodes (the
    /// successes' first, then the errors'), joined by `, `; `None` when no response has a
    /// body. (OpenAPI ignores an `Accept` header parameter: the client sets it.)
    pub accept: Option<String>,
    /// The success read as it arrives, by `{name}_stream`: events, lines or bytes.
    pub media_stream: Option<MediaStream>,
    /// The redirect the spec answers with instead of a success (`302`, say, with a `Location`),
    /// which the client follows: the success is then the bytes it leads to.
    pub redirect: Option<StatusMatch>,
    /// The operation's first tag, which names its group under `--tag-features`.
    pub tag: Option<String>,
    /// How its pages follow each other, when they do (its `{op}_stream` method).
    pub pagination: Option<Pagination>,
    /// The operation's JSON pointer in the spec (`#/paths/~1pets/get`).
    pub pointer: String,
    /// The named examples of its responses' bodies, in the spec's order.
    pub examples: Vec<ResponseExample>,
}

/// A named example of a response body, as the spec gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseExample {
    /// Its name in the media type's `examples` (empty for the single `example`).
    pub name: String,
    /// Its summary.
    pub summary: Option<String>,
    /// The statuses of the response it is an example of.
    pub status: StatusMatch,
    /// The media type it is written in.
    pub media_type: String,
    /// The body: the value as compact JSON, or a string value itself for a text media type.
    pub body: String,
}

impl Operation {
    /// Whether the method `name` takes the parameters struct (some parameter is required).
    pub fn takes_params(&self) -> bool {
        self.params.is_some() && self.with_params.is_none()
    }
}

/// A success response read as it arrives (`{op}_stream`), item by item, in memory bounded by
/// the largest item.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaStream {
    /// The method's name (`{op}_stream`).
    pub method: String,
    /// The media type streamed (its essence, lowercase: `text/event-stream`).
    pub media_type: String,
    /// The `Accept` header it sends: the streamed media type, then those of the errors.
    pub accept: String,
    /// How the body is cut into items.
    pub kind: StreamKind,
    /// Whether `{op}` reads this media type too (it is among those its `Accept` names); when it
    /// does not, a success sent as it is an error of `{op}` naming this method.
    pub read_whole: bool,
}

/// How a streamed body is cut into items.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamKind {
    /// `text/event-stream`: each event's `data` read as `item`; an event whose data is
    /// `sentinel` ends the stream.
    Events {
        /// The payload of an event.
        item: Payload,
        /// The data that ends the stream (OpenAI's `[DONE]`).
        sentinel: Option<String>,
    },
    /// `application/jsonl` and `application/x-ndjson` (one JSON value a line) or
    /// `application/json-seq` (RFC 7464 records): each read as `item`.
    Lines {
        /// The type of an item.
        item: Ty,
        /// Records start with the `RS` byte (`json-seq`).
        records: bool,
    },
    /// Any other media type: the body's bytes, chunk by chunk.
    Bytes,
}

/// The headers a success returns.
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessHeaders {
    /// The declared type ([`TypeKind::WithHeaders`]).
    pub ty: TypeId,
    /// The headers, as the struct's fields.
    pub headers: Vec<Field>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Text copied as is.
    Literal(String),
    /// Index into [`Operation::path_params`].
    Param(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// How a parameter value is written (OpenAPI "Style Values"; RFC 6570 for path styles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Style {
    /// `blue,black` (path, header; cookies are written as a `form` value alone).
    Simple,
    /// `.blue.black` (path).
    Label,
    /// `;color=blue,black` (path).
    Matrix,
    /// `color=blue,black` or, exploded, `color=blue&color=black` (query, form bodies, cookies).
    Form,
    /// `color=blue%20black` (query).
    SpaceDelimited,
    /// `color=blue|black` (query).
    PipeDelimited,
    /// `color[R]=100&color[G]=200` (query).
    DeepObject,
}

/// An operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The field (or argument) holding the value.
    pub field: Field,
    /// Where it goes.
    pub location: Location,
    /// How it is written.
    pub style: Style,
    /// Whether arrays and objects are written as separate values (`explode`).
    pub explode: bool,
    /// Whether reserved characters stay as they are in the query (`allowReserved`).
    pub allow_reserved: bool,
}

/// The parameters struct of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamsStruct {
    /// The declared type ([`TypeKind::Params`]).
    pub ty: TypeId,
    /// The parameters, in the order of the struct's fields.
    pub params: Vec<Param>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The media type sent.
    pub media_type: String,
    /// What is sent and how.
    pub payload: Payload,
    /// Whether the body must be given.
    pub required: bool,
    /// Every media type the spec lists for it, in its order.
    pub declared: Vec<String>,
    /// How properties of a form or multipart body are encoded, for those the spec's Encoding
    /// Object names, in its order.
    pub encoding: Vec<PartEncoding>,
}

/// How one property of a form or multipart body is encoded (an Encoding Object).
#[derive(Debug, Clone, PartialEq)]
pub struct PartEncoding {
    /// The property (wire name).
    pub property: String,
    /// The media type of the part (multipart; the first of `contentType`'s list).
    pub content_type: Option<String>,
    /// Headers of the part whose value the spec fixes (a `default` or a single `enum` value).
    pub headers: Vec<(String, String)>,
    /// How the value is written (form bodies).
    pub style: Style,
    /// Whether arrays and objects are written as separate pairs (form bodies).
    pub explode: bool,
    /// Whether reserved characters stay as they are (form bodies).
    pub allow_reserved: bool,
}

/// A body and how it is encoded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Payload {
    /// The value type.
    pub ty: Ty,
    /// The encoding.
    pub media: Media,
}

/// How a body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Media {
    /// JSON, with serde.
    Json,
    /// `application/x-www-form-urlencoded`, with serde (requests only).
    Form,
    /// `multipart/form-data` from the fields of a struct (requests only).
    Multipart,
    /// Text, as a `String`.
    Text,
    /// Anything else, as bytes.
    Binary,
}

/// Which statuses a response answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// `2XX` and the like: the hundreds digit.
    Range(u16),
    /// `default`: every status not otherwise listed.
    Default,
}

impl StatusMatch {
    /// The key of the response in the spec's `responses`: `204`, `2XX`, `default`.
    pub fn key(self) -> String {
        match self {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(hundreds) => format!("{hundreds}XX"),
            StatusMatch::Default => "default".to_string(),
        }
    }
}

/// What one side (success or error) of an operation yields.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// No typed body.
    Empty,
    /// One type for every status of this side that has a body; the statuses that carry it.
    Single(Payload, Vec<StatusMatch>),
    /// A per-status enum ([`TypeKind::ByStatus`]), which holds the statuses and their bodies.
    PerStatus(TypeId),
}
