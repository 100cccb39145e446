//! Stage 3: Rust items from the model, one module per output concern, with `quote!`. Which
//! items go in which file is `layout`'s to say.

mod client;
mod error;
mod formats;
mod manifest;
mod operations;
mod retry;
pub(crate) mod tokens;
mod types;
mod union;
mod webhooks;

use crate::model::Api;
use crate::naming::reserved::Helper;
use proc_macro2::TokenStream;

pub use manifest::{Features, dependency_lines, manifest};
pub use tokens::ident;

/// The emitted modules of a client, before formatting.
pub struct Emitted {
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
    /// The serde_json features the client needs.
    pub json_features: Vec<&'static str>,
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

impl Emitted {
    /// The `[dependencies]` lines the emitted modules need (see [`dependency_lines`]).
    pub fn dependencies(&self) -> Vec<String> {
        dependency_lines(
            Features {
                reqwest: &self.extra_features,
                serde_json: &self.json_features,
            },
            self.retry.is_some(),
            &self.extra_crates,
        )
    }
}

/// Emits every module of the client.
pub fn emit(api: &Api) -> Emitted {
    let mut emitted = emit_without_types(api);
    emitted.types = types::module(api);
    emitted
}

/// Emits every module but `types` (left empty), which [`types_head`] and its siblings emit on their own.
pub fn emit_without_types(api: &Api) -> Emitted {
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
    if uses.multipart {
        extra_features.push("multipart");
    }
    // Objects written as parameters or form fields keep their properties' order.
    let mut json_features = Vec::new();
    if uses.calls(Helper::Expand) {
        json_features.push("preserve_order");
    }
    let retry = api.retries.then(retry::module);
    let webhooks = webhooks::needed(api).then(|| webhooks::module(api));
    let mut extra_crates = Vec::new();
    if webhooks.is_some() {
        if webhooks::needs_base64(api) {
            extra_crates.push(("base64", "0.22"));
        }
        extra_crates.push(("hmac", "0.12"));
        extra_crates.push(("sha2", "0.10"));
    }
    for (name, version) in formats::crates(api) {
        // (`format: byte` and signed webhooks may both need base64.)
        if !extra_crates.iter().any(|(known, _)| *known == name) {
            extra_crates.push((name, version));
        }
    }
    Emitted {
        webhooks,
        extra_crates,
        retry,
        extra_features,
        json_features,
        types: TokenStream::new(),
        client,
        error: error::module(),
        client_exports,
    }
}
