//! Paths and operations to client methods: names, parameters, request bodies and typed responses
//! (those in [`responses`]).

mod responses;
mod streams;

use super::schemas::{RefOr, Types};
use super::{
    AuthScheme, Body, Field, Location, Media, Operation, Param, ParamsStruct, PartEncoding,
    PathPart, Payload, Presence, Style, Ty, TypeKind,
};
use crate::diagnostics::{Diagnostic, join};
use crate::naming::{self, Namespace, reserved};
use crate::refs;
use indexmap::IndexMap;
use openapiv3::{
    MediaType, OpenAPI, Parameter, ParameterData, ParameterSchemaOrContent, PathStyle, QueryStyle,
    ReferenceOr, RequestBody,
};
use std::collections::BTreeSet;

/// Builds every operation; problems go to `types`.
pub(super) fn build<'a>(
    types: &mut Types<'a>,
    api: &'a OpenAPI,
    auth: &[AuthScheme],
    skip: &crate::skip::Skip,
    selection: &super::Selection,
) -> Vec<Operation> {
    let mut fn_names = Namespace::with_taken(reserved::CLIENT_METHODS.iter().copied());
    if auth.iter().any(|s| s.tokens.is_some()) {
        for name in reserved::BEARER_METHODS {
            fn_names.claim(name);
        }
    }
    // The credential setters come first: no operation takes their names.
    for scheme in auth {
        fn_names.claim(&naming::setter(&scheme.field));
    }
    // A requirement counts when it names a declared scheme (3.1's `mutualTLS` ones are left
    // out by `load`: the HTTP client carries that certificate, not the request).
    let declared: BTreeSet<&str> = api
        .components
        .iter()
        .flat_map(|c| c.security_schemes.keys())
        .map(String::as_str)
        .collect();
    let names_a_scheme = |requirement: &openapiv3::SecurityRequirement| {
        requirement.keys().any(|k| declared.contains(k.as_str()))
    };
    let global_security = api.security.iter().flatten().any(names_a_scheme);
    let mut operations = Vec::new();
    // Names from operationIds are claimed before derived ones, so that adding an operation
    // without an id never renames one that has an id.
    let mut planned = Vec::new();
    for (path, item) in api.paths.iter() {
        let item_pointer = join("#/paths", path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                types.problem(Diagnostic::new(
                    types.file(),
                    &item_pointer,
                    format!("unsupported path item reference `{reference}`"),
                    "write the path item inline",
                ));
                continue;
            }
        };
        for (method, op) in item.iter() {
            let pointer = join(&item_pointer, method);
            if !skip.contains(&pointer) {
                planned.push((path, item, method, op, pointer));
            }
        }
    }
    let mut names = vec![String::new(); planned.len()];
    for with_id in [true, false] {
        for (i, (path, _, method, op, _)) in planned.iter().enumerate() {
            match (&op.operation_id, with_id) {
                (Some(id), true) => {
                    names[i] = match types.settings().operation_name(id) {
                        Some(chosen) => fn_names.claim(&naming::snake(chosen, "operation")),
                        None => fn_names.claim(&naming::snake(id, "operation")),
                    }
                }
                (None, false) => names[i] = fn_names.claim(&derived_name(method, path)),
                _ => {}
            }
        }
    }
    // The methods taking an operation's optional parameters come after every operation's own
    // name, and each operation has one whether or not it needs it: an operation's first optional
    // parameter then never renames a method.
    let with_names: Vec<String> = names
        .iter()
        .map(|name| fn_names.claim(&naming::params_method(name)))
        .collect();
    // Likewise the methods streaming a response, after those.
    let stream_names: Vec<String> = names
        .iter()
        .map(|name| fn_names.claim(&naming::stream_method(name)))
        .collect();
    for ((((path, item, method, op, pointer), name), with_name), stream_name) in planned
        .into_iter()
        .zip(names)
        .zip(with_names)
        .zip(stream_names)
    {
        if !selection.includes(op, method, path, &name) {
            continue;
        }
        let idempotent = matches!(method, "get" | "head" | "options")
            || op.extensions.get("x-idempotent").and_then(|v| v.as_bool()) == Some(true);
        let authenticated = match &op.security {
            Some(requirements) => requirements.iter().any(names_a_scheme),
            None => global_security,
        };
        let mut builder = OperationBuilder {
            types: &mut *types,
            api,
            pointer: &pointer,
            type_prefix: naming::camel(&name, "Operation"),
            method: name.clone(),
            operation_id: op.operation_id.as_deref(),
            examples: Vec::new(),
        };
        let params = builder.parameters(&item.parameters, &op.parameters);
        let (path_parts, path_params, params) = builder.split_path(path, params);
        let params = builder.params_struct(params);
        let with_params = params
            .as_ref()
            .is_some_and(|p| p.params.iter().all(|p| !p.field.presence.required()))
            .then_some(with_name);
        let body = op.request_body.as_ref().and_then(|b| builder.body(b));
        let responses::Answers {
            success,
            error,
            success_headers,
            accept,
            media_stream,
            redirect,
        } = builder.responses(&op.responses, &op.extensions, stream_name);
        let doc = match (&op.summary, &op.description) {
            (Some(s), Some(d)) if !d.trim().is_empty() && s.trim() != d.trim() => {
                Some(format!("{s}\n\n{d}"))
            }
            (_, Some(d)) if !d.trim().is_empty() => Some(d.clone()),
            (Some(s), _) => Some(s.clone()),
            _ => None,
        };
        operations.push(Operation {
            name,
            method: method.to_ascii_uppercase(),
            path: path.clone(),
            path_parts,
            doc,
            deprecated: op.deprecated,
            path_params,
            params,
            with_params,
            body,
            success,
            error,
            authenticated,
            idempotent,
            success_headers,
            accept,
            media_stream,
            redirect,
            tag: op.tags.first().cloned(),
            pagination: None,
            examples: std::mem::take(&mut builder.examples),
            pointer,
        });
    }
    operations
}

