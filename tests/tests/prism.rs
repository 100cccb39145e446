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

use crate::support::recorder;

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
            let request = || {
                let mut request =
                    http.request(method.clone(), format!("{target}{}", seen.target()));
                for (name, value) in &seen.headers {
                    let skip = ["host", "content-length", "connection", "transfer-encoding"];
                    if !skip.iter().any(|s| name.eq_ignore_ascii_case(s)) {
                        request = request.header(name, value);
                    }
                }
                request.body(seen.body.clone())
            };
            // A mock that stopped is started again by the script: wait for it (30 s at most).
            // A request that stops it fails; before the next one, wait until that mock is gone
            // (2 s at most), so that no later request meets it dying.
            let mut waits = 0;
            let sent = loop {
                match request().send().await {
                    Err(e) if e.is_connect() && waits < 120 => {
                        waits += 1;
                        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
                    }
                    other => break other,
                }
            };
            if sent.is_err() {
                let address = target.trim_start_matches("http://").to_string();
                for _ in 0..8 {
                    if tokio::net::TcpStream::connect(&address).await.is_err() {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
                }
            }
            let (status, headers, body) = match sent {
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
    fn shown<E>(e: Error<E>) -> String {
        match e {
            Error::UnexpectedBody {
                status,
                text,
                source,
            } => {
                format!("undecodable {status} response ({source}): {text}")
            }
            Error::Api { status, text, .. } => format!("answered {status}: {text}"),
            other => other.to_string(),
        }
    }
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

// The fixture clients. `scripts/oracles/prism.sh` starts one `prism mock --errors` per fixture
// listed in `FIXTURES` and passes their addresses in `PRISM_FIXTURES` (`name=url,...`). Each
// fixture's driver calls every operation of its client with valid arguments (optional
// parameters and properties set, so that Prism judges how they are written); a request Prism
// flags, or a call that fails, is a problem.

/// Problems Prism finds today that are known, each `(fixture: what, part of the problem)`: the
/// request line Prism flags or the case that fails, and a part of what is found. The test fails
/// on a problem not listed, on a listed one no longer found ("remove it from KNOWN_WRONG"):
/// the list can only shrink.
///
/// All are Prism's (5.14.2) own limits, not the clients': each is checked by a test of ours
/// (see `scripts/oracles/README.md`).
const KNOWN_WRONG: &[(&str, &str)] = &[
    // Prism stops (a TypeError in its `simple` deserializer) on a request without an optional
    // header array or object parameter, and on path arrays (prism.sh starts it again).
    // Styles: style_table.rs, request_encoding.rs.
    (
        "parameters: list_repos, required parameters",
        "error sending request",
    ),
    (
        "request_encoding: search, no parameter",
        "error sending request",
    ),
    ("request_encoding: path_values", "error sending request"),
    // Prism reads every multipart part as text: an array sent as one part per item and an
    // object sent as a JSON part are "not an array" / "not an object" to it. multipart.rs
    // checks the parts with multer against the Encoding Object's defaults.
    (
        "bodies: upload",
        "Request body property attachments must be array",
    ),
    (
        "request_encoding: send_parts",
        "Request body property doc must be object",
    ),
    // A form array with `explode: false` is `flat=a,b` (the style table's form row); Prism
    // wants the separating comma percent-encoded (request_encoding.rs pins the bytes).
    (
        "request_encoding: send_form",
        "Reserved characters used in request body",
    ),
    // The style table's own cells, which style_table.rs checks the client sends byte for byte:
    // Prism stops on the `matrix` flat and `simple` array and object path segments and on
    // space- and pipe-delimited objects, and reads the `label` objects, the exploded `form`
    // object and the `deepObject` as missing their properties.
    (
        "style_table: path_matrix_flat_array",
        "error sending request",
    ),
    (
        "style_table: path_matrix_flat_object",
        "error sending request",
    ),
    (
        "style_table: path_simple_flat_array",
        "error sending request",
    ),
    (
        "style_table: path_simple_flat_object",
        "error sending request",
    ),
    (
        "style_table: path_simple_explode_array",
        "error sending request",
    ),
    (
        "style_table: path_simple_explode_object",
        "error sending request",
    ),
    (
        "style_table: query_space_delimited_flat_object",
        "error sending request",
    ),
    (
        "style_table: query_pipe_delimited_flat_object",
        "error sending request",
    ),
    (
        "style_table: path_label_flat_object",
        "must have required property 'R'",
    ),
    (
        "style_table: path_label_explode_object",
        "must have required property 'G'",
    ),
    (
        "style_table: query_form_explode_object",
        "must have required property 'R'",
    ),
    (
        "style_table: query_deep_object_explode_object",
        "must have required property 'R'",
    ),
    // Prism cannot make a body of a media type without a serializer (PDF, bytes), and answers
    // JSON without a schema with an empty body, which is no JSON. client_faults.rs and
    // smart_invites_e2e.rs read bytes and JSON from servers of our own.
    (
        "responses: get_report",
        "Cannot find serializer for application/pdf",
    ),
    (
        "responses: get_blob",
        "Cannot find serializer for application/octet-stream",
    ),
    ("responses: no_schema", "EOF while parsing a value"),
];

/// What one call of a driver gave: the case and the error, if any.
type Calls = Vec<(&'static str, Result<(), String>)>;

/// The fixtures driven through Prism, each with its driver (given the proxy's address). The
/// script reads the names from here (`grep`), so the two cannot drift.
const FIXTURES: &[&str] = &[
    "parameters",
    "bodies",
    "responses",
    "request_encoding",
    "style_table",
];

/// The error of a fixture client's call, shown.
fn shown<E: std::fmt::Debug>(result: Result<impl Sized, E>) -> Result<(), String> {
    result.map(drop).map_err(|e| format!("{e:?}"))
}

async fn drive_parameters(url: String) -> Calls {
    use clientgen_tests::fixtures::parameters::Client;
    use clientgen_tests::fixtures::parameters::types::{
        GetFileParams, GetFileType, ListReposFilter, ListReposParams, ListReposSort,
    };
    let client = Client::with_base_url(url);
    let all = ListReposParams::new(vec![1, 2], "0b5a8a86-7c3a-4d1e-9d7e-5a0c7b1d2e3f")
        .per_page(50)
        .sort(ListReposSort::FullName)
        .tags(vec!["a".to_string(), "b".to_string()])
        .words(vec!["one".to_string(), "two".to_string()])
        .flags(vec![true, false])
        .filter(ListReposFilter::default().state("open").labels("bug"))
        .x_trace(vec!["t1".to_string(), "t2".to_string()])
        .session("s1")
        .since("2024-01-02T03:04:05Z")
        .limit(2.5);
    let least = ListReposParams::new(vec![7], "0b5a8a86-7c3a-4d1e-9d7e-5a0c7b1d2e3f");
    vec![
        (
            "list_repos, every parameter",
            shown(client.list_repos("acme", "tools", &all).await),
        ),
        (
            "get_file",
            shown(
                client
                    .get_file("notes.txt", &GetFileType::Text, &GetFileParams::new(3))
                    .await,
            ),
        ),
        (
            "list_repos, required parameters",
            shown(client.list_repos("acme", "tools", &least).await),
        ),
    ]
}

async fn drive_bodies(url: String) -> Calls {
    use clientgen_tests::fixtures::bodies::Client;
    use clientgen_tests::fixtures::bodies::types::{Note, PostFormRequest, UploadRequest};
    let client = Client::with_base_url(url);
    let note = Note::default().text("hello");
    let upload = UploadRequest::new(b"\x00\x01file".to_vec())
        .attachments(vec![b"a".into(), b"b".into()])
        .title("a title")
        .count(2)
        .meta(note.clone());
    vec![
        ("post_json", shown(client.post_json(&note).await)),
        (
            "post_optional, a body",
            shown(client.post_optional(Some(&note)).await),
        ),
        (
            "post_optional, none",
            shown(client.post_optional(None).await),
        ),
        (
            "post_form",
            shown(
                client
                    .post_form(&PostFormRequest::new("client_credentials").scope("read write"))
                    .await,
            ),
        ),
        ("upload", shown(client.upload(&upload).await)),
        (
            "put_raw",
            shown(client.put_raw(b"\x00\x01raw".to_vec()).await),
        ),
        (
            "append_raw, a body",
            shown(
                client
                    .append_raw(Some(b"\x00\x01more".to_vec().into()))
                    .await,
            ),
        ),
        ("append_raw, none", shown(client.append_raw(None).await)),
        (
            "echo_raw",
            shown(client.echo_raw(b"\x00\x01echo".to_vec()).await),
        ),
        ("put_text", shown(client.put_text("some text").await)),
        ("post_either", shown(client.post_either(&note).await)),
    ]
}

async fn drive_responses(url: String) -> Calls {
    use clientgen_tests::fixtures::responses::Client;
    let client = Client::with_base_url(url);
    vec![
        ("get_pet", shown(client.get_pet("p1").await)),
        ("get_report", shown(client.get_report().await)),
        ("only_default", shown(client.only_default().await)),
        ("get_limits", shown(client.get_limits().await)),
        ("get_quota", shown(client.get_quota().await)),
        ("ping", shown(client.ping().await)),
        ("get_blob", shown(client.get_blob().await)),
        ("no_schema", shown(client.no_schema().await)),
    ]
}

async fn drive_request_encoding(url: String) -> Calls {
    use clientgen_tests::fixtures::request_encoding::Client;
    use clientgen_tests::fixtures::request_encoding::types::{
        Filter, SearchParams, SendFormRequest, SendPartsRequest,
    };
    let client = Client::with_base_url(url);
    let filter = || Filter::new("Ann Lee").size("L");
    let names = vec!["a".to_string(), "b".to_string()];
    let search = SearchParams::default()
        .q("a b")
        .raw("x/y")
        .filter(filter())
        .spread(filter())
        .deep(filter())
        .tags(names.clone())
        .x_filter(filter())
        .x_flat(filter())
        .prefs(filter());
    let form = SendFormRequest::new("Ann Lee")
        .tags(names.clone())
        .flat(names.clone())
        .pipes(names.clone())
        .filter(filter())
        .deep(filter());
    let parts =
        SendPartsRequest::new(filter(), "a,b\n1,2", filter()).images(vec![b"\x89PNG".into()]);
    vec![
        ("search", shown(client.search_with(&search).await)),
        ("send_form", shown(client.send_form(&form).await)),
        ("send_parts", shown(client.send_parts(&parts).await)),
        ("search, no parameter", shown(client.search().await)),
        (
            "path_values",
            shown(client.path_values(&names, &names, &filter()).await),
        ),
    ]
}

async fn drive_style_table(url: String) -> Calls {
    use clientgen_tests::fixtures::style_table::Client;
    use clientgen_tests::fixtures::style_table::types::{self, Rgb};
    let client = Client::with_base_url(url);
    let colors: Vec<String> = vec!["blue".into(), "black".into(), "brown".into()];
    let rgb = Rgb::new(100, 200, 150);
    let mut calls = Calls::new();
    // Every operation of the style table's fixture, with the table's string, array or object.
    macro_rules! path {
        ($($name:ident: $arg:expr,)*) => {
            $(calls.push((stringify!($name), shown(client.$name($arg).await)));)*
        };
    }
    path!(
        path_matrix_flat_string: "blue",
        path_matrix_flat_array: &colors,
        path_matrix_flat_object: &rgb,
        path_matrix_explode_string: "blue",
        path_matrix_explode_array: &colors,
        path_matrix_explode_object: &rgb,
        path_label_flat_string: "blue",
        path_label_flat_array: &colors,
        path_label_flat_object: &rgb,
        path_label_explode_string: "blue",
        path_label_explode_array: &colors,
        path_label_explode_object: &rgb,
        path_simple_flat_string: "blue",
        path_simple_flat_array: &colors,
        path_simple_flat_object: &rgb,
        path_simple_explode_string: "blue",
        path_simple_explode_array: &colors,
        path_simple_explode_object: &rgb,
    );
    macro_rules! params {
        ($($name:ident: $params:ident($arg:expr),)*) => {
            $(calls.push((
                stringify!($name),
                shown(client.$name(&types::$params::new($arg)).await),
            ));)*
        };
    }
    params!(
        query_form_flat_string: QueryFormFlatStringParams("blue"),
        query_form_flat_array: QueryFormFlatArrayParams(colors.clone()),
        query_form_flat_object: QueryFormFlatObjectParams(rgb.clone()),
        query_form_explode_string: QueryFormExplodeStringParams("blue"),
        query_form_explode_array: QueryFormExplodeArrayParams(colors.clone()),
        query_form_explode_object: QueryFormExplodeObjectParams(rgb.clone()),
        query_space_delimited_flat_array: QuerySpaceDelimitedFlatArrayParams(colors.clone()),
        query_space_delimited_flat_object: QuerySpaceDelimitedFlatObjectParams(rgb.clone()),
        query_pipe_delimited_flat_array: QueryPipeDelimitedFlatArrayParams(colors.clone()),
        query_pipe_delimited_flat_object: QueryPipeDelimitedFlatObjectParams(rgb.clone()),
        query_deep_object_explode_object: QueryDeepObjectExplodeObjectParams(rgb.clone()),
        header_simple_flat_string: HeaderSimpleFlatStringParams("blue"),
        header_simple_flat_array: HeaderSimpleFlatArrayParams(colors.clone()),
        header_simple_flat_object: HeaderSimpleFlatObjectParams(rgb.clone()),
        header_simple_explode_string: HeaderSimpleExplodeStringParams("blue"),
        header_simple_explode_array: HeaderSimpleExplodeArrayParams(colors.clone()),
        header_simple_explode_object: HeaderSimpleExplodeObjectParams(rgb.clone()),
        cookie_form_flat_string: CookieFormFlatStringParams("blue"),
        cookie_form_flat_array: CookieFormFlatArrayParams(colors.clone()),
        cookie_form_flat_object: CookieFormFlatObjectParams(rgb.clone()),
        cookie_form_explode_string: CookieFormExplodeStringParams("blue"),
        cookie_form_explode_array: CookieFormExplodeArrayParams(colors.clone()),
        cookie_form_explode_object: CookieFormExplodeObjectParams(rgb.clone()),
    );
    calls
}

/// Calls the operations of fixture `name` through a proxy to its Prism at `target`; the
/// problems found, each `(fixture: what, the problem)`.
async fn drive_fixture(name: &str, target: String) -> Vec<(String, String)> {
    let (proxy, log) = proxy(target).await;
    let url = proxy.url();
    let calls = match name {
        "parameters" => drive_parameters(url).await,
        "bodies" => drive_bodies(url).await,
        "responses" => drive_responses(url).await,
        "request_encoding" => drive_request_encoding(url).await,
        "style_table" => drive_style_table(url).await,
        other => panic!("no driver for the fixture {other}: add one to tests/tests/prism.rs"),
    };
    let mut problems = Vec::new();
    let exchanges = log.lock().expect("not poisoned").clone();
    for exchange in exchanges {
        if let Some(violations) = exchange.violations {
            problems.push((
                format!("{name}: {}", exchange.line),
                format!("Prism flags it ({}): {violations}", exchange.status),
            ));
        }
    }
    for (case, result) in calls {
        if let Err(e) = result {
            problems.push((format!("{name}: {case}"), format!("the call fails: {e}")));
        }
    }
    problems
}

#[tokio::test]
#[ignore = "needs Prism: run scripts/oracles/prism.sh"]
async fn prism_errors_mode_accepts_the_fixture_clients_requests() {
    let given = prism_url("PRISM_FIXTURES");
    let mut found = Vec::new();
    for name in FIXTURES {
        let target = given
            .split(',')
            .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("PRISM_FIXTURES names no Prism for {name}: {given}"));
        found.extend(drive_fixture(name, target.to_string()).await);
    }
    let mut failures = Vec::new();
    for (what, problem) in &found {
        let known = KNOWN_WRONG
            .iter()
            .any(|(w, part)| w == what && problem.contains(part));
        if !known {
            failures.push(format!("{what}: {problem}"));
        }
    }
    for (what, part) in KNOWN_WRONG {
        if !found.iter().any(|(w, p)| w == what && p.contains(part)) {
            failures.push(format!(
                "{what} ({part}) holds now: remove it from KNOWN_WRONG"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
