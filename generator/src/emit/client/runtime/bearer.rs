//! Bearer tokens that expire, for the clients whose spec has an OAuth2 or OpenID Connect scheme:
//! the credential of such a scheme is a `Bearer`, a fixed token or tokens from a provider (the
//! user's own, or the OAuth2 client-credentials grant), each kept until it expires. Emitted
//! whole into those clients: its types in the `client` module (the root re-exports the public
//! ones), `send` among the methods of `Client`, in place of the `send` of `client.rs` or
//! `send_once.rs`, which becomes `exchange` (without a retry policy, `retryable` is dropped as
//! in `client.rs`). `renew`, which knows the client's schemes, is the generator's
//! (`auth.rs`). The imports serve this file's own check (`check.rs`).
//!
//! rustfmt leaves this file as it is written (`check.rs`).

use super::Error;
use super::tokened::{Client, Received};
use std::time::Duration;

/// Why a token provider could not give a token.
pub type TokenError = Box<dyn std::error::Error + Send + Sync>;

/// What a token provider returns.
type TokenFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Result<AccessToken, TokenError>> + Send>>;

/// A bearer token, and how long it may be used. Its `Debug` output leaves the token out.
#[derive(Clone)]
pub struct AccessToken {
    secret: String,
    expires_in: Option<Duration>,
}

impl AccessToken {
    /// A token valid for `expires_in` from now (a token endpoint's `expires_in`), or until
    /// the server refuses it (`None`).
    pub fn new(secret: impl Into<String>, expires_in: Option<Duration>) -> Self {
        AccessToken {
            secret: secret.into(),
            expires_in,
        }
    }

    /// The token.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// How long the token is valid from when it was given.
    pub fn expires_in(&self) -> Option<Duration> {
        self.expires_in
    }
}

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessToken")
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// The OAuth2 client-credentials grant (RFC 6749, section 4.4): tokens fetched from the
/// scheme's `tokenUrl` (relative to the client's base URL when it is relative) with the client
/// id and secret (HTTP Basic authentication) and the scopes the spec lists for the flow.
/// Its `Debug` output leaves the secret out.
#[derive(Clone)]
pub struct ClientCredentials {
    client_id: String,
    client_secret: String,
    scopes: Option<Vec<String>>,
    token_url: Option<String>,
}

impl ClientCredentials {
    /// The grant for the client `client_id` with the secret `client_secret`.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        ClientCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scopes: None,
            token_url: None,
        }
    }

    /// Asks for `scopes` instead of every scope the spec lists for the flow.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// Fetches tokens from `url` instead of the flow's `tokenUrl` (needed for a scheme
    /// without a client-credentials flow).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// A token from the token endpoint.
    async fn fetch(&self, client: &Client, flow: Option<&TokenFlow>) -> Result<AccessToken, TokenError> {
        /// What the token endpoint answers (RFC 6749, section 5.1).
        #[derive(serde::Deserialize)]
        struct Answer {
            access_token: String,
            expires_in: Option<u64>,
        }
        let Some(token_url) = self.token_url.as_deref().or(flow.map(|f| f.token_url)) else {
            return Err("the scheme has no client-credentials flow: set `ClientCredentials::token_url`".into());
        };
        let url = reqwest::Url::parse(&format!("{}/", client.base_url))?.join(token_url)?;
        let scopes = match &self.scopes {
            Some(scopes) => scopes.join(" "),
            None => flow.map(|f| f.scopes.join(" ")).unwrap_or_default(),
        };
        let mut form = vec![("grant_type", "client_credentials")];
        if !scopes.is_empty() {
            form.push(("scope", &scopes));
        }
        let response = client
            .http
            .post(url)
            .timeout(client.timeout)
            .basic_auth(&self.client_id, Some(&self.client_secret))
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
            .send()
            .await?;
        let status = response.status();
        let body = response.bytes().await?;
        if !status.is_success() {
            let text = String::from_utf8_lossy(&body);
            return Err(format!("the token endpoint answered {status}: {text}").into());
        }
        let answer: Answer = serde_json::from_slice(&body)
            .map_err(|e| format!("the token endpoint's answer is not a token: {e}"))?;
        Ok(AccessToken::new(answer.access_token, answer.expires_in.map(Duration::from_secs)))
    }
}