/// `get /users/{id}/repos` -> `get_users_by_id_repos`.
fn derived_name(method: &str, path: &str) -> String {
    let mut raw = method.to_string();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        raw.push('_');
        if let Some(param) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            raw.push_str("by_");
            raw.push_str(param);
        } else {
            raw.push_str(segment);
        }
    }
    naming::snake(&raw, "operation")
}

struct OperationBuilder<'t, 'a> {
    types: &'t mut Types<'a>,
    api: &'a OpenAPI,
    pointer: &'t str,
    type_prefix: String,
    /// The method's name (without `r#`).
    method: String,
    /// The operation's `operationId`, which the settings name it by.
    operation_id: Option<&'a str>,
    /// The named examples of the responses read so far.
    examples: Vec<crate::model::ResponseExample>,
}

/// A parameter before it is placed.
struct RawParam<'a> {
    name: String,
    location: Location,
    required: bool,
    doc: Option<String>,
    schema: Option<RefOr<'a>>,
    style: Style,
    explode: bool,
    allow_reserved: bool,
    pointer: String,
}

impl<'t, 'a> OperationBuilder<'t, 'a> {
    /// Path-level parameters overridden by operation-level ones with the same name and location.
    fn parameters(
        &mut self,
        item_params: &'a [ReferenceOr<Parameter>],
        op_params: &'a [ReferenceOr<Parameter>],
    ) -> Vec<RawParam<'a>> {
        let mut out: Vec<RawParam<'a>> = Vec::new();
        let item_pointer = self
            .pointer
            .rsplit_once('/')
            .map_or("#", |(p, _)| p)
            .to_string();
        let lists = [
            (item_params, join(&item_pointer, "parameters")),
            (op_params, join(self.pointer, "parameters")),
        ];
        for (list, list_pointer) in lists {
            for (i, param) in list.iter().enumerate() {
                let pointer = join(&list_pointer, &i.to_string());
                let Some(param) = self.resolve(param, &pointer) else {
                    continue;
                };
                // Defaults: `form` in the query and cookies, `simple` in the path and headers;
                // `explode` is true for `form` only (OpenAPI "Parameter Object").
                let (data, location, style, allow_reserved) = match param {
                    Parameter::Query {
                        parameter_data,
                        style,
                        allow_reserved,
                        ..
                    } => {
                        let style = match style {
                            QueryStyle::Form => Style::Form,
                            QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                            QueryStyle::PipeDelimited => Style::PipeDelimited,
                            QueryStyle::DeepObject => Style::DeepObject,
                        };
                        (parameter_data, Location::Query, style, *allow_reserved)
                    }
                    Parameter::Header { parameter_data, .. } => {
                        (parameter_data, Location::Header, Style::Simple, false)
                    }
                    Parameter::Path {
                        parameter_data,
                        style,
                    } => {
                        let style = match style {
                            PathStyle::Matrix => Style::Matrix,
                            PathStyle::Label => Style::Label,
                            PathStyle::Simple => Style::Simple,
                        };
                        (parameter_data, Location::Path, style, false)
                    }
                    Parameter::Cookie { parameter_data, .. } => {
                        (parameter_data, Location::Cookie, Style::Form, false)
                    }
                };
                let explode = explode_of(data, style);
                // OpenAPI: parameters named Accept, Content-Type or Authorization in the header
                // are ignored; the client sets those itself.
                if location == Location::Header
                    && ["accept", "content-type", "authorization"]
                        .contains(&data.name.to_ascii_lowercase().as_str())
                {
                    continue;
                }
                let schema = match &data.format {
                    ParameterSchemaOrContent::Schema(s) => Some(RefOr::from(s)),
                    ParameterSchemaOrContent::Content(content) => content
                        .values()
                        .next()
                        .and_then(|m| m.schema.as_ref())
                        .map(RefOr::from),
                };
                let raw = RawParam {
                    name: data.name.clone(),
                    location,
                    required: data.required || location == Location::Path,
                    doc: data.description.clone(),
                    schema,
                    style,
                    explode,
                    allow_reserved,
                    pointer,
                };
                let same = |p: &RawParam<'_>| p.name == raw.name && p.location == raw.location;
                match out.iter().position(same) {
                    Some(existing) => out[existing] = raw,
                    None => out.push(raw),
                }
            }
        }
        out
    }

    /// The item `r` is or refers to (see [`refs`]); `None`, with the problem recorded, when
    /// it reaches none.
    fn resolve<T: refs::Component>(
        &mut self,
        r: &'a ReferenceOr<T>,
        pointer: &str,
    ) -> Option<&'a T> {
        match refs::resolve(self.api.components.as_ref(), self.types.file(), r, pointer) {
            Ok(item) => Some(item),
            Err(unresolved) => {
                self.types.problem(*unresolved.problem);
                None
            }
        }
    }

    /// Splits the path template into text and parameters; path parameters become arguments.
    fn split_path(
        &mut self,
        path: &str,
        params: Vec<RawParam<'a>>,
    ) -> (Vec<PathPart>, Vec<Param>, Vec<RawParam<'a>>) {
        let (path_raw, rest): (Vec<_>, Vec<_>) = params
            .into_iter()
            .partition(|p| p.location == Location::Path);
        // Path parameters are arguments: they must not shadow the other arguments, the module
        // the argument types are named from, or a helper the method calls.
        let mut args = Namespace::with_taken(
            reserved::OPERATION_ARGS
                .iter()
                .chain(&["types"])
                .chain(reserved::PAGES)
                .copied()
                .chain(reserved::client_helpers())
                .chain(
                    self.types
                        .settings()
                        .tracing()
                        .then_some(reserved::TRACE_OUTCOME),
                ),
        );
        let mut parts = Vec::new();
        let mut path_params: Vec<Param> = Vec::new();
        let mut text = path;
        while let Some(open) = text.find('{') {
            let Some(len) = text[open..].find('}') else {
                break;
            };
            if open > 0 {
                parts.push(PathPart::Literal(text[..open].to_string()));
            }
            let name = &text[open + 1..open + len];
            text = &text[open + len + 1..];
            if let Some(existing) = path_params.iter().position(|p| p.field.wire == name) {
                parts.push(PathPart::Param(existing));
                continue;
            }
            let raw = path_raw.iter().find(|p| p.name == name);
            let (style, explode) = raw.map_or((Style::Simple, false), |p| (p.style, p.explode));
            let field = match raw {
                Some(raw) => {
                    let hint = format!("{}{}", self.type_prefix, naming::camel(&raw.name, "Param"));
                    let ty = match raw.schema {
                        Some(schema) => self.types.ty(schema, &hint, &join(&raw.pointer, "schema")),
                        None => Ty::String,
                    };
                    Field {
                        wire: raw.name.clone(),
                        name: args.claim(&naming::binding(&raw.name, "param")),
                        doc: raw.doc.clone(),
                        ty,
                        presence: Presence::Required,
                        boxed: false,
                    }
                }
                // A template variable the spec forgot to declare (a common slip): it is still
                // needed to build the URL, so it becomes a text argument.
                None => Field {
                    wire: name.to_string(),
                    name: args.claim(&naming::binding(name, "param")),
                    doc: Some(format!(
                        "`{{{name}}}` in the path (not declared in the spec)."
                    )),
                    ty: Ty::String,
                    presence: Presence::Required,
                    boxed: false,
                },
            };
            path_params.push(Param {
                field,
                location: Location::Path,
                style,
                explode,
                allow_reserved: false,
            });
            parts.push(PathPart::Param(path_params.len() - 1));
        }
        if !text.is_empty() {
            parts.push(PathPart::Literal(text.to_string()));
        }
        (parts, path_params, rest)
    }

    /// The struct holding query, header and cookie parameters, if there are any.
    fn params_struct(&mut self, raw: Vec<RawParam<'a>>) -> Option<ParamsStruct> {
        if raw.is_empty() {
            return None;
        }
        let mut names = Namespace::default();
        let mut params = Vec::new();
        for p in raw {
            let hint = format!("{}{}", self.type_prefix, naming::camel(&p.name, "Param"));
            let ty = match p.schema {
                Some(schema) => self.types.ty(schema, &hint, &join(&p.pointer, "schema")),
                None => Ty::String,
            };
            let field = Field {
                wire: p.name.clone(),
                name: names.claim(&naming::snake(&p.name, "param")),
                doc: p.doc,
                ty,
                presence: Presence::new(p.required, false),
                boxed: false,
            };
            params.push(Param {
                field,
                location: p.location,
                style: p.style,
                explode: p.explode,
                allow_reserved: p.allow_reserved,
            });
        }
        let doc = Some("Query, header and cookie parameters of the operation.".to_string());
        let fields = params.iter().map(|p| p.field.clone()).collect();
        let ty = self.types.add(
            &format!("{}Params", self.type_prefix),
            doc,
            TypeKind::Params(fields),
            join(self.pointer, "parameters"),
        );
        Some(ParamsStruct { ty, params })
    }

    fn body(&mut self, body: &'a ReferenceOr<RequestBody>) -> Option<Body> {
        let pointer = join(self.pointer, "requestBody");
        let body = self.resolve(body, &pointer)?;
        let (media_type, mut media, schema) = pick_media(&body.content, true)?;
        let encoding = body
            .content
            .get(media_type)
            .map(|m| self.encoding(&m.encoding))
            .unwrap_or_default();
        let hint = format!("{}Request", self.type_prefix);
        let ty = self.payload_ty(
            media,
            schema,
            &hint,
            &join(&join(&join(&pointer, "content"), media_type), "schema"),
        );
        // Multipart parts come from a struct's fields; anything else is sent as given bytes.
        if media == Media::Multipart && !self.types.is_struct(&ty) {
            media = Media::Binary;
        }
        let ty = if media == Media::Binary {
            Ty::Bytes
        } else {
            ty
        };
        Some(Body {
            media_type: media_type.to_string(),
            payload: Payload { ty, media },
            required: body.required,
            declared: body.content.keys().cloned().collect(),
            encoding,
        })
    }

    /// The Encoding Objects of a body's properties. A part header is kept when its schema fixes
    /// its value; `Content-Type` is left out (OpenAPI: described by `contentType`).
    fn encoding(
        &mut self,
        encoding: &'a IndexMap<String, openapiv3::Encoding>,
    ) -> Vec<PartEncoding> {
        let mut out = Vec::new();
        for (property, e) in encoding {
            let content_type = e
                .content_type
                .as_deref()
                .and_then(|list| list.split(',').map(str::trim).find(|t| is_media_type(t)))
                .map(str::to_string);
            let mut headers = Vec::new();
            for (name, header) in &e.headers {
                if name.eq_ignore_ascii_case("content-type") {
                    continue;
                }
                let ReferenceOr::Item(header) = header else {
                    continue;
                };
                let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &header.format
                else {
                    continue;
                };
                if let Some(value) = fixed_value(schema) {
                    headers.push((name.clone(), value));
                }
            }
            let style = match e.style {
                Some(QueryStyle::SpaceDelimited) => Style::SpaceDelimited,
                Some(QueryStyle::PipeDelimited) => Style::PipeDelimited,
                Some(QueryStyle::DeepObject) => Style::DeepObject,
                Some(QueryStyle::Form) | None => Style::Form,
            };
            out.push(PartEncoding {
                property: property.clone(),
                content_type,
                headers,
                style,
                // openapiv3 reads an absent `explode` as false, though it defaults to true for
                // `form`: without a `style` it is taken as the default, exploded `form`.
                explode: e.explode || e.style.is_none(),
                allow_reserved: e.allow_reserved,
            });
        }
        out
    }

    fn payload_ty(
        &mut self,
        media: Media,
        schema: Option<&'a ReferenceOr<openapiv3::Schema>>,
        hint: &str,
        pointer: &str,
    ) -> Ty {
        match (media, schema) {
            (Media::Json | Media::Form | Media::Multipart, Some(schema)) => {
                self.types.ty(RefOr::from(schema), hint, pointer)
            }
            (Media::Json, None) => Ty::Any,
            (Media::Form, None) => Ty::Object,
            (Media::Multipart, None) => Ty::Bytes,
            (Media::Text, _) => Ty::String,
            (Media::Binary, _) => Ty::Bytes,
        }
    }
}

