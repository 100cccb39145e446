//! The responses of an operation: on success, one type for every status that shares it, or a
//! per-status enum; on error, always the operation's own per-status enum; and the response
//! headers a success declares.

use super::{OperationBuilder, accept_header, essence, pick_media};
use crate::diagnostics::join;
use crate::model::schemas::RefOr;
use crate::model::{
    Field, Media, MediaStream, Outcome, Payload, Presence, ResponseExample, StatusMatch,
    StatusVariant, StreamKind, SuccessHeaders, Ty, TypeId, TypeKind,
};
use crate::naming::{self, Namespace};
use indexmap::IndexMap;
use openapiv3::{ParameterSchemaOrContent, ReferenceOr, Response, StatusCode};

/// What an operation's responses make of its method: what [`OperationBuilder::responses`] reads.
pub(super) struct Answers {
    /// What a success returns.
    pub success: Outcome,
    /// The operation's error enum.
    pub error: TypeId,
    /// The response headers a success returns with its body.
    pub success_headers: Option<SuccessHeaders>,
    /// The `Accept` header naming the media types read.
    pub accept: Option<String>,
    /// The success read as it arrives, if it streams.
    pub media_stream: Option<MediaStream>,
    /// The redirect the client follows to the success, when the spec documents one and no
    /// success (see [`crate::model::Operation::redirect`]).
    pub redirect: Option<StatusMatch>,
}

/// Whether an HTTP client follows a redirect of `status` by itself: `301`, `302`, `303`, `307`
/// and `308` (reqwest's default policy, as browsers do), or the range `3XX`. `300`, `304` and
/// `305` need the caller.
fn followed(status: StatusMatch) -> bool {
    match status {
        StatusMatch::Code(code) => matches!(code, 301 | 302 | 303 | 307 | 308),
        StatusMatch::Range(range) => range == 3,
        StatusMatch::Default => false,
    }
}

