//! `Client::send` and `Client::send_streamed` of a client without a retry policy, in place of
//! those of `client.rs`.

use super::Error;
use super::once::{Client, Received};

impl Client {
    /// Sends a request and reads the answer.
    async fn send<E>(&self, request: reqwest::RequestBuilder) -> Result<Received, Error<E>> {
        self.receive(request).await
    }

    /// Sends a request whose answer an `{op}_stream` reads as it arrives, the response returned
    /// unread.
    async fn send_streamed<E>(&self, request: reqwest::RequestBuilder) -> Result<reqwest::Response, Error<E>> {
        self.open_streamed(request).await
    }
}
