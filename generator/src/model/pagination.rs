//! Paginated operations: which operations get a `{op}_stream` method yielding every item of
//! every page, and how one page leads to the next, read from what the spec says (in this order:
//! `x-speakeasy-pagination`, `x-fern-pagination`, `x-ms-pageable`, `x-dropshot-pagination`, then
//! an RFC 8288 `Link` header declared on a success whose body is an array or an object with one
//! array property) and checked against
//! the operation's types. What cannot be followed is a warning naming its pointer: the operation
//! keeps its one-page method and gets no stream.

mod declared;

use super::{Media, Operation, Outcome, Presence, Ty, TypeDef, TypeKind};
use crate::diagnostics::{Diagnostic, join};
use crate::naming::{self, Namespace, reserved};
use declared::{BySetting, Declared, JsonPath, Kind};
use openapiv3::OpenAPI;
use std::path::Path;

/// How an operation's pages follow each other, for its `{op}_stream` method.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The stream method's name on `Client` (without `r#`).
    pub method: String,
    /// The type of an item.
    pub item: Ty,
    /// Where the items of a page are in the value `{op}` returns (a `Vec` of [`Self::item`]).
    pub items: Access,
    /// How the next page is asked for.
    pub next: Next,
    /// A boolean of the page that says whether another page follows (`has_more`); `false`
    /// ends the stream.
    pub has_more: Option<Access>,
    /// When `{op}` returns a per-status enum (GitHub's contributors: `200` a list, `204`
    /// nothing): the variant that holds a page, from which [`Self::items`] and [`Self::next`]
    /// start; every other status has no body, an empty page that ends the stream.
    pub variant: Option<String>,
    /// When the next page is named by a URL ([`Next::Url`], [`Next::Link`]): the private
    /// methods that the method taking every parameter and the stream share.
    pub fetch: Option<PageFetch>,
}

/// The two private methods of an operation whose pages are named by URLs, so that its stream
/// asks for each page as the operation's method asks for the first: `url` builds the first
/// URL from the arguments, `at` sends the request to a URL and reads the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct PageFetch {
    /// `{op}_url`: `fn(&self, path arguments, params) -> Result<String, Error<E>>`.
    pub url: String,
    /// `{op}_at`: `async fn(&self, url, params, body) -> Result<T, Error<E>>`.
    pub at: String,
}

impl PageFetch {
    /// The methods of `method`'s pages, each claimed in `names`.
    pub(super) fn claim(names: &mut Namespace, method: &str) -> Self {
        let (url, at) = naming::fetch_methods(method);
        PageFetch {
            url: names.claim(&url),
            at: names.claim(&at),
        }
    }
}

/// A path of fields from the value `{op}` returns (or from an item) to a value inside it;
/// empty for the value itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Access(pub Vec<Step>);

/// One field of an [`Access`].
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The field's Rust name.
    pub field: String,
    /// Whether it is an `Option` (or two).
    pub presence: Presence,
    /// Whether it is a `Box`.
    pub boxed: bool,
}

/// How the next page is asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// A cursor the page carries goes into an input of the next request.
    Cursor {
        /// Where the cursor goes.
        input: Input,
        /// Where it comes from.
        from: CursorFrom,
    },
    /// An integer input is moved on by the number of items, or by one page.
    Offset {
        /// The offset (or page number) input.
        input: Input,
        /// Whether it counts pages (`page=2`) rather than items (`offset=20`).
        pages: bool,
    },
    /// The page carries the next page's URL (absolute, or relative to the page's).
    Url(Access),
    /// The next page's URL is the `rel="next"` target of the `Link` header (RFC 8288), a field
    /// of the headers struct `{op}` returns.
    Link(Access),
}

/// Where a cursor comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum CursorFrom {
    /// A value of the page.
    Page(Access),
    /// A value of the page's last item (Stripe's `starting_after`: the last item's `id`).
    LastItem(Access),
}

