//! The span of each call (the setting `tracing`, behind the feature `tracing`), captured by a
//! subscriber against servers on loopback: named after the operation, with OpenTelemetry's HTTP
//! client attributes (`http.request.method`, `url.template`, `server.address`, `server.port`,
//! `http.response.status_code`, `error.type`), an event per retry, and no credential, query or
//! body in any of it.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clientgen_tests::fixtures::observed::types::{Gauge, ReadGaugeParams};
use clientgen_tests::fixtures::observed::{Client, Error, RetryPolicy};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

use crate::support::recorder::{NO_CONTENT, Recorder};

/// `200` with a gauge.
const GAUGE: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 33\r\nConnection: close\r\n\r\n{\"label\":\"boiler\",\"reading\":71.5}";

/// `404`, which `readGauge` documents.
const NOT_FOUND: &[u8] =
    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

/// `503`, which a retry policy retries.
const UNAVAILABLE: &[u8] =
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

/// The secrets a call carries, none of which may be recorded: the API key (sent in the query),
/// a header a hook adds, a query parameter and a body.
const KEY: &str = "key-7f3a";
const AUTHORIZATION: &str = "Bearer hook-token-91c2";
const UNIT: &str = "unit-c4d8";
const LABEL: &str = "label-e5b0";

/// Fields as recorded: their values as text.
type Fields = BTreeMap<String, String>;

/// A closed span: its name and fields.
#[derive(Debug, Clone)]
struct Closed {
    name: String,
    fields: Fields,
}

/// What the subscriber saw: closed spans, and events with the name of their span.
#[derive(Debug, Default)]
struct Seen {
    open: BTreeMap<u64, Closed>,
    closed: Vec<Closed>,
    events: Vec<(Option<String>, Fields)>,
}

/// A layer that keeps every span's fields and every event.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Seen>>);

struct Text<'a>(&'a mut Fields);

impl Visit for Text<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        let mut fields = Fields::new();
        attrs.record(&mut Text(&mut fields));
        let name = attrs.metadata().name().to_string();
        let mut seen = self.0.lock().unwrap();
        seen.open.insert(id.into_u64(), Closed { name, fields });
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut seen = self.0.lock().unwrap();
        if let Some(span) = seen.open.get_mut(&id.into_u64()) {
            values.record(&mut Text(&mut span.fields));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Fields::new();
        event.record(&mut Text(&mut fields));
        let span = ctx.event_span(event).map(|s| s.name().to_string());
        self.0.lock().unwrap().events.push((span, fields));
    }

    fn on_close(&self, id: Id, _: Context<'_, S>) {
        let mut seen = self.0.lock().unwrap();
        if let Some(span) = seen.open.remove(&id.into_u64()) {
            seen.closed.push(span);
        }
    }
}

impl Capture {
    /// The closed spans named `name`.
    fn spans(&self, name: &str) -> Vec<Fields> {
        let seen = self.0.lock().unwrap();
        seen.closed
            .iter()
            .filter(|s| s.name == name)
            .map(|s| s.fields.clone())
            .collect()
    }

    /// The events of the spans named `name`.
    fn events(&self, name: &str) -> Vec<Fields> {
        let seen = self.0.lock().unwrap();
        seen.events
            .iter()
            .filter(|(span, _)| span.as_deref() == Some(name))
            .map(|(_, fields)| fields.clone())
            .collect()
    }

    /// Everything recorded, as text.
    fn text(&self) -> String {
        format!("{:?}", self.0.lock().unwrap())
    }
}

/// `fields` as `(name, value)` pairs, for comparison.
fn pairs(fields: &Fields) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// A client of `server` with the API key, and a hook that adds an `Authorization` header.
fn client(server: &str) -> Client {
    Client::with_base_url(server, KEY).with_hook(|request| {
        request
            .headers_mut()
            .insert("authorization", AUTHORIZATION.parse()?);
        Ok(())
    })
}

/// The port of a base URL `http://127.0.0.1:PORT`.
fn port(url: &str) -> String {
    url.rsplit(':').next().unwrap().to_string()
}

