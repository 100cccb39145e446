//! `{op}_stream`: the success of an operation read as it arrives, through the client's module
//! `streams` (`client/runtime/stream.rs`), item by item.

use super::Uses;
use super::response::error_tokens;
use crate::emit::tokens::{Scope, ident, ty};
use crate::model::{Api, Media, MediaStream, Operation, StreamKind};
use proc_macro2::TokenStream;
use quote::quote;

/// What the stream method is made of: its name, the doc of the operation, the arguments of the
/// method that takes every parameter, and the statements that build the request (`request`)
/// before `Accept` is set.
pub(super) struct StreamMethod<'a> {
    pub(super) name: &'a str,
    pub(super) docs: &'a str,
    pub(super) args: &'a [TokenStream],
    pub(super) allow: Option<TokenStream>,
    pub(super) deprecated: Option<TokenStream>,
    pub(super) build: TokenStream,
    pub(super) owner: &'a str,
    pub(super) whole: &'a str,
    /// The operation's method's name, which its span takes (with the setting `tracing`).
    pub(super) traced_name: &'a str,
}

/// The method `{op}_stream` of `op`, which streams `stream`.
pub(super) fn stream_method(
    api: &Api,
    op: &Operation,
    stream: &MediaStream,
    method: StreamMethod,
    uses: &mut Uses,
) -> TokenStream {
    let StreamMethod {
        name,
        docs,
        args,
        allow,
        deprecated,
        build,
        owner,
        whole,
        traced_name,
    } = method;
    let (error_ty, alias, error) = error_tokens(api, op.error, uses);
    let accept = &stream.accept;
    let (item_ty, framing, framing_ty, what) = match &stream.kind {
        StreamKind::Bytes => {
            uses.chunks = true;
            (
                quote!(bytes::Bytes),
                quote!(streams::Chunks::new()),
                quote!(streams::Chunks),
                "The body, chunk by chunk as it arrives",
            )
        }
        StreamKind::Events { item, sentinel } => {
            uses.events = true;
            let t = ty(api, &item.ty, Scope::Sibling);
            let decode = match item.media {
                Media::Json => quote!(|data| serde_json::from_str(data)),
                _ => quote!(|data| Ok(data.to_string())),
            };
            let sentinel = match sentinel {
                Some(s) => quote!(Some(#s)),
                None => quote!(None),
            };
            (
                t.clone(),
                quote!(streams::Events::<#t>::new(#decode, #sentinel)),
                quote!(streams::Events<#t>),
                "The events of the response, each one's data as it arrives",
            )
        }
        StreamKind::Lines { item, records } => {
            uses.lines = true;
            let t = ty(api, item, Scope::Sibling);
            (
                t.clone(),
                quote!(streams::Lines::<#t>::new(|line| serde_json::from_slice(line), #records)),
                quote!(streams::Lines<#t>),
                "The items of the response, each as it arrives",
            )
        }
    };
    let text = format!(
        "{docs}\n\n{what} (`{owner}::{whole}` reads the response whole). Memory holds one item \
         at a time; the body's size is not limited."
    );
    let docs = crate::emit::tokens::doc(Some(&text));
    let name = ident(name);
    let retryable = uses.retries.then(|| {
        let retryable = op.idempotent;
        quote!(#retryable)
    });
    // The request goes through the client's shared exchange (hooks, middleware stack), retried as
    // `{op}` would be, and, with the setting `tracing`, the call runs in the operation's span
    // until the stream starts.
    let start = quote! {
        #build
        let request = request.header(reqwest::header::ACCEPT, #accept);
        let response = self.send_streamed(request, #retryable).await?;
        streams::started(
            response,
            <#framing_ty as streams::Framing>::MEDIA,
            self.max_body_size,
            |status: reqwest::StatusCode, bytes: Vec<u8>| -> Result<std::convert::Infallible, Error<#error_ty>> {
                #alias
                #error
            },
        )
        .await
    };
    let start = crate::emit::client::traced(api, op, traced_name, start);
    quote! {
        #docs
        #deprecated
        #allow
        // The error reader is a closure returning the client's `Error`, which is large by its
        // `Api` body when an error status's type is (clippy lints closures' results, not
        // `async fn`s').
        #[allow(clippy::result_large_err)]
        pub fn #name(&self, #(#args),*) -> impl futures_util::Stream<Item = Result<#item_ty, Error<#error_ty>>> + Unpin {
            streams::read(#framing, async move { #start })
        }
    }
}
