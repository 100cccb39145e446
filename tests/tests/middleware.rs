//! A `reqwest_middleware` stack (the setting `middleware`, behind the feature `middleware`),
//! against servers on loopback: a middleware given to `Client::with_middleware` sees every
//! attempt after the hooks and the credentials, and its header reaches the server; a middleware
//! that fails is `Error::Middleware`, and nothing is sent.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use clientgen_tests::fixtures::observed::{Client, Error, RetryPolicy};
use reqwest_middleware::{ClientBuilder, Middleware, Next};

use crate::support::recorder::Recorder;

/// `200` with a gauge.
const GAUGE: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 33\r\nConnection: close\r\n\r\n{\"label\":\"boiler\",\"reading\":71.5}";

/// `503`, which a retry policy retries.
const UNAVAILABLE: &[u8] =
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

/// A middleware that counts the requests it sees and stamps each with its number and with
/// what it saw of the hook and the API key.
struct Stamp(Arc<AtomicUsize>);

#[async_trait::async_trait]
impl Middleware for Stamp {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        let hooked = request.headers().contains_key("x-hook");
        let keyed = request.url().query().is_some_and(|q| q.contains("key=k"));
        let headers = request.headers_mut();
        headers.insert("x-middleware", n.to_string().parse().unwrap());
        headers.insert(
            "x-middleware-saw",
            format!("hook={hooked} key={keyed}").parse().unwrap(),
        );
        next.run(request, extensions).await
    }
}

/// A middleware that refuses every request.
struct Refuse;

#[async_trait::async_trait]
impl Middleware for Refuse {
    async fn handle(
        &self,
        _: reqwest::Request,
        _: &mut http::Extensions,
        _: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        Err(reqwest_middleware::Error::middleware(
            std::io::Error::other("the rate limit is spent"),
        ))
    }
}

#[tokio::test]
async fn a_middlewares_header_is_seen_by_the_server_on_every_attempt() {
    let answers = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&answers);
    let server = Recorder::answering(Arc::new(move |_| {
        let n = counted.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move { if n == 0 { UNAVAILABLE } else { GAUGE }.to_vec() })
    }))
    .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let stack = ClientBuilder::new(reqwest::Client::new())
        .with(Stamp(Arc::clone(&calls)))
        .build();
    let policy = RetryPolicy {
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
        ..RetryPolicy::default()
    };
    let client = Client::with_base_url(server.url(), "k")
        .with_middleware(stack)
        .with_retry(policy)
        .with_hook(|request| {
            request.headers_mut().insert("x-hook", "1".parse()?);
            Ok(())
        });
    let gauge = client.read_gauge("g-1").await.expect("the retry succeeds");
    assert_eq!(gauge.label, "boiler");
    assert_eq!(calls.load(Ordering::SeqCst), 2, "once per attempt");
    let seen = server.take();
    let stamps: Vec<&str> = seen
        .iter()
        .flat_map(|s| s.header_values("x-middleware"))
        .collect();
    assert_eq!(stamps, ["1", "2"]);
    for s in &seen {
        assert_eq!(s.header_values("x-middleware-saw"), ["hook=true key=true"]);
    }
    // A client without the stack sends without it.
    let plain = Client::with_base_url(server.url(), "k");
    plain.read_gauge("g-1").await.expect("the call succeeds");
    assert!(server.take()[0].header_values("x-middleware").is_empty());
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_failing_middleware_is_its_own_error() {
    let server = Recorder::start(GAUGE).await;
    let stack = ClientBuilder::new(reqwest::Client::new())
        .with(Refuse)
        .build();
    let client = Client::with_base_url(server.url(), "k").with_middleware(stack);
    let error = client.read_gauge("g-1").await.expect_err("refused");
    assert!(matches!(error, Error::Middleware { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "a middleware failed: the rate limit is spent"
    );
    assert_eq!(error.status(), None);
    assert!(server.take().is_empty(), "nothing is sent");
}

#[tokio::test]
async fn reqwests_errors_through_the_stack_stay_transport_errors_without_the_key() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let stack = ClientBuilder::new(reqwest::Client::new()).build();
    let client = Client::with_base_url(url, "secret-key").with_middleware(stack);
    let error = client.read_gauge("g-1").await.expect_err("nothing listens");
    assert!(
        matches!(&error, Error::Transport(e) if e.is_connect()),
        "{error:?}"
    );
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("secret-key"), "{shown}");
    assert!(shown.contains("key=redacted"), "{shown}");
}

/// `200` with two readings as events.
const READINGS: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\ndata: {\"label\":\"boiler\",\"reading\":71.5}\n\ndata: {\"label\":\"boiler\",\"reading\":72}\n\n";

#[tokio::test]
async fn a_middleware_sees_the_request_of_an_event_stream() {
    use futures_util::StreamExt;
    let server = Recorder::start(READINGS).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let stack = ClientBuilder::new(reqwest::Client::new())
        .with(Stamp(Arc::clone(&calls)))
        .build();
    let client = Client::with_base_url(server.url(), "k")
        .with_middleware(stack)
        .with_hook(|request| {
            request.headers_mut().insert("x-hook", "1".parse()?);
            Ok(())
        });
    let readings: Vec<f64> = client
        .watch_gauge_stream("g-1")
        .map(|gauge| gauge.expect("a reading").reading)
        .collect()
        .await;
    assert_eq!(readings, [71.5, 72.0]);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let seen = server.take();
    assert_eq!(seen[0].header_values("x-middleware"), ["1"]);
    assert_eq!(
        seen[0].header_values("x-middleware-saw"),
        ["hook=true key=true"]
    );
    // A middleware's failure is the stream's one error, and nothing is sent.
    let stack = ClientBuilder::new(reqwest::Client::new())
        .with(Refuse)
        .build();
    let client = Client::with_base_url(server.url(), "k").with_middleware(stack);
    let items: Vec<_> = client.watch_gauge_stream("g-1").collect().await;
    assert!(
        matches!(items.as_slice(), [Err(Error::Middleware { .. })]),
        "{items:?}"
    );
    assert!(server.take().is_empty());
}
