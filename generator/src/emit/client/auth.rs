//! Credentials on the client: their fields' types, the constructor's credential, the
//! `with_<scheme>` setters of the others, and `authorize`, which adds them to a request.

use crate::emit::operations::Uses;
use crate::emit::tokens::{doc, ident};
use crate::model::{Api, AuthKind, AuthScheme};
use crate::naming::{self, reserved::Helper};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn credential_type(scheme: &AuthScheme) -> TokenStream {
    match scheme.kind {
        AuthKind::Basic => quote!((String, String)),
        _ if scheme.tokens.is_some() => quote!(Bearer),
        _ => quote!(String),
    }
}

/// Whether some scheme's tokens expire (OAuth2, OpenID Connect): its credential is then a
/// `Bearer` (`runtime/bearer.rs`), and `authorize` is async.
pub(in crate::emit) fn expiring(api: &Api) -> bool {
    api.auth.iter().any(|s| s.tokens.is_some())
}

/// The type a credential argument or setter takes: a token that may expire, or a string.
fn into_credential(scheme: &AuthScheme) -> TokenStream {
    if scheme.tokens.is_some() {
        quote!(impl Into<Bearer>)
    } else {
        quote!(impl Into<String>)
    }
}

/// `Some(&Flow { .. })`, the scheme's client-credentials flow as its `Bearer` reads it, or
/// `None`.
fn flow(scheme: &AuthScheme) -> TokenStream {
    match scheme
        .tokens
        .as_ref()
        .and_then(|t| t.client_credentials.as_ref())
    {
        Some(flow) => {
            let token_url = &flow.token_url;
            let scopes = &flow.scopes;
            quote!(Some(&TokenFlow { token_url: #token_url, scopes: &[#(#scopes),*] }))
        }
        None => quote!(None),
    }
}

/// The constructor credential: its arguments and how the field is set from them.
pub(super) fn constructor_credential(api: &Api) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for (i, scheme) in api.auth.iter().enumerate() {
        let field = ident(&scheme.field);
        if api.constructor_auth == Some(i) {
            match scheme.kind {
                AuthKind::Basic => {
                    args.push(quote!(username: impl Into<String>, password: impl Into<String>));
                    inits.push(quote!(#field: (username.into(), password.into())));
                }
                AuthKind::Bearer => {
                    let ty = into_credential(scheme);
                    args.push(quote!(token: #ty));
                    inits.push(quote!(#field: token.into()));
                }
                _ => {
                    args.push(quote!(api_key: impl Into<String>));
                    inits.push(quote!(#field: api_key.into()));
                }
            }
        } else {
            inits.push(quote!(#field: None));
        }
    }
    (args, inits)
}

/// `with_<scheme>` setters for credentials the constructor does not take.
pub(super) fn setters(api: &Api) -> TokenStream {
    let setters = api.auth.iter().enumerate().filter(|(i, _)| api.constructor_auth != Some(*i)).map(|(_, scheme)| {
        let field = ident(&scheme.field);
        let setter = ident(&naming::setter(&scheme.field));
        let text = format!(" Sends the `{}` credential with every request that accepts it.", scheme.key);
        let docs = doc(scheme.doc.as_deref());
        match scheme.kind {
            AuthKind::Basic => quote! {
                #[doc = #text]
                #[doc = ""]
                #docs
                pub fn #setter(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
                    self.#field = Some((username.into(), password.into()));
                    self
                }
            },
            _ => {
                let ty = into_credential(scheme);
                quote! {
                #[doc = #text]
                #[doc = ""]
                #docs
                pub fn #setter(mut self, value: #ty) -> Self {
                    self.#field = Some(value.into());
                    self
                }
                }
            }
        }
    });
    quote!(#(#setters)*)
}

/// Adds the configured credentials to a request.
pub(super) fn authorize(api: &Api, uses: &mut Uses) -> TokenStream {
    if !uses.authorize || api.auth.is_empty() {
        return TokenStream::new();
    }
    let count = api.auth.len();
    let cookies = api
        .auth
        .iter()
        .any(|s| matches!(s.kind, AuthKind::Cookie(_)));
    let encode_cookie = cookies.then(|| uses.helper(Helper::EncodeCookie));
    let steps = api.auth.iter().enumerate().map(|(i, scheme)| {
        let field = ident(&scheme.field);
        // `place` holds the credential; `value` is a reference to it.
        let flow = flow(scheme);
        let apply = |place: TokenStream, value: TokenStream| match &scheme.kind {
            AuthKind::Bearer if scheme.tokens.is_some() => quote!(request.header(
                reqwest::header::AUTHORIZATION,
                #place.header(self, #flow).await?
            )),
            AuthKind::Bearer => quote!(request.bearer_auth(#value)),
            AuthKind::Basic => quote!(request.basic_auth(&#place.0, Some(&#place.1))),
            AuthKind::Header(name) => quote!(secret_header(request, #name, #value)),
            AuthKind::Query(name) => quote!(request.query(&[(#name, #value)])),
            AuthKind::Cookie(name) => {
                let prefix = format!("{name}=");
                quote!(secret_header(
                    request,
                    "cookie",
                    &format!("{}{}", #prefix, #encode_cookie(#value))
                ))
            }
        };
        let expression = if api.constructor_auth == Some(i) {
            apply(quote!(self.#field), quote!(&self.#field))
        } else {
            let applied = apply(quote!(value), quote!(value));
            quote! {
                match &self.#field {
                    Some(value) => #applied,
                    None => request,
                }
            }
        };
        // The last step is the function's value; the others rebind `request`.
        if i + 1 == count && !expiring(api) {
            expression
        } else {
            quote!(let request = #expression;)
        }
    });
    let needs_sensitive = api
        .auth
        .iter()
        .any(|s| matches!(s.kind, AuthKind::Header(_) | AuthKind::Cookie(_)));
    let sensitive = needs_sensitive.then(|| {
        quote! {
            /// Adds a header whose value is hidden from `Debug` output. A value that is not a valid
            /// header makes the request fail when sent.
            fn secret_header(request: reqwest::RequestBuilder, name: &str, value: &str) -> reqwest::RequestBuilder {
                match reqwest::header::HeaderValue::from_str(value) {
                    Ok(mut header) => {
                        header.set_sensitive(true);
                        request.header(name, header)
                    }
                    Err(_) => request.header(name, value),
                }
            }
        }
    });
    if !expiring(api) {
        return quote! {
            fn authorize(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
                #sensitive
                #(#steps)*
            }
        };
    }
    let renew = renew(api);
    quote! {
        /// Adds the credentials, fetching a token when the one kept has expired.
        async fn authorize<E>(&self, request: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, Error<E>> {
            #sensitive
            #(#steps)*
            Ok(request)
        }

        #renew
    }
}

/// `renew`, which `send` calls on a `401`: a new token for the request that was sent with
/// `sent`, from the first scheme whose tokens come from a provider.
fn renew(api: &Api) -> TokenStream {
    let schemes = api
        .auth
        .iter()
        .enumerate()
        .filter(|(_, s)| s.tokens.is_some());
    let steps = schemes.map(|(i, scheme)| {
        let field = ident(&scheme.field);
        let flow = flow(scheme);
        let renewed = quote! {
            if bearer.expire(sent).await {
                return bearer.header(self, #flow).await.map(Some);
            }
        };
        if api.constructor_auth == Some(i) {
            quote! {
                let bearer = &self.#field;
                #renewed
            }
        } else {
            quote! {
                if let Some(bearer) = &self.#field {
                    #renewed
                }
            }
        }
    });
    quote! {
        /// A new token for a request the server refused, sent with `sent`: `None` when no
        /// token provider gave it.
        async fn renew<E>(&self, sent: &reqwest::header::HeaderValue) -> Result<Option<reqwest::header::HeaderValue>, Error<E>> {
            #(#steps)*
            Ok(None)
        }
    }
}
