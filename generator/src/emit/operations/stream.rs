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
    } = method;
    let (error_ty, error) = error_tokens(api, op.error, uses);
    let accept = &stream.accept;
    let (item_ty, framing, what) = match &stream.kind {
        StreamKind::Bytes => {
            uses.chunks = true;
            (
                quote!(bytes::Bytes),
                quote!(streams::Chunks::new()),
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
                "The events of the response, each one's data as it arrives",
            )
        }
        StreamKind::Lines { item, records } => {
            uses.lines = true;
            let t = ty(api, item, Scope::Sibling);
            (
                t.clone(),
                quote!(streams::Lines::<#t>::new(|line| serde_json::from_slice(line), #records)),
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
    quote! {
        #docs
        #deprecated
        #allow
        pub fn #name(&self, #(#args),*) -> impl futures_util::Stream<Item = Result<#item_ty, Error<#error_ty>>> + Unpin {
            let request = async move {
                #build
                Ok::<_, Error<#error_ty>>(request.header(reqwest::header::ACCEPT, #accept))
            };
            let start = streams::Start {
                request,
                limit: self.max_body_size,
                error: |status: reqwest::StatusCode, bytes: Vec<u8>| -> Result<std::convert::Infallible, Error<#error_ty>> {
                    #error
                },
            };
            streams::read(start, #framing)
        }
    }
}
