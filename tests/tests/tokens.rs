//! Bearer tokens that expire (`runtime/bearer.rs`), against servers on loopback: the
//! `client_credentials` fixture client (one OAuth2 scheme with a client-credentials flow whose
//! `tokenUrl` is `/oauth/token`, relative to the server) with a fixed token, with a token
//! provider (kept until it expires, renewed once on a `401`, fetched once for concurrent calls)
//! and with the client-credentials grant against the server's own token endpoint; and what
//! `Debug` output and errors show of the secrets (nothing).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::support::recorder::{Answer, Recorder, Seen};
use clientgen_tests::fixtures::client_credentials::{
    AccessToken, Bearer, Client, ClientCredentials, Error, TokenError,
};

/// A distinctive client secret, so that finding it in any output can only mean it leaked.
const SECRET: &str = "cs-DoNotLeak-7fQ2";

/// `200` with a widget.
const WIDGET: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{\"name\":\"bolt\"}";

/// `401` without a body.
const UNAUTHORIZED: &[u8] =
    b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

/// A server that answers `401` to a request carrying `Authorization: Bearer <refused>` (any
/// of them), and a widget to the others.
async fn server(refused: &'static [&'static str]) -> Recorder {
    Recorder::answering(answer(move |seen| {
        let authorization = seen.header_values("authorization").join(",");
        if refused
            .iter()
            .any(|token| authorization == format!("Bearer {token}"))
        {
            UNAUTHORIZED.to_vec()
        } else {
            WIDGET.to_vec()
        }
    }))
    .await
}

/// An `Answer` computed at once from the request.
fn answer(f: impl Fn(Seen) -> Vec<u8> + Send + Sync + 'static) -> Answer {
    let f = Arc::new(f);
    Arc::new(move |seen| {
        let f = Arc::clone(&f);
        Box::pin(async move { f(seen) })
    })
}

/// A provider that counts its calls and gives `t1`, `t2`, ... valid for `expires_in`, after
/// `delay`.
fn counting(expires_in: Option<Duration>, delay: Duration) -> (Bearer, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let bearer = Bearer::provider(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move {
            tokio::time::sleep(delay).await;
            Ok::<_, TokenError>(AccessToken::new(format!("t{n}"), expires_in))
        }
    });
    (bearer, calls)
}

/// The `Authorization` header of each request, in order.
fn authorizations(seen: &[Seen]) -> Vec<String> {
    seen.iter()
        .map(|s| s.header_values("authorization").join(","))
        .collect()
}

#[tokio::test]
async fn a_fixed_token_is_sent_as_before() {
    let server = server(&[]).await;
    let client = Client::with_base_url(server.url(), "fixed-token");
    let widget = client.get_widget("1").await.expect("the call succeeds");
    assert_eq!(widget.name, "bolt");
    assert_eq!(authorizations(&server.take()), ["Bearer fixed-token"]);
}

#[tokio::test]
async fn a_refused_fixed_token_is_not_sent_again() {
    let server = server(&["fixed-token"]).await;
    let client = Client::with_base_url(server.url(), "fixed-token");
    let error = client.get_widget("1").await.expect_err("401");
    assert_eq!(error.status(), Some(reqwest::StatusCode::UNAUTHORIZED));
    assert_eq!(server.take().len(), 1);
}

#[tokio::test]
async fn a_provider_token_is_kept_until_it_expires() {
    let server = server(&[]).await;
    let (bearer, calls) = counting(Some(Duration::from_millis(400)), Duration::ZERO);
    let client = Client::with_base_url(server.url(), bearer);
    client.get_widget("1").await.expect("first call");
    client.get_widget("2").await.expect("second call");
    assert_eq!(calls.load(Ordering::SeqCst), 1, "one token for both calls");
    // Renewed a tenth of its lifetime early: after 360 ms.
    tokio::time::sleep(Duration::from_millis(500)).await;
    client.get_widget("3").await.expect("third call");
    assert_eq!(calls.load(Ordering::SeqCst), 2, "a new token once expired");
    assert_eq!(
        authorizations(&server.take()),
        ["Bearer t1", "Bearer t1", "Bearer t2"]
    );
}

