//! The private runtime of the `client` module: the methods that send a request and read its
//! answer, and the free helpers the operation methods call (encoding, parameter text,
//! decoding, errors), each emitted only when some method uses it. Its text is real Rust,
//! `runtime/client.rs` and `runtime/send_once.rs`, which the generator's tests compile and lint
//! (`runtime/check.rs`); here it is parsed, and its items are taken by name and adapted to the
//! client.

#[cfg(test)]
mod check;

use super::Gates;
use crate::emit::operations::{Uses, style_function};
use crate::model::{Api, AuthKind};
use crate::naming::reserved::Helper;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};
use syn::visit_mut::{self, VisitMut};

/// The runtime: its methods and types, and its free helpers.
const CLIENT: &str = include_str!("runtime/client.rs");

/// The module `streams`, of a client that streams some response.
const STREAM: &str = include_str!("runtime/stream.rs");

/// `Client::send` of a client without a retry policy.
const SEND_ONCE: &str = include_str!("runtime/send_once.rs");

/// Bearer tokens that expire, and the `send` that renews one the server refuses.
const BEARER: &str = include_str!("runtime/bearer.rs");

/// What the `client` module holds of the runtime.
pub(super) struct Parts {
    /// The `Received` and `ErrorReader` aliases, when the client has operations.
    pub(super) received: Option<TokenStream>,
    /// The private methods of `Client` (only emitted when the client has operations).
    pub(super) methods: TokenStream,
    /// The free helpers the operations call, in a fixed order.
    pub(super) helpers: TokenStream,
    /// The types of bearer tokens that expire, when a scheme's do (`runtime/bearer.rs`).
    pub(super) bearer: TokenStream,
    /// The module `streams`, when some response is streamed.
    pub(super) streams: TokenStream,
}

/// The parts of the runtime this client uses.
pub(super) fn parts(api: &Api, uses: &Uses, gates: &Gates) -> Parts {
    let mut runtime = Items::parse(CLIENT);
    let (methods, bearer) = methods(&mut runtime, api, uses, gates);
    Parts {
        received: received(&mut runtime, api, uses, gates),
        methods,
        helpers: helpers(&mut runtime, uses, gates),
        bearer,
        streams: streams(uses, gates),
    }
}

