//! The generated clients against bad servers and bad callers.
//!
//! Every test runs the client against a real server on loopback: a tiny raw HTTP/1.1 server
//! (`RawServer`) that records the exact request line and headers it receives and answers with
//! bytes chosen by the test, malformed ones included. The flagship `cronofy_smart_invites`
//! client is used wherever it has what a test needs; the `parameters` fixture client has the
//! path, query, header and cookie parameters, and the `operations` fixture client has a POST that
//! is not safe to repeat.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clientgen_tests::fixtures::{
    basic_auth, operations, parameters, responses, schemas, servers_auth,
};
use cronofy_smart_invites::types::{
    Attachments, Event, GetSmartInviteError, GetSmartInviteParams, RecipientState, RecipientStatus,
    SmartInviteMethod, SmartInviteRequest, SmartInviteResponse,
};
use cronofy_smart_invites::{Client, DataCenter, Error, RetryPolicy};
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A distinctive API key, so that finding it in any output can only mean it leaked.
const KEY: &str = "sk_faults-DoNotLeak-Q8vR2mZt";

/// The largest body the size tests accept.
const MIB: usize = 1024 * 1024;

type CallResult = Result<SmartInviteResponse, Error<GetSmartInviteError>>;

// The raw server.

/// What the server received: one request.
#[derive(Debug, Clone)]
struct Seen {
    /// The request line exactly as received, without its `\r\n`.
    line: String,
    /// The header lines, name and value, in the order received.
    headers: Vec<(String, String)>,
    /// The body (as long as `Content-Length` says).
    body: Vec<u8>,
    /// When the head was complete.
    at: Instant,
}

impl Seen {
    /// The target of the request line (`/path?query`).
    fn target(&self) -> &str {
        let mut parts = self.line.split(' ');
        parts.next();
        parts.next().unwrap_or("")
    }

    /// The path of the target, without the query.
    fn path(&self) -> &str {
        self.target().split('?').next().unwrap_or("")
    }

    /// The query of the target, as sent (empty without one).
    fn query(&self) -> &str {
        self.target().split_once('?').map_or("", |(_, q)| q)
    }

    /// The query pairs of the target, decoded.
    fn query_pairs(&self) -> Vec<(String, String)> {
        let url = reqwest::Url::parse(&format!("http://host{}", self.target()))
            .unwrap_or_else(|e| panic!("the target {:?} is not a URL path: {e}", self.target()));
        url.query_pairs().into_owned().collect()
    }

    /// Every value of header `name` (case-insensitive).
    fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// How the server answers one request.
enum Reply {
    /// Write these bytes, then close the connection.
    Send(Vec<u8>),
    /// Write these bytes, then keep the connection open without writing anything more.
    SendThenHang(Vec<u8>),
    /// Close the connection without answering.
    Close,
}

#[derive(Default)]
struct Log {
    connections: AtomicUsize,
    requests: Mutex<Vec<Seen>>,
}

/// A raw HTTP/1.1 server on loopback. `reply` is given the number of the request (from 0).
struct RawServer {
    addr: SocketAddr,
    log: Arc<Log>,
}

impl RawServer {
    async fn start(reply: impl Fn(usize) -> Reply + Send + Sync + 'static) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding a loopback port");
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        let log = Arc::new(Log::default());
        let reply = Arc::new(reply);
        let shared = Arc::clone(&log);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                shared.connections.fetch_add(1, Ordering::SeqCst);
                let log = Arc::clone(&shared);
                let reply = Arc::clone(&reply);
                tokio::spawn(async move { serve(stream, &log, &*reply).await });
            }
        });
        RawServer { addr, log }
    }

    /// A server answering every request with the same bytes.
    async fn always(bytes: Vec<u8>) -> RawServer {
        RawServer::start(move |_| Reply::Send(bytes.clone())).await
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn requests(&self) -> Vec<Seen> {
        self.log
            .requests
            .lock()
            .expect("the log is not poisoned")
            .clone()
    }

    fn connections(&self) -> usize {
        self.log.connections.load(Ordering::SeqCst)
    }

    /// The one request received.
    fn only_request(&self) -> Seen {
        let requests = self.requests();
        assert_eq!(
            requests.len(),
            1,
            "expected exactly one request: {requests:?}"
        );
        requests.into_iter().next().expect("one request")
    }

    /// Waits a little, then checks that no connection was ever made.
    async fn assert_untouched(&self, case: &str) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(
            self.connections(),
            0,
            "{case}: a connection was made, requests: {:?}",
            self.requests()
        );
    }
}

