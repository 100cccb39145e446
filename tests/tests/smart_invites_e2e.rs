//! End-to-end tests of the generated `cronofy-smart-invites` client against a real HTTP server on
//! loopback (wiremock). What the server received is read back from `received_requests()` and
//! checked field by field; what the client parsed is checked field by field too.
//!
//! The request and response examples are those of `/work/shared/seed/initial-status.md`.

use std::collections::BTreeMap;
use std::time::Duration;

use cronofy_smart_invites::types::{
    Attachments, Event, EventTime, FieldError, GetSmartInviteParams, Location, Organizer,
    Recipient, RecipientState, RecipientStatus, SmartInviteMethod, SmartInviteRequest,
    SmartInviteResponse, UpsertSmartInviteError, ZonedTime,
};
use cronofy_smart_invites::{Client, DataCenter, Error};
use reqwest::StatusCode;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A distinctive API key, so that finding it in any output can only mean it leaked.
const KEY: &str = "sk_e2e-DoNotLeak-7f3Qz9WpX2";

const PATH: &str = "/v1/smart_invites";

type CallResult = Result<SmartInviteResponse, Error<UpsertSmartInviteError>>;

/// The seed's example request body, as JSON.
fn seed_request_json() -> Value {
    json!({
        "method": "request",
        "recipients": [
            { "email": "cronofy@example.com", "status": "accepted" },
            { "email": "cronofy@example.org" }
        ],
        "smart_invite_id": "your-unique-id-for-invite",
        "callback_url": "https://example.com/cronofy/smart_invite/notifications",
        "event": {
            "summary": "Board meeting",
            "description": "Discuss plans for the next quarter.",
            "start": "2017-10-05T09:30:00Z",
            "end": "2017-10-05T10:00:00Z",
            "tzid": "Europe/London",
            "location": { "description": "Board room" }
        },
        "organizer": { "name": "Smart invite application" }
    })
}

/// The seed's example response body, as JSON.
fn seed_response_json() -> Value {
    json!({
        "recipients": [
            { "email": "cronofy@example.com", "status": "accepted" },
            { "email": "cronofy@example.org", "status": "pending" }
        ],
        "smart_invite_id": "your-unique-id-for-invite",
        "callback_url": "https://example.com/cronofy/smart_invite/notifications",
        "event": {
            "summary": "Board meeting",
            "description": "Discuss plans for the next quarter.",
            "start": { "time": "2017-10-05T09:30:00Z", "tzid": "Europe/London" },
            "end": { "time": "2017-10-05T10:00:00Z", "tzid": "Europe/London" },
            "location": { "description": "Board room" }
        },
        "attachments": { "icalendar": "BEGIN:VCALENDAR\nVERSION:2.0..." }
    })
}

/// The seed's example request, written as a user of the client would write it.
fn seed_request() -> SmartInviteRequest {
    SmartInviteRequest::new("your-unique-id-for-invite")
        .method(SmartInviteMethod::Request)
        .callback_url("https://example.com/cronofy/smart_invite/notifications")
        .recipients([
            Recipient::new("cronofy@example.com").status(RecipientStatus::Accepted),
            Recipient::new("cronofy@example.org"),
        ])
        .event(
            Event::default()
                .summary("Board meeting")
                .description("Discuss plans for the next quarter.")
                .start(EventTime::Time("2017-10-05T09:30:00Z".into()))
                .end(EventTime::Time("2017-10-05T10:00:00Z".into()))
                .tzid("Europe/London")
                .location(Location::default().description("Board room")),
        )
        .organizer(Organizer::new("Smart invite application"))
}

/// A server answering every `POST /v1/smart_invites` with `response`.
async fn server_answering_post(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A server answering every `GET /v1/smart_invites` with `response`.
async fn server_answering_get(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// Sends the seed request to a server answering with `response`.
async fn upsert_against(response: ResponseTemplate) -> CallResult {
    let server = server_answering_post(response).await;
    Client::with_base_url(server.uri(), KEY)
        .upsert_smart_invite(&seed_request())
        .await
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request: {requests:?}"
    );
    requests.remove(0)
}

fn header<'r>(request: &'r Request, name: &str) -> &'r str {
    request
        .headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header in {:?}", request.headers))
        .to_str()
        .expect("header is ASCII")
}

