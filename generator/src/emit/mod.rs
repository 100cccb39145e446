//! Stage 3: Rust items from the model, one module per output concern, with `quote!`.

mod client;
mod error;
mod manifest;
mod operations;
mod retry;
mod tokens;
mod types;
mod webhooks;

use crate::model::Api;
use proc_macro2::TokenStream;
use quote::quote;

pub use manifest::manifest;
pub use tokens::{is_bidi_control, rustdoc_markdown, sanitize};

/// The emitted modules of a client, before formatting.
pub struct Emitted {
    /// Crate-level documentation.
    pub crate_doc: String,
    /// `types`: the schemas, parameters and per-status outcomes.
    pub types: TokenStream,
    /// `client`: the `Client` and its operations.
    pub client: TokenStream,
    /// `error`: the error type.
    pub error: TokenStream,
    /// What the root re-exports from `client`.
    pub client_exports: Vec<String>,
    /// The reqwest features the client needs beyond `json` and `query`.
    pub extra_features: Vec<&'static str>,
    /// `retry`: the retry policy, when some operation is safe to repeat.
    pub retry: Option<TokenStream>,
    /// `webhooks`: verifiers of signed callbacks.
    pub webhooks: Option<TokenStream>,
    /// Crates the client needs beyond reqwest, serde and serde_json: (name, version).
    pub extra_crates: Vec<(&'static str, &'static str)>,
}

/// The `types` module in three parts that can be emitted (and formatted) apart, on different
/// threads: [`types_head`], then [`types_items`] for consecutive ranges of type ids covering
/// `0..api.types.len()`, then [`types_tail`]. In that order they make the whole module.
pub fn types_head(api: &Api) -> TokenStream {
    types::head(api)
}

/// The items of the types whose ids are in `ids` (see [`types_head`]).
pub fn types_items(api: &Api, ids: std::ops::Range<usize>) -> TokenStream {
    types::items(api, ids)
}

/// The helpers after the types (see [`types_head`]).
pub fn types_tail(api: &Api) -> TokenStream {
    types::tail(api)
}

/// Emits every module of the client.
pub fn emit(api: &Api) -> Emitted {
    let mut emitted = emit_without_types(api);
    emitted.types = types::module(api);
    emitted
}

/// Emits every module but `types` (left empty), which [`types_head`] and its siblings emit on their own.
pub fn emit_without_types(api: &Api) -> Emitted {
    let mut crate_doc = format!("A client for the {} (version {}).", api.title, api.version);
    if let Some(description) = api
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        crate_doc.push_str("\n\n");
        crate_doc.push_str(description);
    }
    let mut client_exports = Vec::new();
    if !api.operations.is_empty() {
        client_exports.push("Client".to_string());
    }
    client_exports.extend(
        api.server
            .variables
            .iter()
            .filter_map(|v| v.choices.as_ref().map(|c| c.name.clone())),
    );
    let (client, uses) = client::module(api);
    let mut extra_features = Vec::new();
    if uses.form {
        extra_features.push("form");
    }
    if uses.multipart {
        extra_features.push("multipart");
    }
    let retry = api
        .operations
        .iter()
        .any(|op| op.idempotent)
        .then(retry::module);
    let webhooks = webhooks::needed(api).then(|| webhooks::module(api));
    let mut extra_crates = Vec::new();
    if webhooks.is_some() {
        if webhooks::needs_base64(api) {
            extra_crates.push(("base64", "0.22"));
        }
        extra_crates.push(("hmac", "0.12"));
        extra_crates.push(("sha2", "0.10"));
    }
    Emitted {
        webhooks,
        extra_crates,
        retry,
        extra_features,
        crate_doc,
        types: TokenStream::new(),
        client,
        error: error::module(),
        client_exports,
    }
}

impl Emitted {
    /// The root module's items (after any inner attributes).
    pub fn root_items(&self) -> TokenStream {
        let exports = self.client_exports.iter().map(|e| tokens::ident(e));
        let client_use =
            (!self.client_exports.is_empty()).then(|| quote!(pub use client::{#(#exports),*};));
        let retry = self.retry.as_ref().map(|_| {
            quote! {
                #[rustfmt::skip]
                mod retry;
            }
        });
        let retry_export = self.retry.as_ref().map(|_| {
            quote!(
                pub use retry::RetryPolicy;
            )
        });
        let webhooks = self.webhooks.as_ref().map(|_| {
            quote! {
                #[rustfmt::skip]
                pub mod webhooks;
            }
        });
        // The modules are formatted by prettyplease; rustfmt is told to leave them as they are.
        quote! {
            #[rustfmt::skip]
            mod client;
            #[rustfmt::skip]
            mod error;
            #retry
            #[rustfmt::skip]
            pub mod types;
            #webhooks

            #client_use
            pub use error::Error;
            #retry_export
        }
    }

    /// The whole client as one module body, for `include!` from a build script.
    pub fn single_module(&self) -> TokenStream {
        let exports = self.client_exports.iter().map(|e| tokens::ident(e));
        let client_use =
            (!self.client_exports.is_empty()).then(|| quote!(pub use client::{#(#exports),*};));
        let (types, client, error) = (&self.types, &self.client, &self.error);
        let retry = self.retry.as_ref().map(|retry| {
            quote! {
                /// When to send a request again.
                mod retry {
                    #retry
                }
            }
        });
        let retry_export = self.retry.as_ref().map(|_| {
            quote!(
                pub use retry::RetryPolicy;
            )
        });
        let webhooks = self.webhooks.as_ref().map(|webhooks| {
            quote! {
                /// Verifiers of the callbacks the API sends.
                pub mod webhooks {
                    #webhooks
                }
            }
        });
        quote! {
            /// The request and response types of the API.
            pub mod types {
                #types
            }

            /// The client and its operations.
            mod client {
                #client
            }

            /// The error type.
            mod error {
                #error
            }

            #retry

            #webhooks

            #client_use
            pub use error::Error;
            #retry_export
        }
    }
}
