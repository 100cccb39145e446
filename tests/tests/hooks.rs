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

/// The `observed` fixture's answers to `_stream` requests: the readings of a gauge as events,
/// and the gauges in two pages, the first naming the second in its `Link` header.
fn observed_answers() -> crate::support::recorder::Answer {
    Arc::new(|seen| {
        Box::pin(async move {
            let response = if seen.path().ends_with("/readings") {
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n\
                 data: {\"label\":\"boiler\",\"reading\":71.5}\n\n\
                 data: {\"label\":\"boiler\",\"reading\":72}\n\n"
                    .to_string()
            } else if seen.query().contains("page=2") {
                let body = r#"[{"label":"cellar","reading":12}]"#;
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                )
            } else {
                let body = r#"[{"label":"boiler","reading":71.5}]"#;
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLink: </gauges?page=2>; rel=\"next\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                )
            };
            response.into_bytes()
        })
    })
}

/// A client of the `observed` fixture whose hook stamps each request with its number.
fn stamping(
    server: &Recorder,
    count: &Arc<AtomicUsize>,
) -> clientgen_tests::fixtures::observed::Client {
    let count = Arc::clone(count);
    clientgen_tests::fixtures::observed::Client::with_base_url(server.url(), "k").with_hook(
        move |request| {
            let n = count.fetch_add(1, Ordering::SeqCst) + 1;
            let keyed = request.url().query().is_some_and(|q| q.contains("key=k"));
            request
                .headers_mut()
                .insert("x-hook", format!("{n} key={keyed}").parse()?);
            Ok(())
        },
    )
}

#[tokio::test]
async fn a_hook_runs_on_the_request_of_an_event_stream() {
    use futures_util::StreamExt;
    let server = Recorder::answering(observed_answers()).await;
    let count = Arc::new(AtomicUsize::new(0));
    let client = stamping(&server, &count);
    let readings: Vec<f64> = client
        .watch_gauge_stream("g-1")
        .map(|gauge| gauge.expect("a reading").reading)
        .collect()
        .await;
    assert_eq!(readings, [71.5, 72.0]);
    let seen = server.take();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path(), "/gauges/g-1/readings");
    // After the credentials, as on every other request.
    assert_eq!(seen[0].header_values("x-hook"), ["1 key=true"]);
    assert_eq!(seen[0].header_values("accept"), ["text/event-stream"]);
}

#[tokio::test]
async fn a_hook_runs_on_every_page_request() {
    use futures_util::StreamExt;
    let server = Recorder::answering(observed_answers()).await;
    let count = Arc::new(AtomicUsize::new(0));
    let client = stamping(&server, &count);
    let labels: Vec<String> = client
        .list_gauges_stream()
        .map(|gauge| gauge.expect("a gauge").label)
        .collect()
        .await;
    assert_eq!(labels, ["boiler", "cellar"]);
    let seen = server.take();
    let stamps: Vec<Vec<&str>> = seen.iter().map(|s| s.header_values("x-hook")).collect();
    assert_eq!(stamps, [["1 key=true"], ["2 key=true"]]);
    assert!(seen[1].query().contains("page=2"), "{}", seen[1].target());
}

#[tokio::test]
async fn a_failing_hook_stops_an_event_stream_before_it_is_sent() {
    use futures_util::StreamExt;
    let server = Recorder::answering(observed_answers()).await;
    let client = clientgen_tests::fixtures::observed::Client::with_base_url(server.url(), "k")
        .with_hook(|_| Err("no signing key".into()));
    let items: Vec<_> = client.watch_gauge_stream("g-1").collect().await;
    assert_eq!(items.len(), 1);
    let error = items
        .into_iter()
        .next()
        .unwrap()
        .expect_err("the hook fails");
    assert!(
        matches!(
            error,
            clientgen_tests::fixtures::observed::Error::Hook { .. }
        ),
        "{error:?}"
    );
    assert!(server.take().is_empty(), "nothing is sent");
}

#[tokio::test]
async fn an_event_stream_is_retried_as_its_method_would_be_before_it_starts() {
    use futures_util::StreamExt;
    let answers = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&answers);
    let readings = observed_answers();
    let server = Recorder::answering(Arc::new(move |seen| {
        let n = counted.fetch_add(1, Ordering::SeqCst);
        if n == 0 {
            Box::pin(async move { UNAVAILABLE.to_vec() })
        } else {
            readings(seen)
        }
    }))
    .await;
    let count = Arc::new(AtomicUsize::new(0));
    let policy = clientgen_tests::fixtures::observed::RetryPolicy {
        initial_backoff: std::time::Duration::from_millis(1),
        max_backoff: std::time::Duration::from_millis(2),
        ..Default::default()
    };
    let client = stamping(&server, &count).with_retry(policy);
    let got: Vec<f64> = client
        .watch_gauge_stream("g-1")
        .map(|gauge| gauge.expect("a reading").reading)
        .collect()
        .await;
    assert_eq!(got, [71.5, 72.0], "the second attempt starts the stream");
    let seen = server.take();
    let stamps: Vec<Vec<&str>> = seen.iter().map(|s| s.header_values("x-hook")).collect();
    assert_eq!(
        stamps,
        [["1 key=true"], ["2 key=true"]],
        "the hooks run on each attempt"
    );
    // Without a policy, the 503 is the stream's one error.
    answers.store(0, Ordering::SeqCst);
    let client = stamping(&server, &count);
    let items: Vec<_> = client.watch_gauge_stream("g-1").collect().await;
    assert_eq!(items.len(), 1);
    let error = items.into_iter().next().unwrap().expect_err("503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
}