fn query_pairs(request: &Request) -> BTreeMap<String, String> {
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    let map: BTreeMap<String, String> = pairs.iter().cloned().collect();
    assert_eq!(
        map.len(),
        pairs.len(),
        "a query parameter is repeated: {pairs:?}"
    );
    map
}

fn expect_api_error(result: CallResult) -> (StatusCode, Option<UpsertSmartInviteError>, String) {
    match result {
        Err(Error::Api { status, body, text }) => (status, body, text),
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

fn expect_unexpected_body(result: CallResult) -> (StatusCode, String) {
    match result {
        Err(Error::UnexpectedBody { status, text, .. }) => (status, text),
        other => panic!("expected Error::UnexpectedBody, got {other:?}"),
    }
}

fn zoned(time: &str, tzid: &str) -> Option<EventTime> {
    Some(EventTime::ZonedTime(ZonedTime::new(time, tzid)))
}

// 1. The request on the wire.

#[tokio::test]
async fn upsert_sends_the_seed_request_exactly() {
    let server =
        server_answering_post(ResponseTemplate::new(200).set_body_json(seed_response_json())).await;
    let client = Client::with_base_url(server.uri(), KEY);

    let result = client.upsert_smart_invite(&seed_request()).await;
    assert!(result.is_ok(), "the call failed: {result:?}");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), PATH);
    assert_eq!(request.url.query(), None);
    assert_eq!(header(&request, "authorization"), format!("Bearer {KEY}"));
    let content_type = header(&request, "content-type");
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    assert!(
        essence.eq_ignore_ascii_case("application/json"),
        "Content-Type is {content_type:?}"
    );
    let sent: Value = serde_json::from_slice(&request.body).expect("the body is JSON");
    assert_eq!(sent, seed_request_json());
}

// 2. The seed response, parsed.

#[tokio::test]
async fn upsert_parses_every_field_of_the_seed_response() {
    let response = upsert_against(ResponseTemplate::new(200).set_body_json(seed_response_json()))
        .await
        .expect("the seed response parses");

    assert_eq!(
        response.recipients,
        Some(vec![
            RecipientState::default()
                .email("cronofy@example.com")
                .status(RecipientStatus::Accepted),
            RecipientState::default()
                .email("cronofy@example.org")
                .status(RecipientStatus::Pending),
        ])
    );
    assert_eq!(
        response.smart_invite_id.as_deref(),
        Some("your-unique-id-for-invite")
    );
    assert_eq!(
        response.callback_url.as_deref(),
        Some("https://example.com/cronofy/smart_invite/notifications")
    );
    assert_eq!(response.method, None);
    assert_eq!(response.recipient, None);
    assert_eq!(response.replies, None);

    let event = response.event.expect("an event");
    assert_eq!(event.summary.as_deref(), Some("Board meeting"));
    assert_eq!(
        event.description.as_deref(),
        Some("Discuss plans for the next quarter.")
    );
    assert_eq!(event.start, zoned("2017-10-05T09:30:00Z", "Europe/London"));
    assert_eq!(event.end, zoned("2017-10-05T10:00:00Z", "Europe/London"));
    assert_eq!(event.tzid, None);
    assert_eq!(
        event.location,
        Some(Location::default().description("Board room"))
    );
    assert_eq!(event.url, None);
    assert_eq!(event.reminders, None);
    assert_eq!(event.transparency, None);
    assert_eq!(event.color, None);

    assert_eq!(
        response.attachments,
        Some(Attachments::default().icalendar("BEGIN:VCALENDAR\nVERSION:2.0..."))
    );
}

// 3. and 4. Recipient statuses.

#[test]
fn every_known_recipient_status_round_trips_through_serde() {
    let cases = [
        (RecipientStatus::Accepted, "accepted"),
        (RecipientStatus::Declined, "declined"),
        (RecipientStatus::Pending, "pending"),
        (RecipientStatus::Tentative, "tentative"),
    ];
    for (status, wire) in cases {
        let serialized = serde_json::to_string(&status).expect("serializes");
        assert_eq!(serialized, format!("\"{wire}\""), "serializing {status:?}");
        let parsed: RecipientStatus =
            serde_json::from_value(Value::String(wire.into())).expect("deserializes");
        assert_eq!(parsed, status, "deserializing {wire:?}");
    }
}