/// Reads one request from `stream`, records it, and answers it as `reply` says.
async fn serve(mut stream: TcpStream, log: &Log, reply: &(dyn Fn(usize) -> Reply + Send + Sync)) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buffer.len() > MIB {
            return;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let at = Instant::now();
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let line = lines.next().unwrap_or("").to_owned();
    let headers: Vec<(String, String)> = lines
        .map(|l| match l.split_once(':') {
            Some((n, v)) => (n.to_owned(), v.trim().to_owned()),
            None => (l.to_owned(), String::new()),
        })
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    let index = {
        let mut requests = log.requests.lock().expect("the log is not poisoned");
        requests.push(Seen {
            line,
            headers,
            body,
            at,
        });
        requests.len() - 1
    };
    match reply(index) {
        Reply::Send(bytes) => {
            // The client may hang up early (a body too large): that is not the server's error.
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            let _ = stream.shutdown().await;
        }
        Reply::SendThenHang(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        Reply::Close => {}
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}

/// A complete response with a `Content-Length` matching `body` and `Connection: close`.
fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// A response that announces `announced` bytes of body and carries only `sent`: what a server
/// that stops in the middle of the body sends.
fn cut_short(status: u16, headers: &[(&str, &str)], announced: usize, sent: &[u8]) -> Vec<u8> {
    let head = String::from_utf8(response(status, headers, b"")).expect("ASCII");
    let mut bytes = head
        .replace("Content-Length: 0", &format!("Content-Length: {announced}"))
        .into_bytes();
    bytes.extend_from_slice(sent);
    bytes
}

/// A JSON response.
fn json(status: u16, body: &str) -> Vec<u8> {
    response(
        status,
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
}

/// A response whose body of `size` bytes is sent chunked, without any `Content-Length`.
fn chunked(status: u16, size: usize) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        reason(status)
    )
    .into_bytes();
    let mut left = size;
    while left > 0 {
        let n = left.min(64 * 1024);
        out.extend_from_slice(format!("{n:X}\r\n").as_bytes());
        out.extend(std::iter::repeat_n(b' ', n));
        out.extend_from_slice(b"\r\n");
        left -= n;
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

/// A JSON object of exactly `size` bytes (`{}` padded with spaces).
fn padded_empty_object(size: usize) -> Vec<u8> {
    let mut body = b"{}".to_vec();
    body.resize(size, b' ');
    body
}

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

// 1. Path parameters.

#[tokio::test]
async fn path_parameters_are_percent_encoded_as_one_segment() {
    let cases = [
        ("a/../b", "a%2F..%2Fb"),
        ("?x=1", "%3Fx%3D1"),
        ("#frag", "%23frag"),
        ("%41", "%2541"),
        ("a b", "a%20b"),
        ("ünï", "%C3%BCn%C3%AF"),
        ("a\r\nb", "a%0D%0Ab"),
        ("~-_.", "~-_."),
    ];
    let server = RawServer::always(json(200, "[]")).await;
    let client = parameters_client(&server);
    // A plain call first: its query is what every other call must send too.
    client
        .list_repos("o", "x", &list_params())
        .await
        .expect("a plain call succeeds");
    for (value, _) in cases {
        // In the first segment, then in the last.
        client
            .list_repos(value, "x", &list_params())
            .await
            .unwrap_or_else(|e| panic!("org {value:?}: {e:?}"));
        client
            .list_repos("o", value, &list_params())
            .await
            .unwrap_or_else(|e| panic!("repo_name {value:?}: {e:?}"));
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 1 + 2 * cases.len(), "{requests:?}");
    let control = &requests[0];
    assert_eq!(control.path(), "/orgs/o/repos/x", "{}", control.line);
    let query = control.query();
    assert!(query.contains("ids=1"), "{}", control.line);
    for (i, (value, encoded)) in cases.iter().enumerate() {
        assert_eq!(
            requests[1 + 2 * i].line,
            format!("GET /orgs/{encoded}/repos/x?{query} HTTP/1.1"),
            "org {value:?}"
        );
        assert_eq!(
            requests[2 + 2 * i].line,
            format!("GET /orgs/o/repos/{encoded}?{query} HTTP/1.1"),
            "repo_name {value:?}"
        );
    }

    // Two path parameters, one of them an enum with a value the spec does not list.
    let server = RawServer::always(response(200, &[], b"file")).await;
    let client = parameters_client(&server);
    let bytes = client
        .get_file(
            "../../etc/passwd",
            &parameters::types::GetFileType::Other("a/b?c".into()),
            &parameters::types::GetFileParams::new(7),
        )
        .await
        .expect("the call succeeds");
    assert_eq!(bytes, b"file");
    assert_eq!(
        server.only_request().line,
        "GET /files/..%2F..%2Fetc%2Fpasswd/a%2Fb%3Fc?version=7 HTTP/1.1"
    );
}

#[tokio::test]
async fn dot_path_parameters_cannot_traverse() {
    let mut wrong = Vec::new();
    for (value, encoded) in [(".", "%2E"), ("..", "%2E%2E")] {
        for in_org in [true, false] {
            let server = RawServer::always(json(200, "[]")).await;
            let client = parameters::Client::with_base_url(format!("{}/api", server.url()));
            let (org, repo_name) = if in_org { (value, "x") } else { ("o", value) };
            let result = client.list_repos(org, repo_name, &list_params()).await;
            let case = format!("org {org:?}, repo_name {repo_name:?}");
            match result {
                // Refusing the value is as good as sending it as a segment of its own.
                Err(parameters::Error::InvalidRequest { reason }) => {
                    server.assert_untouched(&case).await;
                    assert!(!reason.is_empty(), "{case}");
                }
                Ok(_) => {
                    let request = server.only_request();
                    let expected = if in_org {
                        format!("/api/orgs/{encoded}/repos/x")
                    } else {
                        format!("/api/orgs/o/repos/{encoded}")
                    };
                    if request.path() != expected || !request.line.starts_with("GET /") {
                        wrong.push(format!(
                            "{case}: expected {expected}, sent {}",
                            request.line
                        ));
                    }
                }
                Err(e) => wrong.push(format!("{case}: unexpected error {e:?}")),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

// 2. Query parameters.

#[tokio::test]
async fn query_values_round_trip_and_cannot_add_parameters() {
    let nasty = [
        "a&injected=1",
        "x=y",
        "#frag",
        "1+1",
        "a b",
        "line\nbreak",
        "ünï",
        "%41",
        "?q",
        "",
    ];
    let all = "a&injected=1=2#f+g h\r\nü;%25";
    let server = RawServer::always(json(200, "[]")).await;
    let client = parameters_client(&server);
    // A call with only the required parameters: its pairs are sent by the next call too.
    client
        .list_repos("o", "r", &list_params())
        .await
        .expect("a plain call succeeds");
    let mut params = list_params();
    params.sort = Some(parameters::types::ListReposSort::Other(all.into()));
    params.tags = Some(nasty.iter().map(|s| s.to_string()).collect());
    params.since = Some(all.into());
    params.filter = Some(parameters::types::ListReposFilter::default().state(all));
    client
        .list_repos("o", "r", &params)
        .await
        .expect("the call succeeds");

    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    let mut expected = requests[0].query_pairs();
    assert!(
        expected.contains(&("ids".into(), "1".into())),
        "{}",
        requests[0].line
    );
    let request = &requests[1];
    assert_eq!(
        request.line.split(' ').count(),
        3,
        "the request line holds a raw space: {:?}",
        request.line
    );
    assert!(
        !request.target().contains('#'),
        "a raw `#` in {:?}",
        request.line
    );
    let mut received = request.query_pairs();
    for name in ["sort", "since", "filter[state]"] {
        expected.push((name.into(), all.into()));
    }
    expected.extend(nasty.iter().map(|v| ("tags".to_string(), v.to_string())));
    received.sort();
    expected.sort();
    assert_eq!(received, expected, "request line: {}", request.line);
    assert!(received.iter().all(|(k, _)| k != "injected"));
}

// 3. Header values.

#[tokio::test]
async fn header_values_with_line_breaks_are_refused_before_sending() {
    type Params = parameters::types::ListReposParams;
    let injections = [
        "x\r\nX-Injected: 1",
        "x\nX-Injected: 1",
        "x\rX-Injected: 1",
        "x\0X-Injected: 1",
    ];
    let mut cases: Vec<(&str, &str, Params)> = Vec::new();
    for value in injections {
        cases.push(("X-Request-Id", value, list_params_with_id(value)));
        let mut trace = list_params();
        trace.x_trace = Some(vec!["fine".into(), value.into()]);
        cases.push(("X-Trace", value, trace));
    }
    for (header, value, params) in cases {
        let case = format!("{header} = {value:?}");
        let server = RawServer::always(json(200, "[]")).await;
        let result = parameters_client(&server)
            .list_repos("o", "r", &params)
            .await;
        let error = match result {
            Err(e @ parameters::Error::InvalidRequest { .. }) => e,
            other => panic!("{case}: expected InvalidRequest, got {other:?}"),
        };
        let parameters::Error::InvalidRequest { reason } = &error else {
            unreachable!()
        };
        let names_it = reason.to_lowercase().contains(&header.to_lowercase())
            || (header == "cookie" && reason.contains("session"));
        assert!(
            names_it,
            "{case}: the reason does not name the header: {reason}"
        );
        for shown in [reason.clone(), error.to_string(), format!("{error:?}")] {
            assert!(
                !shown.contains("X-Injected") && !shown.contains(value),
                "{case}: the error shows the value: {shown}"
            );
        }
        server.assert_untouched(&case).await;
    }

    // The same call with a clean value does reach the server, with the value intact.
    let server = RawServer::always(json(200, "[]")).await;
    let mut params = list_params();
    params.x_trace = Some(vec!["t1".into(), "t2".into()]);
    params.session = Some("s1".into());
    parameters_client(&server)
        .list_repos("o", "r", &params)
        .await
        .expect("the call succeeds");
    let request = server.only_request();
    assert_eq!(request.header_values("X-Request-Id"), ["request-1"]);
    assert_eq!(request.header_values("X-Trace"), ["t1,t2"]);
    assert_eq!(request.header_values("Cookie"), ["session=s1"]);
    assert!(request.header_values("X-Injected").is_empty());
}

/// Cookie values are percent-encoded rather than refused: line breaks arrive as `%0D%0A`
/// inside the one cookie, never as a header of their own.
#[tokio::test]
async fn cookie_values_with_line_breaks_are_encoded_into_one_cookie() {
    for (value, encoded) in [
        ("x\r\nX-Injected: 1", "x%0D%0AX-Injected:%201"),
        ("x\nX-Injected: 1", "x%0AX-Injected:%201"),
        ("x\0y", "x%00y"),
    ] {
        let server = RawServer::always(json(200, "[]")).await;
        let mut params = list_params();
        params.session = Some(value.into());
        parameters_client(&server)
            .list_repos("o", "r", &params)
            .await
            .unwrap_or_else(|e| panic!("{value:?}: {e:?}"));
        let request = server.only_request();
        assert_eq!(
            request.header_values("Cookie"),
            [format!("session={encoded}")],
            "{value:?}"
        );
        assert!(request.header_values("X-Injected").is_empty(), "{value:?}");
    }
}

#[tokio::test]
async fn cookie_values_cannot_add_cookies() {
    let server = RawServer::always(json(200, "[]")).await;
    let mut params = list_params();
    params.session = Some("abc; admin=true".into());
    let result = parameters_client(&server)
        .list_repos("o", "r", &params)
        .await;
    match result {
        Err(parameters::Error::InvalidRequest { reason }) => {
            assert!(
                reason.contains("session") || reason.contains("cookie"),
                "{reason}"
            );
            server.assert_untouched("cookie with `;`").await;
        }
        Ok(_) => {
            let request = server.only_request();
            let cookies = request.header_values("Cookie");
            assert_eq!(cookies.len(), 1, "{:?}", request.headers);
            let names: Vec<&str> = cookies[0]
                .split(';')
                .map(|c| c.trim().split('=').next().unwrap_or(""))
                .collect();
            assert_eq!(names, ["session"], "Cookie: {}", cookies[0]);
        }
        Err(e) => panic!("unexpected error {e:?}"),
    }
}

// 4. Responses.

#[tokio::test]
async fn unknown_response_fields_are_ignored() {
    let body = r#"{
        "smart_invite_id": "invite-1",
        "surprise": {"nested": [1, 2, {"x": null}]},
        "recipients": [{"email": "a@example.com", "status": "accepted", "new_field": true}],
        "event": {"summary": "S", "brand_new": 3}
    }"#;
    let (result, _server) = get_against(json(200, body)).await;
    let invite = result.expect("unknown fields are ignored");
    assert_eq!(invite.smart_invite_id.as_deref(), Some("invite-1"));
    assert_eq!(
        invite.recipients,
        Some(vec![
            RecipientState::default()
                .email("a@example.com")
                .status(RecipientStatus::Accepted)
        ])
    );
    assert_eq!(invite.event, Some(Event::default().summary("S")));
}

#[tokio::test]
async fn unknown_enum_values_are_kept() {
    let body = r#"{"method": "frobnicate", "recipient": {"status": "needs_action"}}"#;
    let (result, _server) = get_against(json(200, body)).await;
    let invite = result.expect("unknown enum values are accepted");
    assert_eq!(
        invite.method,
        Some(SmartInviteMethod::Other("frobnicate".into()))
    );
    assert_eq!(
        invite.recipient.and_then(|r| r.status),
        Some(RecipientStatus::Other("needs_action".into()))
    );
}

#[tokio::test]
async fn missing_optional_fields_are_none() {
    let (result, _server) = get_against(json(200, "{}")).await;
    assert_eq!(
        result.expect("an empty object parses"),
        SmartInviteResponse::default()
    );
}

#[tokio::test]
async fn null_optional_fields_are_none() {
    let body = r#"{
        "smart_invite_id": null, "callback_url": null, "method": null, "recipient": null,
        "recipients": null, "replies": null,
        "event": {"summary": null, "start": null, "location": null},
        "attachments": {"icalendar": null, "removed": null}
    }"#;
    let (result, _server) = get_against(json(200, body)).await;
    assert_eq!(
        result.expect("nulls parse"),
        SmartInviteResponse::default()
            .event(Event::default())
            .attachments(Attachments::default())
    );
}

#[tokio::test]
async fn truncated_body_is_a_typed_error() {
    // Announce 500 bytes, send 21, close.
    let bytes = cut_short(
        200,
        &[("Content-Type", "application/json")],
        500,
        br#"{"smart_invite_id":"a"#,
    );
    let (result, _server) = get_against(bytes).await;
    match result {
        Err(Error::Transport(_)) | Err(Error::UnexpectedBody { .. }) => {}
        other => panic!("expected Transport or UnexpectedBody, got {other:?}"),
    }
}

#[tokio::test]
async fn malformed_or_missing_responses_are_transport_errors() {
    let cases: Vec<(&str, Reply)> = vec![
        ("not HTTP", Reply::Send(b"NOT HTTP AT ALL\r\n\r\n".to_vec())),
        (
            "bad status",
            Reply::Send(b"HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n".to_vec()),
        ),
        (
            "bad header",
            Reply::Send(b"HTTP/1.1 200 OK\r\nNo colon here\r\nContent-Length: 0\r\n\r\n".to_vec()),
        ),
        (
            "bad chunk size",
            Reply::Send(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"
                    .to_vec(),
            ),
        ),
        ("closed without answer", Reply::Close),
    ];
    for (case, reply) in cases {
        let reply = Arc::new(Mutex::new(Some(reply)));
        let server = RawServer::start(move |_| {
            reply
                .lock()
                .expect("not poisoned")
                .take()
                .unwrap_or(Reply::Close)
        })
        .await;
        let result = get_invite(&flagship(&server)).await;
        assert!(
            matches!(result, Err(Error::Transport(_))),
            "{case}: expected Transport, got {result:?}"
        );
        assert_eq!(server.requests().len(), 1, "{case}");
    }
}

#[tokio::test]
async fn html_body_is_unexpected_body_with_status_and_text() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    for status in [200, 201] {
        let bytes = response(status, &[("Content-Type", "text/html")], html.as_bytes());
        let (result, _server) = get_against(bytes).await;
        let (got_status, text) = expect_unexpected_body(result);
        assert_eq!(got_status.as_u16(), status);
        assert_eq!(text, html);
    }
}

#[tokio::test]
/// Servers mislabel JSON often enough (`text/plain`, `text/html`) that the client reads a body by
/// what it is, not by its label: a body that parses as the declared type is a success whatever
/// the Content-Type says, and one that does not is `UnexpectedBody` (see the test above).
async fn json_body_with_a_wrong_content_type_is_read_by_what_it_is() {
    let body = r#"{"smart_invite_id": "mislabelled"}"#;
    for content_type in ["text/html", "text/plain; charset=utf-8"] {
        let bytes = response(200, &[("Content-Type", content_type)], body.as_bytes());
        let (result, _server) = get_against(bytes).await;
        let invite = result.unwrap_or_else(|e| panic!("{content_type}: {e:?}"));
        assert_eq!(
            invite.smart_invite_id.as_deref(),
            Some("mislabelled"),
            "{content_type}"
        );
    }
}

#[tokio::test]
async fn body_larger_than_the_limit_with_content_length_is_body_too_large() {
    // One byte over the limit, then 2 MiB.
    for size in [MIB + 1, 2 * MIB] {
        let bytes = response(
            200,
            &[("Content-Type", "application/json")],
            &padded_empty_object(size),
        );
        let server = RawServer::always(bytes).await;
        let client = flagship(&server).with_max_body_size(MIB);
        let result = get_invite(&client).await;
        assert!(
            matches!(
                result,
                Err(Error::BodyTooLarge {
                    status: StatusCode::OK,
                    limit: MIB
                })
            ),
            "{size} bytes: {result:?}"
        );
    }
    // An error status with a huge body is refused the same way.
    let server = RawServer::always(response(500, &[], &vec![b'x'; 2 * MIB])).await;
    let result = get_invite(&flagship(&server).with_max_body_size(MIB)).await;
    assert!(
        matches!(
            result,
            Err(Error::BodyTooLarge {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                limit: MIB
            })
        ),
        "{result:?}"
    );
}

#[tokio::test]
async fn body_larger_than_the_limit_when_chunked_is_body_too_large() {
    for size in [MIB + 1, 2 * MIB] {
        let server = RawServer::always(chunked(200, size)).await;
        let client = flagship(&server).with_max_body_size(MIB);
        let result = get_invite(&client).await;
        assert!(
            matches!(
                result,
                Err(Error::BodyTooLarge {
                    status: StatusCode::OK,
                    limit: MIB
                })
            ),
            "{size} bytes: {result:?}"
        );
    }
}

#[tokio::test]
async fn body_exactly_at_the_limit_is_accepted() {
    let bytes = response(
        200,
        &[("Content-Type", "application/json")],
        &padded_empty_object(MIB),
    );
    let server = RawServer::always(bytes).await;
    let result = get_invite(&flagship(&server).with_max_body_size(MIB)).await;
    assert_eq!(
        result.expect("at the limit"),
        SmartInviteResponse::default()
    );

    // Chunked: `{}` then spaces, `MIB` bytes in all.
    let mut bytes = chunked(200, MIB);
    let start = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head")
        + 4;
    let data = bytes[start..]
        .windows(2)
        .position(|w| w == b"\r\n")
        .expect("a chunk size line")
        + start
        + 2;
    bytes[data..data + 2].copy_from_slice(b"{}");
    let server = RawServer::always(bytes).await;
    let result = get_invite(&flagship(&server).with_max_body_size(MIB)).await;
    assert_eq!(
        result.expect("at the limit, chunked"),
        SmartInviteResponse::default()
    );
}

#[tokio::test]
async fn body_not_matching_the_schema_is_unexpected_body() {
    let bodies = [
        r#"{"recipients": "not a list"}"#,
        r#"{"smart_invite_id": 42}"#,
        r#"{"recipients": [{"email": ["a"]}]}"#,
        r#"[]"#,
        r#""a string""#,
        r#"{"smart_invite_id": "a""#,
        "not json at all",
    ];
    for body in bodies {
        let (result, _server) = get_against(json(200, body)).await;
        let (status, text) = expect_unexpected_body(result);
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(text, body);
    }
    // A documented error body that does not match its schema is reported the same way.
    let body = r#"{"errors": "none"}"#;
    let (result, _server) = get_against(json(422, body)).await;
    let (status, text) = expect_unexpected_body(result);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(text, body);
}

#[tokio::test]
async fn empty_success_body_is_unexpected_body() {
    for status in [200, 201] {
        let (result, _server) = get_against(json(status, "")).await;
        let (got, text) = expect_unexpected_body(result);
        assert_eq!(got.as_u16(), status);
        assert_eq!(text, "");
    }
}

#[tokio::test]
async fn invalid_utf8_body_is_a_typed_error() {
    let mut body = br#"{"smart_invite_id": ""#.to_vec();
    body.extend_from_slice(&[0xFF, 0xFE, 0xC3]);
    body.extend_from_slice(br#""}"#);
    let bytes = response(200, &[("Content-Type", "application/json")], &body);
    let (result, _server) = get_against(bytes).await;
    let (status, text) = expect_unexpected_body(result);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text, String::from_utf8_lossy(&body));
    assert!(text.contains('\u{FFFD}'));

    // In an error body, the text keeps what can be read.
    let bytes = response(503, &[], &[b'o', b'k', 0xFF]);
    let (result, _server) = get_against(bytes).await;
    let (status, text) = expect_api_error(result);
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(text, "ok\u{FFFD}");
}

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

// 7. Secrets.

#[test]
fn client_debug_hides_the_key() {
    let clients = [
        Client::new(DataCenter::Uk, KEY),
        Client::with_base_url("http://127.0.0.1:1", KEY)
            .with_retry(RetryPolicy::default())
            .with_timeout(Duration::from_secs(1))
            .with_max_body_size(10),
    ];
    for client in clients {
        for shown in [format!("{client:?}"), format!("{client:#?}")] {
            assert!(!shown.contains(KEY), "{shown}");
            assert!(!shown.contains("Bearer"), "{shown}");
            assert!(shown.contains("Client"), "{shown}");
        }
    }
}

#[test]
fn default_base_urls_are_https() {
    assert!(
        Client::new(DataCenter::Uk, KEY)
            .base_url()
            .starts_with("https://"),
        "{}",
        Client::new(DataCenter::Uk, KEY).base_url()
    );
    for center in [
        DataCenter::Au,
        DataCenter::Ca,
        DataCenter::De,
        DataCenter::Sg,
        DataCenter::Uk,
        DataCenter::Us,
        DataCenter::default(),
    ] {
        let client = Client::new(center, KEY);
        assert_eq!(client.base_url(), format!("https://{}", center.as_str()));
    }
}

#[tokio::test]
async fn errors_never_show_the_key() {
    let mut errors: Vec<(&str, Error<GetSmartInviteError>)> = Vec::new();

    // Transport: nothing listening.
    let closed = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let closed_url = format!("http://{}", closed.local_addr().expect("an address"));
    drop(closed);
    let result = get_invite(&Client::with_base_url(&closed_url, KEY)).await;
    errors.push(("refused", result.expect_err("nothing listens")));

    // Transport: timeout.
    let hanging = RawServer::start(|_| Reply::SendThenHang(Vec::new())).await;
    let client = flagship(&hanging).with_timeout(Duration::from_millis(100));
    errors.push(("timeout", get_invite(&client).await.expect_err("times out")));

    // Transport: malformed response.
    let garbage = RawServer::always(b"garbage\r\n\r\n".to_vec()).await;
    errors.push((
        "garbage",
        get_invite(&flagship(&garbage)).await.expect_err("garbage"),
    ));

    // Api, with and without a parsed body.
    let (result, _s1) = get_against(json(401, "unauthorized")).await;
    errors.push(("401", result.expect_err("401")));
    let (result, _s2) = get_against(json(
        422,
        r#"{"errors": {"k": [{"key": "k", "description": "d"}]}}"#,
    ))
    .await;
    errors.push(("422", result.expect_err("422")));

    // BodyTooLarge.
    let big = RawServer::always(chunked(200, 2 * MIB)).await;
    let client = flagship(&big).with_max_body_size(MIB);
    errors.push((
        "too large",
        get_invite(&client).await.expect_err("too large"),
    ));

    // UnexpectedBody.
    let (result, _s3) = get_against(json(200, "not json")).await;
    errors.push(("unexpected body", result.expect_err("not json")));

    // A key that cannot be sent in a header: refused before anything is sent, whatever kind.
    let refuse = RawServer::always(json(200, "{}")).await;
    let bad_key = format!("{KEY}\r\nX-Injected: 1");
    let result = get_invite(&Client::with_base_url(refuse.url(), &bad_key)).await;
    let error = result.expect_err("a key with a line break cannot be sent");
    refuse.assert_untouched("key with a line break").await;
    errors.push(("bad key", error));

    let kinds: Vec<&str> = errors
        .iter()
        .map(|(_, e)| match e {
            Error::InvalidRequest { .. } => "InvalidRequest",
            Error::Transport(_) => "Transport",
            Error::Api { .. } => "Api",
            Error::BodyTooLarge { .. } => "BodyTooLarge",
            Error::UnexpectedBody { .. } => "UnexpectedBody",
            _ => "another error",
        })
        .collect();
    for kind in ["Transport", "Api", "BodyTooLarge", "UnexpectedBody"] {
        assert!(kinds.contains(&kind), "no {kind} among {kinds:?}");
    }
    for (case, error) in &errors {
        let mut shown = vec![
            error.to_string(),
            format!("{error:?}"),
            format!("{error:#?}"),
        ];
        let mut source = std::error::Error::source(error);
        while let Some(s) = source {
            shown.push(s.to_string());
            shown.push(format!("{s:?}"));
            source = s.source();
        }
        for text in shown {
            assert!(!text.contains(KEY), "{case}: the key leaks: {text}");
            assert!(!text.contains("Bearer"), "{case}: the header leaks: {text}");
            assert!(!text.contains("X-Injected"), "{case}: {text}");
        }
    }

    // The fixture client's InvalidRequest, too (it has no key: nothing named secret may show).
    let server = RawServer::always(json(200, "[]")).await;
    let params = list_params_with_id(&format!("{KEY}\n"));
    let error = parameters_client(&server)
        .list_repos("o", "r", &params)
        .await
        .expect_err("refused");
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(KEY), "{text}");
    }
}

/// reqwest's transport errors show the request's URL: an API key sent in the query shows there
/// as `redacted`, whether sending fails (nothing listens) or reading the body does.
#[tokio::test]
async fn an_api_key_in_the_query_does_not_show_in_transport_errors() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.local_addr().expect("bound")
    };
    let server = RawServer::always(cut_short(200, &[], 500, b"short")).await;
    for base in [format!("http://{closed}"), server.url()] {
        let client = servers_auth::Client::with_base_url(&base)
            .with_header_key("header-secret")
            .with_query_key(KEY);
        let error = client.keys().await.expect_err("the request fails");
        assert!(
            matches!(error, servers_auth::Error::Transport(_)),
            "{base}: {error:?}"
        );
        let mut shown = vec![error.to_string(), format!("{error:?}")];
        if let Some(source) = std::error::Error::source(&error) {
            shown.push(source.to_string());
            shown.push(format!("{source:?}"));
        }
        for text in &shown {
            assert!(!text.contains(KEY), "{base}: the key leaks: {text}");
        }
        // A failed connection names the URL (a failed body read does not).
        if base.contains(&closed.to_string()) {
            assert!(
                shown.iter().any(|t| t.contains("api_key=redacted")),
                "{base}: the URL is still shown, with the key redacted: {shown:?}"
            );
        }
    }
    // The key did reach the server it is meant for.
    assert_eq!(
        server.only_request().query_pairs(),
        [("api_key".to_string(), KEY.to_string())]
    );
}

