//! The `mock` module of a client (the setting `mock`), compiled with the crate's feature
//! `mock`: the runtime (`runtime.rs`, real Rust that `check.rs` compiles and tests: a wiremock
//! server, strict mode, the report of unmatched requests), with the parts no operation of this
//! client needs taken out; and per operation a type in `operations`, what strict mode allows of
//! it in `OPERATIONS`, a method of `MockServer` and the typed methods of its `Mock`.

#[cfg(test)]
mod check;
mod prune;

use super::operations::path_arg_ty;
use super::tokens::doc;
use super::tokens::{Scope, ident, ty};
use crate::model::{Api, Location, Media, Operation, Outcome, Payload, StatusMatch, Ty, TypeKind};
use crate::naming;
use proc_macro2::Literal;
use proc_macro2::TokenStream;
use quote::quote;

/// The runtime, whole.
const RUNTIME: &str = include_str!("runtime.rs");

/// The methods of `MockServer` the runtime defines, which an operation's method must not take.
const SERVER_METHODS: &[&str] = &[
    "start",
    "start_lenient",
    "with_operations",
    "uri",
    "wiremock",
    "problems",
    "verify",
    "fail_on_problems",
    "expect_call",
];

/// What of the runtime the client's operations need.
#[derive(Debug, Default, Clone, Copy)]
struct Needs {
    /// Parameters in the path, the query, headers (`In`'s variants).
    path: bool,
    query: bool,
    header: bool,
    /// A request body (`Body`, `body_problems`).
    body: bool,
    /// A JSON request body (`check_json`, `json_body`).
    json_body: bool,
    /// A JSON response body (`json`).
    json_reply: bool,
    /// Response headers (`header_text`).
    headers: bool,
}

impl Needs {
    fn params(&self) -> bool {
        self.path || self.query || self.header
    }
}

/// The `mock` module's items; `None` unless the setting is on and there are operations.
pub fn module(api: &Api) -> Option<TokenStream> {
    if !api.mock || api.operations.is_empty() {
        return None;
    }
    let mut needs = Needs::default();
    for op in &api.operations {
        needs.path |= !op.path_params.is_empty();
        for p in op.params.iter().flat_map(|p| &p.params) {
            needs.query |= p.location == Location::Query;
            needs.header |= p.location == Location::Header;
        }
        needs.body |= op.body.is_some();
        needs.json_body |= op
            .body
            .as_ref()
            .is_some_and(|b| b.payload.media == Media::Json);
    }
    let mut markers = Vec::new();
    let mut table = Vec::new();
    let mut methods = Vec::new();
    let mut impls = Vec::new();
    for (index, op) in api.operations.iter().enumerate() {
        let marker = ident(&naming::camel(&op.name, "Operation"));
        let call = format!("`{} {}`", op.method, op.path);
        let marker_doc = format!(" The requests of `Client::{}` ({call}).", op.name);
        markers.push(quote! {
            #[doc = #marker_doc]
            #[derive(Debug)]
            pub enum #marker {}
        });
        table.push(entry(api, op, needs));
        let method = if SERVER_METHODS.contains(&op.name.as_str()) {
            ident(&format!("{}_call", op.name))
        } else {
            ident(&op.name)
        };
        let method_doc = format!(" Expects a request of `Client::{}` ({call}).", op.name);
        let index = Literal::usize_unsuffixed(index);
        methods.push(quote! {
            #[doc = #method_doc]
            pub fn #method(&self) -> Mock<'_, operations::#marker> {
                self.expect_call(#index)
            }
        });
        let typed = typed_methods(api, op, &mut needs);
        impls.push(quote! {
            impl Mock<'_, operations::#marker> {
                #(#typed)*
            }
        });
    }
    let runtime = prune::runtime(RUNTIME, &needs);
    let own = quote! {
        /// What the spec allows of each operation's requests, in the order of `MockServer`'s
        /// methods.
        const OPERATIONS: &[Operation] = &[#(#table),*];

        /// One type per operation, which types its expectations (`Mock<'_, operations::GetPet>`).
        pub mod operations {
            #(#markers)*
        }

        impl MockServer {
            #(#methods)*
        }

        #(#impls)*
    };
    // (Operations without parameters, bodies or documented statuses name no type.)
    let types_import = own.to_string().contains("types ::").then(|| {
        quote!(
            use super::types;
        )
    });
    Some(quote! {
        #types_import
        #runtime
        #own
    })
}

