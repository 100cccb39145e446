//! Servers that never answer or stop half-way, and the retry policy against 429 and 503.

use std::time::{Duration, Instant};

use clientgen_tests::fixtures::operations;
use cronofy_smart_invites::types::{SmartInviteMethod, SmartInviteRequest};
use cronofy_smart_invites::{Error, RetryPolicy};
use reqwest::StatusCode;

use super::server::{RawServer, Reply, cut_short, json, response};
use super::{expect_api_error, flagship, get_invite, quick_retries};

// 5. Timeouts.

#[tokio::test]
async fn server_that_never_answers_times_out() {
    let server = RawServer::start(|_| Reply::SendThenHang(Vec::new())).await;
    let client = flagship(&server).with_timeout(Duration::from_millis(200));
    let started = Instant::now();
    let result = get_invite(&client).await;
    let elapsed = started.elapsed();
    match &result {
        Err(Error::Transport(e)) => assert!(e.is_timeout(), "not a timeout: {e:?}"),
        other => panic!("expected a Transport timeout, got {other:?}"),
    }
    assert!(elapsed >= Duration::from_millis(150), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn server_that_stops_in_the_middle_of_the_body_times_out() {
    let head = cut_short(
        200,
        &[("Content-Type", "application/json")],
        100,
        b"{\"smart_invite_id\":",
    );
    let server = RawServer::start(move |_| Reply::SendThenHang(head.clone())).await;
    let client = flagship(&server).with_timeout(Duration::from_millis(200));
    let started = Instant::now();
    let result = get_invite(&client).await;
    let elapsed = started.elapsed();
    match &result {
        Err(Error::Transport(e)) => assert!(e.is_timeout(), "not a timeout: {e:?}"),
        other => panic!("expected a Transport timeout, got {other:?}"),
    }
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

// 6. Retries.

#[tokio::test]
async fn retries_503_then_succeeds_after_exactly_three_requests() {
    let server = RawServer::start(|i| {
        Reply::Send(if i < 2 {
            json(503, "")
        } else {
            json(200, r#"{"smart_invite_id": "invite-1"}"#)
        })
    })
    .await;
    let client = flagship(&server).with_retry(quick_retries(3));
    let started = Instant::now();
    let invite = get_invite(&client)
        .await
        .expect("the third attempt succeeds");
    assert_eq!(invite.smart_invite_id.as_deref(), Some("invite-1"));
    assert_eq!(server.requests().len(), 3);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    // Every attempt is the same request.
    let requests = server.requests();
    assert!(requests.iter().all(|r| r.line == requests[0].line));
}

#[tokio::test]
async fn idempotent_post_is_retried_with_the_same_body() {
    let server = RawServer::start(|i| {
        Reply::Send(if i < 1 {
            json(503, "")
        } else {
            json(200, r#"{"smart_invite_id": "invite-1"}"#)
        })
    })
    .await;
    let client = flagship(&server).with_retry(quick_retries(3));
    let request = SmartInviteRequest::new("invite-1").method(SmartInviteMethod::Cancel);
    client
        .upsert_smart_invite(&request)
        .await
        .expect("the second attempt succeeds");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(
        requests[1].body,
        br#"{"method":"cancel","smart_invite_id":"invite-1"}"#
    );
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = RawServer::start(|i| {
        Reply::Send(if i < 1 {
            response(429, &[("Retry-After", "1")], b"")
        } else {
            json(200, "{}")
        })
    })
    .await;
    let client = flagship(&server).with_retry(quick_retries(3));
    let started = Instant::now();
    get_invite(&client).await.expect("the retry succeeds");
    let elapsed = started.elapsed();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(4), "{elapsed:?}");
    let gap = requests[1].at - requests[0].at;
    assert!(gap >= Duration::from_millis(900), "{gap:?}");
}

#[tokio::test]
async fn retry_after_above_the_maximum_returns_the_429_at_once() {
    let server = RawServer::always(response(429, &[("Retry-After", "120")], b"slow down")).await;
    let policy = RetryPolicy {
        max_retry_after: Duration::from_secs(1),
        ..quick_retries(3)
    };
    let client = flagship(&server).with_retry(policy);
    let started = Instant::now();
    let (status, text) = expect_api_error(get_invite(&client).await);
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(text, "slow down");
    assert_eq!(server.requests().len(), 1);
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn exhausted_retries_return_the_last_503() {
    for max_retries in [0, 1, 2] {
        let server = RawServer::start(|i| Reply::Send(json(503, &format!("attempt {i}")))).await;
        let client = flagship(&server).with_retry(quick_retries(max_retries));
        let (status, text) = expect_api_error(get_invite(&client).await);
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(text, format!("attempt {max_retries}"));
        assert_eq!(server.requests().len(), max_retries as usize + 1);
    }
}

#[tokio::test]
async fn without_a_retry_policy_a_503_is_returned_after_one_request() {
    let server = RawServer::always(json(503, "down")).await;
    let (status, text) = expect_api_error(get_invite(&flagship(&server)).await);
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(text, "down");
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn non_idempotent_post_is_sent_once_even_with_a_retry_policy() {
    let server = RawServer::always(json(503, "")).await;
    let client =
        operations::Client::with_base_url(server.url()).with_retry(operations::RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(20),
            max_retry_after: Duration::from_secs(5),
        });
    let item = operations::types::Item::new("once");
    let result = client.create_item(&item).await;
    match result {
        Err(operations::Error::Api { status, .. }) => {
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE)
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let request = server.only_request();
    assert!(request.line.starts_with("POST /items "), "{}", request.line);

    // The same client does retry a GET, so the policy is in effect.
    let server = RawServer::always(json(503, "")).await;
    let client =
        operations::Client::with_base_url(server.url()).with_retry(operations::RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(20),
            max_retry_after: Duration::from_secs(5),
        });
    assert!(client.get_item(1).await.is_err());
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn client_errors_other_than_429_are_not_retried() {
    for status in [400, 401, 403, 404, 409, 422] {
        let body = if status == 422 {
            r#"{"errors": {}}"#
        } else {
            "no"
        };
        let server = RawServer::always(json(status, body)).await;
        let client = flagship(&server).with_retry(quick_retries(3));
        let (got, text) = expect_api_error(get_invite(&client).await);
        assert_eq!(got.as_u16(), status);
        assert_eq!(text, body);
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(server.requests().len(), 1, "status {status}");
    }
}
