//! The response of an operation method: the success value per status, and the typed error.

use super::Uses;
use crate::emit::tokens::{Scope, ident, ty};
use crate::model::{
    Api, Media, Operation, Outcome, Payload, StatusMatch, StatusVariant, TypeId, TypeKind,
};
use crate::naming::reserved::Helper;
use proc_macro2::TokenStream;
use quote::quote;

/// The success type and the statements that return it.
pub(super) fn success_tokens(
    api: &Api,
    op: &Operation,
    uses: &mut Uses,
) -> (TokenStream, TokenStream) {
    if let Some(declared) = &op.success_headers {
        let read_header = uses.helper(Helper::ReadHeader);
        let name = ident(&api.types[declared.ty].name);
        let fields = declared.headers.iter().map(|h| {
            let field = ident(&h.name);
            let wire = &h.wire;
            quote!(#field: #read_header(&headers, #wire),)
        });
        let (body_field, read) = match &op.success {
            Outcome::Single(payload, _) => {
                let value = payload_value(payload, true, uses);
                (quote!(body: #value,), TokenStream::new())
            }
            _ => (TokenStream::new(), TokenStream::new()),
        };
        return (
            quote!(types::#name),
            quote! {
                #read
                if status.is_success() {
                    return Ok(types::#name {
                        #body_field
                        #(#fields)*
                    });
                }
            },
        );
    }
    match &op.success {
        Outcome::Empty => (
            quote!(()),
            quote! {
                if status.is_success() {
                    return Ok(());
                }
            },
        ),
        Outcome::Single(payload, _) => {
            let (t, read) = read_payload(api, payload, uses);
            (
                t,
                quote! {
                    if status.is_success() {
                        return #read;
                    }
                },
            )
        }
        Outcome::PerStatus(id) => {
            let enum_name = ident(&api.types[*id].name);
            let statuses = status_variants(api, *id);
            let arms = by_precedence(&statuses).into_iter().map(|(status, v)| {
                let variant = ident(&v.name);
                let pat = match status {
                    StatusMatch::Default => quote!(_ if status.is_success()),
                    s => pattern(*s),
                };
                let value = match (v.headers_type(), &v.payload) {
                    // The status's headers beside its body, as a success of one type has them.
                    (Some(headers), payload) => {
                        let read_header = uses.helper(Helper::ReadHeader);
                        let name = ident(&api.types[headers].name);
                        let body = payload.as_ref().map(|p| {
                            let value = payload_value(p, true, uses);
                            quote!(body: #value,)
                        });
                        let fields = api.types[headers]
                            .kind
                            .headers()
                            .unwrap_or_default()
                            .iter()
                            .map(|h| {
                                let field = ident(&h.name);
                                let wire = &h.wire;
                                quote!(#field: #read_header(&headers, #wire),)
                            });
                        Some(quote!(types::#name { #body #(#fields)* }))
                    }
                    (None, Some(p)) => Some(payload_value(p, true, uses)),
                    (None, None) => None,
                };
                match value {
                    Some(value) => {
                        let value = maybe_boxed(value, v.boxed);
                        quote!(#pat => return Ok(types::#enum_name::#variant(#value)),)
                    }
                    None => quote!(#pat => return Ok(types::#enum_name::#variant),),
                }
            });
            (
                quote!(types::#enum_name),
                quote! {
                    match status.as_u16() {
                        #(#arms)*
                        _ => {}
                    }
                },
            )
        }
    }
}

/// The error enum, the `use` that names it `E` in the method (empty when no status is read),
/// and the statements that build the error.
pub(super) fn error_tokens(
    api: &Api,
    id: TypeId,
    uses: &mut Uses,
) -> (TokenStream, TokenStream, TokenStream) {
    let api_error = uses.helper(Helper::ApiError);
    let (enum_ty, alias, body) = error_body(api, id, false, uses);
    if status_variants(api, id).is_empty() {
        return (
            enum_ty,
            alias,
            quote!(Err(#api_error(status, None, &bytes))),
        );
    }
    (
        enum_ty,
        alias,
        quote! {
            let body = #body;
            Err(#api_error(status, body, &bytes))
        },
    )
}

/// The reader of the error enum's body that `Client::call` takes, a
/// `fn(u16, &[u8]) -> Option<Result<E, serde_json::Error>>` (`None` for a status the spec does
/// not list; a small error, which `call` turns into `Error::UnexpectedBody`); `None` when some
/// status's body is not JSON.
pub(super) struct ErrorReader {
    /// The error enum.
    pub(super) enum_ty: TokenStream,
    /// The `use` that names it `E` in the method (empty when no status is read).
    pub(super) alias: TokenStream,
    /// `let error = ..;`, when the reader reads some status.
    pub(super) binding: TokenStream,
    /// The argument: `error`, or the closure itself when it reads nothing.
    pub(super) arg: TokenStream,
}

/// The [`ErrorReader`] of the error enum `id`, unless some status's body is not JSON.
pub(super) fn error_reader(api: &Api, id: TypeId, uses: &mut Uses) -> Option<ErrorReader> {
    let json = status_variants(api, id)
        .iter()
        .all(|(_, v)| v.payload.as_ref().is_none_or(|p| p.media == Media::Json));
    if !json {
        return None;
    }
    let (enum_ty, alias, body) = error_body(api, id, true, uses);
    let variants = status_variants(api, id);
    if variants.is_empty() {
        return Some(ErrorReader {
            enum_ty,
            alias,
            binding: TokenStream::new(),
            arg: quote!(|_, _| None),
        });
    }
    // `status` is read by a `match`, which `default` alone does without; `bytes` by a body.
    let status = match variants.as_slice() {
        [(StatusMatch::Default, _)] => quote!(_),
        _ => quote!(status),
    };
    let bytes = if variants.iter().any(|(_, v)| v.payload.is_some()) {
        quote!(bytes)
    } else {
        quote!(_)
    };
    Some(ErrorReader {
        enum_ty,
        alias,
        binding: quote!(let error = |#status: u16, #bytes: &[u8]| #body;),
        arg: quote!(error),
    })
}

/// The enum's type, the `use` that names it `E` (when some status is read), and an expression
/// of the variant of `status`: an `Option<Enum>` with its body read from `bytes` (a `Vec<u8>`),
/// or, when `reader`, an `Option<Result<Enum, serde_json::Error>>` with its body read from a
/// `&[u8]`, whose status is a `u16`.
fn error_body(
    api: &Api,
    id: TypeId,
    reader: bool,
    uses: &mut Uses,
) -> (TokenStream, TokenStream, TokenStream) {
    let enum_name = ident(&api.types[id].name);
    let enum_ty = quote!(types::#enum_name);
    let statuses = status_variants(api, id);
    let has_default = statuses.iter().any(|(s, _)| *s == StatusMatch::Default);
    let arms: Vec<(StatusMatch, TokenStream)> = by_precedence(&statuses)
        .into_iter()
        .map(|(status, v)| {
            let variant = ident(&v.name);
            let value = match &v.payload {
                Some(_) if reader => {
                    let boxed = v.boxed.then(|| quote!(.map(Box::new)));
                    quote!(Some(serde_json::from_slice(bytes)#boxed.map(E::#variant)))
                }
                Some(p) => {
                    let value = maybe_boxed(payload_value(p, false, uses), v.boxed);
                    quote!(Some(E::#variant(#value)))
                }
                None if reader => quote!(Some(Ok(E::#variant))),
                None => quote!(Some(E::#variant)),
            };
            (*status, value)
        })
        .collect();
    // The variants' paths are long; `E` keeps each arm on one line.
    let alias = if arms.is_empty() {
        TokenStream::new()
    } else {
        quote!(use #enum_ty as E;)
    };
    let status = if reader {
        quote!(status)
    } else {
        quote!(status.as_u16())
    };
    let body = match arms.as_slice() {
        [] => quote!(None),
        // `default` alone answers every status: no `match` of one arm.
        [(StatusMatch::Default, value)] => value.clone(),
        _ => {
            let arms = arms.iter().map(|(status, value)| {
                let pat = pattern(*status);
                quote!(#pat => #value,)
            });
            let fallback = (!has_default).then(|| quote!(_ => None,));
            quote! {
                match #status {
                    #(#arms)*
                    #fallback
                }
            }
        }
    };
    (enum_ty, alias, body)
}

/// How a payload is read from `bytes`, as an expression of type `Result<T, Error<E>>`.
fn read_payload(api: &Api, payload: &Payload, uses: &mut Uses) -> (TokenStream, TokenStream) {
    let t = ty(api, &payload.ty, Scope::Sibling);
    match payload.media {
        Media::Json => {
            let decode = uses.helper(Helper::Decode);
            (t, quote!(#decode(status, &bytes)))
        }
        Media::Text => {
            let read_text = uses.helper(Helper::ReadText);
            (t, quote!(#read_text(status, bytes)))
        }
        Media::Binary | Media::Form | Media::Multipart => (t, quote!(Ok(bytes))),
    }
}

/// A payload read from `bytes` as a value (JSON errors propagate with `?`). `moved` says the
/// bytes may be moved out (the method returns right after).
fn payload_value(payload: &Payload, moved: bool, uses: &mut Uses) -> TokenStream {
    match payload.media {
        Media::Json => {
            let decode = uses.helper(Helper::Decode);
            quote!(#decode(status, &bytes)?)
        }
        Media::Text => {
            let read_text = uses.helper(Helper::ReadText);
            let bytes = if moved {
                quote!(bytes)
            } else {
                quote!(bytes.clone())
            };
            quote!(#read_text(status, #bytes)?)
        }
        Media::Binary | Media::Form | Media::Multipart if moved => quote!(bytes),
        Media::Binary | Media::Form | Media::Multipart => quote!(bytes.clone()),
    }
}

fn pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        // A guard rather than `400..=499`, which would overlap the codes listed before it.
        StatusMatch::Range(hundreds) => {
            let hundreds = proc_macro2::Literal::u16_unsuffixed(hundreds);
            quote!(code if code / 100 == #hundreds)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// Codes first, then ranges, then `default`, as OpenAPI gives them precedence.
fn by_precedence<T>(items: &[(StatusMatch, T)]) -> Vec<&(StatusMatch, T)> {
    let rank = |s: &StatusMatch| match s {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    };
    let mut sorted: Vec<&(StatusMatch, T)> = items.iter().collect();
    sorted.sort_by_key(|(s, _)| rank(s));
    sorted
}

/// The variants of a per-status enum, each with the statuses it answers to.
fn status_variants(api: &Api, id: TypeId) -> Vec<(StatusMatch, &StatusVariant)> {
    match &api.types[id].kind {
        TypeKind::ByStatus(variants) => variants.iter().map(|v| (v.status, v)).collect(),
        _ => Vec::new(),
    }
}

/// Whether a success of `op` reads response headers: a success of one type that declares
/// some, or a status of the per-status success enum that does.
pub(super) fn reads_headers(api: &Api, op: &Operation) -> bool {
    match &op.success {
        Outcome::PerStatus(id) => status_variants(api, *id)
            .iter()
            .any(|(_, v)| v.headers.is_some()),
        _ => op.success_headers.is_some(),
    }
}

/// `value`, boxed when the variant holds a box.
fn maybe_boxed(value: TokenStream, boxed: bool) -> TokenStream {
    if boxed {
        quote!(Box::new(#value))
    } else {
        value
    }
}
