//! Stage 2: a plain description of the client to emit. Every Rust name is decided here (through
//! [`crate::naming`]), next to the wire name it stands for, so the emitter makes no decisions.

mod files;
mod groups;
mod operation;
mod operations;
mod pagination;
mod prune;
mod schemas;
mod servers;
mod usage;
pub(crate) mod walk;
mod webhooks;

pub use groups::{Gate, Group, Groups};
pub use operation::{
    Body, Location, Media, MediaStream, Operation, Outcome, Param, ParamsStruct, PartEncoding,
    PathPart, Payload, ResponseExample, StatusMatch, StreamKind, Style, SuccessHeaders,
};
pub use pagination::{Access, CursorFrom, Input, Next, PageFetch, Pagination, Step};
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
    /// Whether each call records a span, behind the feature `tracing` (the setting `tracing`).
    pub tracing: bool,
    /// Whether the client takes a middleware stack, behind the feature `middleware` (the
    /// setting `middleware`).
    pub middleware: bool,
    /// Whether some multipart body has a file part ([`Ty::File`]): `types` then has the
    /// file-part type ([`crate::naming::reserved::FILE_PART`]).
    pub file_part: bool,
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

impl TypeKind {
    /// The header fields of a struct with headers ([`TypeKind::WithHeaders`]); `None` for
    /// any other kind.
    pub fn headers(&self) -> Option<&[Field]> {
        match self {
            TypeKind::WithHeaders(_, headers) => Some(headers),
            _ => None,
        }
    }
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
    /// The response headers the status declares (a success's): a [`TypeKind::WithHeaders`]
    /// named by a [`Ty::Named`], holding the payload's type as its `body`, which the variant
    /// holds instead of the payload. `None` when it declares none.
    pub headers: Option<Ty>,
    /// Whether what the variant holds (the payload, or the headers struct) is boxed to keep
    /// the enum small.
    pub boxed: bool,
}

impl StatusVariant {
    /// The type the variant holds: the headers struct when the status declares headers, else
    /// the payload's type; `None` for a unit variant.
    pub fn held(&self) -> Option<&Ty> {
        self.headers
            .as_ref()
            .or(self.payload.as_ref().map(|p| &p.ty))
    }

    /// The headers struct ([`TypeKind::WithHeaders`]) the variant holds, if any.
    pub fn headers_type(&self) -> Option<TypeId> {
        match self.headers {
            Some(Ty::Named(id)) => Some(id),
            _ => None,
        }
    }
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
    /// A file part of a multipart body (`FilePart` in `types`, see [`Api::file_part`]): bytes
    /// in memory, or a stream read as the request is sent.
    File,
    /// A string in a `format` the settings type (`Parsed<time::OffsetDateTime>`): the value
    /// when it parses, its raw text when it does not.
    Formatted(TypedFormat),
    /// A Rust type the settings put in place of a schema (`replace`), by its path.
    External(String),
    /// `Option<T>`: an array item, map value or union member that may be `null` (fields say
    /// it with [`Field::presence`] instead).
    Nullable(Box<Ty>),
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
        tracing: settings.tracing() && !settings.no_client(),
        middleware: settings.middleware() && !settings.no_client(),
        derive_all: settings.derives(),
        derives,
        warnings,
        file_part: false,
    };
    if !selection.is_all() {
        prune::prune(&mut model);
    }
    // Types alone (`no-client`) send nothing: their bytes stay bytes.
    if model.client {
        model.file_part = files::file_parts(&model.operations, &mut model.types);
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