impl std::fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("scopes", &self.scopes)
            .field("token_url", &self.token_url)
            .finish_non_exhaustive()
    }
}

/// A scheme's client-credentials flow, as the spec declares it.
struct TokenFlow {
    token_url: &'static str,
    scopes: &'static [&'static str],
}

/// The credential of an OAuth2 or OpenID Connect scheme: a fixed token (`Bearer::from`), or
/// tokens from a provider (`Bearer::provider`, or `ClientCredentials`). A token from a
/// provider is kept until it expires (renewed a tenth of its lifetime early, at most 30
/// seconds), and dropped when the server answers `401` to it: the request is then sent
/// again, once, with a new token. Concurrent calls wait for one fetch. Clones share the
/// token. Its `Debug` output leaves the token out.
#[derive(Clone)]
pub struct Bearer {
    source: TokenSource,
    kept: std::sync::Arc<tokio::sync::Mutex<Option<KeptToken>>>,
}

/// Where a `Bearer`'s tokens come from.
#[derive(Clone)]
enum TokenSource {
    Fixed(String),
    Provider(std::sync::Arc<dyn Fn() -> TokenFuture + Send + Sync>),
    ClientCredentials(ClientCredentials),
}

/// A token from a provider, as the header it is sent in, and until when it is used.
struct KeptToken {
    header: reqwest::header::HeaderValue,
    until: Option<std::time::Instant>,
}

impl Bearer {
    /// Tokens from `provider`, called whenever the client needs a token and has none that is
    /// still valid.
    pub fn provider<F, T>(provider: F) -> Self
    where
        F: Fn() -> T + Send + Sync + 'static,
        T: std::future::Future<Output = Result<AccessToken, TokenError>> + Send + 'static,
    {
        Bearer::of(TokenSource::Provider(std::sync::Arc::new(move || -> TokenFuture { Box::pin(provider()) })))
    }

    fn of(source: TokenSource) -> Self {
        Bearer {
            source,
            kept: std::sync::Arc::default(),
        }
    }

    /// The `Authorization` header of a request, with a token still valid; `flow` is the
    /// scheme's client-credentials flow.
    async fn header<E>(&self, client: &Client, flow: Option<&TokenFlow>) -> Result<reqwest::header::HeaderValue, Error<E>> {
        let fetch = match &self.source {
            TokenSource::Fixed(token) => return Bearer::authorization(token),
            TokenSource::Provider(provider) => TokenFetch::Provider(provider),
            TokenSource::ClientCredentials(grant) => TokenFetch::Grant(grant),
        };
        let mut kept = self.kept.lock().await;
        if let Some(token) = kept.as_ref().filter(|k| k.until.is_none_or(|until| std::time::Instant::now() < until)) {
            return Ok(token.header.clone());
        }
        let fetched = match fetch {
            TokenFetch::Provider(provider) => provider().await,
            TokenFetch::Grant(grant) => grant.fetch(client, flow).await,
        };
        let token = fetched.map_err(|source| Error::Credentials { source })?;
        let header = Bearer::authorization(token.secret())?;
        let until = token.expires_in.map(|valid| {
            std::time::Instant::now() + valid - (valid / 10).min(Duration::from_secs(30))
        });
        *kept = Some(KeptToken {
            header: header.clone(),
            until,
        });
        Ok(header)
    }

    /// The `Authorization` header of `token`, hidden from `Debug` output.
    fn authorization<E>(token: &str) -> Result<reqwest::header::HeaderValue, Error<E>> {
        let mut header = reqwest::header::HeaderValue::try_from(format!("Bearer {token}")).map_err(|_| Error::Credentials {
            source: "the token cannot be sent in a header (line breaks and control characters are not allowed)".into(),
        })?;
        header.set_sensitive(true);
        Ok(header)
    }

