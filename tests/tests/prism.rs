//! Stoplight Prism as a contract check of the flagship client (`scripts/oracles/prism.sh` runs
//! these tests; without Prism they are ignored).
//!
//! Prism reads `spec/smart_invites.yaml` on its own. `prism mock --errors` rejects a request
//! that breaks the spec (an error status with an `sl-violations` header) and answers a valid one
//! with the spec's example; `prism mock -d` answers with random responses valid against the
//! response schemas. The client talks to Prism through a loopback proxy that records every
//! exchange, and each test fails on any request Prism flags (any `sl-violations`, warnings
//! included) and on any response the client cannot decode. What Prism cannot judge (multipart,
//! cookies, integers beyond 2^53) is listed in `scripts/oracles/README.md` with the tests of our
//! own that cover it.

#[path = "support/recorder.rs"]
mod recorder;

use std::sync::{Arc, Mutex};

use cronofy_smart_invites::types::{
    Event, EventTime, GetSmartInviteParams, Location, Organizer, Recipient, RecipientStatus,
    SmartInviteMethod, SmartInviteRequest,
};
use cronofy_smart_invites::{Client, Error};
use recorder::{Recorder, Seen};

/// One exchange through the proxy: the request line, Prism's status, its `sl-violations`.
#[derive(Debug, Clone)]
struct Exchange {
    line: String,
    status: u16,
    violations: Option<String>,
}

/// A proxy to the Prism server at `target`, recording every exchange.
async fn proxy(target: String) -> (Recorder, Arc<Mutex<Vec<Exchange>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let shared = Arc::clone(&log);
    let http = reqwest::Client::new();
    let answer: recorder::Answer = Arc::new(move |seen: Seen| {
        let (http, target, log) = (http.clone(), target.clone(), Arc::clone(&shared));
        Box::pin(async move {
            let method = seen.line.split(' ').next().unwrap_or("GET").to_string();
            let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or_default();
            let mut request = http.request(method, format!("{target}{}", seen.target()));
            for (name, value) in &seen.headers {
                let skip = ["host", "content-length", "connection", "transfer-encoding"];
                if !skip.iter().any(|s| name.eq_ignore_ascii_case(s)) {
                    request = request.header(name, value);
                }
            }
            let (status, headers, body) = match request.body(seen.body.clone()).send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    let body = response
                        .bytes()
                        .await
                        .map(|b| b.to_vec())
                        .unwrap_or_default();
                    (status, headers, body)
                }
                Err(e) => (
                    599,
                    reqwest::header::HeaderMap::new(),
                    e.to_string().into_bytes(),
                ),
            };
            let violations = headers
                .get("sl-violations")
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            log.lock().expect("not poisoned").push(Exchange {
                line: seen.line.clone(),
                status,
                violations,
            });
            let content_type = headers
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("application/octet-stream");
            let mut out = format!(
                "HTTP/1.1 {status} Prism\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes();
            out.extend_from_slice(&body);
            out
        })
    });
    (Recorder::answering(answer).await, log)
}

fn prism_url(variable: &str) -> String {
    std::env::var(variable)
        .unwrap_or_else(|_| panic!("{variable} is not set: run scripts/oracles/prism.sh"))
}

/// Every request the flagship client can make, by kind: each operation and each `method`.
fn upserts() -> Vec<(&'static str, SmartInviteRequest)> {
    let event = Event::default()
        .summary("Board meeting")
        .description("Discuss plans for the next quarter.")
        .start(EventTime::Time("2017-10-05T09:30:00Z".into()))
        .end(EventTime::Time("2017-10-05T10:00:00Z".into()))
        .tzid("Europe/London")
        .location(Location::default().description("Board room"));
    let base = SmartInviteRequest::new("invite-1").recipient(Recipient::new("one@example.com"));
    vec![
        (
            "request, one recipient, method omitted",
            base.clone()
                .callback_url("https://example.com/callback")
                .event(event.clone())
                .organizer(Organizer::new("Organizer")),
        ),
        (
            "request, several recipients",
            SmartInviteRequest::new("invite-1")
                .method(SmartInviteMethod::Request)
                .callback_url("https://example.com/callback")
                .recipients([
                    Recipient::new("a@example.com").status(RecipientStatus::Accepted),
                    Recipient::new("b@example.com"),
                ])
                .event(event)
                .organizer(Organizer::new("Organizer")),
        ),
        ("cancel", base.clone().method(SmartInviteMethod::Cancel)),
        ("remove", base.method(SmartInviteMethod::Remove)),
    ]
}

fn gets() -> Vec<(&'static str, GetSmartInviteParams)> {
    vec![
        ("get by id", GetSmartInviteParams::new("invite-1")),
        (
            "get by id and recipient, with ICS",
            GetSmartInviteParams::new("invite-1")
                .recipient_email("one@example.com")
                .include_ics(true),
        ),
    ]
}

/// Calls every operation `rounds` times through a proxy to the Prism at `variable`, and
/// returns what went wrong.
async fn drive(variable: &str, rounds: usize) -> Vec<String> {
    let (proxy, log) = proxy(prism_url(variable)).await;
    let client = Client::with_base_url(proxy.url(), "a-token");
    let mut problems = Vec::new();
    let mut note = |case: &str, result: Result<(), String>| {
        if let Err(e) = result {
            problems.push(format!("{case}: {e}"));
        }
    };
    let shown = |e: Error<_>| match e {
        Error::UnexpectedBody {
            status,
            text,
            source,
        } => {
            format!("undecodable {status} response ({source}): {text}")
        }
        Error::Api { status, text, .. } => format!("answered {status}: {text}"),
        other => other.to_string(),
    };
    for _ in 0..rounds {
        for (case, body) in upserts() {
            note(
                case,
                client
                    .upsert_smart_invite(&body)
                    .await
                    .map(|_| ())
                    .map_err(shown),
            );
        }
        for (case, params) in gets() {
            note(
                case,
                client
                    .get_smart_invite(&params)
                    .await
                    .map(|_| ())
                    .map_err(shown),
            );
        }
    }
    let exchanges = log.lock().expect("not poisoned").clone();
    assert_eq!(exchanges.len(), rounds * 6, "every call reached Prism");
    for exchange in exchanges {
        if let Some(violations) = exchange.violations {
            problems.push(format!(
                "Prism flags {} ({}): {violations}",
                exchange.line, exchange.status
            ));
        }
    }
    problems
}

#[tokio::test]
#[ignore = "needs Prism: run scripts/oracles/prism.sh"]
async fn prism_errors_mode_accepts_every_request() {
    let problems = drive("PRISM_ERRORS_URL", 1).await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
#[ignore = "needs Prism: run scripts/oracles/prism.sh"]
async fn prism_dynamic_responses_all_decode() {
    let problems = drive("PRISM_DYNAMIC_URL", 25).await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
