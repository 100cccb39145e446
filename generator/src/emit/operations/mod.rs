//! One `async fn` on `Client` per operation: its signature here, the request it builds in
//! [`request`], and how it reads the response in [`response`].

mod pages;
mod request;
mod response;
mod stream;

use super::tokens::{Scope, doc, ident, ty};
use crate::model::{Api, Media, Operation, Outcome, PageFetch, Style, Ty};
use crate::naming::reserved::Helper;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use request::{body_tokens, optional_body_arg, params_tokens, query_tokens, url_tokens};
use response::{error_reader, error_tokens, reads_headers, success_tokens};
use std::collections::BTreeSet;

pub use pages::PageUses;

/// What the emitted methods call and name, so that only that is emitted.
#[derive(Debug, Default)]
pub struct Uses {
    /// The free helpers called (see [`Uses::helper`]).
    helpers: BTreeSet<Helper>,
    /// The styles parameters are written in (see [`Uses::style`]).
    styles: BTreeSet<Style>,
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
    /// The functions of the pages runtime called (by `_stream` methods).
    pub pages: PageUses,
    /// A body is streamed chunk by chunk (`streams::Chunks`).
    pub chunks: bool,
    /// A body is streamed as events (`streams::Events`).
    pub events: bool,
    /// A body is streamed as JSON lines or records (`streams::Lines`).
    pub lines: bool,
}

impl Uses {
    /// The name of `helper`, for a call to it: the helper is emitted.
    pub fn helper(&mut self, helper: Helper) -> Ident {
        self.helpers.insert(helper);
        self.helpers.extend(helper.calls());
        if helper == Helper::FormBody {
            // A property without an Encoding Object is written as `form`.
            self.styles.insert(Style::Form);
        }
        ident(helper.name())
    }

    /// The runtime's function that writes a parameter in `style` (`style::form`), for a call to
    /// `expand`: it is emitted.
    pub fn style(&mut self, style: Style) -> TokenStream {
        self.styles.insert(style);
        let name = ident(style_function(style));
        quote!(style::#name)
    }

    /// The styles parameters are written in.
    pub fn styles(&self) -> impl Iterator<Item = Style> + '_ {
        self.styles.iter().copied()
    }

    /// Whether `helper` is called.
    pub fn calls(&self, helper: Helper) -> bool {
        self.helpers.contains(&helper)
    }

    /// Adds the helpers `other` calls.
    pub fn absorb_helpers(&mut self, other: &Uses) {
        self.helpers.extend(other.helpers.iter().copied());
        self.styles.extend(other.styles.iter().copied());
    }

    /// Adds what `other` uses (the uses of one group of a client grouped by tag).
    pub fn absorb(&mut self, other: &Uses) {
        self.absorb_helpers(other);
        self.authorize |= other.authorize;
        self.types |= other.types;
        self.call |= other.call;
        self.call_empty |= other.call_empty;
        self.multipart |= other.multipart;
        self.pages.absorb(other.pages);
        self.chunks |= other.chunks;
        self.events |= other.events;
        self.lines |= other.lines;
    }

    /// Whether some body is streamed (the module `streams`).
    pub fn streams(&self) -> bool {
        self.chunks || self.events || self.lines
    }
}

/// The name of the runtime's function (in its module `style`) that writes a parameter in
/// `style`.
pub fn style_function(style: Style) -> &'static str {
    match style {
        Style::Simple => "simple",
        Style::Label => "label",
        Style::Matrix => "matrix",
        Style::Form => "form",
        Style::SpaceDelimited => "space_delimited",
        Style::PipeDelimited => "pipe_delimited",
        Style::DeepObject => "deep_object",
    }
}

/// The names an operation's methods take, and the type they are methods of (for the docs).
pub struct MethodNames<'a> {
    /// The operation's method: its own name, or its name on its group in a client grouped by tag.
    pub name: &'a str,
    /// The method taking its optional parameters, when it has one.
    pub with: Option<&'a str>,
    /// The method yielding every item of every page (paginated), or every event or chunk of
    /// the response (streamed), when it has one.
    pub stream: Option<&'a str>,
    /// The type the methods are on (`Client`, or a group's sub-client).
    pub owner: &'a str,
    /// The private methods of pages named by URLs, when it has them.
    pub fetch: Option<&'a PageFetch>,
}

