//! The `{op}_stream` method of a paginated operation ([`crate::model::Pagination`]): the same
//! arguments as the method that takes every parameter, and a stream of every item of every
//! page, through the runtime's `every_page` (`client/runtime/pages.rs`).

use super::super::tokens::{Scope, doc, ident, ty};
use super::Uses;
use crate::model::{
    Access, Api, CursorFrom, Input, Next, Operation, Outcome, Pagination, Presence, Ty, TypeKind,
};
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::visit_mut::VisitMut;

/// The functions of the pages runtime the stream methods call.
#[derive(Debug, Default, Clone, Copy)]
pub struct PageUses {
    /// `every_page`.
    pub every_page: bool,
    /// `next_link`.
    pub next_link: bool,
    /// `next_url`.
    pub next_url: bool,
}

impl PageUses {
    /// Adds what `other` uses.
    pub fn absorb(&mut self, other: PageUses) {
        self.every_page |= other.every_page;
        self.next_link |= other.next_link;
        self.next_url |= other.next_url;
    }
}

/// What the operation's method emitter has made that its stream method reuses.
pub(super) struct Parts<'p> {
    /// The stream method's name.
    pub name: &'p str,
    /// The method taking every parameter, which the stream calls for each page (cursors and
    /// offsets).
    pub calls: &'p str,
    /// The type the methods are on (`Client` or a sub-client), for the doc.
    pub owner: &'p str,
    /// The path parameters: argument and type.
    pub path_args: &'p [(Ident, TokenStream)],
    /// The parameters struct, when the method takes one.
    pub params_ty: Option<&'p Ident>,
    /// The body argument's type (`Option<..>` when the body is optional).
    pub body_arg: Option<&'p TokenStream>,
    /// Whether the body may be left out (`body: Option<..>`).
    pub body_optional: bool,
    /// When pages are named by URLs: the calls of the operation's private methods
    /// ([`crate::model::PageFetch`]), the first page's URL, then the request to `url`.
    pub fetch: Option<(&'p TokenStream, &'p TokenStream)>,
    /// The operation's method's name, which the span of each page takes (setting `tracing`).
    pub traced_name: &'p str,
    /// The error type.
    pub error_ty: &'p TokenStream,
}

