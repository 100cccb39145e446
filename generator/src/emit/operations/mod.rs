//! One `async fn` on `Client` per operation: its signature here, the request it builds in
//! [`request`], and how it reads the response in [`response`].

mod request;
mod response;

use super::tokens::{Scope, doc, ident, ty};
use crate::model::{Api, Media, Operation, Outcome, Ty};
use crate::naming::reserved::Helper;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use request::{body_tokens, params_tokens, query_tokens, url_tokens};
use response::{error_tokens, status_predicate, success_tokens};
use std::collections::BTreeSet;

/// What the emitted methods call and name, so that only that is emitted.
#[derive(Debug, Default)]
pub struct Uses {
    /// The free helpers called (see [`Uses::helper`]).
    helpers: BTreeSet<Helper>,
    /// `Client::authorize` is called.
    pub authorize: bool,
    /// The `types` module is named.
    pub types: bool,
    /// `Client::call` is called.
    pub call: bool,
    /// `Client::call_empty` is called.
    pub call_empty: bool,
    /// Set before emission: whether any operation may be retried.
    pub retries: bool,
    /// A multipart body is sent (reqwest's `multipart` feature).
    pub multipart: bool,
}

impl Uses {
    /// The name of `helper`, for a call to it: the helper is emitted.
    pub fn helper(&mut self, helper: Helper) -> Ident {
        self.helpers.insert(helper);
        self.helpers.extend(helper.calls());
        ident(helper.name())
    }

    /// Whether `helper` is called.
    pub fn calls(&self, helper: Helper) -> bool {
        self.helpers.contains(&helper)
    }
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
            // A slice, not `&Vec<T>` (clippy's `ptr_arg`): any array of the items can be passed.
            Ty::Vec(items) => {
                let t = ty(api, items, Scope::Sibling);
                quote!(&[#t])
            }
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
        let (arg_ty, statement) =
            body_tokens(api, &body.payload, &body.media_type, &body.encoding, uses);
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
    let query = op
        .params
        .as_ref()
        .map(|p| query_tokens(&p.params, uses))
        .unwrap_or_default();
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
        .map(|p| params_tokens(&p.params, uses))
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
            #query
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
    uses.helper(Helper::Decode);
    uses.helper(Helper::ApiError);
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
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Nullable(inner) => mentions(inner),
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
