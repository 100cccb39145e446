//! Request hooks (`Client::with_hook`), against servers on loopback: a hook's header reaches the
//! server with the request it was added to, hooks run in order after the credentials are added,
//! again on every attempt, and a hook that fails stops the request before it is sent.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::support::recorder::Recorder;
use clientgen_tests::fixtures::client_credentials;
use cronofy_smart_invites::types::GetSmartInviteParams;
use cronofy_smart_invites::{Client, DataCenter, Error, RetryPolicy};

/// `200` with an invite.
const INVITE: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";

/// `503`, which a retry policy retries.
const UNAVAILABLE: &[u8] =
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

#[tokio::test]
async fn a_hooks_header_is_seen_by_the_server() {
    let server = Recorder::start(INVITE).await;
    let client = Client::with_base_url(server.url(), "key")
        .with_hook(|request| {
            // A signature of what is sent: the method and the path.
            let signed = format!("{} {}", request.method(), request.url().path());
            request.headers_mut().insert("x-signature", signed.parse()?);
            Ok(())
        })
        .with_hook(|request| {
            // Hooks run in order, after the credentials.
            let first = request.headers().get("x-signature").cloned();
            let authorized = request.headers().contains_key("authorization");
            request.headers_mut().insert(
                "x-seen",
                format!("{} {authorized}", first.is_some()).parse()?,
            );
            Ok(())
        });
    client
        .get_smart_invite(&GetSmartInviteParams::new("a"))
        .await
        .expect("the call succeeds");
    let seen = server.take();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].header_values("x-signature"),
        ["GET /v1/smart_invites"]
    );
    assert_eq!(seen[0].header_values("x-seen"), ["true true"]);
    assert_eq!(seen[0].header_values("authorization"), ["Bearer key"]);
}

#[tokio::test]
async fn hooks_run_on_every_attempt() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let answered = Arc::clone(&attempts);
    let server = Recorder::answering(Arc::new(move |_| {
        let n = answered.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move { if n == 0 { UNAVAILABLE } else { INVITE }.to_vec() })
    }))
    .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&calls);
    let client = Client::with_base_url(server.url(), "key")
        .with_retry(RetryPolicy::default())
        .with_hook(move |request| {
            let n = counted.fetch_add(1, Ordering::SeqCst) + 1;
            request
                .headers_mut()
                .insert("x-attempt", n.to_string().parse()?);
            Ok(())
        });
    client
        .get_smart_invite(&GetSmartInviteParams::new("a"))
        .await
        .expect("the retry succeeds");
    let seen = server.take();
    let attempts: Vec<&str> = seen
        .iter()
        .flat_map(|s| s.header_values("x-attempt"))
        .collect();
    assert_eq!(attempts, ["1", "2"]);
}

#[tokio::test]
async fn a_failing_hook_stops_the_request() {
    let server = Recorder::start(INVITE).await;
    let client = Client::with_base_url(server.url(), "key")
        .with_hook(|_| Err("the signing key is not loaded".into()));
    let error = client
        .get_smart_invite(&GetSmartInviteParams::new("a"))
        .await
        .expect_err("the hook fails");
    assert!(matches!(error, Error::Hook { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "a request hook failed: the signing key is not loaded"
    );
    assert_eq!(error.status(), None);
    assert!(server.take().is_empty(), "nothing is sent");
    // The constructor's server choices are untouched by hooks.
    let _ = Client::new(DataCenter::Uk, "key").with_hook(|_| Ok(()));
}

#[tokio::test]
async fn a_hook_sees_the_token_marked_sensitive() {
    let server = Recorder::start(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{\"name\":\"bolt\"}",
    )
    .await;
    let client =
        client_credentials::Client::with_base_url(server.url(), "fixed").with_hook(|request| {
            let token = request.headers().get("authorization").cloned();
            assert!(
                token.is_some_and(|t| t.is_sensitive()),
                "the token is marked sensitive"
            );
            Ok(())
        });
    client.get_widget("1").await.expect("the call succeeds");
    assert_eq!(server.take().len(), 1);
}
