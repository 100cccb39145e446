//! `Client::send` of a client without a retry policy, in place of the one of `client.rs`.

use super::Error;
use super::once::{Client, Received};

impl Client {
    /// Sends a request and reads the answer.
    async fn send<E>(&self, request: reqwest::RequestBuilder) -> Result<Received, Error<E>> {
        self.receive(request).await
    }
}