/// An input of the operation a page's cursor or offset goes into.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// Whether it is a field of the request body (otherwise of the parameters struct).
    pub in_body: bool,
    /// The field's Rust name.
    pub field: String,
    /// The field's presence (`Some(..)` around the value when optional).
    pub presence: Presence,
    /// Whether the cursor is turned into text (`to_string`) to fit: the input is a string and
    /// the output another scalar.
    pub to_text: bool,
    /// The input's type.
    pub ty: Ty,
}

/// Decides the pagination of each operation of `operations` (built from `api`, whose types are
/// `types`) and names its stream method; returns the warnings.
pub(super) fn decide(
    api: &OpenAPI,
    file: &Path,
    operations: &mut [super::Operation],
    types: &[TypeDef],
    auth: &[super::AuthScheme],
    settings: &crate::settings::Settings,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let setters: Vec<String> = auth.iter().map(|s| naming::setter(&s.field)).collect();
    let mut names = Namespace::with_taken(
        reserved::CLIENT_METHODS
            .iter()
            .copied()
            .chain(setters.iter().map(String::as_str)),
    );
    for op in operations.iter() {
        names.claim(&op.name);
        names.claim(&naming::params_method(&op.name));
        if let Some(with) = &op.with_params {
            names.claim(with);
        }
        // A streamed response's method keeps its name.
        if let Some(stream) = &op.media_stream {
            names.claim(&stream.method);
        }
    }
    // Whether the setting of every operation (`*`) pages one, and whether what it says of
    // all alike (it cannot be read) was told once.
    let (mut every_fits, mut every_told) = (false, false);
    for op in operations.iter_mut() {
        let pointer = join(&join("#/paths", &op.path), &op.method.to_ascii_lowercase());
        let declared = match declared::read(api, op, types, &pointer, settings) {
            Ok(Some(declared)) => declared,
            Ok(None) => continue,
            Err(refused) => {
                if !(refused.of_every && std::mem::replace(&mut every_told, true)) {
                    warnings.push(warning(file, refused.at, refused.message));
                }
                continue;
            }
        };
        match resolve(op, types, &declared) {
            Ok(mut pagination) => {
                every_fits |= matches!(declared.setting, Some(BySetting::Every));
                // One `_stream` per operation: the pages' items, over the stream of its body.
                pagination.method = match op.media_stream.take() {
                    Some(stream) => stream.method,
                    None => names.claim(&naming::stream_method(&op.name)),
                };
                op.pagination = Some(pagination);
            }
            // The setting of every operation pages those it fits, and says nothing of others.
            Err(_) if matches!(declared.setting, Some(BySetting::Every)) => {}
            Err(message) => {
                let message = match &declared.setting {
                    Some(setting) => setting.says(&message),
                    None => message,
                };
                warnings.push(warning(file, declared.pointer, message));
            }
        }
    }
    // The private methods of pages named by URLs, after every public name.
    for op in operations.iter_mut() {
        if let Some(pagination) = &mut op.pagination {
            if matches!(pagination.next, Next::Url(_) | Next::Link(_)) {
                pagination.fetch = Some(PageFetch::claim(&mut names, &op.name));
            }
        }
    }
    if settings.pages_every_operation() && !every_fits && !every_told {
        warnings.push(Diagnostic::new(
            file,
            "#/paths".to_string(),
            BySetting::Every.says("no operation has the parameters and response it names"),
            "see \"Pages\" in clientgen's README for what each type needs",
        ));
    }
    warnings
}

fn warning(file: &Path, pointer: String, message: String) -> Diagnostic {
    Diagnostic::new(
        file,
        pointer,
        format!("{message}: the operation gets no `_stream` method"),
        "see \"Pages\" in clientgen's README for what is followed",
    )
}