/// Whether `text` is one concrete media type (`type/subtype`, parameters allowed), which a
/// part can be sent as; wildcards (`image/*`) are not.
fn is_media_type(text: &str) -> bool {
    let essence = text.split(';').next().unwrap_or("").trim();
    let token = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    matches!(essence.split_once('/'), Some((main, sub)) if token(main) && token(sub))
        && text.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
}

/// The value a header schema fixes: its `default`, or its only `enum` value, as text.
fn fixed_value(schema: &openapiv3::Schema) -> Option<String> {
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    let only = match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::String(s)) => match s.enumeration.as_slice() {
            [Some(only)] => Some(only.clone()),
            _ => None,
        },
        _ => None,
    };
    schema
        .schema_data
        .default
        .as_ref()
        .and_then(text)
        .or(only)
        .filter(|v| v.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b)))
}

/// `explode` as given, or its default: true for `form`, false otherwise.
fn explode_of(data: &ParameterData, style: Style) -> bool {
    data.explode.unwrap_or(style == Style::Form)
}

/// The media type used for a body: JSON first, then text, then anything. In a response, an
/// event stream (`text/event-stream`) is read as whole text only when nothing else is listed:
/// bytes or JSON beside it are what `{op}` returns.
fn pick_media(
    content: &IndexMap<String, MediaType>,
    request: bool,
) -> Option<(&str, Media, Option<&ReferenceOr<openapiv3::Schema>>)> {
    let rank = |media_type: &str, kind: Media| (!request && is_event_stream(media_type), kind);
    let mut best: Option<(&str, Media, Option<&ReferenceOr<openapiv3::Schema>>)> = None;
    for (media_type, media) in content {
        let kind = classify(media_type, media.schema.is_some(), request);
        let better = match &best {
            None => true,
            Some((current_type, current, _)) => {
                rank(media_type, kind) < rank(current_type, *current)
            }
        };
        if better {
            best = Some((media_type.as_str(), kind, media.schema.as_ref()));
        }
    }
    best
}

