//! The `client` module: server choices, the `Client` with its constructors, and (in [`auth`]
//! and [`runtime`]) its credentials and the private helpers the operation methods share.

mod auth;
mod groups;
mod observed;
mod pages;
mod runtime;

use super::operations::{self, MethodNames, Uses};
use super::tokens::{doc, doc_or, doc_paragraph, ident};
use crate::model::{Api, AuthKind, ServerPart};
pub(super) use auth::expiring;
use auth::{authorize, constructor_credential, credential_type, setters};
pub(super) use groups::Gates;
pub(crate) use observed::{instrumented, traced};
use proc_macro2::TokenStream;
use quote::quote;

/// The public types of `runtime/bearer.rs`, which the root re-exports.
pub(super) const BEARER_EXPORTS: &[&str] =
    &["AccessToken", "Bearer", "ClientCredentials", "TokenError"];

/// The items of the `client` module.
pub fn module(api: &Api) -> (TokenStream, Uses) {
    let mut uses = Uses::default();
    uses.retries = api.retries;
    let (methods, groups, gates) = match &api.groups {
        None => {
            let methods = api
                .operations
                .iter()
                .map(|op| operations::method(api, op, &MethodNames::client(op), &mut uses))
                .collect();
            (methods, TokenStream::new(), Gates::default())
        }
        Some(groups) => {
            let (tokens, gates) = groups::modules(api, groups, &mut uses);
            (Vec::new(), tokens, gates)
        }
    };
    let server_enums = server_enums(api);
    let credential_fields = api.auth.iter().enumerate().map(|(i, scheme)| {
        let field = ident(&scheme.field);
        let value = credential_type(scheme);
        if api.constructor_auth == Some(i) {
            quote!(#field: #value,)
        } else {
            quote!(#field: Option<#value>,)
        }
    });
    let constructors = constructors(api, api.retries);
    let setters = setters(api);
    let authorize_cfg = gates.allow_unused(|u| u.authorize);
    let authorize = authorize(api, &mut uses);
    let authorize = (!authorize.is_empty()).then(|| quote!(#authorize_cfg #authorize));
    let runtime::Parts {
        received,
        methods: request_helpers,
        helpers,
        bearer,
        streams,
    } = runtime::parts(api, &uses, &gates);
    let page_helpers = pages::runtime(&uses, &gates);
    let observed = observed::functions(api);
    let observed_setters = observed::setters(api);
    let middleware_field = observed::field(api);
    let span_macro = observed::macros(api);
    let types_import = (!api.types.is_empty() && uses.types).then(|| {
        let cfg = gates.cfg(|u| u.types);
        quote!(
            #cfg
            use super::types;
        )
    });
    let error_import = (!api.operations.is_empty()).then(|| {
        quote!(
            use super::Error;
        )
    });
    let retries = api.retries;
    let retry_field = retries.then(|| quote!(retry: Option<RetryPolicy>,));
    let retry_import = retries.then(|| {
        quote!(
            use super::retry::{self, RetryPolicy};
        )
    });
    let retry_setter = retries.then(|| {
        quote! {
            /// Retries requests that are safe to repeat, as `policy` says (no retries unless set).
            pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
                self.retry = Some(policy);
                self
            }
        }
    });
    let title = format!(" A client for the {} (version {}).", api.title, api.version);
    // `Client::new()` without arguments: clippy (rightly) expects `Default` too.
    let default_impl =
        (api.server.absolute && api.server.variables.is_empty() && api.constructor_auth.is_none())
            .then(|| {
                quote! {
                    impl Default for Client {
                        fn default() -> Self {
                            Self::new()
                        }
                    }
                }
            });
    if api.operations.is_empty() {
        // No operation to call: a `Client` would be all dead fields. The server choices stay.
        return (server_enums, uses);
    }
    let tokens = quote! {
        #error_import
        #retry_import
        #types_import
        use std::time::Duration;

        #received

        /// A request hook (`Client::with_hook`).
        type RequestHook = std::sync::Arc<
            dyn Fn(&mut reqwest::Request) -> Result<(), Box<dyn std::error::Error + Send + Sync>> + Send + Sync,
        >;

        #span_macro

        #server_enums

        #[doc = #title]
        ///
        /// Cloning is cheap: clones share one connection pool.
        #[derive(Clone)]
        pub struct Client {
            http: reqwest::Client,
            base_url: String,
            timeout: Duration,
            max_body_size: usize,
            hooks: Vec<RequestHook>,
            #retry_field
            #middleware_field
            #(#credential_fields)*
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                // Credentials are left out on purpose.
                f.debug_struct("Client")
                    .field("base_url", &self.base_url)
                    .field("timeout", &self.timeout)
                    .finish_non_exhaustive()
            }
        }

        impl Client {
            #constructors
            #retry_setter
            #observed_setters
            #setters

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            #request_helpers
            #authorize

            #(#methods)*
        }

        #default_impl

        #groups

        #helpers

        #page_helpers
        #observed
        #bearer
        #streams
    };
    (tokens, uses)
}

/// One enum per server variable that lists its values.
fn server_enums(api: &Api) -> TokenStream {
    let enums = api.server.variables.iter().filter_map(|var| {
        let choices = var.choices.as_ref()?;
        let name = ident(&choices.name);
        let docs = doc_or(
            var.doc.as_deref(),
            &format!("Choices for the `{}` server variable.", var.arg),
        );
        let default = choices.default.map(|_| quote!(Default,));
        let variants = choices.variants.iter().enumerate().map(|(i, v)| {
            let variant_docs = doc(v.doc.as_deref().or(Some(&v.wire)));
            let variant = ident(&v.name);
            let is_default = (choices.default == Some(i)).then(|| quote!(#[default]));
            quote! { #variant_docs #is_default #variant, }
        });
        let arms = choices.variants.iter().map(|v| {
            let variant = ident(&v.name);
            let wire = &v.wire;
            quote!(#name::#variant => #wire,)
        });
        Some(quote! {
            #docs
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, #default)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
            }

            impl #name {
                /// The value this choice puts in the server URL.
                pub fn as_str(self) -> &'static str {
                    match self {
                        #(#arms)*
                    }
                }
            }
        })
    });
    quote!(#(#enums)*)
}

fn constructors(api: &Api, retries: bool) -> TokenStream {
    let retry_init = retries.then(|| quote!(retry: None,));
    let (auth_args, auth_inits) = constructor_credential(api);
    let middleware_init = observed::field_init(api);
    let forward: Vec<TokenStream> = api
        .auth
        .iter()
        .enumerate()
        .filter(|(i, _)| api.constructor_auth == Some(*i))
        .flat_map(|(_, s)| match s.kind {
            AuthKind::Basic => vec![quote!(username), quote!(password)],
            AuthKind::Bearer => vec![quote!(token)],
            _ => vec![quote!(api_key)],
        })
        .collect();
    let credential_doc = match api.constructor_auth.map(|i| &api.auth[i]) {
        Some(scheme) => {
            let text = format!(" The credential is the `{}` security scheme.", scheme.key);
            let described = doc_paragraph(scheme.doc.as_deref());
            quote!(#[doc = ""] #[doc = #text] #described)
        }
        None => TokenStream::new(),
    };
    let new = api.server.absolute.then(|| {
        let mut format_text = String::new();
        let mut format_args = Vec::new();
        for part in &api.server.parts {
            match part {
                ServerPart::Literal(text) => {
                    format_text.push_str(&text.replace('{', "{{").replace('}', "}}"))
                }
                ServerPart::Variable(i) => {
                    format_text.push_str("{}");
                    let var = &api.server.variables[*i];
                    let arg = ident(&var.arg);
                    format_args.push(if var.choices.is_some() {
                        quote!(#arg.as_str())
                    } else {
                        quote!(#arg)
                    });
                }
            }
        }
        let var_args = api.server.variables.iter().map(|var| {
            let arg = ident(&var.arg);
            match &var.choices {
                Some(choices) => {
                    let ty = ident(&choices.name);
                    quote!(#arg: #ty)
                }
                None => quote!(#arg: &str),
            }
        });
        let url = if format_args.is_empty() {
            quote!(#format_text)
        } else {
            quote!(format!(#format_text, #(#format_args),*))
        };
        let server_doc = format!(" A client for the server `{}`.", server_template(api));
        let server_description = doc_paragraph(api.server.doc.as_deref());
        quote! {
            #[doc = #server_doc]
            #server_description
            #credential_doc
            pub fn new(#(#var_args,)* #(#auth_args),*) -> Self {
                Self::with_base_url(#url, #(#forward),*)
            }
        }
    });
    let constants = api.server.constants.iter().map(|c| {
        let name = ident(&c.name);
        let url = &c.url;
        let summary = format!(" The server `{url}`, for [`Client::with_base_url`].");
        let described = doc_paragraph(c.doc.as_deref());
        quote! {
            #[doc = #summary]
            #described
            pub const #name: &str = #url;
        }
    });
    quote! {
        #(#constants)*

        #new

        /// A client for any base URL (a test server, a proxy), such as `https://example.com/api`.
        #credential_doc
        // The feature `rustls-ring` of a generated crate; a build script's including crate
        // may not declare it.
        #[allow(unexpected_cfgs)]
        pub fn with_base_url(base_url: impl Into<String>, #(#auth_args),*) -> Self {
            // reqwest's `rustls-no-provider` needs a process-wide provider; an error means
            // one is installed already, which reqwest then uses.
            #[cfg(feature = "rustls-ring")]
            let _ = rustls::crypto::ring::default_provider().install_default();
            // No `Referer`: it would carry this request's URL, query included, to wherever a
            // redirect leads.
            let http = reqwest::Client::builder().referer(false).build().unwrap_or_default();
            Self::with_http_client(http, base_url, #(#forward),*)
        }

        /// A client that sends requests through `http`, for custom TLS, proxies or connection
        /// settings.
        pub fn with_http_client(http: reqwest::Client, base_url: impl Into<String>, #(#auth_args),*) -> Self {
            let mut base_url = base_url.into();
            while base_url.ends_with('/') {
                base_url.pop();
            }
            Self {
                #middleware_init
                http,
                base_url,
                timeout: Duration::from_secs(30),
                max_body_size: 64 * 1024 * 1024,
                hooks: Vec::new(),
                #retry_init
                #(#auth_inits,)*
            }
        }

        /// Sets how long a request may take in all, from connecting to reading the whole body
        /// (30 seconds unless set).
        pub fn with_timeout(mut self, timeout: Duration) -> Self {
            self.timeout = timeout;
            self
        }

        /// Sets the largest response body read, in bytes (64 MiB unless set); a larger one
        /// gives `Error::BodyTooLarge`.
        pub fn with_max_body_size(mut self, bytes: usize) -> Self {
            self.max_body_size = bytes;
            self
        }

        /// Calls `hook` on every request just before it is sent (after the credentials, in the
        /// order the hooks were added, again on each retry), to add a header, sign or log it.
        /// An error it returns is `Error::Hook`, and the request is not sent.
        pub fn with_hook<F>(mut self, hook: F) -> Self
        where
            F: Fn(&mut reqwest::Request) -> Result<(), Box<dyn std::error::Error + Send + Sync>> + Send + Sync + 'static,
        {
            self.hooks.push(std::sync::Arc::new(hook));
            self
        }
    }
}

fn server_template(api: &Api) -> String {
    let mut out = String::new();
    for part in &api.server.parts {
        match part {
            ServerPart::Literal(t) => out.push_str(t),
            ServerPart::Variable(i) => {
                out.push('{');
                out.push_str(&api.server.variables[*i].arg);
                out.push('}');
            }
        }
    }
    out
}