impl<'a> MethodNames<'a> {
    /// The names of `op`'s methods on `Client`.
    pub fn client(op: &'a Operation) -> Self {
        MethodNames {
            name: &op.name,
            with: op.with_params.as_deref(),
            stream: op
                .pagination
                .as_ref()
                .map(|p| p.method.as_str())
                .or(op.media_stream.as_ref().map(|s| s.method.as_str())),
            owner: "Client",
            fetch: op.pagination.as_ref().and_then(|p| p.fetch.as_ref()),
        }
    }
}

/// The methods for one operation: the method itself and, when every query, header and cookie
/// parameter is optional, the method taking them (the first sends none); named `names`.
/// The type of the argument that takes the path parameter `p`, in a sibling of `types`.
pub fn path_arg_ty(api: &Api, p: &crate::model::Param) -> TokenStream {
    match &p.field.ty {
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
    }
}

pub fn method(api: &Api, op: &Operation, names: &MethodNames, uses: &mut Uses) -> TokenStream {
    // The request line and what the body may be, after the operation's own doc.
    let mut request_text = format!("`{} {}`", op.method, op.path);
    if op
        .body
        .as_ref()
        .is_some_and(|b| b.payload.media == Media::Binary)
    {
        request_text.push_str(
            "\n\nThe body is bytes (`Vec<u8>`, `bytes::Bytes`, ...) or a `reqwest::Body`, such as a\n\
             stream (`reqwest::Body::wrap_stream`) or a file, sent as it is read; a body that is a\n\
             stream is sent once, never retried.",
        );
    }
    if let Some(redirect) = op.redirect {
        let status = redirect.key();
        let streamed = names
            .stream
            .map(|stream| format!(" (`{}::{stream}` reads them as they arrive)", names.owner))
            .unwrap_or_default();
        request_text.push_str(&format!(
            "\n\nThe server answers with a redirect (`{status}`), which the client follows: the\n\
             success is the body it leads to, as bytes{streamed}.\n\
             A client built not to follow redirects gets the redirect as an `Error::Api`."
        ));
    }
    let docs_text = match op.doc.as_deref() {
        Some(doc) if !doc.is_empty() => format!("{doc}\n\n{request_text}"),
        _ => request_text.clone(),
    };
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

    let path_args: Vec<_> = op
        .path_params
        .iter()
        .map(|p| (ident(&p.field.name), path_arg_ty(api, p)))
        .collect();
    let params_ty = op.params.as_ref().map(|params| {
        uses.types = true;
        ident(&api.types[params.ty].name)
    });
    let mut body_arg = None;
    let body_statement = op.body.as_ref().map(|body| {
        let (arg_ty, statement) =
            body_tokens(api, &body.payload, &body.media_type, &body.encoding, uses);
        if body.required {
            body_arg = Some(quote!(#arg_ty));
            quote!(let request = #statement;)
        } else {
            body_arg = Some(optional_body_arg(&body.payload, arg_ty));
            quote! {
                let request = match body {
                    Some(body) => #statement,
                    None => request,
                };
            }
        }
    });
    // The arguments, with the parameters struct or without.
    let signature = |with_params: bool| {
        let mut args: Vec<TokenStream> = path_args
            .iter()
            .map(|(arg, arg_ty)| quote!(#arg: #arg_ty))
            .collect();
        if let (true, Some(params_ty)) = (with_params, &params_ty) {
            args.push(quote!(params: &types::#params_ty));
        }
        if let Some(body_ty) = &body_arg {
            args.push(quote!(body: #body_ty));
        }
        let allow = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        (args, allow)
    };

    let url = url_tokens(op, uses);
    let query = op
        .params
        .as_ref()
        .map(|p| query_tokens(&p.params, uses))
        .unwrap_or_default();
    let method = ident(&op.method);
    // The request to `url` (a `&str`, or a `String` borrowed).
    let mut request_to = |url: TokenStream| {
        if op.authenticated {
            uses.authorize = true;
            if api.auth.iter().any(|s| s.tokens.is_some()) {
                // A token may have to be fetched first (`runtime/bearer.rs`).
                quote!(let request = self.authorize(self.request(reqwest::Method::#method, #url)).await?;)
            } else {
                quote!(let request = self.authorize(self.request(reqwest::Method::#method, #url));)
            }
        } else {
            quote!(let request = self.request(reqwest::Method::#method, #url);)
        }
    };
    let request = request_to(quote!(&url));
    // A paginated operation whose pages are named by URLs goes through two private methods,
    // which its stream calls too: the first page's URL, then the request to a URL (the model
    // names them for such operations only).
    let fetch = names.fetch;
    let request_at = fetch.map(|_| request_to(quote!(url)));
    let params = op
        .params
        .as_ref()
        .map(|p| params_tokens(&p.params, uses))
        .unwrap_or_default();
    // The media types the method reads, so that a server offering several sends one of them.
    let accept = op
        .accept
        .as_ref()
        .map(|accept| quote!(let request = request.header(reqwest::header::ACCEPT, #accept);));
    // (The error enum is in `types`.)
    uses.types = true;
    // Most operations answer JSON (or nothing) with JSON errors (or none): they share one
    // generic helper, which keeps each method a few lines long and the crate quick to check.
    // A success the method does not read but its `_stream` does (events, lines), which a server
    // may send whatever `Accept` says (OpenAI's, when the body asks for a stream).
    let elsewhere = names.stream.zip(streamed_elsewhere(op));
    let shared = match elsewhere {
        Some(_) => None,
        None => shared_call(api, op, uses),
    };
    let (success_ty, error_ty, alias, tail) = match shared {
        Some(shared) => shared,
        None => {
            let (success_ty, success) = success_tokens(api, op, uses);
            let (error_ty, alias, error) = error_tokens(api, op.error, uses);
            let retryable = op.idempotent;
            let headers_binding = if reads_headers(api, op) || elsewhere.is_some() {
                quote!(headers)
            } else {
                quote!(_)
            };
            let send = if uses.retries {
                quote!(let (status, #headers_binding, bytes) = self.send(request, #retryable).await?;)
            } else {
                quote!(let (status, #headers_binding, bytes) = self.send(request).await?;)
            };
            let check = elsewhere.map(|(stream, media)| {
                let helper = uses.helper(Helper::StreamedElsewhere);
                let method = format!("{}::{stream}", names.owner);
                quote!(#helper(status, &headers, &bytes, #media, #method)?;)
            });
            (
                success_ty,
                error_ty,
                alias,
                quote!(#send #check #success #error),
            )
        }
    };
    let returns = quote!(Result<#success_ty, Error<#error_ty>>);
    let owner = names.owner;
    let calls = names.with.unwrap_or(names.name);
    // What the method that takes every parameter does, whichever method that is: all of it,
    // or, through the private methods of pages named by URLs, a call of each.
    let (statements, fetched) = match fetch.zip(request_at) {
        Some((fetch, request_at)) => {
            let methods = FetchMethods {
                fetch,
                owner,
                calls,
                stream: names.stream.unwrap_or_default(),
                path_args: &path_args,
                params_ty: params_ty.as_ref(),
                query: !query.is_empty(),
                header_params: !params.is_empty(),
                body_arg: body_arg.as_ref(),
            };
            let items = methods.items(
                &error_ty,
                &returns,
                quote!(#url #query),
                quote!(#alias #request_at #accept #params #body_statement #tail),
            );
            let (url_call, at_call) = methods.calls();
            let statements = quote! {
                let url = #url_call?;
                #at_call.await
            };
            (statements, Some((items, url_call, at_call)))
        }
        None => {
            let statements = quote! {
                #alias
                #url
                #query
                #request
                #accept
                #params
                #body_statement
                #tail
            };
            (statements, None)
        }
    };
    let stream = match (&op.pagination, &op.media_stream, names.stream) {
        (Some(pagination), _, Some(name)) => {
            let parts = pages::Parts {
                name,
                calls,
                owner,
                path_args: &path_args,
                params_ty: params_ty.as_ref(),
                body_arg: body_arg.as_ref(),
                body_optional: op.body.as_ref().is_some_and(|b| !b.required),
                fetch: fetched.as_ref().map(|(_, url, at)| (url, at)),
                traced_name: names.name,
                error_ty: &error_ty,
            };
            pages::method(api, op, pagination, &parts, uses)
        }
        (None, Some(media_stream), Some(stream_name)) => {
            let (args, allow) = signature(true);
            let method = stream::StreamMethod {
                name: stream_name,
                docs: &docs_text,
                args: &args,
                allow,
                deprecated: deprecated.clone(),
                build: quote! {
                    #url
                    #query
                    #request
                    #params
                    #body_statement
                },
                owner,
                whole: names.with.unwrap_or(names.name),
                traced_name: names.name,
            };
            stream::stream_method(api, op, media_stream, method, uses)
        }
        _ => TokenStream::new(),
    };
    let fetch_items = fetched.map(|(items, _, _)| items);
    // With the setting `tracing`, the method that sends runs in the call's span.
    let statements = crate::emit::client::traced(api, op, names.name, statements);
    let Some(with_name) = names.with else {
        let name = ident(names.name);
        let docs = doc(Some(&docs_text));
        let (args, allow) = signature(true);
        return quote! {
            #docs
            #deprecated
            #allow
            pub async fn #name(&self, #(#args),*) -> #returns {
                #statements
            }

            #stream
            #fetch_items
        };
    };
    // Every parameter is optional: `name` sends none, `name_with` takes them.
    let (name, with) = (ident(names.name), ident(with_name));
    let docs = doc(Some(&format!(
        "{docs_text}\n\nSends no optional parameter; `{owner}::{with_name}` takes them."
    )));
    // The method with parameters repeats the first paragraph of the doc, which the method
    // without has whole.
    let (summary, more) = match op.doc.as_deref() {
        Some(doc) => match doc.split_once("\n\n") {
            Some((first, _)) => (format!("{first}\n\n"), "; its doc says more"),
            None => (format!("{doc}\n\n"), ""),
        },
        None => (String::new(), ""),
    };
    let with_docs = doc(Some(&format!(
        "{summary}{request_text}\n\n`{owner}::{}` with its query, header and cookie parameters{more}.",
        names.name
    )));
    let (args, allow) = signature(false);
    let (with_args, with_allow) = signature(true);
    let forwarded = path_args
        .iter()
        .map(|(arg, _)| quote!(#arg))
        .chain(params_ty.iter().map(|t| quote!(&types::#t::default())))
        .chain(body_arg.iter().map(|_| quote!(body)));
    // (A deprecated operation's method calls the other, deprecated too.)
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    quote! {
        #docs
        #deprecated
        #allow_deprecated
        #allow
        pub async fn #name(&self, #(#args),*) -> #returns {
            self.#with(#(#forwarded),*).await
        }

        #with_docs
        #deprecated
        #with_allow
        pub async fn #with(&self, #(#with_args),*) -> #returns {
            #statements
        }

        #stream
        #fetch_items
    }
}

/// The private methods of an operation whose pages are named by URLs ([`PageFetch`]), which
/// the method taking every parameter and the stream both call.
struct FetchMethods<'a> {
    fetch: &'a PageFetch,
    /// The type the methods are on, the method taking every parameter and the stream, for
    /// the docs.
    owner: &'a str,
    calls: &'a str,
    stream: &'a str,
    path_args: &'a [(Ident, TokenStream)],
    params_ty: Option<&'a Ident>,
    /// Whether the URL has query parameters (read from `params`).
    query: bool,
    /// Whether the request has header or cookie parameters (read from `params`).
    header_params: bool,
    body_arg: Option<&'a TokenStream>,
}

impl FetchMethods<'_> {
    /// The parameters of `url` (the path's, then `params` when the query reads it) and of
    /// `at` (after `url`: `params` when headers read it, then the body): each name and the
    /// parameter with its type.
    fn parameters(&self) -> [Vec<(TokenStream, TokenStream)>; 2] {
        let params = self
            .params_ty
            .map(|t| (quote!(params), quote!(params: &types::#t)));
        let mut url: Vec<(TokenStream, TokenStream)> = self
            .path_args
            .iter()
            .map(|(arg, arg_ty)| (quote!(#arg), quote!(#arg: #arg_ty)))
            .collect();
        url.extend(params.clone().filter(|_| self.query));
        let mut at: Vec<(TokenStream, TokenStream)> =
            params.filter(|_| self.header_params).into_iter().collect();
        at.extend(self.body_arg.map(|t| (quote!(body), quote!(body: #t))));
        [url, at]
    }

    /// The calls of both methods from the method taking every parameter or from the stream,
    /// which forward their own arguments (`at` to the `url` bound before it).
    fn calls(&self) -> (TokenStream, TokenStream) {
        let [url_args, at_args] = self
            .parameters()
            .map(|p| p.into_iter().map(|(name, _)| name));
        let (url, at) = (ident(&self.fetch.url), ident(&self.fetch.at));
        (
            quote!(self.#url(#(#url_args),*)),
            quote!(self.#at(&url, #(#at_args),*)),
        )
    }

    /// Both methods: `url` runs `build` (which binds `url`), `at` runs `send` (which reads
    /// the `url` it is given).
    fn items(
        &self,
        error_ty: &TokenStream,
        returns: &TokenStream,
        build: TokenStream,
        send: TokenStream,
    ) -> TokenStream {
        let [url_args, at_args] = self
            .parameters()
            .map(|p| p.into_iter().map(|(_, typed)| typed).collect::<Vec<_>>());
        let allow = |args: &[TokenStream]| {
            (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]))
        };
        // (`at` takes `url` besides.)
        let (url_allow, at_allow) = (
            allow(&url_args),
            allow(&[&at_args[..], &[quote!(url)]].concat()),
        );
        let (url, at) = (ident(&self.fetch.url), ident(&self.fetch.at));
        let (owner, calls, stream) = (self.owner, self.calls, self.stream);
        let url_doc = doc(Some(&format!(
            "The URL `{owner}::{calls}` sends its request to:\nthe first page of `{owner}::{stream}`."
        )));
        let at_doc = doc(Some(&format!(
            "The request of `{owner}::{calls}` sent to `url`, and its answer:\na page of \
             `{owner}::{stream}`."
        )));
        quote! {
            #url_doc
            #url_allow
            // The client's `Error`, as every method returns it (it is large by its `Api` body).
            #[allow(clippy::result_large_err)]
            fn #url(&self, #(#url_args),*) -> Result<String, Error<#error_ty>> {
                #build
                Ok(url)
            }

            #at_doc
            #at_allow
            async fn #at(&self, url: &str, #(#at_args),*) -> #returns {
                #send
            }
        }
    }
}

/// The call through `Client::call` (or `call_empty`) for an operation whose success is JSON or
/// nothing, whose errors are JSON or nothing, and which reads no headers: the success type,
/// the error type, the `use` naming it `E` and the statements.
fn shared_call(
    api: &Api,
    op: &Operation,
    uses: &mut Uses,
) -> Option<(TokenStream, TokenStream, TokenStream, TokenStream)> {
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
    let reader = error_reader(api, op.error, uses)?;
    uses.helper(Helper::ApiError);
    let helper = if empty {
        uses.call_empty = true;
        quote!(call_empty)
    } else {
        uses.helper(Helper::Decode);
        uses.call = true;
        quote!(call)
    };
    let retryable = uses.retries.then(|| {
        let retryable = op.idempotent;
        quote!(#retryable,)
    });
    let (binding, arg) = (reader.binding, reader.arg);
    Some((
        success_ty,
        reader.enum_ty,
        reader.alias,
        quote! {
            #binding
            self.#helper(request, #retryable #arg).await
        },
    ))
}

/// The media type `op`'s `_stream` reads as events or lines when `{op}` reads none of it.
fn streamed_elsewhere(op: &Operation) -> Option<&str> {
    let stream = op.media_stream.as_ref()?;
    let items = !matches!(stream.kind, crate::model::StreamKind::Bytes);
    (items && !stream.read_whole).then_some(stream.media_type.as_str())
}

fn is_copy(t: &Ty) -> bool {
    matches!(t, Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64)
}