#[test]
fn recipient_status_defaults_to_pending() {
    assert_eq!(RecipientStatus::default(), RecipientStatus::Pending);
}

#[tokio::test]
async fn unknown_recipient_status_is_kept_as_other_and_serializes_back() {
    let body = json!({
        "smart_invite_id": "your-unique-id-for-invite",
        "recipients": [{ "email": "cronofy@example.com", "status": "needs_action" }]
    });
    let response = upsert_against(ResponseTemplate::new(200).set_body_json(body))
        .await
        .expect("an unknown status does not fail the call");

    let recipients = response.recipients.expect("recipients");
    assert_eq!(recipients.len(), 1);
    assert_eq!(recipients[0].email.as_deref(), Some("cronofy@example.com"));
    let status = recipients[0].status.clone().expect("a status");
    assert_eq!(status, RecipientStatus::Other("needs_action".into()));
    assert_eq!(
        serde_json::to_string(&status).expect("serializes"),
        "\"needs_action\""
    );
}

// 5. Old-style event times.

#[tokio::test]
async fn old_style_string_times_with_sibling_tzid_parse() {
    let body = json!({
        "smart_invite_id": "your-unique-id-for-invite",
        "event": {
            "summary": "Board meeting",
            "start": "2017-10-05T09:30:00Z",
            "end": "2017-10-05T10:00:00Z",
            "tzid": "Europe/London"
        }
    });
    let response = upsert_against(ResponseTemplate::new(200).set_body_json(body))
        .await
        .expect("an old-style response parses");

    let event = response.event.expect("an event");
    assert_eq!(event.summary.as_deref(), Some("Board meeting"));
    assert_eq!(
        event.start,
        Some(EventTime::Time("2017-10-05T09:30:00Z".into()))
    );
    assert_eq!(
        event.end,
        Some(EventTime::Time("2017-10-05T10:00:00Z".into()))
    );
    assert_eq!(event.tzid.as_deref(), Some("Europe/London"));
}

// 6. and 7. Error statuses and bodies.

#[tokio::test]
async fn validation_failure_422_gives_api_error_with_field_errors() {
    let body = r#"{"errors":{"event.start":[{"key":"errors.required","description":"required"}]}}"#;
    let result =
        upsert_against(ResponseTemplate::new(422).set_body_raw(body, "application/json")).await;

    let (status, parsed, text) = expect_api_error(result);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(text, body);
    let Some(UpsertSmartInviteError::UnprocessableEntity(invalid)) = parsed else {
        panic!("the 422 body is parsed: {parsed:?}")
    };
    let errors = invalid.errors;
    assert_eq!(
        errors.keys().map(String::as_str).collect::<Vec<_>>(),
        ["event.start"]
    );
    assert_eq!(
        errors["event.start"],
        [FieldError::new("errors.required", "required")]
    );
}

#[tokio::test]
async fn unauthorized_401_with_empty_body_gives_api_error_without_body() {
    let result = upsert_against(ResponseTemplate::new(401)).await;

    let (status, body, text) = expect_api_error(result);
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // A documented status without a documented body: its variant, holding nothing.
    assert_eq!(body, Some(UpsertSmartInviteError::Unauthorized));
    assert_eq!(text, "");
}

#[tokio::test]
async fn rate_limited_429_with_text_body_gives_api_error_keeping_the_text() {
    let result =
        upsert_against(ResponseTemplate::new(429).set_body_string("Too Many Requests, slow down"))
            .await;

    let (status, body, text) = expect_api_error(result);
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body, Some(UpsertSmartInviteError::TooManyRequests));
    assert_eq!(text, "Too Many Requests, slow down");
}

#[tokio::test]
async fn success_with_non_json_body_gives_unexpected_body() {
    let result = upsert_against(ResponseTemplate::new(200).set_body_string("not json")).await;

    let (status, text) = expect_unexpected_body(result);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text, "not json");
}

#[tokio::test]
async fn success_with_body_not_matching_the_schema_gives_unexpected_body() {
    let body = r#"{"recipients": 5}"#;
    let result =
        upsert_against(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;

    let (status, text) = expect_unexpected_body(result);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text, body);
}