/// The module `streams` with the framings the client streams bodies in (and what they
/// share).
fn streams(uses: &Uses, gates: &Gates) -> TokenStream {
    if !uses.streams() {
        return TokenStream::new();
    }
    // The runtime is the generator's own text, which its check compiles.
    let file = syn::parse_file(STREAM).expect("the stream runtime is Rust (runtime/check.rs)");
    // The items of each framing, and whether a client's uses need them.
    type Used = fn(&Uses) -> bool;
    let framings: [(&str, Used); 4] = [
        ("Chunks", |u| u.chunks),
        ("Events", |u| u.events),
        ("EventParser", |u| u.events),
        ("Lines", |u| u.lines),
    ];
    let items = file.items.into_iter().filter_map(|item| {
        let name = match &item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Impl(block) => match &*block.self_ty {
                syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                _ => None,
            },
            _ => None,
        };
        match framings.iter().find(|(n, _)| Some(*n) == name.as_deref()) {
            Some((_, used)) if !used(uses) => None,
            Some((_, used)) => {
                let cfg = gates.cfg(used);
                Some(quote!(#cfg #item))
            }
            None => Some(quote!(#item)),
        }
    });
    let cfg = gates.cfg(Uses::streams);
    quote! {
        /// Responses read as they arrive (`{op}_stream`).
        #cfg
        mod streams {
            #(#items)*
        }
    }
}

/// The items of a runtime file by kind, to take by name (its imports serve its check alone).
#[derive(Default)]
struct Items {
    functions: Vec<syn::ItemFn>,
    aliases: Vec<syn::ItemType>,
    methods: Vec<syn::ImplItemFn>,
    modules: Vec<syn::ItemMod>,
}

impl Items {
    fn parse(text: &str) -> Items {
        // The runtime is the generator's own text, which its check compiles.
        let file = syn::parse_file(text).expect("the runtime is Rust (runtime/check.rs)");
        let mut items = Items::default();
        for item in file.items {
            match item {
                syn::Item::Fn(f) => items.functions.push(f),
                syn::Item::Type(t) => items.aliases.push(t),
                syn::Item::Mod(m) => items.modules.push(m),
                syn::Item::Impl(block) => {
                    items
                        .methods
                        .extend(block.items.into_iter().filter_map(|item| match item {
                            syn::ImplItem::Fn(f) => Some(f),
                            _ => None,
                        }))
                }
                _ => {}
            }
        }
        items
    }

    /// The free function `name`.
    fn function(&mut self, name: &str) -> syn::ItemFn {
        take(&mut self.functions, name, |f| &f.sig.ident)
    }

    /// The type alias `name`.
    fn alias(&mut self, name: &str) -> syn::ItemType {
        take(&mut self.aliases, name, |t| &t.ident)
    }

    /// The module `name`.
    fn module(&mut self, name: &str) -> syn::ItemMod {
        take(&mut self.modules, name, |m| &m.ident)
    }

    /// The method `name` of `impl Client`.
    fn method(&mut self, name: &str) -> syn::ImplItemFn {
        take(&mut self.methods, name, |f| &f.sig.ident)
    }
}

/// Takes the item `name` out of `items`.
fn take<T>(items: &mut Vec<T>, name: &str, ident: fn(&T) -> &syn::Ident) -> T {
    let at = items.iter().position(|item| ident(item) == name);
    // The names come from the runtime and `naming::reserved`, which its check holds together.
    let at = at.unwrap_or_else(|| panic!("the runtime defines `{name}` (runtime/check.rs)"));
    items.swap_remove(at)
}

/// The private methods every operation sends through: `request` (a request with the client's
/// timeout), `send` (with retries when some operation may be retried), `call` and `call_empty`
/// (the shared path of JSON operations) and `receive` (one exchange, its body size bounded).
/// Only called when the client has operations. With bearer tokens that expire, `send` is
/// `exchange` and the `send` of `runtime/bearer.rs` wraps it; the second value is then the
/// bearer types.
fn methods(
    runtime: &mut Items,
    api: &Api,
    uses: &Uses,
    gates: &Gates,
) -> (TokenStream, TokenStream) {
    let retries = api.retries;
    let request = runtime.method("request");
    let mut send = if retries {
        runtime.method("send")
    } else {
        Items::parse(SEND_ONCE).method("send")
    };
    let mut bearer = TokenStream::new();
    let mut renewing = None;
    let mut renewing_streamed = None;
    let tokens = api.auth.iter().any(|s| s.tokens.is_some());
    if tokens {
        send.sig.ident = syn::Ident::new("exchange", send.sig.ident.span());
        let (mut wrapper, mut streamed_wrapper, types) = bearer_items();
        if !retries {
            without_retries(&mut wrapper);
            without_retries(&mut streamed_wrapper);
        }
        renewing = Some(wrapper);
        renewing_streamed = uses.streams().then_some(streamed_wrapper);
        bearer = types;
    }
    if retries {
        super::observed::record_retries(api, &mut send, quote!(|received| received.0));
    }
    let mut shared = |name: &str, used: fn(&Uses) -> bool| {
        used(uses).then(|| {
            let mut method = runtime.method(name);
            if !retries {
                without_retries(&mut method);
            }
            let cfg = gates.cfg(used);
            quote!(#cfg #method)
        })
    };
    let call = shared("call", |u| u.call);
    let call_empty = shared("call_empty", |u| u.call_empty);
    let mut receive = runtime.method("receive");
    super::observed::record_status(api, &mut receive);
    // The exchange of `receive` without the reading of the body, for the `_stream` methods.
    let mut streamed = uses.streams().then(|| {
        let mut streamed = runtime.method("open_streamed");
        super::observed::record_response_status(api, &mut streamed);
        streamed
    });
    // And the method that sends it, with `send`'s retry loop when some operation may be retried.
    // With bearer tokens that expire, it is `exchange_streamed`, which the `send_streamed` of
    // `runtime/bearer.rs` wraps.
    let send_streamed = uses.streams().then(|| {
        let mut send_streamed = if retries {
            let mut send_streamed = runtime.method("send_streamed");
            let read = quote!(reqwest::Response::status);
            super::observed::record_retries(api, &mut send_streamed, read);
            send_streamed
        } else {
            Items::parse(SEND_ONCE).method("send_streamed")
        };
        if tokens {
            let span = send_streamed.sig.ident.span();
            send_streamed.sig.ident = syn::Ident::new("exchange_streamed", span);
        }
        send_streamed
    });
    let mut exchanges: Vec<&mut syn::ImplItemFn> = vec![&mut receive];
    exchanges.extend(streamed.as_mut());
    // reqwest's errors show the request's URL; an API key sent in the query must not show.
    let query_keys: Vec<&str> = api
        .auth
        .iter()
        .filter_map(|s| match &s.kind {
            AuthKind::Query(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    for exchange in exchanges {
        // (Before `transport` may become `Error::Transport` below.)
        super::observed::through_stack(api, exchange);
        if query_keys.is_empty() {
            exchange
                .block
                .stmts
                .retain(|stmt| !is_fn(stmt, "transport"));
            PlainTransport.visit_block_mut(&mut exchange.block);
        } else {
            Keys(syn::parse_quote!(&[#(#query_keys),*])).visit_block_mut(&mut exchange.block);
        }
    }
    let streamed = streamed.map(|streamed| {
        let cfg = gates.cfg(Uses::streams);
        let renewing_streamed = renewing_streamed.map(|wrapper| quote!(#cfg #wrapper));
        quote!(#cfg #send_streamed #renewing_streamed #cfg #streamed)
    });
    let methods = quote! {
        #request

        #send
        #renewing

        #call #call_empty

        #receive

        #streamed
    };
    (methods, bearer)
}

/// The items of `runtime/bearer.rs`: the `send` and `send_streamed` of its `impl Client`, and
/// the others (but its imports).
fn bearer_items() -> (syn::ImplItemFn, syn::ImplItemFn, TokenStream) {
    // The runtime is the generator's own text, which its check compiles.
    let file = syn::parse_file(BEARER).expect("the runtime is Rust (runtime/check.rs)");
    let mut methods = Vec::new();
    let mut items = Vec::new();
    for item in file.items {
        match item {
            syn::Item::Use(_) => {}
            syn::Item::Impl(block) if is_client(&block.self_ty) => {
                methods.extend(block.items.into_iter().filter_map(|item| match item {
                    syn::ImplItem::Fn(f) => Some(f),
                    _ => None,
                }));
            }
            item => items.push(item),
        }
    }
    // The same text: `send` and `send_streamed` are its methods of `Client`.
    let mut take = |name: &str| {
        let at = methods.iter().position(|f| f.sig.ident == name);
        let at = at.unwrap_or_else(|| panic!("runtime/bearer.rs defines `Client::{name}`"));
        methods.swap_remove(at)
    };
    let send = take("send");
    let send_streamed = take("send_streamed");
    (send, send_streamed, quote!(#(#items)*))
}

/// Whether `ty` is `Client`.
fn is_client(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.is_ident("Client"))
}

/// Whether `stmt` defines the function `name`.
fn is_fn(stmt: &syn::Stmt, name: &str) -> bool {
    matches!(stmt, syn::Stmt::Item(syn::Item::Fn(f)) if f.sig.ident == name)
}

/// Whether `expr` is the path `name` alone.
fn is_path(expr: &syn::Expr, name: &str) -> bool {
    matches!(expr, syn::Expr::Path(p) if p.path.is_ident(name))
}

/// `method` without its argument `retryable`, and its calls without it.
fn without_retries(method: &mut syn::ImplItemFn) {
    let inputs = std::mem::take(&mut method.sig.inputs);
    method.sig.inputs = inputs
        .into_iter()
        .filter(|input| !matches!(input, syn::FnArg::Typed(t) if matches!(&*t.pat, syn::Pat::Ident(p) if p.ident == "retryable")))
        .collect();
    WithoutRetryable.visit_block_mut(&mut method.block);
}

/// Drops the argument `retryable` from method calls.
struct WithoutRetryable;

impl VisitMut for WithoutRetryable {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        let args = std::mem::take(&mut call.args);
        call.args = args
            .into_iter()
            .filter(|arg| !is_path(arg, "retryable"))
            .collect();
        visit_mut::visit_expr_method_call_mut(self, call);
    }
}

/// Maps transport errors with `Error::Transport` in place of the nested `transport`.
struct PlainTransport;

impl VisitMut for PlainTransport {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if is_path(expr, "transport") {
            *expr = syn::parse_quote!(Error::Transport);
        } else {
            visit_mut::visit_expr_mut(self, expr);
        }
    }
}

/// Sets the value of the constant `KEYS`.
struct Keys(syn::Expr);

impl VisitMut for Keys {
    fn visit_item_const_mut(&mut self, item: &mut syn::ItemConst) {
        if item.ident == "KEYS" {
            *item.expr = std::mem::replace(&mut self.0, syn::parse_quote!(()));
        }
    }
}

/// The `Received` alias: what `receive` reads of a response; and `ErrorReader`, how `call`
/// and `call_empty` read an error body, when they are called.
fn received(runtime: &mut Items, api: &Api, uses: &Uses, gates: &Gates) -> Option<TokenStream> {
    (!api.operations.is_empty()).then(|| {
        let received = runtime.alias("Received");
        let reader = (uses.call || uses.call_empty).then(|| {
            let cfg = gates.cfg(|u| u.call || u.call_empty);
            let reader = runtime.alias("ErrorReader");
            quote!(#cfg #reader)
        });
        quote!(#received #reader)
    })
}

/// The private helpers the operations call, in a fixed order.
fn helpers(runtime: &mut Items, uses: &Uses, gates: &Gates) -> TokenStream {
    let helpers = Helper::ALL.into_iter().filter(|h| uses.calls(*h)).map(|h| {
        let cfg = gates.cfg(|u| u.calls(h));
        let definition = runtime.function(h.name());
        // `expand` writes a parameter with a function of the module `style`.
        let styles = (h == Helper::Expand).then(|| {
            let module = style_module(runtime.module("style"), uses, gates);
            quote!(#cfg #module)
        });
        quote!(#cfg #definition #styles)
    });
    let helpers: Vec<TokenStream> = helpers.collect();
    quote!(#(#helpers)*)
}

/// The module `style` with the functions of the styles the client writes parameters in (and
/// the functions of the module they call).
fn style_module(module: syn::ItemMod, uses: &Uses, gates: &Gates) -> TokenStream {
    let syn::ItemMod {
        attrs,
        ident,
        content,
        ..
    } = module;
    let mut items = content.map(|(_, items)| items).unwrap_or_default();
    let needs = reach(&mut items);
    // Whether the style `u` writes needs the function `name`.
    let needed = |u: &Uses, name: &str| {
        u.styles().any(|s| {
            needs
                .get(style_function(s))
                .is_some_and(|n| n.contains(name))
        })
    };
    let items = items.into_iter().filter_map(|item| match &item {
        syn::Item::Fn(f) => {
            let name = f.sig.ident.to_string();
            needed(uses, &name).then(|| {
                let cfg = gates.cfg(|u| needed(u, &name));
                quote!(#cfg #item)
            })
        }
        _ => Some(quote!(#item)),
    });
    quote! {
        #(#attrs)*
        mod #ident {
            #(#items)*
        }
    }
}

/// For each free function among `items`, itself and the functions among them it names (calls,
/// or passes as a value), directly or through another.
pub(crate) fn reach(items: &mut [syn::Item]) -> BTreeMap<String, BTreeSet<String>> {
    let functions: BTreeSet<String> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        })
        .collect();
    let mut direct = BTreeMap::new();
    for item in items.iter_mut() {
        if let syn::Item::Fn(f) = item {
            let mut named = Named::default();
            named.visit_item_fn_mut(f);
            let calls: BTreeSet<String> = named
                .paths
                .into_iter()
                .filter(|name| functions.contains(name) && !named.bound.contains(name))
                .collect();
            direct.insert(f.sig.ident.to_string(), calls);
        }
    }
    let mut reach = BTreeMap::new();
    for name in &functions {
        let mut all = BTreeSet::from([name.clone()]);
        let mut next = vec![name.clone()];
        while let Some(caller) = next.pop() {
            for callee in direct.get(&caller).into_iter().flatten() {
                if all.insert(callee.clone()) {
                    next.push(callee.clone());
                }
            }
        }
        reach.insert(name.clone(), all);
    }
    reach
}

/// The one-word paths a function names, and the names it binds itself (which hide others).
#[derive(Default)]
struct Named {
    paths: BTreeSet<String>,
    bound: BTreeSet<String>,
}

impl VisitMut for Named {
    fn visit_expr_path_mut(&mut self, path: &mut syn::ExprPath) {
        if let Some(name) = path.path.get_ident() {
            self.paths.insert(name.to_string());
        }
    }

    fn visit_pat_ident_mut(&mut self, pat: &mut syn::PatIdent) {
        self.bound.insert(pat.ident.to_string());
    }
}