/// The `{op}_stream` method.
pub(super) fn method(
    api: &Api,
    op: &Operation,
    pagination: &Pagination,
    parts: &Parts,
    uses: &mut Uses,
) -> TokenStream {
    uses.pages.every_page = true;
    let name = ident(parts.name);
    let item = ty(api, &pagination.item, Scope::Sibling);
    let error_ty = parts.error_ty;
    let mut args: Vec<TokenStream> = parts
        .path_args
        .iter()
        .map(|(arg, arg_ty)| quote!(#arg: #arg_ty))
        .collect();
    args.extend(parts.params_ty.map(|t| quote!(params: &types::#t)));
    args.extend(parts.body_arg.map(|t| quote!(body: #t)));
    let args: Vec<TokenStream> = args.into_iter().map(with_lifetime).collect();
    let allow = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let unpack = unpack(api, op, pagination);
    let (cursor_ty, fetch) = match &pagination.next {
        Next::Cursor { input, from } => {
            let cursor_ty = if input.to_text {
                quote!(String)
            } else {
                ty(api, &input.ty, Scope::Sibling)
            };
            (
                cursor_ty,
                by_input(pagination, input, Some(from), parts, &unpack),
            )
        }
        Next::Offset { input, .. } => (
            ty(api, &input.ty, Scope::Sibling),
            by_input(pagination, input, None, parts, &unpack),
        ),
        Next::Url(access) | Next::Link(access) => (
            quote!(String),
            by_url(api, op, pagination, access, parts, &unpack, uses),
        ),
    };
    let what = match &pagination.next {
        Next::Cursor { .. } => "each page's cursor is sent for the next",
        Next::Offset { pages: false, .. } => "the offset moves on by each page's items",
        Next::Offset { pages: true, .. } => "the page number moves on by one",
        Next::Url(_) => "each page names the next one's URL",
        Next::Link(_) => "each page's `Link` header names the next one (`rel=\"next\"`)",
    };
    // (A success without a body, beside the one with the page, is an empty page.)
    let empty = match bodiless(api, op, pagination).as_slice() {
        [] => String::new(),
        statuses => format!(" (a `{}` without a body is one)", statuses.join("`, `")),
    };
    let docs = doc(Some(&format!(
        "Every item of every page of `{owner}::{calls}`, with its arguments\n(`{method} {path}`): \
         {what}.\n\nThe stream ends after an empty page{empty} or the last one; an error ends \
         it after the items\nof the pages before it, and a page named twice ends it with \
         `Error::Pagination`.",
        owner = parts.owner,
        calls = parts.calls,
        method = op.method,
        path = op.path,
    )));
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated] #[allow(deprecated)]));
    quote! {
        #docs
        #deprecated
        #allow
        pub fn #name<'a>(&'a self, #(#args),*) -> impl futures_util::Stream<Item = Result<#item, Error<#error_ty>>> + 'a {
            every_page(move |next_page: Option<#cursor_ty>| async move {
                #fetch
            })
        }
    }
}

/// `arg: &T` as `arg: &'a T` (every reference in it).
fn with_lifetime(arg: TokenStream) -> TokenStream {
    struct Lifetime;
    impl VisitMut for Lifetime {
        fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
            r.lifetime = Some(syn::parse_quote!('a));
            syn::visit_mut::visit_type_reference_mut(self, r);
        }
    }
    match syn::parse2::<syn::FnArg>(arg.clone()) {
        Ok(mut parsed) => {
            Lifetime.visit_fn_arg_mut(&mut parsed);
            quote!(#parsed)
        }
        // The emitter's own argument tokens; formatting reports it if they were not Rust.
        Err(_) => arg,
    }
}

/// The statuses of the per-status success that hold no page (`204`), when the page is a
/// variant of it.
fn bodiless(api: &Api, op: &Operation, pagination: &Pagination) -> Vec<String> {
    let (Some(_), Outcome::PerStatus(id)) = (&pagination.variant, &op.success) else {
        return Vec::new();
    };
    let TypeKind::ByStatus(variants) = &api.types[*id].kind else {
        return Vec::new();
    };
    let statuses = variants.iter().filter(|v| v.payload.is_none());
    statuses.map(|v| v.status.key()).collect()
}

/// `let page = ..;` taking the page out of the variant of the per-status success that holds
/// it ([`Pagination::variant`]); any other status, which has no body, is an empty page that
/// ends the stream. Nothing when `{op}` returns the page itself.
fn unpack(api: &Api, op: &Operation, pagination: &Pagination) -> TokenStream {
    let (Some(variant), Outcome::PerStatus(id)) = (&pagination.variant, &op.success) else {
        return TokenStream::new();
    };
    let def = &api.types[*id];
    let boxed = match &def.kind {
        TypeKind::ByStatus(variants) => variants.iter().any(|v| v.name == *variant && v.boxed),
        _ => false,
    };
    let (name, variant) = (ident(&def.name), ident(variant));
    let unboxed = boxed.then(|| quote!(let page = *page;));
    quote! {
        let types::#name::#variant(page) = page else {
            return Ok((Vec::new(), None));
        };
        #unboxed
    }
}

/// A page fetched by the method taking every parameter, with the cursor or offset set in its
/// parameters or body.
fn by_input(
    pagination: &Pagination,
    input: &Input,
    cursor: Option<&CursorFrom>,
    parts: &Parts,
    unpack: &TokenStream,
) -> TokenStream {
    let field = ident(&input.field);
    let target = if input.in_body {
        quote!(body)
    } else {
        quote!(params)
    };
    let set = set(quote!(#target.#field), input.presence, quote!(next_page));
    let (copy, set) = match (input.in_body, parts.body_optional) {
        (true, true) => (
            quote!(let mut body = body.cloned();),
            quote! {
                if let (Some(next_page), Some(body)) = (next_page, &mut body) {
                    #set
                }
            },
        ),
        (true, false) => (
            quote!(let mut body = body.clone();),
            quote!(if let Some(next_page) = next_page { #set }),
        ),
        (false, _) => (
            quote!(let mut params = params.clone();),
            quote!(if let Some(next_page) = next_page { #set }),
        ),
    };
    let forwarded = parts
        .path_args
        .iter()
        .map(|(arg, _)| quote!(#arg))
        .chain(parts.params_ty.map(|_| {
            if input.in_body {
                quote!(params)
            } else {
                quote!(&params)
            }
        }))
        .chain(
            parts
                .body_arg
                .map(|_| match (input.in_body, parts.body_optional) {
                    (false, _) => quote!(body),
                    (true, true) => quote!(body.as_ref()),
                    (true, false) => quote!(&body),
                }),
        );
    let calls = ident(parts.calls);
    let (more, result) = more(pagination);
    let items = items(pagination);
    let (current, next) = match (cursor, &pagination.next) {
        (Some(CursorFrom::Page(access)), _) => {
            let from = match access.0.split_last() {
                // An optional field reached through required ones: a clone of the `Option`.
                Some((last, before))
                    if !input.to_text
                        && matches!(
                            last.presence,
                            Presence::Optional | Presence::RequiredNullable
                        )
                        && before.iter().all(|s| s.presence == Presence::Required) =>
                {
                    let fields = access.0.iter().map(|s| ident(&s.field));
                    quote!(page #(.#fields)*.clone())
                }
                _ => cursor_value(by_ref(quote!(page), access), input),
            };
            (TokenStream::new(), quote!(let next = #from;))
        }
        (Some(CursorFrom::LastItem(access)), _) => {
            let from = by_ref_from(quote!(items.last()), access);
            let from = cursor_value(from, input);
            (TokenStream::new(), quote!(let next = #from;))
        }
        (None, Next::Offset { pages, .. }) => {
            let start = if *pages { quote!(1) } else { quote!(0) };
            let current = get(quote!(#target.#field), input.presence, start);
            let step = if *pages {
                quote!(offset.checked_add(1))
            } else {
                let int = ty_of_int(&input.ty);
                quote!(#int::try_from(items.len()).ok().and_then(|count| offset.checked_add(count)))
            };
            (quote!(let offset = #current;), quote!(let next = #step;))
        }
        (None, _) => (TokenStream::new(), quote!(let next = None;)),
    };
    // The cursor is read before the items are moved out of the page, but the last item's.
    let (before, after) = match cursor {
        Some(CursorFrom::LastItem(_)) | None => (TokenStream::new(), next),
        Some(CursorFrom::Page(_)) => (next, TokenStream::new()),
    };
    quote! {
        #copy
        #set
        let page = self.#calls(#(#forwarded),*).await?;
        #unpack
        #current
        #more
        #before
        let items = #items;
        #after
        #result
    }
}

/// A page fetched from the URL the page before named, or (the first) as the operation's
/// method would.
fn by_url(
    api: &Api,
    op: &Operation,
    pagination: &Pagination,
    access: &Access,
    parts: &Parts,
    unpack: &TokenStream,
    uses: &mut Uses,
) -> TokenStream {
    uses.pages.next_url = true;
    let (url, at) = parts.fetch.unzip();
    let error_ty = parts.error_ty;
    let named = match (&pagination.next, access.0.as_slice()) {
        // The header's field of the value `{op}` returns.
        (Next::Link(_), [header]) => {
            uses.pages.next_link = true;
            let field = ident(&header.field);
            match header.presence {
                Presence::Required => quote!(next_link(&page.#field)),
                Presence::OptionalNullable => {
                    quote!(page.#field.as_ref().and_then(|link| link.as_deref()).and_then(next_link))
                }
                _ => quote!(page.#field.as_deref().and_then(next_link)),
            }
        }
        _ => by_ref(quote!(page), access),
    };
    let (more, result) = more(pagination);
    let items = items(pagination);
    // Each page in the operation's span, as the method's own call has it (setting `tracing`).
    let sent = crate::emit::client::instrumented(api, op, parts.traced_name, quote!(#at));
    // (In a span, the page is the block's outcome.)
    let page = if api.tracing {
        quote!(let page = #sent; let page = page?;)
    } else {
        quote!(let page = #sent?;)
    };
    quote! {
        // The first page's URL, unless the page before named the next one.
        let url = match next_page {
            Some(url) => url,
            None => #url?,
        };
        #page
        #unpack
        #more
        let next = #named;
        let next = next_url::<#error_ty, _>(&url, next)?;
        let items = #items;
        #result
    }
}

/// `let more = ..;`: whether the page says another follows (unless it says no), when it
/// says; and the page's result from `next`, which it filters then.
fn more(pagination: &Pagination) -> (TokenStream, TokenStream) {
    match &pagination.has_more {
        Some(access) => {
            let required = access.0.iter().all(|s| s.presence == Presence::Required);
            let fields = access.0.iter().map(|s| ident(&s.field));
            let more = if required {
                quote!(let more = page #(.#fields)*;)
            } else {
                let flag = by_ref(quote!(page), access);
                quote!(let more = #flag != Some(&false);)
            };
            (more, quote!(Ok((items, next.filter(|_| more)))))
        }
        None => (TokenStream::new(), quote!(Ok((items, next)))),
    }
}

/// The page's items, moved out of it (none when absent).
fn items(pagination: &Pagination) -> TokenStream {
    let mut expr = quote!(page);
    let mut optional = false;
    for step in &pagination.items.0 {
        let field = ident(&step.field);
        let nested = matches!(step.presence, Presence::OptionalNullable);
        expr = match (optional, step.presence) {
            (false, _) => quote!(#expr.#field),
            (true, Presence::Required) => quote!(#expr.map(|value| value.#field)),
            (true, _) => quote!(#expr.and_then(|value| value.#field)),
        };
        if nested {
            expr = quote!(#expr.flatten());
        }
        optional |= step.presence != Presence::Required;
    }
    if optional {
        quote!(#expr.unwrap_or_default())
    } else {
        expr
    }
}

/// `Option<&T>` of the value `access` reaches from `root` (a place).
fn by_ref(root: TokenStream, access: &Access) -> TokenStream {
    let mut expr = root;
    let mut steps = access.0.iter();
    let mut optional = false;
    for step in steps.by_ref() {
        let field = ident(&step.field);
        expr = quote!(#expr.#field);
        if step.presence != Presence::Required {
            expr = quote!(#expr.as_ref());
            if step.presence == Presence::OptionalNullable {
                expr = quote!(#expr.and_then(Option::as_ref));
            }
            optional = true;
            break;
        }
    }
    if !optional {
        return quote!(Some(&#expr));
    }
    by_ref_from(expr, &Access(steps.cloned().collect()))
}

/// `Option<&T>` of the value `access` reaches from `root`, an `Option<&_>`.
fn by_ref_from(root: TokenStream, access: &Access) -> TokenStream {
    let mut expr = root;
    for step in &access.0 {
        let field = ident(&step.field);
        expr = match step.presence {
            Presence::Required => quote!(#expr.map(|value| &value.#field)),
            Presence::OptionalNullable => {
                quote!(#expr.and_then(|value| value.#field.as_ref()).and_then(Option::as_ref))
            }
            _ => quote!(#expr.and_then(|value| value.#field.as_ref())),
        };
    }
    expr
}

/// The cursor sent next, from an `Option<&T>`.
fn cursor_value(from: TokenStream, input: &Input) -> TokenStream {
    if input.to_text {
        quote!(#from.map(|value| value.to_string()))
    } else {
        quote!(#from.cloned())
    }
}

/// `place = value;` for a field of `presence`.
fn set(place: TokenStream, presence: Presence, value: TokenStream) -> TokenStream {
    match presence {
        Presence::Required => quote!(#place = #value;),
        Presence::OptionalNullable => quote!(#place = Some(Some(#value));),
        _ => quote!(#place = Some(#value);),
    }
}

/// The value of a field of `presence`, or `default` when it is unset.
fn get(place: TokenStream, presence: Presence, default: TokenStream) -> TokenStream {
    match presence {
        Presence::Required => quote!(#place),
        Presence::OptionalNullable => quote!(#place.flatten().unwrap_or(#default)),
        _ => quote!(#place.unwrap_or(#default)),
    }
}

/// `i32` or `i64`.
fn ty_of_int(t: &Ty) -> TokenStream {
    match t {
        Ty::I32 => quote!(i32),
        _ => quote!(i64),
    }
}