/// The entry of `op` in `OPERATIONS`.
fn entry(api: &Api, op: &Operation, needs: Needs) -> TokenStream {
    let name = &op.name;
    let method = &op.method;
    let path = &op.path;
    let pointer = &op.pointer;
    let mut params = Vec::new();
    for p in &op.path_params {
        let wire = &p.field.wire;
        params.push(quote!(Param { name: #wire, location: In::Path, required: true }));
    }
    for p in op.params.iter().flat_map(|p| &p.params) {
        let location = match p.location {
            Location::Query => quote!(In::Query),
            Location::Header => quote!(In::Header),
            Location::Path | Location::Cookie => continue,
        };
        let wire = &p.field.wire;
        let required = p.field.presence.required();
        params.push(quote!(Param { name: #wire, location: #location, required: #required }));
    }
    let params = needs.params().then(|| quote!(params: &[#(#params),*],));
    let body = op.body.as_ref().map(|body| {
        let media_types = &body.declared;
        let required = body.required;
        let check = if body.payload.media == Media::Json {
            let t = ty(api, &body.payload.ty, Scope::Sibling);
            quote!(Some(check_json::<#t>))
        } else {
            quote!(None)
        };
        quote! {
            Some(Body { media_types: &[#(#media_types),*], required: #required, check: #check })
        }
    });
    let body = needs.body.then(|| {
        let body = body.unwrap_or_else(|| quote!(None));
        quote!(body: #body,)
    });
    quote! {
        Operation {
            name: #name,
            method: #method,
            path: #path,
            pointer: #pointer,
            #params
            #body
        }
    }
}

/// The typed methods of `op`'s `Mock`: its parameters, its body, its responses and the spec's
/// examples.
fn typed_methods(api: &Api, op: &Operation, needs: &mut Needs) -> Vec<TokenStream> {
    let mut methods = Vec::new();
    if !op.path_params.is_empty() {
        let args = op.path_params.iter().map(|p| {
            let arg = ident(&p.field.name);
            let t = path_arg_ty(api, p);
            quote!(#arg: #t)
        });
        let checks = op.path_params.iter().map(|p| {
            let arg = ident(&p.field.name);
            let wire = &p.field.wire;
            quote!(.param(In::Path, #wire, &#arg))
        });
        methods.push(quote! {
            /// Expects these path parameters, as the client's method takes them.
            pub fn path(self, #(#args),*) -> Self {
                self #(#checks)*
            }
        });
    }
    if let Some(params) = &op.params {
        let checks: Vec<TokenStream> = params
            .params
            .iter()
            .filter_map(|p| {
                let location = match p.location {
                    Location::Query => quote!(In::Query),
                    Location::Header => quote!(In::Header),
                    Location::Path | Location::Cookie => return None,
                };
                let field = ident(&p.field.name);
                let wire = &p.field.wire;
                Some(quote!(.param(#location, #wire, &params.#field)))
            })
            .collect();
        if !checks.is_empty() {
            let params_ty = ident(&api.types[params.ty].name);
            methods.push(quote! {
                /// Expects the query and header parameters `params` sets (those left unset match
                /// any value).
                pub fn params(self, params: &types::#params_ty) -> Self {
                    self #(#checks)*
                }
            });
        }
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.payload.media == Media::Json) {
        let t = ref_arg(api, &body.payload.ty);
        methods.push(quote! {
            /// Expects a JSON body equal to `body`.
            pub fn body(self, body: #t) -> Self {
                self.json_body(body)
            }
        });
    }
    methods.push(ok(api, op, needs));
    methods.extend(error(api, op, needs));
    methods.extend(examples(op));
    methods
}

/// The type of an argument that takes a value of `t` by reference: `&str`, a slice for a
/// `Vec`, else `&T` (clippy's `ptr_arg`).
fn ref_arg(api: &Api, t: &Ty) -> TokenStream {
    match t {
        Ty::String => quote!(&str),
        Ty::Bytes => quote!(&[u8]),
        Ty::Vec(items) => {
            let items = ty(api, items, Scope::Sibling);
            quote!(&[#items])
        }
        other => {
            let t = ty(api, other, Scope::Sibling);
            quote!(&#t)
        }
    }
}

/// The status a response answers with: its code, the first of its range, or for `default` the
/// first code of `fallback`'s hundreds no other response of `all` claims.
fn status(status: StatusMatch, all: &[StatusMatch], fallback: u16) -> u16 {
    match status {
        StatusMatch::Code(code) => code,
        StatusMatch::Range(hundreds) => hundreds * 100,
        StatusMatch::Default => (fallback..fallback + 100)
            .find(|code| {
                !all.iter().any(|s| match s {
                    StatusMatch::Code(c) => c == code,
                    StatusMatch::Range(h) => *h == code / 100,
                    StatusMatch::Default => false,
                })
            })
            .unwrap_or(fallback),
    }
}

/// The body of a reply holding the payload's value, which `reference` borrows and `place`
/// names, as an `Option<(Vec<u8>, &str)>`.
fn reply_body(
    payload: &Payload,
    place: TokenStream,
    reference: TokenStream,
    needs: &mut Needs,
) -> TokenStream {
    match payload.media {
        Media::Json => {
            needs.json_reply = true;
            quote!(json(#reference))
        }
        Media::Text => quote!(Some((#place.as_bytes().to_vec(), "text/plain"))),
        Media::Binary | Media::Form | Media::Multipart => {
            quote!(Some((#place.to_vec(), "application/octet-stream")))
        }
    }
}

/// `text` as a raw string literal (`r#"{"id":7}"#`), with as many `#` as it needs.
fn raw_string(text: &str) -> TokenStream {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    let literal = format!("r{hashes}\"{text}\"{hashes}");
    // A raw string holds any text (a `\r` is the one character rustc refuses in it).
    match literal.parse() {
        Ok(tokens) if !text.contains('\r') => tokens,
        _ => quote!(#text),
    }
}

/// A status as a literal without a suffix.
fn literal(status: u16) -> Literal {
    Literal::u16_unsuffixed(status)
}

/// `ok`: the success response, typed as the client's method returns it.
fn ok(api: &Api, op: &Operation, needs: &mut Needs) -> TokenStream {
    if let Some(headers) = &op.success_headers {
        needs.headers = true;
        let TypeKind::WithHeaders(body, fields) = &api.types[headers.ty].kind else {
            return TokenStream::new();
        };
        let statuses = match &op.success {
            Outcome::Single(_, statuses) => statuses.clone(),
            _ => Vec::new(),
        };
        let code = statuses.first().map_or(200, |s| status(*s, &statuses, 200));
        let lit = literal(code);
        let (body_arg, body) = match (body, &op.success) {
            (Some(_), Outcome::Single(payload, _)) => {
                let t = ref_arg(api, &payload.ty);
                let body = reply_body(payload, quote!(body), quote!(body), needs);
                (Some(quote!(body: #t,)), body)
            }
            _ => (None, quote!(None)),
        };
        let args = fields.iter().map(|f| {
            let field = ident(&f.name);
            let t = super::types::field_ty_in(api, f, Scope::Sibling);
            quote!(#field: #t)
        });
        let headers = fields.iter().map(|f| {
            let field = ident(&f.name);
            let wire = &f.wire;
            quote!(header_text(&#field).map(|value| (#wire, value)))
        });
        let doc = format!(
            " Answers `{code}` with the body and the response headers given (`None` sends none)."
        );
        return quote! {
            #[doc = #doc]
            pub fn ok(self, #body_arg #(#args),*) -> Self {
                let headers = [#(#headers),*].into_iter().flatten().collect();
                self.reply(#lit, #body, headers)
            }
        };
    }
    match &op.success {
        Outcome::Empty => quote! {
            /// Answers `204` without a body.
            pub fn ok(self) -> Self {
                self.reply(204, None, Vec::new())
            }
        },
        Outcome::Single(payload, statuses) => {
            let code = statuses.first().map_or(200, |s| status(*s, statuses, 200));
            let lit = literal(code);
            let t = ref_arg(api, &payload.ty);
            let body = reply_body(payload, quote!(body), quote!(body), needs);
            let doc = format!(" Answers `{code}` with `body`.");
            quote! {
                #[doc = #doc]
                pub fn ok(self, body: #t) -> Self {
                    self.reply(#lit, #body, Vec::new())
                }
            }
        }
        Outcome::PerStatus(id) => {
            let t = ident(&api.types[*id].name);
            let Some(arms) = by_status(api, *id, 200, needs) else {
                return TokenStream::new();
            };
            if status_headers(api, *id) {
                return quote! {
                    /// Answers with the status, the body and the response headers of `response`
                    /// (`None` sends none).
                    pub fn ok(self, response: &types::#t) -> Self {
                        let (status, body, headers) = match response {
                            #(#arms)*
                        };
                        self.reply(status, body, headers)
                    }
                };
            }
            quote! {
                /// Answers with the status and the body of `response`.
                pub fn ok(self, response: &types::#t) -> Self {
                    let (status, body) = match response {
                        #(#arms)*
                    };
                    self.reply(status, body, Vec::new())
                }
            }
        }
    }
}

/// Whether some status of the per-status enum `id` declares headers.
fn status_headers(api: &Api, id: crate::model::TypeId) -> bool {
    matches!(&api.types[id].kind, TypeKind::ByStatus(v) if v.iter().any(|v| v.headers.is_some()))
}

/// The arms of a match on a reference to the per-status enum `id`: each variant to its status
/// and body, and its headers when some status declares them. `None` when it has no variants.
fn by_status(
    api: &Api,
    id: crate::model::TypeId,
    fallback: u16,
    needs: &mut Needs,
) -> Option<Vec<TokenStream>> {
    let def = &api.types[id];
    let TypeKind::ByStatus(variants) = &def.kind else {
        return None;
    };
    if variants.is_empty() {
        return None;
    }
    let all: Vec<StatusMatch> = variants.iter().map(|v| v.status).collect();
    let t = ident(&def.name);
    let with_headers = status_headers(api, id);
    let arms = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let code = status(v.status, &all, fallback);
        let lit = literal(code);
        let fields = v.headers_type().and_then(|h| api.types[h].kind.headers());
        if let Some(fields) = fields {
            // The status's struct: its body and headers.
            needs.headers = true;
            let body = match &v.payload {
                Some(payload) => reply_body(
                    payload,
                    quote!(response.body),
                    quote!(&response.body),
                    needs,
                ),
                None => quote!(None),
            };
            let headers = fields.iter().map(|f| {
                let field = ident(&f.name);
                let wire = &f.wire;
                quote!(header_text(&response.#field).map(|value| (#wire, value)))
            });
            return quote! {
                types::#t::#variant(response) => (
                    #lit,
                    #body,
                    [#(#headers),*].into_iter().flatten().collect(),
                ),
            };
        }
        let none = with_headers.then(|| quote!(, Vec::new()));
        match &v.payload {
            None => quote!(types::#t::#variant => (#lit, None #none),),
            Some(payload) => {
                let body = reply_body(payload, quote!(body), quote!(body), needs);
                quote!(types::#t::#variant(body) => (#lit, #body #none),)
            }
        }
    });
    Some(arms.collect())
}

/// `error`: an error response, as a variant of the operation's error enum.
fn error(api: &Api, op: &Operation, needs: &mut Needs) -> Option<TokenStream> {
    let t = ident(&api.types[op.error].name);
    let arms = by_status(api, op.error, 500, needs)?;
    Some(quote! {
        /// Answers with the status and the body of `error` (a `default` response with the first
        /// `5xx` status the spec does not list).
        pub fn error(self, error: &types::#t) -> Self {
            let (status, body) = match error {
                #(#arms)*
            };
            self.reply(status, body, Vec::new())
        }
    })
}

/// `example_<name>`: a response with the spec's example `name` as its body; an example of the
/// same name at a later status gets the status after its name.
fn examples(op: &Operation) -> Vec<TokenStream> {
    let mut taken: Vec<String> = Vec::new();
    let all: Vec<StatusMatch> = op.examples.iter().map(|e| e.status).collect();
    op.examples
        .iter()
        .filter_map(|example| {
            let fallback = if matches!(example.status, StatusMatch::Code(c) if c < 400) {
                200
            } else {
                500
            };
            let code = status(example.status, &all, fallback);
            let lit = literal(code);
            let mut name = match example.name.as_str() {
                "" => format!("example_{code}"),
                named => format!(
                    "example_{}",
                    naming::snake(named, "").trim_start_matches("r#")
                ),
            };
            if taken.contains(&name) {
                name = format!("{name}_{code}");
            }
            if taken.contains(&name) {
                return None;
            }
            taken.push(name.clone());
            let method = ident(&name);
            let summary = example
                .summary
                .as_deref()
                .map(|s| format!(": {}", s.trim()))
                .unwrap_or_default();
            let which = match example.name.as_str() {
                "" => String::new(),
                named => format!(" `{named}`"),
            };
            let doc = doc(Some(&format!(
                "Answers `{code}` with the spec's example{which}{summary}."
            )));
            let body = raw_string(&example.body);
            let media_type = &example.media_type;
            Some(quote! {
                #doc
                pub fn #method(self) -> Self {
                    self.reply(#lit, Some((#body.as_bytes().to_vec(), #media_type)), Vec::new())
                }
            })
        })
        .collect()
}
