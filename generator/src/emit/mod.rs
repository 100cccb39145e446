//! Stage 3: Rust items from the model, one module per output concern, with `quote!`. Which
//! items go in which file is `layout`'s to say.

mod client;
mod error;
mod formats;
mod manifest;
mod mock;
mod operations;
mod retry;
pub(crate) mod tokens;
mod types;
mod union;
mod webhooks;

use crate::dependencies::{Dependency, Optional};
use crate::model::Api;
use crate::naming::reserved::Helper;
use proc_macro2::TokenStream;

pub use manifest::{Features, Transport, dependency_lines, features, manifest, tag_features};
pub use tokens::ident;

/// The emitted modules of a client, before formatting (empty by default).
#[derive(Default)]
pub struct Emitted {
    /// `types`: the schemas, parameters and per-status outcomes.
    pub types: TokenStream,
    /// `client`: the `Client` and its operations.
    pub client: TokenStream,
    /// `error`: the error type.
    pub error: TokenStream,
    /// What the root re-exports from `client`.
    pub client_exports: Vec<String>,
    /// What the root re-exports from `client` with a feature only: (name, feature). The
    /// sub-clients of a client grouped by tag.
    pub client_gated_exports: Vec<(String, String)>,
    /// The reqwest features the client needs beyond `json` and `query`.
    pub extra_features: Vec<&'static str>,
    /// The serde_json features the client needs.
    pub json_features: Vec<&'static str>,
    /// The tokio features the client needs beyond `time` (tokio is a dependency when some are,
    /// or with retries).
    pub tokio_features: Vec<&'static str>,
    /// `retry`: the retry policy, when some operation is safe to repeat.
    pub retry: Option<TokenStream>,
    /// `webhooks`: verifiers of signed callbacks.
    pub webhooks: Option<TokenStream>,
    /// `mock`: the typed mock server, behind the feature `mock` (the setting `mock`).
    pub mock: Option<TokenStream>,
    /// Crates the client needs beyond reqwest, serde, serde_json and tokio.
    pub extra_crates: Vec<Dependency>,
    /// The features the settings add to the crate, each with its optional dependency (among
    /// `extra_crates`).
    pub optional: Vec<Optional>,
    /// Whether `client` and `error` are part of the output (not with `no-client`).
    pub with_client: bool,
}

/// The `macro_rules!` the emitter writes, by name, with their text: `format` prints them as
/// they are written rather than as prettyplease fills a macro's rules.
pub const MACROS: &[(&str, &str)] = &[
    ("object", types::OBJECT_MACRO),
    ("strings", types::STRINGS_MACRO),
];

/// The `types` module in three parts that can be emitted (and formatted) apart, on different
/// threads: [`types_head`], then [`types_items`] for consecutive ranges of type ids covering
/// `0..api.types.len()`, then [`types_tail`]. In that order they make the whole module.
pub fn types_head(api: &Api) -> TokenStream {
    types::head(api)
}

/// The items of the types whose ids are in `ids` (see [`types_head`]).
pub fn types_items(api: &Api, ids: impl IntoIterator<Item = usize>) -> TokenStream {
    types::items(api, ids)
}

/// The helpers after the types (see [`types_head`]).
pub fn types_tail(api: &Api) -> TokenStream {
    types::tail(api)
}

impl Emitted {
    /// The `[dependencies]` lines the emitted modules need (see [`dependency_lines`]), with
    /// the TLS backend as `transport` says.
    pub fn dependencies(&self, transport: Transport) -> Vec<String> {
        dependency_lines(
            Features {
                reqwest: &self.extra_features,
                serde_json: &self.json_features,
                tokio: &self.tokio_features,
            },
            self.retry.is_some(),
            &self.extra_crates,
            self.with_client,
            transport,
        )
    }
}

/// Emits every module of the client at once: what the layout assembles from the parts emitted
/// apart, kept as the oracle its tests compare with.
#[cfg(test)]
pub fn emit(api: &Api) -> Emitted {
    let mut emitted = emit_without_types(api);
    emitted.types = types::module(api);
    emitted
}

