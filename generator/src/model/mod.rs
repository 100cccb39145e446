//! Stage 2: a plain description of the client to emit. Every Rust name is decided here (through
//! [`crate::naming`]), next to the wire name it stands for, so the emitter makes no decisions.

mod groups;
mod operations;
mod pagination;
mod prune;
mod schemas;
mod servers;
mod usage;
pub(crate) mod walk;
mod webhooks;

pub use groups::{Gate, Group, Groups};
pub use pagination::{Access, CursorFrom, Input, Next, Pagination, Step};
pub use prune::Selection;
pub use usage::{LARGE, SerdeUse};

use crate::diagnostics::Diagnostics;
use crate::load::Loaded;
use crate::settings::{Settings, TypedFormat};
use crate::skip::Skip;
use std::collections::BTreeMap;

/// A declared type: its index in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

impl TypeId {
    /// The index in [`Api::types`] (and [`Api::serde`]).
    pub fn index(self) -> usize {
        self.0
    }
}

impl std::ops::Index<TypeId> for Vec<TypeDef> {
    type Output = TypeDef;
    fn index(&self, id: TypeId) -> &TypeDef {
        &self[id.0]
    }
}

impl std::ops::IndexMut<TypeId> for Vec<TypeDef> {
    fn index_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self[id.0]
    }
}

impl std::ops::Index<TypeId> for [TypeDef] {
    type Output = TypeDef;
    fn index(&self, id: TypeId) -> &TypeDef {
        &self[id.0]
    }
}

impl std::ops::IndexMut<TypeId> for [TypeDef] {
    fn index_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self[id.0]
    }
}

/// The whole client.
#[derive(Debug, Clone)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// Named types, in emission order.
    pub types: Vec<TypeDef>,
    /// Operations, in document order.
    pub operations: Vec<Operation>,
    /// How the base URL is chosen.
    pub server: Server,
    /// Credentials the client carries.
    pub auth: Vec<AuthScheme>,
    /// The scheme whose credential `Client::new` takes, when the spec has exactly one.
    pub constructor_auth: Option<usize>,
    /// Callbacks the API sends to the application.
    pub webhooks: Vec<Webhook>,
    /// The serde traits each type derives, by type id.
    pub serde: Vec<SerdeUse>,
    /// Whether the client is large (at least [`LARGE`] types besides the operations' error
    /// enums): each type derives only the serde traits the API needs ([`Api::serde`]), and a
    /// type read from responses gets the compact `Deserialize`.
    pub compact_serde: bool,
    /// Whether some operation is safe to repeat ([`Operation::idempotent`]), so the client
    /// carries a retry policy.
    pub retries: bool,
    /// Derives the settings add to every schema type.
    pub derive_all: Vec<String>,
    /// Derives the settings add to some schema types, by Rust type name.
    pub derives: BTreeMap<String, Vec<String>>,
    /// With `--tag-features`: the operations grouped by their first tag, each group behind a
    /// Cargo feature, and which features each type needs ([`Api::group_by_tag`]).
    pub groups: Option<Groups>,
    /// Whether the HTTP client is emitted; without it (`no-client`), the types alone.
    pub client: bool,
    /// What the model tells without stopping (pagination it cannot follow).
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
    /// Whether the client has a `mock` module (the setting `mock`), behind the feature `mock`.
    pub mock: bool,
}

/// A callback (webhook) the API sends.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// Function name suffix (`verify_<name>`).
    pub name: String,
    /// The callback's name in the spec.
    pub wire: String,
    /// Doc comment.
    pub doc: Option<String>,
    /// The JSON payload.
    pub payload: Option<Ty>,
    /// How requests are signed, when the spec says (`x-webhook-signature`).
    pub signature: Option<WebhookSignature>,
}

/// An HMAC-SHA256 signature of the raw body.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookSignature {
    /// The header carrying it.
    pub header: String,
    /// Hex rather than Base64.
    pub hex: bool,
    /// What the key is.
    pub key_doc: Option<String>,
}

/// A type the client crate declares.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust name, unique among types.
    pub name: String,
    /// Doc comment.
    pub doc: Option<String>,
    /// What it is.
    pub kind: TypeKind,
    /// Where in the spec it comes from, set when it is declared.
    pub origin: Origin,
}