#[tokio::test]
async fn a_refused_provider_token_is_renewed_once() {
    let server = server(&["t1"]).await;
    let (bearer, calls) = counting(None, Duration::ZERO);
    let client = Client::with_base_url(server.url(), bearer);
    let widget = client
        .get_widget("1")
        .await
        .expect("the call succeeds with t2");
    assert_eq!(widget.name, "bolt");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let seen = server.take();
    assert_eq!(authorizations(&seen), ["Bearer t1", "Bearer t2"]);
    assert_eq!(seen[0].line, seen[1].line);
    // The new token is kept.
    client.get_widget("2").await.expect("the next call");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(authorizations(&server.take()), ["Bearer t2"]);
}

/// `200` with two events.
const EVENTS: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 45\r\nConnection: close\r\n\r\ndata: {\"name\":\"bolt\"}\n\ndata: {\"name\":\"nut\"}\n\n";

#[tokio::test]
async fn a_refused_token_is_renewed_once_for_an_event_stream() {
    use futures_util::StreamExt as _;
    let server = Recorder::answering(answer(|seen| {
        if seen.header_values("authorization").join(",") == "Bearer t1" {
            UNAUTHORIZED.to_vec()
        } else {
            EVENTS.to_vec()
        }
    }))
    .await;
    let (bearer, calls) = counting(None, Duration::ZERO);
    let client = Client::with_base_url(server.url(), bearer);
    let names: Vec<String> = client
        .watch_widget_stream("1")
        .map(|event| event.expect("an event after the renewal").name)
        .collect()
        .await;
    assert_eq!(names, ["bolt", "nut"]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let seen = server.take();
    assert_eq!(authorizations(&seen), ["Bearer t1", "Bearer t2"]);
    assert_eq!(seen[0].line, seen[1].line);
}

#[tokio::test]
async fn a_request_refused_twice_gives_the_401_to_the_caller() {
    let server = server(&["t1", "t2", "t3"]).await;
    let (bearer, calls) = counting(None, Duration::ZERO);
    let client = Client::with_base_url(server.url(), bearer);
    let error = client.get_widget("1").await.expect_err("401 twice");
    assert!(
        matches!(error, Error::Api { status, .. } if status == reqwest::StatusCode::UNAUTHORIZED),
        "{error:?}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2, "renewed once, not twice");
    assert_eq!(authorizations(&server.take()), ["Bearer t1", "Bearer t2"]);
}

#[tokio::test]
async fn a_body_is_sent_again_with_the_new_token() {
    let server = Recorder::answering(answer(|seen| {
        if seen.header_values("authorization") == ["Bearer t1"] {
            UNAUTHORIZED.to_vec()
        } else {
            b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
        }
    }))
    .await;
    let (bearer, _) = counting(None, Duration::ZERO);
    let client = Client::with_base_url(server.url(), bearer);
    let body = clientgen_tests::fixtures::client_credentials::types::PutWidgetRequest::new("nut");
    client.put_widget("1", &body).await.expect("stored");
    let seen = server.take();
    assert_eq!(authorizations(&seen), ["Bearer t1", "Bearer t2"]);
    assert_eq!(seen[0].body, br#"{"name":"nut"}"#);
    assert_eq!(seen[1].body, seen[0].body);
}

#[tokio::test]
async fn concurrent_calls_fetch_one_token() {
    let server = server(&[]).await;
    let (bearer, calls) = counting(None, Duration::from_millis(200));
    let client = Client::with_base_url(server.url(), bearer);
    let calls_made: Vec<_> = (0..8)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move { client.get_widget(&i.to_string()).await })
        })
        .collect();
    for call in calls_made {
        call.await
            .expect("the task ends")
            .expect("the call succeeds");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(authorizations(&server.take()), vec!["Bearer t1"; 8]);
}

/// A server with a token endpoint at `/oauth/token` giving `cc-1`, `cc-2`, ... (valid an hour)
/// to the client `app` with the secret [`SECRET`], and widgets to requests with a token it gave.
async fn with_token_endpoint() -> Recorder {
    let issued = Arc::new(AtomicUsize::new(0));
    Recorder::answering(answer(move |seen| {
        if seen.path() == "/oauth/token" {
            let expected = format!(
                "Basic {}",
                base64_of(&format!("app:{SECRET}"))
            );
            if seen.header_values("authorization") != [expected.as_str()] {
                let body = r#"{"error":"invalid_client"}"#;
                return format!("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).into_bytes();
            }
            let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
            let body = format!(
                r#"{{"access_token":"cc-{n}","token_type":"Bearer","expires_in":3600}}"#
            );
            return format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).into_bytes();
        }
        let authorization = seen.header_values("authorization").join(",");
        let given = issued.load(Ordering::SeqCst);
        if (1..=given).any(|n| authorization == format!("Bearer cc-{n}")) {
            WIDGET.to_vec()
        } else {
            UNAUTHORIZED.to_vec()
        }
    }))
    .await
}

/// Standard base64 with padding, as HTTP Basic authentication writes credentials.
fn base64_of(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

#[tokio::test]
async fn the_client_credentials_grant_fetches_from_the_flows_token_url() {
    let server = with_token_endpoint().await;
    let client = Client::with_base_url(server.url(), ClientCredentials::new("app", SECRET));
    client.get_widget("1").await.expect("first call");
    client.get_widget("2").await.expect("second call");
    let seen = server.take();
    assert_eq!(seen.len(), 3, "{seen:#?}");
    let token = &seen[0];
    assert_eq!(token.line, "POST /oauth/token HTTP/1.1");
    assert_eq!(
        token.header_values("content-type"),
        ["application/x-www-form-urlencoded"]
    );
    assert_eq!(token.header_values("accept"), ["application/json"]);
    assert_eq!(
        String::from_utf8_lossy(&token.body),
        "grant_type=client_credentials&scope=widgets.read+widgets.write"
    );
    assert_eq!(seen[1].path(), "/widgets/1");
    assert_eq!(authorizations(&seen[1..]), ["Bearer cc-1", "Bearer cc-1"]);
}

#[tokio::test]
async fn the_grant_asks_for_the_scopes_and_url_it_is_given() {
    let server = with_token_endpoint().await;
    let grant = ClientCredentials::new("app", SECRET)
        .scopes(["widgets.read"])
        .token_url(format!("{}/oauth/token?tenant=a", server.url()));
    let client = Client::with_base_url(server.url(), grant);
    client.get_widget("1").await.expect("the call succeeds");
    let seen = server.take();
    assert_eq!(seen[0].target(), "/oauth/token?tenant=a");
    assert_eq!(
        String::from_utf8_lossy(&seen[0].body),
        "grant_type=client_credentials&scope=widgets.read"
    );
}

#[tokio::test]
async fn secrets_never_show_in_debug_output_or_errors() {
    let server = with_token_endpoint().await;
    // A wrong secret: the token endpoint refuses it.
    let wrong = format!("{SECRET}-wrong");
    let grant = ClientCredentials::new("app", wrong.as_str());
    let client = Client::with_base_url(server.url(), grant.clone());
    let error = client.get_widget("1").await.expect_err("no token");
    assert!(matches!(error, Error::Credentials { .. }), "{error:?}");
    assert_eq!(error.status(), None);
    let shown = [
        format!("{error}"),
        format!("{error:?}"),
        format!("{:?}", std::error::Error::source(&error)),
        format!("{client:?}"),
        format!("{grant:?}"),
        format!("{:?}", Bearer::from(grant)),
    ];
    for text in &shown {
        assert!(!text.contains(SECRET), "{text}");
    }
    assert!(shown[0].contains("401"), "{}", shown[0]);
    assert!(
        shown[4].contains("app"),
        "the client id shows: {}",
        shown[4]
    );
    // Tokens stay out of `Debug` output too.
    let token = AccessToken::new("tok-DoNotLeak", Some(Duration::from_secs(60)));
    assert_eq!(token.secret(), "tok-DoNotLeak");
    for text in [
        format!("{token:?}"),
        format!("{:?}", Bearer::from("tok-DoNotLeak")),
        format!("{:?}", Client::with_base_url(server.url(), "tok-DoNotLeak")),
    ] {
        assert!(!text.contains("DoNotLeak"), "{text}");
    }
}

#[tokio::test]
async fn a_provider_error_is_the_callers_error() {
    let server = server(&[]).await;
    let bearer =
        Bearer::provider(|| async { Err::<AccessToken, TokenError>("the vault is sealed".into()) });
    let client = Client::with_base_url(server.url(), bearer);
    let error = client.get_widget("1").await.expect_err("no token");
    assert_eq!(
        error.to_string(),
        "could not get a token: the vault is sealed"
    );
    assert!(server.take().is_empty(), "nothing is sent without a token");
}