// 8. The status read's query.

#[tokio::test]
async fn get_sends_every_query_parameter_encoded() {
    let server =
        server_answering_get(ResponseTemplate::new(200).set_body_json(seed_response_json())).await;
    let client = Client::with_base_url(server.uri(), KEY);
    let params = GetSmartInviteParams::new("invite id/with&odd=chars")
        .recipient_email("a+b@example.com")
        .include_ics(true);

    let response = client
        .get_smart_invite(&params)
        .await
        .expect("the call succeeds");
    assert_eq!(
        response.smart_invite_id.as_deref(),
        Some("your-unique-id-for-invite")
    );

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), PATH);
    assert_eq!(header(&request, "authorization"), format!("Bearer {KEY}"));
    assert!(request.body.is_empty(), "a GET sends no body");
    let expected: BTreeMap<String, String> = [
        ("smart_invite_id", "invite id/with&odd=chars"),
        ("recipient_email", "a+b@example.com"),
        ("include_ics", "true"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(query_pairs(&request), expected);
}

#[tokio::test]
async fn get_omits_unset_optional_query_parameters() {
    let server =
        server_answering_get(ResponseTemplate::new(200).set_body_json(seed_response_json())).await;
    let client = Client::with_base_url(server.uri(), KEY);

    client
        .get_smart_invite(&GetSmartInviteParams::new("your-unique-id-for-invite"))
        .await
        .expect("the call succeeds");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), PATH);
    let expected: BTreeMap<String, String> = [(
        "smart_invite_id".to_string(),
        "your-unique-id-for-invite".to_string(),
    )]
    .into();
    assert_eq!(query_pairs(&request), expected);
}

// 9. The key does not leak.

#[tokio::test]
async fn api_key_appears_in_no_debug_or_display_output() {
    let clients = [
        Client::with_base_url("http://127.0.0.1:1", KEY),
        Client::new(DataCenter::Uk, KEY),
    ];
    for client in &clients {
        let debug = format!("{client:?}");
        assert!(
            !debug.contains(KEY),
            "the key leaks from Debug of the client: {debug}"
        );
        assert!(
            debug.contains(client.base_url()),
            "Debug shows the base URL: {debug}"
        );
    }
    assert_eq!(clients[1].base_url(), "https://api-uk.cronofy.com");

    let errors = [
        upsert_against(ResponseTemplate::new(401)).await,
        upsert_against(ResponseTemplate::new(200).set_body_string("not json")).await,
        upsert_against(ResponseTemplate::new(422).set_body_json(json!({"errors": {"event": []}})))
            .await,
        Client::with_base_url(closed_loopback_url(), KEY)
            .with_timeout(Duration::from_secs(10))
            .upsert_smart_invite(&seed_request())
            .await,
    ];
    for result in errors {
        let error = result.expect_err("each call fails");
        let debug = format!("{error:?}");
        let display = format!("{error}");
        assert!(
            !debug.contains(KEY),
            "the key leaks from Debug of an error: {debug}"
        );
        assert!(
            !display.contains(KEY),
            "the key leaks from Display of an error: {display}"
        );
    }
}

// 10. Any 2xx is a success.

#[tokio::test]
async fn accepted_202_with_the_success_body_is_a_success() {
    let response = upsert_against(ResponseTemplate::new(202).set_body_json(seed_response_json()))
        .await
        .expect("202 is a success");

    assert_eq!(
        response.smart_invite_id.as_deref(),
        Some("your-unique-id-for-invite")
    );
    let statuses: Vec<_> = response
        .recipients
        .expect("recipients")
        .into_iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(
        statuses,
        [
            Some(RecipientStatus::Accepted),
            Some(RecipientStatus::Pending)
        ]
    );
}

// 11. Transport failures.

/// A URL on loopback where nothing listens: a port the OS gave out and that was closed again.
fn closed_loopback_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().expect("a local address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

#[tokio::test]
async fn connection_refused_gives_transport_error() {
    let result = Client::with_base_url(closed_loopback_url(), KEY)
        .with_timeout(Duration::from_secs(10))
        .upsert_smart_invite(&seed_request())
        .await;

    match result {
        Err(error @ Error::Transport(_)) => assert_eq!(error.status(), None),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}
