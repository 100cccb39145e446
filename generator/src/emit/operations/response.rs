//! The response of an operation method: the success value per status, and the typed error.

use super::Uses;
use crate::emit::tokens::{Scope, ident, ty};
use crate::model::{
    Api, Media, Operation, Outcome, Payload, StatusMatch, StatusVariant, TypeId, TypeKind,
};
use crate::naming::reserved::Helper;
use proc_macro2::TokenStream;
use quote::quote;

/// A `fn(u16) -> bool` that holds for the statuses whose error body the spec documents.
pub(super) fn status_predicate(statuses: &[StatusMatch]) -> TokenStream {
    if statuses.contains(&StatusMatch::Default) {
        return quote!(|_| true);
    }
    // Runs of codes as `(a..=b).contains(&code)`: a range inside `matches!` is printed as
    // `a..= b`, since formatters leave macro arguments alone.
    let mut singles = Vec::new();
    let mut tests = Vec::new();
    for (low, high) in code_runs(statuses) {
        let (low_literal, high_literal) = (
            proc_macro2::Literal::u16_unsuffixed(low),
            proc_macro2::Literal::u16_unsuffixed(high),
        );
        if low == high {
            singles.push(quote!(#low_literal));
        } else {
            tests.push(quote!((#low_literal..=#high_literal).contains(&code)));
        }
    }
    match singles.as_slice() {
        [] => {}
        [one] => tests.insert(0, quote!(code == #one)),
        _ => tests.insert(0, quote!(matches!(code, #(#singles)|*))),
    }
    for s in statuses {
        if let StatusMatch::Range(hundreds) = s {
            let hundreds = proc_macro2::Literal::u16_unsuffixed(*hundreds);
            tests.push(quote!(code / 100 == #hundreds));
        }
    }
    if tests.is_empty() {
        quote!(|_| false)
    } else {
        quote!(|code| #(#tests)||*)
    }
}

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
                match &v.payload {
                    Some(p) => {
                        let value = maybe_boxed(payload_value(p, true, uses), v.boxed);
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

/// The error body type parameter (if any) and the statements that build the error.
pub(super) fn error_tokens(
    api: &Api,
    outcome: &Outcome,
    uses: &mut Uses,
) -> (Option<TokenStream>, TokenStream) {
    let api_error = uses.helper(Helper::ApiError);
    match outcome {
        Outcome::Empty => (None, quote!(Err(#api_error(status, None, &bytes)))),
        Outcome::Single(payload, statuses) => {
            let t = ty(api, &payload.ty, Scope::Sibling);
            let read = payload_value(payload, false, uses);
            let has_default = statuses.contains(&StatusMatch::Default);
            let body = if has_default {
                quote!(Some(#read))
            } else {
                let codes = code_patterns(statuses);
                let codes_arm = (!codes.is_empty()).then(|| quote!(#(#codes)|* => Some(#read),));
                let range_arms = statuses
                    .iter()
                    .filter(|s| matches!(s, StatusMatch::Range(_)))
                    .map(|s| {
                        let pat = pattern(*s);
                        quote!(#pat => Some(#read),)
                    });
                quote! {
                    match status.as_u16() {
                        #codes_arm
                        #(#range_arms)*
                        _ => None,
                    }
                }
            };
            (
                Some(t),
                quote! {
                    let body = #body;
                    Err(#api_error(status, body, &bytes))
                },
            )
        }
        Outcome::PerStatus(id) => {
            let enum_name = ident(&api.types[*id].name);
            let statuses = status_variants(api, *id);
            let has_default = statuses.iter().any(|(s, _)| *s == StatusMatch::Default);
            let arms = by_precedence(&statuses).into_iter().map(|(status, v)| {
                let variant = ident(&v.name);
                let pat = pattern(*status);
                match &v.payload {
                    Some(p) => {
                        let value = maybe_boxed(payload_value(p, false, uses), v.boxed);
                        quote!(#pat => Some(types::#enum_name::#variant(#value)),)
                    }
                    None => quote!(#pat => Some(types::#enum_name::#variant),),
                }
            });
            let fallback = (!has_default).then(|| quote!(_ => None,));
            (
                Some(quote!(types::#enum_name)),
                quote! {
                    let body = match status.as_u16() {
                        #(#arms)*
                        #fallback
                    };
                    Err(#api_error(status, body, &bytes))
                },
            )
        }
    }
}

/// How a payload is read from `bytes`, as an expression of type `Result<T, Error<E>>`.
fn read_payload(api: &Api, payload: &Payload, uses: &mut Uses) -> (TokenStream, TokenStream) {
    let t = ty(api, &payload.ty, Scope::Sibling);
    match payload.media {
        Media::Json => {
            let decode = uses.helper(Helper::Decode);
            (t, quote!(#decode(status, &bytes)))
        }
        Media::Text => (t, quote!(Ok(String::from_utf8_lossy(&bytes).into_owned()))),
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
        Media::Text => quote!(String::from_utf8_lossy(&bytes).into_owned()),
        Media::Binary | Media::Form | Media::Multipart if moved => quote!(bytes),
        Media::Binary | Media::Form | Media::Multipart => quote!(bytes.clone()),
    }
}

/// The exact codes among `statuses`, sorted, as runs `(low, high)`: three or more consecutive
/// codes make one run, any other code is a run of its own.
fn code_runs(statuses: &[StatusMatch]) -> Vec<(u16, u16)> {
    let mut codes: Vec<u16> = statuses
        .iter()
        .filter_map(|s| match s {
            StatusMatch::Code(c) => Some(*c),
            _ => None,
        })
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let mut runs = Vec::new();
    let mut start = 0;
    while start < codes.len() {
        let mut end = start;
        while end + 1 < codes.len() && codes[end + 1] == codes[end] + 1 {
            end += 1;
        }
        if end - start >= 2 {
            runs.push((codes[start], codes[end]));
        } else {
            runs.extend(codes[start..=end].iter().map(|&c| (c, c)));
        }
        start = end + 1;
    }
    runs
}

/// The exact codes among `statuses` as patterns (`403..=405` for a run).
fn code_patterns(statuses: &[StatusMatch]) -> Vec<TokenStream> {
    code_runs(statuses)
        .into_iter()
        .map(|(low, high)| {
            let low_literal = proc_macro2::Literal::u16_unsuffixed(low);
            let high_literal = proc_macro2::Literal::u16_unsuffixed(high);
            if low == high {
                quote!(#low_literal)
            } else {
                quote!(#low_literal..=#high_literal)
            }
        })
        .collect()
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

/// `value`, boxed when the variant holds a box.
fn maybe_boxed(value: TokenStream, boxed: bool) -> TokenStream {
    if boxed {
        quote!(Box::new(#value))
    } else {
        value
    }
}