/// Where a declared type comes from: what `diff`, the tests and any other reader ask instead of
/// deriving a name again (a renamed or de-collided schema's name is not its key's).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    /// The JSON pointer of its schema (`#/components/schemas/Pet`, or where an inline schema
    /// is written); for an operation's own types, `.../parameters` or `.../responses`.
    pub pointer: String,
    /// The key of the component schema it is, if any.
    pub component: Option<String>,
}

impl Origin {
    /// The component schema `key`, at `pointer`.
    pub(crate) fn component(key: &str, pointer: String) -> Origin {
        Origin {
            pointer,
            component: Some(key.to_string()),
        }
    }

    /// Something written in place at `pointer`.
    pub(crate) fn inline(pointer: impl Into<String>) -> Origin {
        Origin {
            pointer: pointer.into(),
            component: None,
        }
    }
}

/// The shapes a declared type takes.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct serialized as a JSON object.
    Struct(Struct),
    /// A string enum with a catch-all variant for values the spec does not list.
    Enum(Enum),
    /// One of several shapes, tried in order (serde `untagged`).
    OneOf(Vec<Variant>),
    /// One of several objects told apart by a string property.
    Tagged(Tagged),
    /// An integer enum with a catch-all variant for values the spec does not list.
    IntEnum(IntEnum),
    /// `pub type Name = ...;`
    Alias(Ty),
    /// `pub struct Name(pub ...);`, for a type that contains itself through arrays or maps, which
    /// an alias cannot.
    Newtype(Ty),
    /// The non-path parameters of an operation (not serialized with serde).
    Params(Vec<Field>),
    /// The outcome of an operation by status (not serialized with serde).
    ByStatus(Vec<StatusVariant>),
    /// A success body (if any) with the response headers the spec declares.
    WithHeaders(Option<Ty>, Vec<Field>),
}

/// A struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Declared properties.
    pub fields: Vec<Field>,
    /// Field name and value type of properties not declared, kept in a flattened map
    /// (`additionalProperties`).
    pub additional: Option<(String, Ty)>,
}

/// A struct field or parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Name on the wire.
    pub wire: String,
    /// Rust name (without `r#`).
    pub name: String,
    /// Doc comment.
    pub doc: Option<String>,
    /// Value type (without the `Option`s of [`Field::presence`]).
    pub ty: Ty,
    /// Whether the property must be present and whether it may be `null`: how the field holds
    /// its value.
    pub presence: Presence,
    /// Whether the value is boxed to break a cycle of types.
    pub boxed: bool,
}

/// How a field holds its value, decided from whether the property must be present and whether
/// it may be `null`: the `Option`s around its type, its serde attributes and how it is set.
/// Every emitter reads it here rather than deciding again from the two facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Presence {
    /// Present and never `null`: `T`, given to `Type::new`.
    Required,
    /// Present, maybe `null`: `Option<T>`, always written (`None` as `null`).
    RequiredNullable,
    /// Maybe absent, never `null`: `Option<T>`, left out when `None`.
    Optional,
    /// Maybe absent, maybe `null`: `Option<Option<T>>`, `None` absent and `Some(None)` null.
    OptionalNullable,
}

impl Presence {
    /// The presence of a property that must be present (`required`) and may be `null`
    /// (`nullable`).
    pub fn new(required: bool, nullable: bool) -> Presence {
        match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }

    /// Whether the property must be present.
    pub fn required(self) -> bool {
        matches!(self, Presence::Required | Presence::RequiredNullable)
    }

    /// Whether the value may be `null`.
    pub fn nullable(self) -> bool {
        matches!(
            self,
            Presence::RequiredNullable | Presence::OptionalNullable
        )
    }

    /// How many `Option`s wrap the value: none when it must be given, two when absent and
    /// `null` are told apart.
    pub fn options(self) -> usize {
        match self {
            Presence::Required => 0,
            Presence::RequiredNullable | Presence::Optional => 1,
            Presence::OptionalNullable => 2,
        }
    }

    /// Whether the field holds the value itself, so that it must be given (`Type::new` takes
    /// it) and is read as required.
    pub fn given(self) -> bool {
        self == Presence::Required
    }