#[tokio::test]
async fn a_call_records_its_span_with_the_http_attributes_and_no_secret() {
    let capture = Capture::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let server = Recorder::start(GAUGE).await;
    let gauge = client(&server.url())
        .read_gauge_with("g-1", &ReadGaugeParams::default().unit(UNIT))
        .await
        .expect("the call succeeds");
    assert_eq!(gauge.label, "boiler");
    let spans = capture.spans("read_gauge");
    assert_eq!(spans.len(), 1, "{}", capture.text());
    let port = port(&server.url());
    assert_eq!(
        pairs(&spans[0]),
        [
            ("http.request.method", "GET"),
            ("http.response.status_code", "200"),
            ("otel.kind", "client"),
            ("server.address", "127.0.0.1"),
            ("server.port", port.as_str()),
            ("url.template", "/gauges/{gaugeId}"),
        ]
    );
    // What was sent held the secrets; the span holds none of them.
    let seen = server.take();
    assert!(seen[0].query().contains(KEY) && seen[0].query().contains(UNIT));
    assert_eq!(seen[0].header_values("authorization"), [AUTHORIZATION]);
    let text = capture.text();
    for secret in [KEY, AUTHORIZATION, "hook-token", UNIT, "g-1", "boiler"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

#[tokio::test]
async fn a_body_sent_is_not_recorded() {
    let capture = Capture::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let server = Recorder::start(NO_CONTENT).await;
    client(&server.url())
        .record_gauge(&Gauge::new(LABEL, 12.5))
        .await
        .expect("the call succeeds");
    let spans = capture.spans("record_gauge");
    assert_eq!(spans.len(), 1, "{}", capture.text());
    assert_eq!(spans[0]["http.request.method"], "POST");
    assert_eq!(spans[0]["url.template"], "/gauges");
    assert_eq!(spans[0]["http.response.status_code"], "204");
    assert!(!spans[0].contains_key("error.type"));
    assert!(String::from_utf8_lossy(&server.take()[0].body).contains(LABEL));
    let text = capture.text();
    for secret in [LABEL, "12.5", KEY, AUTHORIZATION] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

#[tokio::test]
async fn an_error_status_is_the_error_type() {
    let capture = Capture::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let server = Recorder::start(NOT_FOUND).await;
    let error = client(&server.url())
        .read_gauge("g-1")
        .await
        .expect_err("404 is an error");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    let spans = capture.spans("read_gauge");
    assert_eq!(spans.len(), 1, "{}", capture.text());
    assert_eq!(spans[0]["http.response.status_code"], "404");
    assert_eq!(spans[0]["error.type"], "404");
}

#[tokio::test]
async fn a_failure_without_a_status_is_its_kind() {
    let capture = Capture::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    // A port nothing listens on: bound, then closed.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = client(&url)
        .read_gauge("g-1")
        .await
        .expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let spans = capture.spans("read_gauge");
    assert_eq!(spans.len(), 1, "{}", capture.text());
    assert_eq!(spans[0]["error.type"], "connect");
    assert!(!spans[0].contains_key("http.response.status_code"));
    assert_eq!(spans[0]["server.port"], port(&url));
    // A request refused before it is sent: the path parameter `..` would change the path.
    let error = client(&url)
        .read_gauge("..")
        .await
        .expect_err("the path is refused");
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    assert_eq!(
        capture.spans("read_gauge")[1]["error.type"],
        "invalid_request"
    );
}

#[tokio::test]
async fn each_retry_is_an_event_of_the_calls_span() {
    let capture = Capture::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let answers = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&answers);
    let server = Recorder::answering(Arc::new(move |_| {
        let n = counted.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move { if n < 2 { UNAVAILABLE } else { GAUGE }.to_vec() })
    }))
    .await;
    let policy = RetryPolicy {
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
        ..RetryPolicy::default()
    };
    client(&server.url())
        .with_retry(policy)
        .read_gauge("g-1")
        .await
        .expect("the third attempt succeeds");
    assert_eq!(answers.load(Ordering::SeqCst), 3);
    let spans = capture.spans("read_gauge");
    assert_eq!(spans.len(), 1, "one span for the call: {}", capture.text());
    assert_eq!(spans[0]["http.response.status_code"], "200");
    assert!(!spans[0].contains_key("error.type"));
    // (reqwest's own events, of connecting, are in the span too.)
    let events = capture.events("read_gauge");
    let resends: Vec<(&str, &str)> = events
        .iter()
        .filter(|e| e.contains_key("http.request.resend_count"))
        .map(|e| {
            (
                e["http.request.resend_count"].as_str(),
                e["http.response.status_code"].as_str(),
            )
        })
        .collect();
    assert_eq!(resends, [("1", "503"), ("2", "503")]);
    assert!(events.iter().all(|e| !e.contains_key("error.type")));
}

#[tokio::test]
async fn a_disabled_span_leaves_the_callers_span_alone() {
    let capture = Capture::default();
    // The client's spans disabled, the caller's enabled.
    let only_callers = tracing_subscriber::filter::filter_fn(|m| m.target() == module_path!());
    let _guard = tracing::subscriber::set_default(
        tracing_subscriber::registry()
            .with(capture.clone())
            .with(only_callers),
    );
    let server = Recorder::start(NOT_FOUND).await;
    let callers = tracing::info_span!(
        "handler",
        "http.response.status_code" = tracing::field::Empty,
        "url.template" = tracing::field::Empty,
        "error.type" = tracing::field::Empty,
    );
    let client = client(&server.url());
    let _ = tracing::Instrument::instrument(client.read_gauge("g-1"), callers).await;
    let spans = capture.spans("handler");
    assert_eq!(spans.len(), 1, "{}", capture.text());
    assert!(spans[0].is_empty(), "{:?}", spans[0]);
    assert!(capture.spans("read_gauge").is_empty());
}

/// `200` with two readings as events.
const READINGS: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\ndata: {\"label\":\"boiler\",\"reading\":71.5}\n\ndata: {\"label\":\"boiler\",\"reading\":72}\n\n";

#[tokio::test]
async fn an_event_stream_records_the_span_of_the_request_that_starts_it() {
    use futures_util::StreamExt;
    let capture = Capture::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let server = Recorder::start(READINGS).await;
    let readings: Vec<f64> = client(&server.url())
        .watch_gauge_stream("g-1")
        .map(|gauge| gauge.expect("a reading").reading)
        .collect()
        .await;
    assert_eq!(readings, [71.5, 72.0]);
    // One span, named after the operation, with the status of the response that started it.
    let spans = capture.spans("watch_gauge");
    assert_eq!(spans.len(), 1, "{}", capture.text());
    let port = port(&server.url());
    assert_eq!(
        pairs(&spans[0]),
        [
            ("http.request.method", "GET"),
            ("http.response.status_code", "200"),
            ("otel.kind", "client"),
            ("server.address", "127.0.0.1"),
            ("server.port", port.as_str()),
            ("url.template", "/gauges/{gaugeId}/readings"),
        ]
    );
    let text = capture.text();
    for secret in [KEY, AUTHORIZATION, "g-1", "boiler"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    // An error status that starts no stream is the span's error type.
    let server = Recorder::start(NOT_FOUND).await;
    let items: Vec<_> = client(&server.url())
        .watch_gauge_stream("g-1")
        .collect()
        .await;
    assert!(
        matches!(items.as_slice(), [Err(Error::Api { .. })]),
        "{items:?}"
    );
    let spans = capture.spans("watch_gauge");
    assert_eq!(spans.len(), 2, "{}", capture.text());
    assert_eq!(spans[1]["http.response.status_code"], "404");
    assert_eq!(spans[1]["error.type"], "404");
}

#[tokio::test]
async fn each_page_of_a_paged_stream_records_its_span() {
    use futures_util::StreamExt;
    let capture = Capture::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let answers = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&answers);
    let server = Recorder::answering(Arc::new(move |_| {
        let n = counted.fetch_add(1, Ordering::SeqCst);
        let response: &[u8] = if n == 0 {
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLink: </gauges?page=2>; rel=\"next\"\r\nContent-Length: 35\r\nConnection: close\r\n\r\n[{\"label\":\"boiler\",\"reading\":71.5}]"
        } else {
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 33\r\nConnection: close\r\n\r\n[{\"label\":\"cellar\",\"reading\":12}]"
        };
        Box::pin(async move { response.to_vec() })
    }))
    .await;
    let gauges: Vec<_> = client(&server.url()).list_gauges_stream().collect().await;
    assert_eq!(gauges.len(), 2, "{gauges:?}");
    let spans = capture.spans("list_gauges");
    assert_eq!(spans.len(), 2, "a span per page: {}", capture.text());
    for span in &spans {
        assert_eq!(span["url.template"], "/gauges");
        assert_eq!(span["http.response.status_code"], "200");
    }
}

#[tokio::test]
async fn each_retry_of_an_event_stream_is_an_event_of_its_span() {
    use futures_util::StreamExt;
    let capture = Capture::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let answers = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&answers);
    let server = Recorder::answering(Arc::new(move |_| {
        let n = counted.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move { if n == 0 { UNAVAILABLE } else { READINGS }.to_vec() })
    }))
    .await;
    let policy = RetryPolicy {
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
        ..RetryPolicy::default()
    };
    let items: Vec<_> = client(&server.url())
        .with_retry(policy)
        .watch_gauge_stream("g-1")
        .collect()
        .await;
    assert_eq!(items.len(), 2, "{items:?}");
    let spans = capture.spans("watch_gauge");
    assert_eq!(spans.len(), 1, "one span for the call: {}", capture.text());
    assert_eq!(spans[0]["http.response.status_code"], "200");
    let resends: Vec<(String, String)> = capture
        .events("watch_gauge")
        .iter()
        .filter(|e| e.contains_key("http.request.resend_count"))
        .map(|e| {
            (
                e["http.request.resend_count"].clone(),
                e["http.response.status_code"].clone(),
            )
        })
        .collect();
    assert_eq!(resends, [("1".to_string(), "503".to_string())]);
}
