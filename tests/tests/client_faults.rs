//! The generated clients against bad servers and bad callers.
//!
//! Every test runs the client against a real server on loopback: a tiny raw HTTP/1.1 server
//! (`RawServer`) that records the exact request line and headers it receives and answers with
//! bytes chosen by the test, malformed ones included. The flagship `cronofy_smart_invites`
//! client is used wherever it has what a test needs; the `parameters` fixture client has the
//! path, query, header and cookie parameters, and the `operations` fixture client has a POST that
//! is not safe to repeat.
//!
//! The tests are in one module per fault family (`requests`, `responses`, `timeouts_and_retries`,
//! `secrets`), the server in `server`; this file holds the client helpers they share.

mod requests;
mod responses;
mod secrets;
mod server;
mod timeouts_and_retries;

use std::time::Duration;

use clientgen_tests::fixtures::parameters;
use cronofy_smart_invites::types::{
    GetSmartInviteError, GetSmartInviteParams, SmartInviteResponse,
};
use cronofy_smart_invites::{Client, Error, RetryPolicy};
use reqwest::StatusCode;

use server::RawServer;

/// A distinctive API key, so that finding it in any output can only mean it leaked.
const KEY: &str = "sk_faults-DoNotLeak-Q8vR2mZt";

/// The largest body the size tests accept.
const MIB: usize = 1024 * 1024;

type CallResult = Result<SmartInviteResponse, Error<GetSmartInviteError>>;

fn quick_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(5),
    }
}

fn flagship(server: &RawServer) -> Client {
    Client::with_base_url(server.url(), KEY)
}

async fn get_invite(client: &Client) -> CallResult {
    client
        .get_smart_invite(&GetSmartInviteParams::new("invite-1"))
        .await
}

/// `GET /v1/smart_invites` against a server answering every request with `bytes`.
async fn get_against(bytes: Vec<u8>) -> (CallResult, RawServer) {
    let server = RawServer::always(bytes).await;
    let result = get_invite(&flagship(&server)).await;
    (result, server)
}

fn expect_unexpected_body(result: CallResult) -> (StatusCode, String) {
    match result {
        Err(Error::UnexpectedBody { status, text, .. }) => (status, text),
        other => panic!("expected Error::UnexpectedBody, got {other:?}"),
    }
}

fn expect_api_error(result: CallResult) -> (StatusCode, String) {
    match result {
        Err(Error::Api { status, text, .. }) => (status, text),
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// Parameters of `list_repos` with only the required ones set, and `X-Request-Id` as given.
/// (The one place that follows the signature of `ListReposParams::new`.)
fn list_params_with_id(x_request_id: &str) -> parameters::types::ListReposParams {
    parameters::types::ListReposParams::new(vec![1], x_request_id)
}

fn list_params() -> parameters::types::ListReposParams {
    list_params_with_id("request-1")
}

fn parameters_client(server: &RawServer) -> parameters::Client {
    parameters::Client::with_base_url(server.url())
}