/// Whether `media_type` is a stream of events (`text/event-stream`), which `{op}` reads whole
/// only when the response lists nothing else.
fn is_event_stream(media_type: &str) -> bool {
    essence(media_type) == "text/event-stream"
}

/// `media_type` without its parameters, lowercase.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The `Accept` header of an operation from the media type each response is read as
/// (successes first), once each; only those a header can carry (visible ASCII).
pub(super) fn accept_header(media_types: &[(bool, &str)]) -> Option<String> {
    let mut names: Vec<&str> = Vec::new();
    let successes = media_types.iter().filter(|(success, _)| *success);
    let errors = media_types.iter().filter(|(success, _)| !*success);
    for (_, media_type) in successes.chain(errors) {
        let media_type = media_type.trim();
        let sendable =
            !media_type.is_empty() && media_type.bytes().all(|b| (b' '..=b'~').contains(&b));
        if sendable && !names.iter().any(|n| n.eq_ignore_ascii_case(media_type)) {
            names.push(media_type);
        }
    }
    (!names.is_empty()).then(|| names.join(", "))
}

/// How a body of `media_type` is encoded.
pub(super) fn classify(media_type: &str, has_schema: bool, request: bool) -> Media {
    let essence = essence(media_type);
    let any = essence == "*/*" || essence == "application/*";
    if essence == "application/json" || essence.ends_with("+json") || (any && has_schema) {
        Media::Json
    } else if request && essence == "application/x-www-form-urlencoded" {
        Media::Form
    } else if request && essence == "multipart/form-data" {
        Media::Multipart
    } else if essence.starts_with("text/") {
        Media::Text
    } else {
        Media::Binary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(media_types: &[&str]) -> IndexMap<String, MediaType> {
        media_types
            .iter()
            .map(|m| (m.to_string(), MediaType::default()))
            .collect()
    }

    /// A response is read as JSON, then text, then bytes, whatever the order listed; an event
    /// stream only when nothing else is listed. A request body keeps text before bytes.
    #[test]
    fn responses_read_the_media_type_that_fits() {
        let picked = |listed: &[&str], request: bool| {
            let content = content(listed);
            pick_media(&content, request).map(|(m, media, _)| (m.to_string(), media))
        };
        let speech = ["text/event-stream", "application/octet-stream"];
        assert_eq!(
            picked(&speech, false),
            Some(("application/octet-stream".to_string(), Media::Binary))
        );
        assert_eq!(
            picked(&speech, true),
            Some(("text/event-stream".to_string(), Media::Text))
        );
        assert_eq!(
            picked(&["text/plain", "application/json"], false),
            Some(("application/json".to_string(), Media::Json))
        );
        assert_eq!(
            picked(&["text/event-stream; charset=utf-8"], false),
            Some(("text/event-stream; charset=utf-8".to_string(), Media::Text))
        );
        assert_eq!(
            picked(&["image/png", "text/csv"], false),
            Some(("text/csv".to_string(), Media::Text))
        );
    }

    /// `Accept` names successes first, each once (case aside), and leaves out what a header
    /// cannot carry.
    #[test]
    fn accept_names_each_media_type_read_once() {
        let read = [
            (false, "application/problem+json"),
            (true, "application/json"),
            (true, "Application/JSON"),
            (false, "application/json"),
            (true, "text/pl\u{e4}in"),
        ];
        assert_eq!(
            accept_header(&read).as_deref(),
            Some("application/json, application/problem+json")
        );
        assert_eq!(accept_header(&[]), None);
        assert_eq!(accept_header(&[(true, " ")]), None);
    }
}
