//! Requests sent through a `reqwest_middleware` stack, in a client with the setting
//! `middleware`: `Client::with_middleware` takes the stack, and `receive` sends every request
//! (after the hooks, on every attempt) through it, an empty stack around the client's
//! `reqwest::Client` unless one is given. The generator puts each item, the `Client` field and
//! the statement of `receive` that sends under `#[cfg(feature = "middleware")]` (`runtime.rs`),
//! so a crate without the feature compiles none of it. The imports serve this file's own check
//! (`check.rs`).
//!
//! rustfmt leaves this file as it is written (`check.rs`).

use super::Error;
use super::stacked::Client;

impl Client {
    /// Sends every request through `client`, a `reqwest_middleware` stack (retry, tracing,
    /// caching layers), after the hooks and the credentials; the token requests of a
    /// client-credentials flow go through its `reqwest::Client`, without the stack. A
    /// middleware's own error is `Error::Middleware`; reqwest's stay `Error::Transport`.
    pub fn with_middleware(mut self, client: reqwest_middleware::ClientWithMiddleware) -> Self {
        self.http = client.as_ref().clone();
        self.middleware = client;
        self
    }
}

/// An error of the middleware stack: reqwest's own as `transport` maps them, a middleware's as
/// `Error::Middleware`.
fn from_middleware<E>(error: reqwest_middleware::Error, transport: fn(reqwest::Error) -> Error<E>) -> Error<E> {
    match error {
        reqwest_middleware::Error::Reqwest(error) => transport(error),
        reqwest_middleware::Error::Middleware(source) => Error::Middleware { source: source.into() },
    }
}
