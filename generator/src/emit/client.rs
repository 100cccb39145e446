//! The `client` module: server choices, the `Client` with its constructors and credentials, and the
//! private helpers the operation methods share.

use super::operations::{self, Uses};
use super::tokens::{doc, doc_or, doc_paragraph, ident};
use crate::model::{Api, AuthKind, AuthScheme, ServerPart};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The items of the `client` module.
pub fn module(api: &Api) -> (TokenStream, Uses) {
    let mut uses = Uses {
        retries: api.operations.iter().any(|op| op.idempotent),
        ..Uses::default()
    };
    let methods: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|op| operations::method(api, op, &mut uses))
        .collect();
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
    let constructors = constructors(api, api.operations.iter().any(|op| op.idempotent));
    let setters = setters(api);
    let authorize = authorize(api, &uses);
    if uses.authorize
        && api
            .auth
            .iter()
            .any(|s| matches!(s.kind, AuthKind::Cookie(_)))
    {
        uses.encode_cookie = true;
    }
    let helpers = helpers(&uses);
    let types_import = (!api.types.is_empty() && uses.types).then(|| {
        quote!(
            use super::types;
        )
    });
    let error_import = (!api.operations.is_empty()).then(|| {
        quote!(
            use super::Error;
        )
    });
    let retries = api.operations.iter().any(|op| op.idempotent);
    let send = if retries {
        quote! {
            /// Sends a request and reads the answer. With a retry policy set and `retryable` (the
            /// operation is safe to repeat), a `429`, a `5xx` or a failure to connect is retried.
            async fn send<E>(&self, request: reqwest::RequestBuilder, retryable: bool) -> Result<Received, Error<E>> {
                let mut attempt = 0;
                loop {
                    let policy = self.retry.filter(|_| retryable);
                    let copy = policy.and_then(|_| request.try_clone());
                    let (Some(policy), Some(copy)) = (policy, copy) else {
                        return self.receive(request).await;
                    };
                    let outcome = self.receive::<E>(copy).await;
                    let retry_after = match &outcome {
                        Ok(received) if retry::retryable_status(received.0) => retry::retry_after(&received.1),
                        Err(Error::Transport(e)) if e.is_connect() => None,
                        _ => return outcome,
                    };
                    let Some(delay) = policy.delay(attempt, retry_after) else {
                        return outcome;
                    };
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
            }
        }
    } else {
        quote! {
            /// Sends a request and reads the answer.
            async fn send<E>(&self, request: reqwest::RequestBuilder) -> Result<Received, Error<E>> {
                self.receive(request).await
            }
        }
    };
    let retry_param = retries.then(|| quote!(retryable: bool,));
    let retry_arg = retries.then(|| quote!(retryable));
    let call = uses.call.then(|| {
        quote! {
            /// Sends a request whose success is a JSON `T`; an error status for which `documented`
            /// holds carries a JSON `E`.
            async fn call<T: serde::de::DeserializeOwned, E: serde::de::DeserializeOwned>(
                &self,
                request: reqwest::RequestBuilder,
                #retry_param
                documented: fn(u16) -> bool,
            ) -> Result<T, Error<E>> {
                let (status, _, bytes) = self.send(request, #retry_arg).await?;
                if status.is_success() {
                    return decode(status, &bytes);
                }
                let body = if documented(status.as_u16()) { Some(decode(status, &bytes)?) } else { None };
                Err(api_error(status, body, &bytes))
            }
        }
    });
    let call_empty = uses.call_empty.then(|| {
        quote! {
            /// Like `call`, for a success without a body.
            async fn call_empty<E: serde::de::DeserializeOwned>(
                &self,
                request: reqwest::RequestBuilder,
                #retry_param
                documented: fn(u16) -> bool,
            ) -> Result<(), Error<E>> {
                let (status, _, bytes) = self.send(request, #retry_arg).await?;
                if status.is_success() {
                    return Ok(());
                }
                let body = if documented(status.as_u16()) { Some(decode(status, &bytes)?) } else { None };
                Err(api_error(status, body, &bytes))
            }
        }
    });
    let calls = quote!(#call #call_empty);
    // reqwest's errors show the request's URL; an API key sent in the query must not show.
    let query_keys: Vec<&str> = api
        .auth
        .iter()
        .filter_map(|s| match &s.kind {
            AuthKind::Query(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    let (transport, redact) = if query_keys.is_empty() {
        (quote!(Error::Transport), None)
    } else {
        let redact = quote! {
            /// A transport error whose URL shows the API key as `redacted`.
            fn transport<E>(mut error: reqwest::Error) -> Error<E> {
                const KEYS: &[&str] = &[#(#query_keys),*];
                if let Some(url) = error.url_mut() {
                    if url.query_pairs().any(|(name, _)| KEYS.contains(&name.as_ref())) {
                        let pairs: Vec<(String, String)> = url
                            .query_pairs()
                            .map(|(name, value)| {
                                let value = if KEYS.contains(&name.as_ref()) {
                                    "redacted".into()
                                } else {
                                    value.into_owned()
                                };
                                (name.into_owned(), value)
                            })
                            .collect();
                        url.query_pairs_mut().clear().extend_pairs(pairs);
                    }
                }
                Error::Transport(error)
            }
        };
        (quote!(transport), Some(redact))
    };
    let request_helpers = (!api.operations.is_empty()).then(|| {
        quote! {
            fn request(&self, method: reqwest::Method, url: &str) -> reqwest::RequestBuilder {
                self.http.request(method, url).timeout(self.timeout)
            }

            #send

            #calls

            /// Sends once and reads the whole body, up to `max_body_size` bytes.
            async fn receive<E>(&self, request: reqwest::RequestBuilder) -> Result<Received, Error<E>> {
                #redact
                let mut response = request.send().await.map_err(#transport)?;
                let status = response.status();
                let limit = self.max_body_size;
                if response.content_length().is_some_and(|length| length > limit as u64) {
                    return Err(Error::BodyTooLarge { status, limit });
                }
                let headers = std::mem::take(response.headers_mut());
                let mut body = Vec::new();
                while let Some(chunk) = response.chunk().await.map_err(#transport)? {
                    if body.len() + chunk.len() > limit {
                        return Err(Error::BodyTooLarge { status, limit });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok((status, headers, body))
            }
        }
    });
    let received = (!api.operations.is_empty()).then(|| {
        quote! {
            /// A response: status, headers and the whole body.
            type Received = (reqwest::StatusCode, reqwest::header::HeaderMap, Vec<u8>);
        }
    });
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
            #retry_field
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

        #helpers
    };
    (tokens, uses)
}

fn credential_type(scheme: &AuthScheme) -> TokenStream {
    match scheme.kind {
        AuthKind::Basic => quote!((String, String)),
        _ => quote!(String),
    }
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

/// The constructor credential: its arguments and how the field is set from them.
fn constructor_credential(api: &Api) -> (Vec<TokenStream>, Vec<TokenStream>) {
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
                    args.push(quote!(token: impl Into<String>));
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

fn constructors(api: &Api, retries: bool) -> TokenStream {
    let retry_init = retries.then(|| quote!(retry: None,));
    let (auth_args, auth_inits) = constructor_credential(api);
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
        pub fn with_base_url(base_url: impl Into<String>, #(#auth_args),*) -> Self {
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
                http,
                base_url,
                timeout: Duration::from_secs(30),
                max_body_size: 64 * 1024 * 1024,
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

/// `with_<scheme>` setters for credentials the constructor does not take.
fn setters(api: &Api) -> TokenStream {
    let setters = api.auth.iter().enumerate().filter(|(i, _)| api.constructor_auth != Some(*i)).map(|(_, scheme)| {
        let field = ident(&scheme.field);
        let setter = format_ident!("with_{}", scheme.field);
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
            _ => quote! {
                #[doc = #text]
                #[doc = ""]
                #docs
                pub fn #setter(mut self, value: impl Into<String>) -> Self {
                    self.#field = Some(value.into());
                    self
                }
            },
        }
    });
    quote!(#(#setters)*)
}

/// Adds the configured credentials to a request.
fn authorize(api: &Api, uses: &Uses) -> TokenStream {
    if !uses.authorize || api.auth.is_empty() {
        return TokenStream::new();
    }
    let count = api.auth.len();
    let steps = api.auth.iter().enumerate().map(|(i, scheme)| {
        let field = ident(&scheme.field);
        // `place` holds the credential; `value` is a reference to it.
        let apply = |place: TokenStream, value: TokenStream| match &scheme.kind {
            AuthKind::Bearer => quote!(request.bearer_auth(#value)),
            AuthKind::Basic => quote!(request.basic_auth(&#place.0, Some(&#place.1))),
            AuthKind::Header(name) => quote!(secret_header(request, #name, #value)),
            AuthKind::Query(name) => quote!(request.query(&[(#name, #value)])),
            AuthKind::Cookie(name) => {
                let prefix = format!("{name}=");
                quote!(secret_header(
                    request,
                    "cookie",
                    &format!("{}{}", #prefix, encode_cookie(#value))
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
        if i + 1 == count {
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
    quote! {
        fn authorize(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
            #sensitive
            #(#steps)*
        }
    }
}

/// The private helpers the operations use.
fn helpers(uses: &Uses) -> TokenStream {
    let encode_path = uses.encode_path.then(|| {
        quote! {
            /// Percent-encodes `value` as one path segment: only unreserved characters stay as they
            /// are, so `/`, `?` and `#` cannot change the path. `.`, `..` and the empty string would
            /// change it whatever the encoding (URL parsers resolve `%2E%2E` too), so they are refused.
            fn encode_path<E>(name: &str, value: &str) -> Result<String, Error<E>> {
                if value.is_empty() || value == "." || value == ".." {
                    return Err(Error::InvalidRequest {
                        reason: format!("the path parameter `{name}` cannot be empty, `.` or `..`"),
                    });
                }
                Ok(percent_encode(value, |byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~')))
            }
        }
    });
    let encode_cookie = uses.encode_cookie.then(|| {
        quote! {
            /// Percent-encodes what a cookie value cannot hold (`;`, `,`, spaces, quotes, `\`,
            /// control and non-ASCII characters, and `%` itself), so a value is always one cookie.
            fn encode_cookie(value: &str) -> String {
                percent_encode(value, |byte| byte.is_ascii_graphic() && !matches!(byte, b'"' | b',' | b';' | b'\\' | b'%'))
            }
        }
    });
    let percent_encode = (uses.encode_path || uses.encode_cookie).then(|| {
        quote! {
            /// `value` with every byte `keep` refuses written as `%XX`.
            fn percent_encode(value: &str, keep: impl Fn(u8) -> bool) -> String {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                let mut out = String::with_capacity(value.len());
                for byte in value.bytes() {
                    if keep(byte) {
                        out.push(char::from(byte));
                    } else {
                        out.push('%');
                        out.push(char::from(HEX[usize::from(byte >> 4)]));
                        out.push(char::from(HEX[usize::from(byte & 15)]));
                    }
                }
                out
            }
        }
    });
    let param_text = uses.param_text.then(|| {
        quote! {
            /// The text of a parameter value: strings as they are, anything else as JSON.
            fn param_text<T: serde::Serialize>(value: &T) -> String {
                match serde_json::to_value(value) {
                    Ok(serde_json::Value::String(text)) => text,
                    Ok(other) => other.to_string(),
                    Err(_) => String::new(),
                }
            }
        }
    });
    let join_params = uses.join_params.then(|| {
        quote! {
            /// The items of an array parameter, joined by `separator`.
            fn join_params<T: serde::Serialize>(items: &[T], separator: &str) -> String {
                let mut out = String::new();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(separator);
                    }
                    out.push_str(&param_text(item));
                }
                out
            }
        }
    });
    let object_pairs = uses.object_pairs.then(|| {
        quote! {
            /// The query pairs of an object parameter: `name[key]=value` for `deepObject`,
            /// `key=value` for exploded `form`. Absent (`null`) properties are left out.
            fn object_pairs<T: serde::Serialize>(name: &str, value: &T, deep: bool) -> Vec<(String, String)> {
                let mut pairs = Vec::new();
                if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(value) {
                    for (key, field) in fields {
                        let text = match field {
                            serde_json::Value::Null => continue,
                            serde_json::Value::String(text) => text,
                            other => other.to_string(),
                        };
                        let key = if deep { format!("{name}[{key}]") } else { key };
                        pairs.push((key, text));
                    }
                }
                pairs
            }
        }
    });
    let header_value = uses.header_value.then(|| {
        quote! {
            /// A header value, refused (not sent) when it holds line breaks or other characters a
            /// header cannot carry. The error names the header, not the value.
            fn header_value<E>(name: &str, value: &str) -> Result<reqwest::header::HeaderValue, Error<E>> {
                reqwest::header::HeaderValue::from_str(value).map_err(|_| Error::InvalidRequest {
                    reason: format!("the value of `{name}` cannot be sent in a header (line breaks and control characters are not allowed)"),
                })
            }
        }
    });
    let read_header = uses.read_header.then(|| {
        quote! {
            /// A response header as a value; `None` when absent or not of the declared type.
            fn read_header<T: std::str::FromStr>(headers: &reqwest::header::HeaderMap, name: &str) -> Option<T> {
                headers.get(name)?.to_str().ok()?.trim().parse().ok()
            }
        }
    });
    let decode = uses.decode.then(|| {
        quote! {
            /// Parses a JSON body; a body that does not match keeps its status and text.
            fn decode<T: serde::de::DeserializeOwned, E>(status: reqwest::StatusCode, body: &[u8]) -> Result<T, Error<E>> {
                serde_json::from_slice(body).map_err(|source| Error::UnexpectedBody {
                    status,
                    text: String::from_utf8_lossy(body).into_owned(),
                    source,
                })
            }
        }
    });
    let api_error = uses.api_error.then(|| {
        quote! {
            /// The error for a status the operation does not document as a success.
            fn api_error<E>(status: reqwest::StatusCode, body: Option<E>, text: &[u8]) -> Error<E> {
                Error::Api {
                    status,
                    body,
                    text: String::from_utf8_lossy(text).into_owned(),
                }
            }
        }
    });
    quote! {
        #encode_path
        #encode_cookie
        #percent_encode
        #param_text
        #join_params
        #object_pairs
        #header_value
        #read_header
        #decode
        #api_error
    }
}