/// Emits every module but `types` (left empty), which [`types_head`] and its siblings emit on their own.
pub fn emit_without_types(api: &Api) -> Emitted {
    if !api.client {
        return Emitted {
            extra_crates: formats::crates(api),
            ..Emitted::default()
        };
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
    if uses.multipart {
        extra_features.push("multipart");
    }
    let expiring = client::expiring(api) && !api.operations.is_empty();
    let mut tokio_features = Vec::new();
    if expiring {
        client_exports.extend(client::BEARER_EXPORTS.iter().map(|e| e.to_string()));
        // The token endpoint's form, and one fetch at a time.
        extra_features.push("form");
        tokio_features.push("sync");
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
            extra_crates.push(Dependency::Base64);
        }
        extra_crates.extend([Dependency::Hmac, Dependency::Sha2]);
    }
    let paged = api.operations.iter().any(|op| op.pagination.is_some());
    if uses.streams() {
        extra_crates.push(Dependency::Bytes);
    }
    if paged || uses.streams() {
        extra_crates.push(Dependency::FuturesUtil);
    }
    for dependency in formats::crates(api) {
        // (`format: byte` and signed webhooks may both need base64.)
        if !extra_crates.contains(&dependency) {
            extra_crates.push(dependency);
        }
    }
    let mock = mock::module(api);
    let optional = optional(api, mock.is_some());
    extra_crates.extend(optional.iter().map(|o| o.dependency()));
    Emitted {
        webhooks,
        mock,
        extra_crates,
        optional,
        retry,
        extra_features,
        json_features,
        tokio_features,
        types: TokenStream::new(),
        client,
        error: error::module(paged, expiring, api.middleware),
        with_client: true,
        client_exports,
        client_gated_exports: api
            .groups
            .iter()
            .flat_map(|g| &g.groups)
            .map(|g| (g.type_name.clone(), g.name.clone()))
            .collect(),
    }
}

/// The features the settings add to a client's crate (`mock` when it has a mock module;
/// `tracing` and `middleware` when it has operations).
fn optional(api: &Api, mock: bool) -> Vec<Optional> {
    let calls = !api.operations.is_empty();
    [
        (Optional::Mock, mock),
        (Optional::Tracing, api.tracing && calls),
        (Optional::Middleware, api.middleware && calls),
    ]
    .into_iter()
    .filter_map(|(feature, on)| on.then_some(feature))
    .collect()
}

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", feature = "b"))]`: compiled with any of
/// `features`; nothing when `features` is empty.
pub fn cfg_features<'a>(features: impl IntoIterator<Item = &'a str>) -> TokenStream {
    cfg_predicate(features)
        .map(|predicate| quote::quote!(#[cfg(#predicate)]))
        .unwrap_or_default()
}

/// `feature = "a"` or `any(feature = "a", feature = "b")`; `None` when `features` is empty.
pub fn cfg_predicate<'a>(features: impl IntoIterator<Item = &'a str>) -> Option<TokenStream> {
    let features: Vec<&str> = features.into_iter().collect();
    match features.as_slice() {
        [] => None,
        [one] => Some(quote::quote!(feature = #one)),
        many => Some(quote::quote!(any(#(feature = #many),*))),
    }
}

/// In a client grouped by tag, the `#[cfg]` of the type `id`: the features of the groups whose
/// operations reach it, and `unused_types` when a type no operation reaches holds it (nothing
/// when it is not grouped, or always compiled).
pub fn type_cfg(api: &Api, id: usize) -> TokenStream {
    use crate::model::Gate;
    let Some(groups) = &api.groups else {
        return TokenStream::new();
    };
    match &groups.of_type[id] {
        Gate::Always => TokenStream::new(),
        Gate::Features { groups: of, unused } => {
            let names = of.iter().map(|g| groups.groups[*g].name.as_str());
            let unused = unused.then_some(groups.unused_feature.as_deref()).flatten();
            cfg_features(names.chain(unused))
        }
    }
}

/// The `#[cfg]` of what the types whose ids `uses` selects need: the union of their features
/// (nothing when one of them is always compiled, or the client is not grouped).
pub fn types_cfg(api: &Api, uses: impl Fn(usize) -> bool) -> TokenStream {
    use crate::model::Gate;
    let Some(groups) = &api.groups else {
        return TokenStream::new();
    };
    let mut features = std::collections::BTreeSet::new();
    let mut unused = false;
    for (_, gate) in groups
        .of_type
        .iter()
        .enumerate()
        .filter(|(id, _)| uses(*id))
    {
        match gate {
            Gate::Always => return TokenStream::new(),
            Gate::Features {
                groups: of,
                unused: by_unused,
            } => {
                features.extend(of.iter().copied());
                unused |= by_unused;
            }
        }
    }
    let names = features.into_iter().map(|g| groups.groups[g].name.as_str());
    let unused = unused.then_some(groups.unused_feature.as_deref()).flatten();
    cfg_features(names.chain(unused))
}

/// `items` with `cfg` put on each item (nothing to do when `cfg` is empty). An error is a bug in
/// the templates, reported as such by formatting, which parses the same tokens.
pub fn gate_items(cfg: &TokenStream, items: TokenStream) -> TokenStream {
    if cfg.is_empty() {
        return items;
    }
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(file) => {
            let items = file.items.iter();
            quote::quote!(#(#cfg #items)*)
        }
        Err(_) => items,
    }
}