#[tokio::test]
async fn authorization_is_sent_but_not_forwarded_to_another_origin_on_redirect() {
    let other = RawServer::always(json(200, r#"{"smart_invite_id": "moved"}"#)).await;
    let location = format!("{}/elsewhere", other.url());
    let first = RawServer::always(response(302, &[("Location", &location)], b"")).await;
    let result = get_invite(&flagship(&first)).await;

    let sent = first.only_request();
    assert_eq!(
        sent.header_values("Authorization"),
        [format!("Bearer {KEY}")],
        "the key is sent to the server it is meant for"
    );
    // Either the redirect is not followed, or it is followed without the credential.
    for request in other.requests() {
        assert!(
            request.header_values("Authorization").is_empty(),
            "the key went to another origin: {request:?}"
        );
        let all = format!("{request:?}");
        assert!(!all.contains(KEY), "{all}");
    }
    if other.requests().is_empty() {
        assert!(result.is_err(), "{result:?}");
    }
}

/// Credentials given to the constructor go out on every request; a password with a colon and
/// non-ASCII text is sent as it is, Base64-encoded.
#[tokio::test]
async fn constructor_basic_credentials_are_sent() {
    let server = RawServer::always(response(
        200,
        &[("content-type", "application/json")],
        br#"{"name": "ada"}"#,
    ))
    .await;
    let client = basic_auth::Client::with_base_url(server.url(), "ada", "p:ässword");
    let me = client.whoami().await.expect("a 200 with a body");
    assert_eq!(me.name, "ada");
    let request = server.only_request();
    assert_eq!(request.line, "GET /whoami HTTP/1.1");
    let authorization: Vec<&str> = request
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("authorization"))
        .map(|(_, value)| value.as_str())
        .collect();
    // base64("ada:p:ässword"), the password's bytes in UTF-8.
    assert_eq!(authorization, ["Basic YWRhOnA6w6Rzc3dvcmQ="]);
}

/// Error bodies are parsed, each into its status's variant, for the statuses that document one
/// (401 to 403 and 429 here); a documented status without a body is its variant alone (500), and
/// an undocumented one is no body at all.
#[tokio::test]
async fn error_bodies_are_read_for_documented_statuses_only() {
    use responses::types::{GetQuotaError, GetQuotaUnauthorized};
    let refused = || GetQuotaUnauthorized::default().reason("no");
    for (status, expected) in [
        (400, None),
        (401, Some(GetQuotaError::Unauthorized(refused()))),
        (402, Some(GetQuotaError::PaymentRequired(refused()))),
        (403, Some(GetQuotaError::Forbidden(refused()))),
        (404, None),
        (429, Some(GetQuotaError::TooManyRequests(refused()))),
        (500, Some(GetQuotaError::InternalServerError)),
    ] {
        let server = RawServer::always(response(
            status,
            &[("content-type", "application/json")],
            br#"{"reason": "no"}"#,
        ))
        .await;
        let client = responses::Client::with_base_url(server.url());
        let error = client.get_quota().await.expect_err("not a success");
        let responses::Error::Api {
            status: got,
            body,
            text,
        } = error
        else {
            panic!("{status}: not an API error: {error:?}")
        };
        assert_eq!(got.as_u16(), status);
        assert_eq!(text, r#"{"reason": "no"}"#, "{status}");
        assert_eq!(body, expected, "{status}");
    }
}

/// A large payload of a union is boxed (so the enum stays small); a response by status still
/// reads into it, and so does a `oneOf`.
#[tokio::test]
async fn large_union_payloads_are_boxed_and_read() {
    use schemas::types::{Record, RecordOrId, RefreshRecordResponse};
    let record = br#"{"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6","g":"7","h":"8"}"#;
    let server = RawServer::always(response(
        200,
        &[("content-type", "application/json")],
        record,
    ))
    .await;
    let client = schemas::Client::with_base_url(server.url());
    let got = client.refresh_record("r-1").await.expect("a 200");
    let RefreshRecordResponse::Ok(boxed) = got else {
        panic!("not the 200 variant: {got:?}")
    };
    let boxed: Box<Record> = boxed;
    assert_eq!((boxed.a.as_str(), boxed.h.as_str()), ("1", "8"));
    assert_eq!(
        server.only_request().line,
        "POST /records/r-1/refresh HTTP/1.1"
    );

    let server = RawServer::always(response(
        202,
        &[("content-type", "application/json")],
        br#""r-1""#,
    ))
    .await;
    let client = schemas::Client::with_base_url(server.url());
    let got = client.refresh_record("r-1").await.expect("a 202");
    assert_eq!(got, RefreshRecordResponse::Accepted("r-1".into()));

    let union: RecordOrId = serde_json::from_slice(record).expect("a record");
    assert_eq!(union, RecordOrId::Record(boxed));
    let id: RecordOrId = serde_json::from_str(r#""r-1""#).expect("an id");
    assert_eq!(id, RecordOrId::String("r-1".into()));
}

/// Bytes come back as sent, whatever the spec lists first: `createSpeech` lists
/// `text/event-stream` before `application/octet-stream` and returns the bytes, asking for them
/// with `Accept`; `getNote` lists `text/plain` before JSON and reads the JSON the server
/// labels as such; a text body that is not UTF-8 is an error that keeps the bytes.
#[tokio::test]
async fn bodies_are_read_as_the_media_type_they_are_asked_in() {
    let audio: &[u8] = b"ID3\xff\xfb\x90\x00\xc3(\x80\xfe";
    let server = RawServer::always(response(
        200,
        &[("content-type", "application/octet-stream")],
        audio,
    ))
    .await;
    let client = responses::Client::with_base_url(server.url());
    let got: Vec<u8> = client.create_speech().await.expect("the audio");
    assert_eq!(got, audio, "the bytes are returned unchanged");
    assert_eq!(
        server.only_request().header_values("accept"),
        ["application/octet-stream"]
    );

    let server = RawServer::always(response(
        200,
        &[("content-type", "application/json")],
        br#"{"name": "Rex"}"#,
    ))
    .await;
    let client = responses::Client::with_base_url(server.url());
    let note = client.get_note().await.expect("the JSON note");
    assert_eq!(note.name, "Rex");
    assert_eq!(
        server.only_request().header_values("accept"),
        ["application/json"]
    );

    let server = RawServer::always(response(
        200,
        &[("content-type", "text/plain; charset=utf-8")],
        b"caf\xe9",
    ))
    .await;
    let client = responses::Client::with_base_url(server.url());
    let error = client.get_motd().await.expect_err("Latin-1 is not UTF-8");
    let responses::Error::NotUtf8 { status, bytes, .. } = &error else {
        panic!("not a UTF-8 error: {error:?}")
    };
    assert_eq!((status.as_u16(), bytes.as_slice()), (200, &b"caf\xe9"[..]));
    assert!(error.to_string().contains("not UTF-8"), "{error}");
    assert_eq!(
        server.only_request().header_values("accept"),
        ["text/plain"]
    );
    let server = RawServer::always(response(200, &[], "café ✓".as_bytes())).await;
    let client = responses::Client::with_base_url(server.url());
    assert_eq!(client.get_motd().await.expect("UTF-8 text"), "café ✓");
}

/// A header value past ASCII is sent as its UTF-8 bytes (HTTP's `obs-text`); a line break is
/// still refused, and not sent.
#[tokio::test]
async fn non_ascii_header_values_are_sent_as_utf8_bytes() {
    use responses::types::CreateSpeechParams;
    let server = RawServer::always(response(200, &[], b"")).await;
    let client = responses::Client::with_base_url(server.url());
    let mut params = CreateSpeechParams::default();
    params.x_voice = Some("sky blue/ü?&=".to_string());
    client.create_speech_with(&params).await.expect("sent");
    assert_eq!(
        server.only_request().header_values("x-voice"),
        ["sky blue/ü?&="]
    );

    let refuse = RawServer::always(response(200, &[], b"")).await;
    let client = responses::Client::with_base_url(refuse.url());
    params.x_voice = Some("a\r\nX-Injected: 1".to_string());
    let error = client
        .create_speech_with(&params)
        .await
        .expect_err("a line break cannot be sent");
    assert!(
        matches!(error, responses::Error::InvalidRequest { .. }),
        "{error:?}"
    );
    refuse
        .assert_untouched("header value with a line break")
        .await;
}