impl<'t, 'a> OperationBuilder<'t, 'a> {
    /// The success outcome, the error enum, the success's headers, the `Accept` header
    /// naming the media types read, and the success read as it arrives (`stream_name`), if
    /// it streams.
    ///
    /// An operation answered only by a redirect the client follows (GitHub's archive and log
    /// downloads: `302` and a `Location`) succeeds with what the redirect leads to, which the
    /// spec does not describe: bytes, read whole or as they arrive. The redirect itself stays
    /// a variant of the error enum, for a client built not to follow it.
    pub(super) fn responses(
        &mut self,
        responses: &'a openapiv3::Responses,
        extensions: &IndexMap<String, serde_json::Value>,
        stream_name: String,
    ) -> Answers {
        let mut streamed = None;
        let mut read: Vec<(bool, &'a str)> = Vec::new();
        let responses_pointer = join(self.pointer, "responses");
        let mut declared_headers: Vec<Header> = Vec::new();
        let mut success: Vec<Side> = Vec::new();
        let mut error = Vec::new();
        let mut all: Vec<(StatusMatch, &'a ReferenceOr<Response>, String)> = responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(c) => StatusMatch::Code(*c),
                    StatusCode::Range(r) => StatusMatch::Range(*r),
                };
                (status, r, join(&responses_pointer, &status.key()))
            })
            .collect();
        if let Some(default) = &responses.default {
            all.push((
                StatusMatch::Default,
                default,
                join(&responses_pointer, "default"),
            ));
        }
        let has_success = all.iter().any(|(s, _, _)| is_success(*s));
        let redirect = (!has_success)
            .then(|| all.iter().map(|(s, _, _)| *s).find(|s| followed(*s)))
            .flatten();
        for (status, response, pointer) in all {
            let Some(response) = self.resolve(response, &pointer) else {
                continue;
            };
            let payload = match pick_media(&response.content, false) {
                Some((media_type, media, schema)) => {
                    read.push((is_success(status), media_type));
                    if let Some(content) = response.content.get(media_type) {
                        self.examples(status, media_type, media, content);
                    }
                    let hint = format!(
                        "{}{}",
                        self.type_prefix,
                        status_name(status, is_success(status) || !has_success)
                    );
                    let pointer = join(&join(&join(&pointer, "content"), media_type), "schema");
                    Some(Payload {
                        ty: self.payload_ty(media, schema, &hint, &pointer),
                        media,
                    })
                }
                None => None,
            };
            if is_success(status) && streamed.is_none() && !response.content.is_empty() {
                streamed = Some((&response.content, pointer.clone()));
            }
            let doc = Some(response.description.clone()).filter(|d| !d.trim().is_empty());
            // Without a success, `default` is what succeeds, unless a redirect leads to it.
            let default_succeeds = !has_success && redirect.is_none();
            if is_success(status) || (default_succeeds && status == StatusMatch::Default) {
                // Each header is read once, where the successes first declare it; a status
                // declaring it again (in any case) shares that reading.
                let mut own: Vec<Header> = Vec::new();
                for (name, header) in &response.headers {
                    let same = |(n, _, _): &&Header| n.eq_ignore_ascii_case(name);
                    if own.iter().any(|h| same(&h)) {
                        continue;
                    }
                    if let Some(first) = declared_headers.iter().find(same) {
                        own.push(first.clone());
                        continue;
                    }
                    let header_pointer = join(&join(&pointer, "headers"), name);
                    if let Some((doc, ty)) = self.header(header, &header_pointer) {
                        declared_headers.push((name.clone(), doc.clone(), ty.clone()));
                        own.push((name.clone(), doc, ty));
                    }
                }
                success.push((status, payload.clone(), doc.clone(), own));
            }
            if !is_success(status) {
                error.push((status, payload, doc, Vec::new()));
            }
        }
        if redirect.is_some() {
            // What the redirect leads to arrives with a success status, as bytes of any type.
            let bytes = Payload {
                ty: Ty::Bytes,
                media: Media::Binary,
            };
            success.push((StatusMatch::Code(200), Some(bytes), None, Vec::new()));
        }
        let success = self.outcome(success);
        let error = self.error_enum(error);
        let headers = match (&success, declared_headers.is_empty()) {
            (Outcome::PerStatus(..), _) | (_, true) => None,
            (outcome, false) => Some(self.success_headers(outcome, declared_headers)),
        };
        let errors: Vec<&str> = read.iter().filter(|r| !r.0).map(|r| r.1).collect();
        let stream = match redirect {
            // Any media type: no `Accept` narrows what the redirect leads to (reqwest sends
            // `*/*`).
            Some(_) => Some(MediaStream {
                method: stream_name,
                media_type: "application/octet-stream".to_string(),
                accept: "*/*".to_string(),
                kind: StreamKind::Bytes,
                read_whole: true,
            }),
            None => streamed.and_then(|(content, pointer)| {
                let mut stream =
                    self.media_stream(content, &pointer, &errors, extensions, stream_name)?;
                stream.read_whole = read
                    .iter()
                    .any(|(success, t)| *success && essence(t) == stream.media_type);
                Some(stream)
            }),
        };
        Answers {
            success,
            error,
            success_headers: headers,
            accept: redirect.map_or_else(|| accept_header(&read), |_| None),
            media_stream: stream,
            redirect,
        }
    }

    /// Keeps the examples of a response body `content` of `media_type` (its named `examples`,
    /// then its `example`), for the mock's ready responses. An example given by a reference
    /// to another file, or whose value is not written in the spec (`externalValue`), is left out.
    fn examples(
        &mut self,
        status: StatusMatch,
        media_type: &str,
        media: Media,
        content: &'a openapiv3::MediaType,
    ) {
        let components = self.api.components.as_ref();
        let named = content.examples.iter().filter_map(|(name, example)| {
            let example = match example {
                ReferenceOr::Item(example) => example,
                ReferenceOr::Reference { reference } => {
                    let key = reference.strip_prefix("#/components/examples/")?;
                    components?.examples.get(key)?.as_item()?
                }
            };
            Some((
                name.as_str(),
                example.summary.clone(),
                example.value.as_ref()?,
            ))
        });
        let single = content.example.as_ref().map(|v| ("", None, v));
        for (name, summary, value) in named.chain(single) {
            let body = match (media, value) {
                (Media::Json, value) => value.to_string(),
                (Media::Text, serde_json::Value::String(text)) => text.clone(),
                _ => continue,
            };
            self.examples.push(ResponseExample {
                name: name.to_string(),
                summary,
                status,
                media_type: media_type.to_string(),
                body,
            });
        }
    }

    /// A declared response header: its doc and value type (text unless the schema says a
    /// number, a boolean or a format the settings type).
    fn header(
        &mut self,
        header: &'a ReferenceOr<openapiv3::Header>,
        pointer: &str,
    ) -> Option<(Option<String>, Ty)> {
        let header = self.resolve(header, pointer)?;
        let ty = match &header.format {
            ParameterSchemaOrContent::Schema(schema) => {
                match self
                    .types
                    .ty(RefOr::from(schema), "Header", &join(pointer, "schema"))
                {
                    // (A typed format reads through `FromStr`, keeping text that does not parse.)
                    t @ (Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::Formatted(_)) => t,
                    _ => Ty::String,
                }
            }
            ParameterSchemaOrContent::Content(_) => Ty::String,
        };
        Some((header.description.clone(), ty))
    }

    /// The struct a success returns when its responses declare headers.
    fn success_headers(&mut self, outcome: &Outcome, declared: Vec<Header>) -> SuccessHeaders {
        let headers = header_fields(declared, &["body"]);
        let body = match outcome {
            Outcome::Single(payload, _) => Some(payload.ty.clone()),
            _ => None,
        };
        let doc =
            Some("A success: the body and the response headers the spec declares.".to_string());
        let kind = TypeKind::WithHeaders(body, headers.clone());
        let pointer = join(self.pointer, "responses");
        let ty = (self.types).add(&format!("{}Response", self.type_prefix), doc, kind, pointer);
        SuccessHeaders { ty, headers }
    }

    /// The struct the variant `variant` of the per-status success enum holds when its status
    /// declares headers (`{Op}{Variant}Response`: the body, if any, and the headers), as the
    /// struct of a success of one type holds them.
    fn status_headers(
        &mut self,
        variant: &str,
        status: StatusMatch,
        body: Option<Ty>,
        declared: Vec<Header>,
    ) -> Ty {
        // (Its constructor is `new`, its setters named after its fields.)
        let headers = header_fields(declared, &["body", "new"]);
        let key = status.key();
        let code = format!("`{key}`");
        let doc = match body {
            Some(_) => {
                format!("A {code} success: the body and the response headers the spec declares.")
            }
            None => format!("A {code} success: the response headers the spec declares."),
        };
        let kind = TypeKind::WithHeaders(body, headers);
        let pointer = join(&join(self.pointer, "responses"), &key);
        let name = format!("{}{variant}Response", self.type_prefix);
        Ty::Named(self.types.add(&name, Some(doc), kind, pointer))
    }

    /// The operation's error enum, `{Op}Error`: one variant per documented error status (a unit
    /// variant for a status without a body), whatever their number, so that an error status the
    /// spec adds is a variant added to a `#[non_exhaustive]` enum, never a new type.
    fn error_enum(&mut self, side: Vec<Side>) -> TypeId {
        let method = &self.method;
        let doc = if side.iter().any(|(s, _, _, _)| *s == StatusMatch::Default) {
            format!(
                "The error bodies of `Client::{method}`, by status (the `body` of `Error::Api`).\n\n\
                 Every error status has a variant: `default` answers those the spec does not \
                 list."
            )
        } else if side.is_empty() {
            format!(
                "The error bodies of `Client::{method}`, by status (the `body` of `Error::Api`).\n\n\
                 The spec documents none, so `body` is `None`; a status it documents later \
                 becomes a variant."
            )
        } else {
            format!(
                "The error bodies of `Client::{method}`, by status (the `body` of `Error::Api`).\n\n\
                 A status the spec does not document gives `None`."
            )
        };
        let variants = self.status_variants(side, false);
        self.types.add(
            &format!("{}Error", self.type_prefix),
            Some(doc),
            TypeKind::ByStatus(variants),
            join(self.pointer, "responses"),
        )
    }

    /// One variant per status, named after it; a status that declares headers holds them
    /// beside its body (the struct of [`Self::status_headers`]).
    fn status_variants(&mut self, side: Vec<Side>, success: bool) -> Vec<StatusVariant> {
        let mut names = Namespace::default();
        side.into_iter()
            .map(|(status, payload, status_doc, headers)| {
                let name = names.claim(&status_name(status, success));
                let headers = (!headers.is_empty()).then(|| {
                    let body = payload.as_ref().map(|p| p.ty.clone());
                    self.status_headers(&name, status, body, headers)
                });
                StatusVariant {
                    status,
                    name,
                    doc: status_doc,
                    payload,
                    headers,
                    boxed: false,
                }
            })
            .collect()
    }

    /// One type when every status with a body shares it, otherwise a per-status enum. A status
    /// without a body next to one with a body also needs the enum.
    fn outcome(&mut self, side: Vec<Side>) -> Outcome {
        let mut payloads: Vec<&Payload> =
            side.iter().filter_map(|(_, p, _, _)| p.as_ref()).collect();
        payloads.sort();
        payloads.dedup();
        let with_body: Vec<StatusMatch> = side
            .iter()
            .filter(|(_, p, _, _)| p.is_some())
            .map(|(s, _, _, _)| *s)
            .collect();
        let every_status_has_body = with_body.len() == side.len();
        match payloads.as_slice() {
            [] => Outcome::Empty,
            [single] if every_status_has_body => Outcome::Single((*single).clone(), with_body),
            _ => {
                let variants = self.status_variants(side, true);
                let id = self.types.add(
                    &format!("{}Response", self.type_prefix),
                    Some("Responses of the operation, by status.".to_string()),
                    TypeKind::ByStatus(variants),
                    join(self.pointer, "responses"),
                );
                Outcome::PerStatus(id)
            }
        }
    }
}

