//! The request of an operation method: its URL with encoded path parameters, its query,
//! header and cookie parameters, and its body.

use super::{Uses, is_copy};
use crate::emit::tokens::{Scope, ident, ty};
use crate::model::{
    Api, Field, Location, Media, Operation, Param, PartEncoding, PathPart, Payload, Style, Ty,
    TypeKind,
};
use crate::naming::reserved::Helper;
use proc_macro2::TokenStream;
use quote::quote;

/// `let url = format!(...)` with each path parameter written in its style as one segment, then
/// the query parameters appended to it. Each parameter's segment is bound first to the
/// parameter's own name (`let org = encode_path(..)?;`), which the URL's text then names
/// (`"{}/orgs/{org}/repos"`; a raw identifier, which a format string cannot name, by position).
pub(super) fn url_tokens(op: &Operation, uses: &mut Uses) -> TokenStream {
    let mut text = String::from("{}");
    let mut values = vec![quote!(self.base_url)];
    let mut segments = Vec::new();
    let mut encoded = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(literal) => {
                text.push_str(&literal.replace('{', "{{").replace('}', "}}"))
            }
            PathPart::Param(i) => {
                let encode_path = uses.helper(Helper::EncodePath);
                let p = &op.path_params[*i];
                let arg = ident(&p.field.name);
                let wire = &p.field.wire;
                let style = uses.style(p.style);
                let explode = p.explode;
                let value = match &p.field.ty {
                    t if is_copy(t) => quote!(&#arg),
                    _ => quote!(#arg),
                };
                // A parameter named twice in the path is encoded once: its name is then bound
                // to the encoded text, which encoding again would change (`%` to `%25`).
                if !encoded.contains(i) {
                    encoded.push(*i);
                    segments
                        .push(quote!(let #arg = #encode_path(#wire, #value, #style, #explode)?;));
                }
                if crate::naming::is_keyword(&p.field.name) {
                    text.push_str("{}");
                    values.push(quote!(#arg));
                } else {
                    text.push_str(&format!("{{{}}}", p.field.name));
                }
            }
        }
    }
    quote! {
        #(#segments)*
        let url = format!(#text, #(#values),*);
    }
}

/// Appends the query parameters among `params` to `url`, each written in its style.
pub(super) fn query_tokens(params: &[Param], uses: &mut Uses) -> TokenStream {
    let query: Vec<&Param> = params
        .iter()
        .filter(|p| p.location == Location::Query)
        .collect();
    if query.is_empty() {
        return TokenStream::new();
    }
    let push_query = uses.helper(Helper::PushQuery);
    let pushes = query.iter().map(|p| {
        let field = ident(&p.field.name);
        let wire = &p.field.wire;
        let style = uses.style(p.style);
        let explode = p.explode;
        let allow_reserved = p.allow_reserved;
        // An unset optional is `null`, which writes nothing.
        quote!(#push_query(&mut query, #wire, &params.#field, #style, #explode, #allow_reserved);)
    });
    quote! {
        let mut query = String::new();
        #(#pushes)*
        let url = if query.is_empty() { url } else { format!("{url}?{query}") };
    }
}

/// The text of one scalar value held by reference in `value`.
fn text_of(value: TokenStream, t: &Ty, uses: &mut Uses) -> TokenStream {
    match t {
        Ty::String => quote!(#value.clone()),
        t if is_copy(t) => quote!(#value.to_string()),
        _ => {
            let param_text = uses.helper(Helper::ParamText);
            quote!(#param_text(#value))
        }
    }
}

/// Whether values of `t` are JSON objects or arrays (sent as JSON in a multipart part).
fn is_structured(api: &Api, t: &Ty) -> bool {
    match t {
        Ty::Object | Ty::Map(_) | Ty::Vec(_) => true,
        Ty::Named(id) => match &api.types[*id].kind {
            TypeKind::Struct(_) | TypeKind::Tagged(_) => true,
            TypeKind::Alias(inner) | TypeKind::Newtype(inner) => is_structured(api, inner),
            _ => false,
        },
        _ => false,
    }
}

/// Header and cookie parameters from `params` (the `simple` style; a cookie's value is written
/// as `form` with `explode: false`, then percent-encoded where a cookie cannot hold it).
pub(super) fn params_tokens(params: &[Param], uses: &mut Uses) -> TokenStream {
    let mut out = Vec::new();
    for p in params.iter().filter(|p| p.location == Location::Header) {
        let f = &p.field;
        let field = ident(&f.name);
        let wire = &f.wire;
        let text = simple_text(quote!(value), f, p.explode, uses);
        let header_value = uses.helper(Helper::HeaderValue);
        if f.presence.given() {
            out.push(quote! {
                let value = &params.#field;
                let request = request.header(#wire, #header_value(#wire, #text)?);
            });
        } else {
            out.push(quote! {
                let request = match &params.#field {
                    Some(value) => request.header(#wire, #header_value(#wire, #text)?),
                    None => request,
                };
            });
        }
    }
    let cookies: Vec<&Param> = params
        .iter()
        .filter(|p| p.location == Location::Cookie)
        .collect();
    if !cookies.is_empty() {
        let mut pushes = Vec::new();
        let header_value = uses.helper(Helper::HeaderValue);
        let encode_cookie = uses.helper(Helper::EncodeCookie);
        for p in cookies {
            let f = &p.field;
            let field = ident(&f.name);
            let prefix = format!("{}=", f.wire);
            let text = simple_text(quote!(value), f, false, uses);
            let text = quote!(#encode_cookie(#text));
            if f.presence.given() {
                pushes.push(quote! {
                    let value = &params.#field;
                    cookies.push(format!("{}{}", #prefix, #text));
                });
            } else {
                pushes.push(quote! {
                    if let Some(value) = &params.#field {
                        cookies.push(format!("{}{}", #prefix, #text));
                    }
                });
            }
        }
        out.push(quote! {
            let mut cookies: Vec<String> = Vec::new();
            #(#pushes)*
            let request = if cookies.is_empty() {
                request
            } else {
                request.header(reqwest::header::COOKIE, #header_value("cookie", &cookies.join("; "))?)
            };
        });
    }
    quote!(#(#out)*)
}

/// The `simple` text, as a `&str`, of a header or cookie value bound by reference to `value`,
/// not percent-encoded: strings as they are, arrays and objects through the runtime.
fn simple_text(value: TokenStream, f: &Field, explode: bool, uses: &mut Uses) -> TokenStream {
    match &f.ty {
        Ty::String => quote!(#value),
        t if is_copy(t) => quote!(&#value.to_string()),
        _ => {
            let expand = uses.helper(Helper::Expand);
            let simple = uses.style(Style::Simple);
            quote!(&#expand("", #value, #simple, #explode, |_| true))
        }
    }
}

/// The argument type of a body and the statement that adds it to `request`.
pub(super) fn body_tokens(
    api: &Api,
    payload: &Payload,
    media_type: &str,
    encoding: &[PartEncoding],
    uses: &mut Uses,
) -> (TokenStream, TokenStream) {
    match payload.media {
        Media::Form => {
            let t = ty(api, &payload.ty, Scope::Sibling);
            let form_body = uses.helper(Helper::FormBody);
            let encoding = encoding.iter().map(|e| {
                let property = &e.property;
                let style = uses.style(e.style);
                let explode = e.explode;
                let allow_reserved = e.allow_reserved;
                quote!((#property, #style, #explode, #allow_reserved))
            });
            (
                quote!(&#t),
                quote! {
                    request
                        .header(reqwest::header::CONTENT_TYPE, #media_type)
                        .body(#form_body(body, &[#(#encoding),*]))
                },
            )
        }
        Media::Multipart => {
            uses.multipart = true;
            let t = ty(api, &payload.ty, Scope::Sibling);
            (
                quote!(&#t),
                multipart_form(api, &payload.ty, encoding, uses),
            )
        }
        Media::Json => {
            let t = ty(api, &payload.ty, Scope::Sibling);
            let statement = if media_type.eq_ignore_ascii_case("application/json") {
                quote!(request.json(body))
            } else {
                quote!(request.header(reqwest::header::CONTENT_TYPE, #media_type).json(body))
            };
            (quote!(&#t), statement)
        }
        Media::Text => (
            quote!(&str),
            quote!(request.header(reqwest::header::CONTENT_TYPE, #media_type).body(body.to_owned())),
        ),
        // Bytes in memory (`Vec<u8>`, `bytes::Bytes`, ...) or a stream or file made a
        // `reqwest::Body` (`Body::wrap_stream`, a `tokio::fs::File`), read as it is sent.
        Media::Binary => (
            quote!(impl Into<reqwest::Body>),
            quote!(request.header(reqwest::header::CONTENT_TYPE, #media_type).body(body)),
        ),
    }
}

/// The argument type of a body the request may leave out, given `arg_ty`, the type of the body
/// when it is required: `Option<arg_ty>`, but `Option<reqwest::Body>` for bytes, as `None`
/// could name no type for an `impl Into<reqwest::Body>`.
pub(super) fn optional_body_arg(payload: &Payload, arg_ty: TokenStream) -> TokenStream {
    match payload.media {
        Media::Binary => quote!(Option<reqwest::Body>),
        _ => quote!(Option<#arg_ty>),
    }
}

/// A block that sends the fields of the body struct as the parts of a multipart body: bytes as
/// files (`application/octet-stream`), objects and arrays of arrays as JSON, other values as
/// text, each array item a part of its own (OpenAPI "Encoding Object" defaults), unless the
/// Encoding Object gives the part's `contentType`; its fixed headers are sent too.
fn multipart_form(
    api: &Api,
    body_ty: &Ty,
    encoding: &[PartEncoding],
    uses: &mut Uses,
) -> TokenStream {
    let fields: &[Field] = match body_ty {
        Ty::Named(id) => match &api.types[*id].kind {
            TypeKind::Struct(s) => &s.fields,
            _ => &[],
        },
        _ => &[],
    };
    let mut steps = Vec::new();
    for f in fields {
        let field = ident(&f.name);
        let wire = &f.wire;
        let encoding = encoding.iter().find(|e| &e.property == wire);
        let content_type = encoding.and_then(|e| e.content_type.as_deref());
        let headers = encoding
            .map(|e| part_headers(&e.headers))
            .unwrap_or_default();
        let mut add_one = |value: TokenStream, t: &Ty| {
            let json = match content_type {
                Some(c) => {
                    let essence = c
                        .split(';')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_ascii_lowercase();
                    essence == "application/json" || essence.ends_with("+json")
                }
                None => is_structured(api, t),
            };
            let made = if matches!(t, Ty::File) {
                let file_part = uses.helper(Helper::FilePart);
                let content_type = content_type.unwrap_or("application/octet-stream");
                quote!(#file_part(#value.to_part(), #wire, #content_type)?)
            } else if matches!(t, Ty::Bytes) {
                let part = uses.helper(Helper::Part);
                let content_type = content_type.unwrap_or("application/octet-stream");
                quote!(#part(#value.clone(), Some(#wire), Some(#content_type))?)
            } else if json {
                let part = uses.helper(Helper::Part);
                let to_json = uses.helper(Helper::ToJson);
                let content_type = content_type.unwrap_or("application/json");
                quote!(#part(#to_json(#value)?, None, Some(#content_type))?)
            } else {
                let part = uses.helper(Helper::Part);
                let text = text_of(value, t, uses);
                let content_type = match content_type {
                    Some(c) => quote!(Some(#c)),
                    None => quote!(None),
                };
                quote!(#part(#text.into_bytes(), None, #content_type)?)
            };
            quote!(parts.push((#wire, #made #headers));)
        };
        let add = match &f.ty {
            Ty::Vec(inner) => {
                let one = add_one(quote!(item), inner);
                quote! {
                    for item in value {
                        #one
                    }
                }
            }
            t => add_one(quote!(value), t),
        };
        // The value under the field's `Option`s, when there is one.
        let value = (0..f.presence.options()).fold(quote!(value), |v, _| quote!(Some(#v)));
        if f.presence.given() {
            steps.push(quote! {
                let value = &body.#field;
                #add
            });
        } else {
            steps.push(quote! {
                if let #value = &body.#field {
                    #add
                }
            });
        }
    }
    let multipart_body = uses.helper(Helper::MultipartBody);
    if steps.is_empty() {
        return quote!(#multipart_body(request, Vec::new()));
    }
    quote! {
        {
            let mut parts = Vec::new();
            #(#steps)*
            #multipart_body(request, parts)
        }
    }
}

/// `.headers(...)` with the fixed headers of a part, when it has some a header can carry.
fn part_headers(headers: &[(String, String)]) -> TokenStream {
    let valid = |name: &str, value: &str| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
            && value
                .bytes()
                .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
    };
    let pairs: Vec<TokenStream> = headers
        .iter()
        .filter(|(name, value)| valid(name, value))
        .map(|(name, value)| {
            let name = name.to_ascii_lowercase();
            quote! {
                (
                    reqwest::header::HeaderName::from_static(#name),
                    reqwest::header::HeaderValue::from_static(#value),
                )
            }
        })
        .collect();
    if pairs.is_empty() {
        return TokenStream::new();
    }
    quote!(.headers(reqwest::header::HeaderMap::from_iter([#(#pairs),*])))
}
