//! The runtime of the settings `tracing` and `middleware`, each compiled with the crate's feature
//! of the same name only: the items of `runtime/tracing.rs` and `runtime/middleware.rs` (their
//! text checked by `runtime/check.rs`), the calls of them put into the shared runtime's `send`
//! and `receive`, the `Client` field of the stack, and the span of each operation method and
//! the recording of its outcome.

use crate::dependencies::{MIDDLEWARE, TRACING};
use crate::model::{Api, Operation};
use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

/// What a call records on its span (`runtime/tracing.rs`).
const TRACING_RUNTIME: &str = include_str!("runtime/tracing.rs");

/// The middleware stack's method and error (`runtime/middleware.rs`).
const MIDDLEWARE_RUNTIME: &str = include_str!("runtime/middleware.rs");

/// `#[cfg(feature = "tracing")]`.
fn traced_cfg() -> TokenStream {
    quote!(#[cfg(feature = #TRACING)])
}

/// `#[cfg(feature = "middleware")]`.
fn stacked() -> TokenStream {
    quote!(#[cfg(feature = #MIDDLEWARE)])
}

/// The functions of a runtime text that `keep` names, each compiled with `feature` only (the
/// `cfg` after its doc), and the methods of its `impl Client` and its macros apart (also under
/// it); its imports serve its check alone.
fn items(text: &str, feature: &str, keep: impl Fn(&str) -> bool) -> Items {
    let cfg = || -> syn::Attribute { syn::parse_quote!(#[cfg(feature = #feature)]) };
    // The runtime is the generator's own text, which its check compiles.
    let file = syn::parse_file(text).expect("the runtime is Rust (runtime/check.rs)");
    let mut free = TokenStream::new();
    let mut methods = TokenStream::new();
    let mut macros = TokenStream::new();
    for item in file.items {
        match item {
            syn::Item::Fn(mut function) => {
                if !keep(&function.sig.ident.to_string()) {
                    continue;
                }
                function.attrs.push(cfg());
                free.extend(function.into_token_stream());
            }
            syn::Item::Macro(mut definition) => {
                definition.attrs.push(cfg());
                macros.extend(definition.into_token_stream());
            }
            syn::Item::Impl(block) => {
                for item in block.items {
                    if let syn::ImplItem::Fn(mut method) = item {
                        method.attrs.push(cfg());
                        methods.extend(method.into_token_stream());
                    }
                }
            }
            _ => {}
        }
    }
    Items {
        free,
        methods,
        macros,
    }
}

/// The items of a runtime text, each under its feature's `cfg`.
struct Items {
    /// Its free functions.
    free: TokenStream,
    /// The methods of its `impl Client`.
    methods: TokenStream,
    /// Its `macro_rules!`, which must come before the methods that use them.
    macros: TokenStream,
}

/// The free functions the client's `send` calls to record a call's outcome and retries (with
/// the setting `tracing`), and the function that maps the stack's errors (with `middleware`).
pub(super) fn functions(api: &Api) -> TokenStream {
    let mut out = TokenStream::new();
    if api.tracing {
        // `trace_retry` is called by the retry loop, which a client without retries lacks.
        let retries = api.retries;
        out.extend(items(TRACING_RUNTIME, TRACING, |f| retries || f != "trace_retry").free);
    }
    if api.middleware {
        out.extend(items(MIDDLEWARE_RUNTIME, MIDDLEWARE, |_| true).free);
    }
    out
}

/// `Client::with_middleware`, with the setting `middleware`.
pub(super) fn setters(api: &Api) -> TokenStream {
    if !api.middleware {
        return TokenStream::new();
    }
    items(MIDDLEWARE_RUNTIME, MIDDLEWARE, |_| true).methods
}

/// `operation_span!`, with the setting `tracing`: before the operation methods that use it.
pub(super) fn macros(api: &Api) -> TokenStream {
    if !api.tracing {
        return TokenStream::new();
    }
    items(TRACING_RUNTIME, TRACING, |_| true).macros
}

/// The `Client` field of the middleware stack, with the setting `middleware`.
pub(super) fn field(api: &Api) -> TokenStream {
    if !api.middleware {
        return TokenStream::new();
    }
    let cfg = stacked();
    quote!(#cfg middleware: reqwest_middleware::ClientWithMiddleware,)
}

/// Its value in `with_http_client`, before `http` is moved: an empty stack around it.
pub(super) fn field_init(api: &Api) -> TokenStream {
    if !api.middleware {
        return TokenStream::new();
    }
    let cfg = stacked();
    quote!(#cfg middleware: reqwest_middleware::ClientWithMiddleware::from(http.clone()),)
}

/// With the setting `tracing`, the body of an operation method (`statements`, which return
/// its result) run as a future in the call's span, which records its outcome before it is
/// returned. The span (`operation_span!`) is named after the operation (`name`), with
/// OpenTelemetry's HTTP client attributes and none of the arguments. It is made after the
/// future has taken the arguments, so that `span` shadows none it reads.
pub(crate) fn traced(
    api: &Api,
    op: &Operation,
    name: &str,
    statements: TokenStream,
) -> TokenStream {
    if !api.tracing {
        return statements;
    }
    in_span(op, name, quote!(async move { #statements }))
}

/// An expression that awaits `future` (an `async` block that sends a request): with the
/// setting `tracing`, in the call's span, as `traced` has it.
pub(crate) fn instrumented(
    api: &Api,
    op: &Operation,
    name: &str,
    future: TokenStream,
) -> TokenStream {
    if !api.tracing {
        return quote!(#future.await);
    }
    let statements = in_span(op, name, future);
    quote!({ #statements })
}

/// The statements that await `future` in the span of a call of `op` and return its outcome,
/// recorded on the span.
fn in_span(op: &Operation, name: &str, future: TokenStream) -> TokenStream {
    let cfg = traced_cfg();
    let method = &op.method;
    let template = &op.path;
    let trace_outcome = crate::emit::tokens::ident(crate::naming::reserved::TRACE_OUTCOME);
    quote! {
        let sent = #future;
        #cfg
        let span = operation_span!(#name, #method, #template);
        #cfg
        let sent = tracing::Instrument::instrument(sent, span.clone());
        let outcome = sent.await;
        #cfg
        #trace_outcome(&span, &self.base_url, &outcome);
        outcome
    }
}

/// With the setting `tracing`, `receive` records the status of each answer on the call's span,
/// after it binds `status`.
pub(super) fn record_status(api: &Api, receive: &mut syn::ImplItemFn) {
    if !api.tracing {
        return;
    }
    let cfg = traced_cfg();
    let stmts = &mut receive.block.stmts;
    if let Some(at) = stmts.iter().position(|s| binds(s, "status")) {
        stmts.insert(at + 1, syn::parse_quote!(#cfg trace_status(status);));
    }
}

/// With the setting `tracing`, `send_streamed` records the status of the response that starts
/// a stream on the call's span, once it has it (after it binds `response`).
pub(super) fn record_response_status(api: &Api, exchange: &mut syn::ImplItemFn) {
    if !api.tracing {
        return;
    }
    let cfg = traced_cfg();
    let stmts = &mut exchange.block.stmts;
    if let Some(at) = stmts.iter().position(|s| binds(s, "response")) {
        stmts.insert(
            at + 1,
            syn::parse_quote!(#cfg trace_status(response.status());),
        );
    }
}

/// With the setting `tracing`, the retry loop of `send` (or `send_streamed`) records an event
/// once it knows it sends the request again (after it binds `delay`), before it waits; `read`
/// reads the status of an answer (`|received| received.0`, `reqwest::Response::status`).
pub(super) fn record_retries(api: &Api, send: &mut syn::ImplItemFn, read: TokenStream) {
    if !api.tracing {
        return;
    }
    let cfg = traced_cfg();
    for stmt in &mut send.block.stmts {
        let syn::Stmt::Expr(syn::Expr::Loop(retries), _) = stmt else {
            continue;
        };
        let stmts = &mut retries.body.stmts;
        if let Some(at) = stmts.iter().position(|s| binds(s, "delay")) {
            stmts.insert(
                at + 1,
                syn::parse_quote!(#cfg trace_retry(attempt, delay, &outcome, #read);),
            );
        }
    }
}

/// Whether `stmt` is a `let` that binds `name` (alone, or in a pattern such as `Some(name)`).
fn binds(stmt: &syn::Stmt, name: &str) -> bool {
    let syn::Stmt::Local(local) = stmt else {
        return false;
    };
    fn names(pat: &syn::Pat, name: &str) -> bool {
        match pat {
            syn::Pat::Ident(p) => p.ident == name,
            syn::Pat::Type(t) => names(&t.pat, name),
            syn::Pat::TupleStruct(t) => t.elems.iter().any(|p| names(p, name)),
            syn::Pat::Tuple(t) => t.elems.iter().any(|p| names(p, name)),
            _ => false,
        }
    }
    names(&local.pat, name)
}

/// With the setting `middleware`, `receive` (and `send_streamed`) sends through the stack when
/// the feature is on, through the `reqwest::Client` when it is off.
pub(super) fn through_stack(api: &Api, receive: &mut syn::ImplItemFn) {
    if !api.middleware {
        return;
    }
    let cfg = stacked();
    let stmts = std::mem::take(&mut receive.block.stmts);
    for stmt in stmts {
        if let (true, syn::Stmt::Local(local)) = (binds(&stmt, "response"), &stmt) {
            // `mut` as the statement it stands for has it.
            let binding = local.pat.to_token_stream();
            receive.block.stmts.push(syn::parse_quote!(
                #[cfg(not(feature = #MIDDLEWARE))]
                #stmt
            ));
            receive.block.stmts.push(syn::parse_quote!(
                #cfg
                let #binding = self
                    .middleware
                    .execute(request)
                    .await
                    .map_err(|error| from_middleware(error, transport))?;
            ));
        } else {
            receive.block.stmts.push(stmt);
        }
    }
}