/// A declared response header: its wire name, doc and value type.
type Header = (String, Option<String>, Ty);

/// A response of one side: its statuses, body, description and declared headers (those of
/// successes only).
type Side = (StatusMatch, Option<Payload>, Option<String>, Vec<Header>);

/// The fields of a struct with headers: one per header, optional, named after it but for the
/// names `taken` (`body` is the body's).
fn header_fields(declared: Vec<Header>, taken: &[&str]) -> Vec<Field> {
    let mut names = Namespace::with_taken(taken.iter().copied());
    declared
        .into_iter()
        .map(|(wire, doc, ty)| Field {
            name: names.claim(&naming::snake(&wire, "header")),
            wire,
            doc,
            ty,
            presence: Presence::Optional,
            boxed: false,
        })
        .collect()
}

fn is_success(status: StatusMatch) -> bool {
    match status {
        StatusMatch::Code(c) => (200..300).contains(&c),
        StatusMatch::Range(r) => r == 2,
        StatusMatch::Default => false,
    }
}

/// The variant name of a status: its reason phrase (`422` -> `UnprocessableEntity`).
fn status_name(status: StatusMatch, success: bool) -> String {
    match status {
        StatusMatch::Code(code) => match reason(code) {
            Some(r) => naming::camel(r, "Status"),
            None => format!("Status{code}"),
        },
        StatusMatch::Range(1) => "Informational".to_string(),
        StatusMatch::Range(2) => "Success".to_string(),
        StatusMatch::Range(3) => "Redirection".to_string(),
        StatusMatch::Range(4) => "ClientError".to_string(),
        StatusMatch::Range(5) => "ServerError".to_string(),
        StatusMatch::Range(r) => format!("Status{r}xx"),
        StatusMatch::Default if success => "Response".to_string(),
        StatusMatch::Default => "Default".to_string(),
    }
}

fn reason(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "Non Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi Status",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        414 => "Uri Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "Im A Teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "Http Version Not Supported",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        511 => "Network Authentication Required",
        _ => return None,
    })
}