    /// Whether `sent` may be replaced with a new token (the tokens come from a provider); the
    /// token kept is dropped when it is `sent`, so that the next call fetches one.
    async fn expire(&self, sent: &reqwest::header::HeaderValue) -> bool {
        if matches!(self.source, TokenSource::Fixed(_)) {
            return false;
        }
        let mut kept = self.kept.lock().await;
        if kept.as_ref().is_some_and(|k| k.header == sent) {
            *kept = None;
        }
        true
    }
}

/// How a `Bearer` fetches a token, borrowed from its source.
enum TokenFetch<'a> {
    Provider(&'a std::sync::Arc<dyn Fn() -> TokenFuture + Send + Sync>),
    Grant(&'a ClientCredentials),
}

impl From<&str> for Bearer {
    fn from(token: &str) -> Self {
        Bearer::of(TokenSource::Fixed(token.to_owned()))
    }
}

impl From<&String> for Bearer {
    fn from(token: &String) -> Self {
        Bearer::of(TokenSource::Fixed(token.clone()))
    }
}

impl From<String> for Bearer {
    fn from(token: String) -> Self {
        Bearer::of(TokenSource::Fixed(token))
    }
}

impl From<ClientCredentials> for Bearer {
    fn from(grant: ClientCredentials) -> Self {
        Bearer::of(TokenSource::ClientCredentials(grant))
    }
}

impl std::fmt::Debug for Bearer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.source {
            TokenSource::Fixed(_) => f.write_str("Bearer(fixed)"),
            TokenSource::Provider(_) => f.write_str("Bearer(provider)"),
            TokenSource::ClientCredentials(grant) => f.debug_tuple("Bearer").field(grant).finish(),
        }
    }
}

impl Client {
    /// Sends a request and reads the answer (`exchange`). A `401` to a request whose token
    /// came from a provider drops that token, and the request is sent again, once, with a new
    /// one (unless its body is a stream, which cannot be sent twice).
    async fn send<E>(
        &self,
        request: reqwest::RequestBuilder,
        retryable: bool,
    ) -> Result<Received, Error<E>> {
        let copy = request.try_clone();
        let received = self.exchange(request, retryable).await?;
        if received.0 != reqwest::StatusCode::UNAUTHORIZED {
            return Ok(received);
        }
        let Some((http, Ok(mut request))) = copy.map(reqwest::RequestBuilder::build_split) else {
            return Ok(received);
        };
        let Some(sent) = request.headers().get(reqwest::header::AUTHORIZATION).cloned() else {
            return Ok(received);
        };
        let Some(fresh) = self.renew(&sent).await? else {
            return Ok(received);
        };
        request.headers_mut().insert(reqwest::header::AUTHORIZATION, fresh);
        self.exchange(reqwest::RequestBuilder::from_parts(http, request), retryable).await
    }

    /// Sends a request whose answer an `{op}_stream` reads as it arrives
    /// (`exchange_streamed`), the response returned unread; a `401` is renewed as [`send`]'s
    /// is, before any item is read.
    ///
    /// [`send`]: Client::send
    async fn send_streamed<E>(
        &self,
        request: reqwest::RequestBuilder,
        retryable: bool,
    ) -> Result<reqwest::Response, Error<E>> {
        let copy = request.try_clone();
        let response = self.exchange_streamed(request, retryable).await?;
        if response.status() != reqwest::StatusCode::UNAUTHORIZED {
            return Ok(response);
        }
        let Some((http, Ok(mut request))) = copy.map(reqwest::RequestBuilder::build_split) else {
            return Ok(response);
        };
        let Some(sent) = request.headers().get(reqwest::header::AUTHORIZATION).cloned() else {
            return Ok(response);
        };
        let Some(fresh) = self.renew(&sent).await? else {
            return Ok(response);
        };
        request.headers_mut().insert(reqwest::header::AUTHORIZATION, fresh);
        self.exchange_streamed(reqwest::RequestBuilder::from_parts(http, request), retryable).await
    }
}