    /// Whether the field's one `Option` reads `null` as `None`, as absent (on the wire, a
    /// required nullable or an optional property); otherwise the value is read as it is
    /// (`null` is `Some(None)` when absent and `null` are told apart).
    pub fn null_is_none(self) -> bool {
        self.options() == 1
    }
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Known values.
    pub variants: Vec<EnumVariant>,
    /// Index of the spec's default value.
    pub default: Option<usize>,
    /// Rust name of the catch-all variant holding unknown values.
    pub other: String,
}

/// A `oneOf` told apart by the value of one property.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    /// The property (wire name).
    pub property: String,
    /// The alternatives.
    pub variants: Vec<TaggedVariant>,
    /// Rust name of the variant holding objects with an unknown tag.
    pub other: String,
}

/// One alternative of a [`Tagged`] union.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedVariant {
    /// The property's value for this alternative.
    pub tag: String,
    /// Rust name.
    pub name: String,
    /// Payload.
    pub ty: Ty,
    /// Whether the payload is boxed to break a cycle of types.
    pub boxed: bool,
}

/// An integer enum.
#[derive(Debug, Clone, PartialEq)]
pub struct IntEnum {
    /// Known values.
    pub variants: Vec<IntVariant>,
    /// Rust name of the catch-all variant.
    pub other: String,
}

/// One known value of an integer enum.
#[derive(Debug, Clone, PartialEq)]
pub struct IntVariant {
    /// The value.
    pub value: i64,
    /// Rust name.
    pub name: String,
    /// Doc comment.
    pub doc: Option<String>,
}

/// One known value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// The value on the wire.
    pub wire: String,
    /// Rust name.
    pub name: String,
    /// Doc comment.
    pub doc: Option<String>,
}

/// One alternative of a `oneOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Rust name.
    pub name: String,
    /// Doc comment.
    pub doc: Option<String>,
    /// Payload; `None` for a unit variant.
    pub ty: Option<Ty>,
    /// Whether the payload is boxed to break a cycle of types.
    pub boxed: bool,
}

/// One status (or range of statuses) of a per-status outcome, and its variant.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    /// The statuses it answers to.
    pub status: StatusMatch,
    /// Rust name of the variant.
    pub name: String,
    /// Doc comment (the response's description).
    pub doc: Option<String>,
    /// The body and its encoding; `None` for a unit variant.
    pub payload: Option<Payload>,
    /// Whether the payload is boxed to keep the enum small.
    pub boxed: bool,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `serde_json::Value`: any JSON.
    Any,
    /// `serde_json::Map<String, serde_json::Value>`: a free-form object.
    Object,
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// A declared type.
    Named(TypeId),
    /// `Vec<u8>`: a body that is not JSON.
    Bytes,
    /// A string in a `format` the settings type (`Parsed<time::OffsetDateTime>`): the value
    /// when it parses, its raw text when it does not.
    Formatted(TypedFormat),
    /// A Rust type the settings put in place of a schema (`replace`), by its path.
    External(String),
    /// `Option<T>`: an array item, map value or union member that may be `null` (fields say
    /// it with [`Field::presence`] instead).
    Nullable(Box<Ty>),
}

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

/// How the base URL is chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The first server's URL template, split into text and variables.
    pub parts: Vec<ServerPart>,
    /// Its variables, as constructor arguments.
    pub variables: Vec<ServerVariable>,
    /// Whether the URL is absolute, so that `Client::new` can use it.
    pub absolute: bool,
    /// Doc of the server.
    pub doc: Option<String>,
    /// Every server the spec lists whose URL is absolute and has no variables, as a constant for
    /// `with_base_url`; empty unless there are several.
    pub constants: Vec<ServerConstant>,
}

/// A server URL offered as a constant on the client.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerConstant {
    /// Rust constant name.
    pub name: String,
    /// The URL, without trailing slashes.
    pub url: String,
    /// The server's description.
    pub doc: Option<String>,
}

/// A piece of a server URL template.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerPart {
    /// Text.
    Literal(String),
    /// Index into [`Server::variables`].
    Variable(usize),
}

/// A server variable.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// Argument name.
    pub arg: String,
    /// Doc comment.
    pub doc: Option<String>,
    /// The enum of its choices, when the spec lists them.
    pub choices: Option<ServerChoices>,
    /// Default value.
    pub default: String,
}

/// The enumerated values of a server variable.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerChoices {
    /// Rust enum name.
    pub name: String,
    /// Values.
    pub variants: Vec<EnumVariant>,
    /// Index of the default.
    pub default: Option<usize>,
}

