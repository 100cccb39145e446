//! One `async fn` on `Client` per operation: build the URL, add parameters, credentials and body,
//! send, and turn the response into the operation's success type or its typed error.

use super::tokens::{Scope, doc, ident, ty};
use crate::model::{
    Api, ArrayStyle, Field, Location, Media, Operation, Outcome, Param, PathPart, Payload,
    StatusMatch, StatusVariant, Ty, TypeId,
};
use proc_macro2::TokenStream;
use quote::quote;

/// Which shared helpers the emitted methods call, so that only those are emitted.
#[derive(Debug, Default)]
pub struct Uses {
    pub encode_path: bool,
    pub param_text: bool,
    pub join_params: bool,
    pub decode: bool,
    pub api_error: bool,
    pub authorize: bool,
    pub types: bool,
    pub form: bool,
    pub call: bool,
    pub call_empty: bool,
    pub encode_cookie: bool,
    pub header_value: bool,
    pub read_header: bool,
    /// Set before emission: whether any operation may be retried.
    pub retries: bool,
    pub object_pairs: bool,
    pub multipart: bool,
}

/// The method for one operation.
pub fn method(api: &Api, op: &Operation, uses: &mut Uses) -> TokenStream {
    let name = ident(&op.name);
    let mut docs_text = op.doc.clone().unwrap_or_default();
    if !docs_text.is_empty() {
        docs_text.push_str("\n\n");
    }
    docs_text.push_str(&format!("`{} {}`", op.method, op.path));
    let docs = doc(Some(&docs_text));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

    let mut args = Vec::new();
    for p in &op.path_params {
        let arg = ident(&p.field.name);
        let arg_ty = match &p.field.ty {
            Ty::String => quote!(&str),
            other if is_copy(other) => ty(api, other, Scope::Sibling),
            other => {
                let t = ty(api, other, Scope::Sibling);
                quote!(&#t)
            }
        };
        args.push(quote!(#arg: #arg_ty));
    }
    if let Some(params) = &op.params {
        uses.types = true;
        let params_ty = ident(&api.types[params.ty].name);
        args.push(quote!(params: &types::#params_ty));
    }
    let body_statement = op.body.as_ref().map(|body| {
        let (arg_ty, statement) = body_tokens(api, &body.payload, &body.media_type, uses);
        if body.required {
            args.push(quote!(body: #arg_ty));
            quote!(let request = #statement;)
        } else {
            args.push(quote!(body: Option<#arg_ty>));
            quote! {
                let request = match body {
                    Some(body) => #statement,
                    None => request,
                };
            }
        }
    });
    let allow_args = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));

    let url = url_tokens(op, uses);
    let method = ident(&op.method);
    let request = if op.authenticated {
        uses.authorize = true;
        quote!(let request = self.authorize(self.request(reqwest::Method::#method, &url));)
    } else {
        quote!(let request = self.request(reqwest::Method::#method, &url);)
    };
    let params = op
        .params
        .as_ref()
        .map(|p| params_tokens(api, &p.params, uses))
        .unwrap_or_default();
    if mentions_types(&op.success)
        || mentions_types(&op.error)
        || op.body.as_ref().is_some_and(|b| mentions(&b.payload.ty))
        || op.path_params.iter().any(|p| mentions(&p.field.ty))
        || op.success_headers.is_some()
    {
        uses.types = true;
    }
    // Most operations answer JSON (or nothing) with JSON errors (or none): they share one
    // generic helper, which keeps each method a few lines long and the crate quick to check.
    let (success_ty, error_ty, tail) = match shared_call(api, op, uses) {
        Some(shared) => shared,
        None => {
            let (success_ty, success) = success_tokens(api, op, uses);
            let (error_ty, error) = error_tokens(api, &op.error, uses);
            uses.api_error = true;
            let retryable = op.idempotent;
            let headers_binding = if op_reads_headers(op) {
                quote!(headers)
            } else {
                quote!(_)
            };
            let send = if uses.retries {
                quote!(let (status, #headers_binding, bytes) = self.send(request, #retryable).await?;)
            } else {
                quote!(let (status, #headers_binding, bytes) = self.send(request).await?;)
            };
            (success_ty, error_ty, quote!(#send #success #error))
        }
    };
    let error_param = error_ty.map(|e| quote!(<#e>));
    quote! {
        #docs
        #deprecated
        #allow_args
        pub async fn #name(&self, #(#args),*) -> Result<#success_ty, Error #error_param> {
            #url
            #request
            #params
            #body_statement
            #tail
        }
    }
}

/// The call through `Client::call` (or `call_empty`) for an operation whose success is JSON or
/// nothing, whose errors are JSON or nothing, and which reads no headers: the success type,
/// the error type and the expression.
fn shared_call(
    api: &Api,
    op: &Operation,
    uses: &mut Uses,
) -> Option<(TokenStream, Option<TokenStream>, TokenStream)> {
    if op.success_headers.is_some() {
        return None;
    }
    let (success_ty, empty) = match &op.success {
        Outcome::Empty => (quote!(()), true),
        Outcome::Single(payload, _) if payload.media == Media::Json => {
            (ty(api, &payload.ty, Scope::Sibling), false)
        }
        _ => return None,
    };
    let (error_ty, documented) = match &op.error {
        Outcome::Empty => (None, quote!(|_| false)),
        Outcome::Single(payload, statuses) if payload.media == Media::Json => (
            Some(ty(api, &payload.ty, Scope::Sibling)),
            status_predicate(statuses),
        ),
        _ => return None,
    };
    uses.decode = true;
    uses.api_error = true;
    let helper = if empty {
        uses.call_empty = true;
        quote!(call_empty)
    } else {
        uses.call = true;
        quote!(call)
    };
    let retryable = uses.retries.then(|| {
        let retryable = op.idempotent;
        quote!(#retryable,)
    });
    Some((
        success_ty,
        error_ty,
        quote!(self.#helper(request, #retryable #documented).await),
    ))
}

/// A `fn(u16) -> bool` that holds for the statuses whose error body the spec documents.
fn status_predicate(statuses: &[StatusMatch]) -> TokenStream {
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

/// Whether the method reads response headers (declared on a success response).
fn op_reads_headers(op: &Operation) -> bool {
    op.success_headers.is_some()
}

fn is_copy(t: &Ty) -> bool {
    matches!(t, Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64)
}

fn mentions(t: &Ty) -> bool {
    match t {
        Ty::Named(_) => true,
        Ty::Vec(inner) | Ty::Map(inner) => mentions(inner),
        _ => false,
    }
}

fn mentions_types(outcome: &Outcome) -> bool {
    match outcome {
        Outcome::Empty => false,
        Outcome::Single(p, _) => mentions(&p.ty),
        Outcome::PerStatus(..) => true,
    }
}

/// `let url = format!(...)` with each path parameter encoded as one segment.
fn url_tokens(op: &Operation, uses: &mut Uses) -> TokenStream {
    let mut text = String::from("{}");
    let mut values = vec![quote!(self.base_url)];
    for part in &op.path_parts {
        match part {
            PathPart::Literal(literal) => {
                text.push_str(&literal.replace('{', "{{").replace('}', "}}"))
            }
            PathPart::Param(i) => {
                text.push_str("{}");
                uses.encode_path = true;
                let p = &op.path_params[*i];
                let arg = ident(&p.field.name);
                let wire = &p.field.wire;
                values.push(match &p.field.ty {
                    Ty::String => quote!(encode_path(#wire, #arg)?),
                    t if is_copy(t) => quote!(encode_path(#wire, &#arg.to_string())?),
                    Ty::Vec(_) => {
                        uses.join_params = true;
                        uses.param_text = true;
                        quote!(encode_path(#wire, &join_params(#arg, ","))?)
                    }
                    _ => {
                        uses.param_text = true;
                        quote!(encode_path(#wire, &param_text(#arg))?)
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
            uses.param_text = true;
            quote!(param_text(#value))
        }
    }
}

/// Whether values of `t` are JSON objects.
fn is_object(api: &Api, t: &Ty) -> bool {
    match t {
        Ty::Object | Ty::Map(_) => true,
        Ty::Named(id) => match &api.types[*id].kind {
            crate::model::TypeKind::Struct(_) => true,
            crate::model::TypeKind::Alias(inner) => is_object(api, inner),
            _ => false,
        },
        _ => false,
    }
}

/// Query, header and cookie parameters from `params`.
fn params_tokens(api: &Api, params: &[Param], uses: &mut Uses) -> TokenStream {
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
                            uses.join_params = true;
                            uses.param_text = true;
                            let sep = sep.to_string();
                            quote!(query.push((#wire, join_params(#value, #sep)));)
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
        uses.object_pairs = true;
        let field = ident(&p.field.name);
        let wire = &p.field.wire;
        let deep = p.style == ArrayStyle::DeepObject;
        if p.field.required {
            out.push(quote! {
                let request = request.query(&object_pairs(#wire, &params.#field, #deep));
            });
        } else {
            out.push(quote! {
                let request = match &params.#field {
                    Some(value) => request.query(&object_pairs(#wire, value, #deep)),
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
        uses.header_value = true;
        if f.required {
            out.push(quote! {
                let value = &params.#field;
                let request = request.header(#wire, header_value(#wire, #text)?);
            });
        } else {
            out.push(quote! {
                let request = match &params.#field {
                    Some(value) => request.header(#wire, header_value(#wire, #text)?),
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
        uses.header_value = true;
        uses.encode_cookie = true;
        for p in cookies {
            let f = &p.field;
            let field = ident(&f.name);
            let prefix = format!("{}=", f.wire);
            let text = scalar_or_joined(quote!(value), f, uses);
            let text = if matches!(f.ty, Ty::String) {
                quote!(encode_cookie(#text))
            } else {
                quote!(encode_cookie(&#text))
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
                request.header(reqwest::header::COOKIE, header_value("cookie", &cookies.join("; "))?)
            };
        });
    }
    quote!(#(#out)*)
}

/// The text of a header or cookie value bound by reference to `value`.
fn scalar_or_joined(value: TokenStream, f: &Field, uses: &mut Uses) -> TokenStream {
    match &f.ty {
        Ty::Vec(_) => {
            uses.join_params = true;
            uses.param_text = true;
            quote!(join_params(#value, ","))
        }
        Ty::String => quote!(#value),
        t => text_of(value, t, uses),
    }
}

/// The argument type of a body and the statement that adds it to `request`.
fn body_tokens(
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

/// How a payload is read from `bytes`, as an expression of type `Result<T, Error<E>>`.
fn read_payload(api: &Api, payload: &Payload, uses: &mut Uses) -> (TokenStream, TokenStream) {
    let t = ty(api, &payload.ty, Scope::Sibling);
    match payload.media {
        Media::Json => {
            uses.decode = true;
            (t, quote!(decode(status, &bytes)))
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
            uses.decode = true;
            quote!(decode(status, &bytes)?)
        }
        Media::Text => quote!(String::from_utf8_lossy(&bytes).into_owned()),
        Media::Binary | Media::Form | Media::Multipart if moved => quote!(bytes),
        Media::Binary | Media::Form | Media::Multipart => quote!(bytes.clone()),
    }
}

/// A block that builds a multipart form from the fields of the body struct and adds it.
fn multipart_form(api: &Api, body_ty: &Ty, uses: &mut Uses) -> TokenStream {
    let fields: &[Field] = match body_ty {
        Ty::Named(id) => match &api.types[*id].kind {
            crate::model::TypeKind::Struct(s) => &s.fields,
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

/// A match pattern on `status.as_u16()`.
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

/// The success type and the statements that return it.
fn success_tokens(api: &Api, op: &Operation, uses: &mut Uses) -> (TokenStream, TokenStream) {
    if let Some(declared) = &op.success_headers {
        uses.read_header = true;
        let name = ident(&api.types[declared.ty].name);
        let fields = declared.headers.iter().map(|h| {
            let field = ident(&h.name);
            let wire = &h.wire;
            quote!(#field: read_header(&headers, #wire),)
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

/// The variants of a per-status enum, each with the statuses it answers to.
fn status_variants(api: &Api, id: TypeId) -> Vec<(StatusMatch, &StatusVariant)> {
    match &api.types[id].kind {
        crate::model::TypeKind::ByStatus(variants) => {
            variants.iter().map(|v| (v.status, v)).collect()
        }
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

/// The error body type parameter (if any) and the statements that build the error.
fn error_tokens(
    api: &Api,
    outcome: &Outcome,
    uses: &mut Uses,
) -> (Option<TokenStream>, TokenStream) {
    match outcome {
        Outcome::Empty => (None, quote!(Err(api_error(status, None, &bytes)))),
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
                    Err(api_error(status, body, &bytes))
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
                    Err(api_error(status, body, &bytes))
                },
            )
        }
    }
}
