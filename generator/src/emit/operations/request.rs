//! The request of an operation method: its URL with encoded path parameters, its query,
//! header and cookie parameters, and its body.

use super::{Uses, is_copy};
use crate::emit::tokens::{Scope, ident, ty};
use crate::model::{
    Api, ArrayStyle, Field, Location, Media, Operation, Param, PathPart, Payload, Ty, TypeKind,
};
use crate::naming::reserved::Helper;
use proc_macro2::TokenStream;
use quote::quote;

/// `let url = format!(...)` with each path parameter encoded as one segment.
pub(super) fn url_tokens(op: &Operation, uses: &mut Uses) -> TokenStream {
    let mut text = String::from("{}");
    let mut values = vec![quote!(self.base_url)];
    for part in &op.path_parts {
        match part {
            PathPart::Literal(literal) => {
                text.push_str(&literal.replace('{', "{{").replace('}', "}}"))
            }
            PathPart::Param(i) => {
                text.push_str("{}");
                let encode_path = uses.helper(Helper::EncodePath);
                let p = &op.path_params[*i];
                let arg = ident(&p.field.name);
                let wire = &p.field.wire;
                values.push(match &p.field.ty {
                    Ty::String => quote!(#encode_path(#wire, #arg)?),
                    t if is_copy(t) => quote!(#encode_path(#wire, &#arg.to_string())?),
                    Ty::Vec(_) => {
                        let join_params = uses.helper(Helper::JoinParams);
                        quote!(#encode_path(#wire, &#join_params(#arg, ","))?)
                    }
                    _ => {
                        let param_text = uses.helper(Helper::ParamText);
                        quote!(#encode_path(#wire, &#param_text(#arg))?)
                    }
                });
            }
        }
    }
    quote!(let url = format!(#text, #(#values),*);)
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

/// Whether values of `t` are JSON objects.
fn is_object(api: &Api, t: &Ty) -> bool {
    match t {
        Ty::Object | Ty::Map(_) => true,
        Ty::Named(id) => match &api.types[*id].kind {
            TypeKind::Struct(_) => true,
            TypeKind::Alias(inner) => is_object(api, inner),
            _ => false,
        },
        _ => false,
    }
}

/// Query, header and cookie parameters from `params`.
pub(super) fn params_tokens(api: &Api, params: &[Param], uses: &mut Uses) -> TokenStream {
    let mut out = Vec::new();
    // Objects in the query are spread over several pairs: `key=value` (form, exploded) or
    // `name[key]=value` (deepObject).
    let spread = |p: &Param| {
        p.location == Location::Query
            && is_object(api, &p.field.ty)
            && matches!(p.style, ArrayStyle::DeepObject | ArrayStyle::Repeat)
    };
    let query: Vec<&Param> = params
        .iter()
        .filter(|p| p.location == Location::Query && !spread(p))
        .collect();
    if !query.is_empty() {
        // Required scalars start the vector; the rest are pushed, which keeps clippy's
        // `vec_init_then_push` quiet.
        let mut initial = Vec::new();
        let mut pushes = Vec::new();
        for p in &query {
            let f = &p.field;
            let field = ident(&f.name);
            let wire = &f.wire;
            match (&f.ty, f.required) {
                (Ty::Vec(inner), required) => {
                    let value = if required {
                        quote!(&params.#field)
                    } else {
                        quote!(value)
                    };
                    let add = match p.style {
                        ArrayStyle::Repeat | ArrayStyle::DeepObject => {
                            let item = text_of(quote!(item), inner, uses);
                            let items = if required {
                                quote!(params.#field)
                            } else {
                                quote!(value)
                            };
                            quote!(query.extend(#items.iter().map(|item| (#wire, #item)));)
                        }
                        ArrayStyle::Delimited(sep) => {
                            let join_params = uses.helper(Helper::JoinParams);
                            let sep = sep.to_string();
                            quote!(query.push((#wire, #join_params(#value, #sep)));)
                        }
                    };
                    pushes.push(if required {
                        add
                    } else {
                        quote!(if let Some(value) = &params.#field { #add })
                    });
                }
                (t, true) => {
                    let value = if matches!(t, Ty::String) || is_copy(t) {
                        quote!(params.#field)
                    } else {
                        quote!(&params.#field)
                    };
                    let text = text_of(value, t, uses);
                    initial.push(quote!((#wire, #text)));
                }
                (t, false) => {
                    let text = text_of(quote!(value), t, uses);
                    pushes.push(quote! {
                        if let Some(value) = &params.#field {
                            query.push((#wire, #text));
                        }
                    });
                }
            }
        }
        let binding = if pushes.is_empty() {
            quote!(let query)
        } else {
            quote!(let mut query)
        };
        let init = if initial.is_empty() {
            quote!(Vec::new())
        } else {
            quote!(vec![#(#initial),*])
        };
        out.push(quote! {
            #binding: Vec<(&str, String)> = #init;
            #(#pushes)*
            let request = request.query(&query);
        });
    }
    for p in params.iter().filter(|p| spread(p)) {
        let object_pairs = uses.helper(Helper::ObjectPairs);
        let field = ident(&p.field.name);
        let wire = &p.field.wire;
        let deep = p.style == ArrayStyle::DeepObject;
        if p.field.required {
            out.push(quote! {
                let request = request.query(&#object_pairs(#wire, &params.#field, #deep));
            });
        } else {
            out.push(quote! {
                let request = match &params.#field {
                    Some(value) => request.query(&#object_pairs(#wire, value, #deep)),
                    None => request,
                };
            });
        }
    }
    for p in params.iter().filter(|p| p.location == Location::Header) {
        let f = &p.field;
        let field = ident(&f.name);
        let wire = &f.wire;
        let text = scalar_or_joined(quote!(value), f, uses);
        let text = if matches!(f.ty, Ty::String) {
            quote!(#text)
        } else {
            quote!(&#text)
        };
        let header_value = uses.helper(Helper::HeaderValue);
        if f.required {
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
            let text = scalar_or_joined(quote!(value), f, uses);
            let text = if matches!(f.ty, Ty::String) {
                quote!(#encode_cookie(#text))
            } else {
                quote!(#encode_cookie(&#text))
            };
            if f.required {
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

/// The text of a header or cookie value bound by reference to `value`.
fn scalar_or_joined(value: TokenStream, f: &Field, uses: &mut Uses) -> TokenStream {
    match &f.ty {
        Ty::Vec(_) => {
            let join_params = uses.helper(Helper::JoinParams);
            quote!(#join_params(#value, ","))
        }
        Ty::String => quote!(#value),
        t => text_of(value, t, uses),
    }
}

/// The argument type of a body and the statement that adds it to `request`.
pub(super) fn body_tokens(
    api: &Api,
    payload: &Payload,
    media_type: &str,
    uses: &mut Uses,
) -> (TokenStream, TokenStream) {
    match payload.media {
        Media::Form => {
            uses.form = true;
            let t = ty(api, &payload.ty, Scope::Sibling);
            (quote!(&#t), quote!(request.form(body)))
        }
        Media::Multipart => {
            uses.multipart = true;
            let t = ty(api, &payload.ty, Scope::Sibling);
            (quote!(&#t), multipart_form(api, &payload.ty, uses))
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
        Media::Binary => (
            quote!(Vec<u8>),
            quote!(request.header(reqwest::header::CONTENT_TYPE, #media_type).body(body)),
        ),
    }
}

/// A block that builds a multipart form from the fields of the body struct and adds it.
fn multipart_form(api: &Api, body_ty: &Ty, uses: &mut Uses) -> TokenStream {
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
        let add_one = |value: TokenStream, t: &Ty, uses: &mut Uses| match t {
            Ty::Bytes => {
                quote!(form = form.part(#wire, reqwest::multipart::Part::bytes(#value.clone()));)
            }
            t => {
                let text = text_of(value, t, uses);
                quote!(form = form.text(#wire, #text);)
            }
        };
        let add = match &f.ty {
            Ty::Vec(inner) => {
                let one = add_one(quote!(item), inner, uses);
                quote! {
                    for item in value {
                        #one
                    }
                }
            }
            t => add_one(quote!(value), t, uses),
        };
        if f.required && !f.nullable {
            steps.push(quote! {
                let value = &body.#field;
                #add
            });
        } else if f.required || !f.nullable {
            steps.push(quote! {
                if let Some(value) = &body.#field {
                    #add
                }
            });
        } else {
            steps.push(quote! {
                if let Some(Some(value)) = &body.#field {
                    #add
                }
            });
        }
    }
    let binding = if steps.is_empty() {
        quote!(let form)
    } else {
        quote!(let mut form)
    };
    quote! {
        {
            #binding = reqwest::multipart::Form::new();
            #(#steps)*
            request.multipart(form)
        }
    }
}