/// What holds a page of an operation: the value `{op}` returns, or one variant of it.
pub(super) struct Page<'t> {
    /// The body's type.
    pub body: &'t Ty,
    /// Whether the body is JSON (the only kind that pages).
    pub json: bool,
    /// The headers beside the body, when the page has them (its value is then a struct with
    /// the body as `body`).
    pub headers: Option<&'t [super::Field]>,
    /// The variant of the per-status success enum that holds the page.
    pub variant: Option<&'t str>,
}

/// Where `op`'s page is: its one success body (with the success's headers), or the one
/// status of a per-status success that has a body, when the others have none (with that
/// status's headers).
pub(super) fn page<'t>(op: &'t Operation, types: &'t [TypeDef]) -> Option<Page<'t>> {
    match &op.success {
        Outcome::Single(payload, _) => Some(Page {
            body: &payload.ty,
            json: payload.media == Media::Json,
            headers: op.success_headers.as_ref().map(|h| h.headers.as_slice()),
            variant: None,
        }),
        Outcome::PerStatus(id) => {
            let TypeKind::ByStatus(variants) = &types[*id].kind else {
                return None;
            };
            let mut bodies = variants.iter().filter(|v| v.payload.is_some());
            let (Some(only), None) = (bodies.next(), bodies.next()) else {
                return None;
            };
            let payload = only.payload.as_ref()?;
            let headers = only
                .headers_type()
                .map(|h| types[h].kind.headers().unwrap_or_default());
            Some(Page {
                body: &payload.ty,
                json: payload.media == Media::Json,
                headers,
                variant: Some(&only.name),
            })
        }
        _ => None,
    }
}

/// The pagination `declared` describes, checked against the operation's types.
fn resolve(op: &Operation, types: &[TypeDef], declared: &Declared) -> Result<Pagination, String> {
    let page = page(op, types)
        .filter(|page| page.json)
        .ok_or("the success is not one JSON body")?;
    let body = page.body;
    // The value `{op}` returns (or its variant holds): the body, or the body beside the
    // headers.
    let (prefix, headers) = match page.headers {
        Some(headers) => (
            vec![Step {
                field: "body".to_string(),
                presence: Presence::Required,
                boxed: false,
            }],
            headers,
        ),
        None => (Vec::new(), &[][..]),
    };
    let walk = |path: &JsonPath| -> Result<(Access, Ty), String> {
        let (mut access, ty) = fields(types, body, &path.steps)?;
        let mut steps = prefix.clone();
        steps.append(&mut access.0);
        Ok((Access(steps), ty))
    };
    let (items, items_ty) = walk(&declared.results)?;
    let item = match unalias(types, &items_ty) {
        Ty::Vec(item) => (**item).clone(),
        _ => return Err(format!("{} is not an array", declared.results)),
    };
    let has_more = match &declared.has_more {
        Some(path) => match walk(path)? {
            (access, ty) if *unalias(types, &ty) == Ty::Bool => Some(access),
            _ => return Err(format!("{path} is not a boolean")),
        },
        None => None,
    };
    let next = match &declared.kind {
        Kind::Cursor { input, output } => {
            let (from, out_ty) = match &output.last_item {
                Some(steps) if output.steps == declared.results.steps => {
                    let (access, ty) = fields(types, &item, steps)?;
                    (CursorFrom::LastItem(access), ty)
                }
                Some(_) => {
                    let results = &declared.results;
                    return Err(format!("{output} is not in the last item of {results}"));
                }
                None => {
                    let (access, ty) = walk(output)?;
                    (CursorFrom::Page(access), ty)
                }
            };
            let mut input = find_input(op, types, input)?;
            input.to_text = match (&input.ty, &out_ty) {
                (a, b) if a == b && is_scalar(a) => false,
                (Ty::String, b) if is_scalar(b) => true,
                _ => return Err(format!("{output} is not of the cursor input's type")),
            };
            Next::Cursor { input, from }
        }
        Kind::Offset { input, pages } => {
            let input = find_input(op, types, input)?;
            if !matches!(input.ty, Ty::I32 | Ty::I64) {
                return Err(format!("the input `{}` is not an integer", input.field));
            }
            Next::Offset {
                input,
                pages: *pages,
            }
        }
        Kind::Url(output) => match walk(output)? {
            (access, Ty::String) => Next::Url(access),
            _ => return Err(format!("{output} is not a string")),
        },
        Kind::Link => {
            let link = headers
                .iter()
                .find(|h| h.wire.eq_ignore_ascii_case("link") && h.ty == Ty::String)
                .ok_or("the success declares no `Link` header of type string")?;
            Next::Link(Access(vec![Step {
                field: link.name.clone(),
                presence: link.presence,
                boxed: false,
            }]))
        }
    };
    Ok(Pagination {
        method: String::new(),
        item,
        items,
        next,
        has_more,
        variant: page.variant.map(str::to_string),
        fetch: None,
    })
}