/// A credential the client sends.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthScheme {
    /// Name in `components.securitySchemes`.
    pub key: String,
    /// Field and setter suffix.
    pub field: String,
    /// Doc.
    pub doc: Option<String>,
    /// How it is sent.
    pub kind: AuthKind,
    /// For OAuth2 and OpenID Connect: the token expires, so the client takes a source of
    /// tokens for it (`None` for the other schemes).
    pub tokens: Option<Tokens>,
}

/// How the client may obtain the tokens of an OAuth2 or OpenID Connect scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct Tokens {
    /// The OAuth2 client-credentials flow, when the scheme declares one.
    pub client_credentials: Option<ClientCredentialsFlow>,
}

/// An OAuth2 client-credentials flow (`flows.clientCredentials`).
#[derive(Debug, Clone, PartialEq)]
pub struct ClientCredentialsFlow {
    /// `tokenUrl`, absolute or relative to the server URL.
    pub token_url: String,
    /// The scopes the flow lists, in the spec's order.
    pub scopes: Vec<String>,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic ...`.
    Basic,
    /// An API key in a header.
    Header(String),
    /// An API key in the query string.
    Query(String),
    /// An API key in a cookie.
    Cookie(String),
}

/// Builds the model of a loaded spec.
pub fn build(loaded: &Loaded, skip: &Skip) -> Result<Api, Diagnostics> {
    build_selected(loaded, skip, &Selection::default(), &Settings::default())
}

/// Builds the model of the selected operations of a loaded spec.
pub fn build_selected(
    loaded: &Loaded,
    skip: &Skip,
    selection: &Selection,
    settings: &Settings,
) -> Result<Api, Diagnostics> {
    let api = &loaded.api;
    let mut types = schemas::Types::new(&loaded.file, api, skip, settings);
    types.declare_components();
    let (auth, auth_problems) = servers::auth(&loaded.file, api);
    let mut operations = operations::build(&mut types, api, &auth, skip, selection);
    // Credentials no operation sends would be dead fields.
    let any_authenticated = operations.iter().any(|o| o.authenticated);
    let auth = if any_authenticated { auth } else { Vec::new() };
    let constructor_auth = (auth.len() == 1).then_some(0);
    let (server, server_problems) = servers::server(&loaded.file, api, constructor_auth.is_some());
    let webhooks = webhooks::build(&mut types, api, skip, selection);
    let (type_defs, mut problems) = types.finish();
    problems.extend(server_problems);
    problems.extend(auth_problems);
    if !problems.is_empty() {
        // A problem reached along two routes (a cycle seen from two schemas) is told once.
        let mut seen = std::collections::HashSet::new();
        problems.retain(|d| seen.insert(d.clone()));
        return Err(Diagnostics(problems));
    }
    let file = &loaded.file;
    let warnings = pagination::decide(api, file, &mut operations, &type_defs, &auth, settings);
    let retries = operations.iter().any(|op| op.idempotent);
    let derives = type_defs
        .iter()
        .filter_map(|t| {
            let key = t.origin.component.as_ref()?;
            Some((t.name.clone(), settings.derives_of(key)?))
        })
        .collect();
    let mut model = Api {
        serde: Vec::new(),
        compact_serde: false,
        retries,
        groups: None,
        webhooks,
        constructor_auth,
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.clone(),
        types: type_defs,
        operations,
        server,
        auth,
        client: !settings.no_client(),
        mock: settings.mock() && !settings.no_client(),
        derive_all: settings.derives(),
        derives,
        warnings,
    };
    if !selection.is_all() {
        prune::prune(&mut model);
    }
    // A mock server writes what the client reads and reads what it writes: with `mock`, every
    // type derives both traits, as types alone do.
    if model.client && !model.mock {
        model.serde = usage::serde_use(&model);
        model.compact_serde = usage::is_large(&model);
    } else {
        // Types alone serve any side, sending or receiving: each derives both traits.
        let both = SerdeUse {
            serialize: true,
            deserialize: true,
        };
        model.serde = vec![both; model.types.len()];
    }
    if settings.tag_features() {
        model.group_by_tag();
    }
    Ok(model)
}

#[cfg(test)]
mod tests;