fn is_scalar(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::String | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::Bool
    )
}

/// The fields named `steps` (wire names) from a value of type `from`, and the type reached.
fn fields(types: &[TypeDef], from: &Ty, steps: &[String]) -> Result<(Access, Ty), String> {
    let mut ty = from.clone();
    let mut access = Vec::new();
    for step in steps {
        let field = struct_fields(types, &ty)
            .and_then(|fields| fields.iter().find(|f| f.wire == *step))
            .ok_or_else(|| format!("no property `{step}` where the path reaches"))?;
        access.push(Step {
            field: field.name.clone(),
            presence: field.presence,
            boxed: field.boxed,
        });
        ty = field.ty.clone();
    }
    Ok((Access(access), ty))
}

/// `ty`, or the type it names when it names an alias (`pub type Page = Vec<Item>;`), through
/// any number of aliases.
fn unalias<'t>(types: &'t [TypeDef], mut ty: &'t Ty) -> &'t Ty {
    // A type that contains itself is a newtype, not an alias; the bound is a guard all the same.
    for _ in 0..=types.len() {
        match ty {
            Ty::Named(id) => match &types[*id].kind {
                TypeKind::Alias(aliased) => ty = aliased,
                _ => break,
            },
            _ => break,
        }
    }
    ty
}

/// The fields of the struct `ty` names (through aliases).
fn struct_fields<'t>(types: &'t [TypeDef], ty: &Ty) -> Option<&'t [super::Field]> {
    match unalias(types, ty) {
        Ty::Named(id) => match &types[*id].kind {
            TypeKind::Struct(s) => Some(&s.fields),
            _ => None,
        },
        _ => None,
    }
}

/// The parameter (query or header) or body property named by `input`.
fn find_input(op: &Operation, types: &[TypeDef], input: &declared::Named) -> Result<Input, String> {
    let in_params = || {
        let params = op.params.as_ref()?;
        let mut fields = params.params.iter().map(|p| &p.field);
        fields.find(|f| f.wire == input.name)
    };
    let in_body = || {
        let body = op
            .body
            .as_ref()
            .filter(|b| b.payload.media == Media::Json)?;
        let fields = struct_fields(types, &body.payload.ty)?;
        fields.iter().find(|f| f.wire == input.name)
    };
    let (field, body) = match input.in_body {
        Some(true) => (in_body(), true),
        Some(false) => (in_params(), false),
        None => match in_params() {
            Some(field) => (Some(field), false),
            None => (in_body(), true),
        },
    };
    let field = field.ok_or_else(|| {
        let place = match input.in_body {
            Some(true) => "request body property",
            Some(false) => "parameter",
            None => "parameter or request body property",
        };
        format!(
            "no {place} `{}` to send the next page's cursor in",
            input.name
        )
    })?;
    Ok(Input {
        in_body: body,
        field: field.name.clone(),
        presence: field.presence,
        to_text: false,
        ty: field.ty.clone(),
    })
}

#[cfg(test)]
mod tests;
