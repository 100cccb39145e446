//! Typed formats against a server on loopback: the `typed_formats*` fixtures read `date-time`,
//! `date` and `uuid` strings as `time`, `chrono`, `jiff` and `uuid` types (their
//! `.settings.toml`). A value that parses is `Parsed::Valid`; one that does not is
//! `Parsed::Invalid` with the text as sent, and the rest of the response is read as usual.
//! Parameters are written in the format's standard form: RFC 3339 for date-times (offset and
//! fraction kept), `YYYY-MM-DD` for dates, hyphenated lowercase for UUIDs.

use clientgen_tests::fixtures::{typed_formats, typed_formats_chrono, typed_formats_jiff};
use serde_json::json;
use typed_formats::types::{Event, GetEventParams, Parsed};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ID: &str = "0b7e1e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

fn datetime(text: &str) -> time::OffsetDateTime {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .expect("a valid RFC 3339 date-time")
}

async fn answering(body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// The first request the server received: its path (as sent, percent-encoded), its query pairs
/// (decoded) and its headers.
async fn received(
    server: &MockServer,
) -> (String, Vec<(String, String)>, reqwest::header::HeaderMap) {
    let requests = server.received_requests().await.expect("recording is on");
    let request = requests.first().expect("one request");
    let pairs = request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut headers = reqwest::header::HeaderMap::new();
    for (name, value) in &request.headers {
        if let (Ok(name), Ok(value)) = (
            reqwest::header::HeaderName::from_bytes(name.as_str().as_bytes()),
            reqwest::header::HeaderValue::from_bytes(value.as_bytes()),
        ) {
            headers.insert(name, value);
        }
    }
    (request.url.path().to_string(), pairs, headers)
}

#[tokio::test]
async fn valid_values_are_read_as_their_types() {
    let server = answering(json!({
        "id": ID,
        "title": "Launch",
        "starts_at": "2026-12-01T09:30:00.25+02:00",
        "day": "2026-12-01",
        "reminders": ["2026-11-30T09:30:00Z"],
        "cancelled_at": null,
        "thumbnail": "AAEC/w==",
        "email": "ada@example.com"
    }))
    .await;
    let client = typed_formats::Client::with_base_url(server.uri());
    let since = datetime("2026-01-01T00:00:00Z");
    let event = client
        .get_event(&uuid::Uuid::nil().into(), &GetEventParams::new(since))
        .await
        .expect("a valid event");
    assert_eq!(
        event.id,
        Parsed::Valid(uuid::Uuid::parse_str(ID).expect("uuid"))
    );
    assert_eq!(
        event.starts_at.valid(),
        Some(&datetime("2026-12-01T09:30:00.25+02:00"))
    );
    let day = time::Date::from_calendar_date(2026, time::Month::December, 1).expect("date");
    assert_eq!(event.day, Some(Parsed::Valid(day)));
    assert_eq!(
        event.reminders,
        Some(vec![Parsed::Valid(datetime("2026-11-30T09:30:00Z"))])
    );
    assert_eq!(event.cancelled_at, Some(None));
    assert_eq!(event.thumbnail, Some(Parsed::Valid(vec![0, 1, 2, 255])));
    let sent = serde_json::to_value(&event).expect("serializes");
    assert_eq!(sent["thumbnail"], "AAEC/w==");
    assert_eq!(event.email.as_deref(), Some("ada@example.com"));
}

#[tokio::test]
async fn a_value_that_does_not_parse_keeps_its_text_and_the_rest_of_the_response() {
    let server = answering(json!({
        "id": "not-a-uuid",
        "title": "Launch",
        "starts_at": "next tuesday",
        "day": 20261201,
        "thumbnail": "not base64!",
        "reminders": ["2026-11-30T09:30:00Z", "2026-02-30T00:00:00Z"]
    }))
    .await;
    let client = typed_formats::Client::with_base_url(server.uri());
    let params = GetEventParams::new(datetime("2026-01-01T00:00:00Z"));
    let event = client
        .get_event(&uuid::Uuid::nil().into(), &params)
        .await
        .expect("odd values never fail the response");
    assert_eq!(event.title, "Launch");
    assert_eq!(event.id, Parsed::Invalid("not-a-uuid".to_string()));
    assert_eq!(event.starts_at, Parsed::Invalid("next tuesday".to_string()));
    assert_eq!(event.starts_at.valid(), None);
    // A JSON value that is not a string is kept as JSON text.
    assert_eq!(event.day, Some(Parsed::Invalid("20261201".to_string())));
    assert_eq!(
        event.thumbnail,
        Some(Parsed::Invalid("not base64!".to_string()))
    );
    let reminders = event.reminders.clone().expect("reminders");
    assert!(matches!(reminders[0], Parsed::Valid(_)));
    assert_eq!(
        reminders[1],
        Parsed::Invalid("2026-02-30T00:00:00Z".to_string())
    );
    // Sent back, an invalid value is the text it was read from.
    let sent = serde_json::to_value(&event).expect("serializes");
    assert_eq!(sent["starts_at"], "next tuesday");
    assert_eq!(sent["id"], "not-a-uuid");
    assert_eq!(sent["reminders"][1], "2026-02-30T00:00:00Z");
}

#[tokio::test]
async fn parameters_are_written_in_rfc_3339() {
    let server =
        answering(json!({"id": ID, "title": "t", "starts_at": "2026-12-01T09:30:00Z"})).await;
    let client = typed_formats::Client::with_base_url(server.uri());
    let mut params = GetEventParams::new(datetime("2026-12-01T09:30:00.5+02:00"));
    params.on = Some(
        time::Date::from_calendar_date(2026, time::Month::March, 7)
            .expect("date")
            .into(),
    );
    params.around = Some(vec![
        datetime("2026-12-01T00:00:00Z").into(),
        datetime("2026-12-02T00:00:00-05:00").into(),
    ]);
    params.x_as_of = Some(datetime("2026-12-01T09:30:00Z").into());
    let id = uuid::Uuid::parse_str(&ID.to_uppercase()).expect("uuid");
    client
        .get_event(&id.into(), &params)
        .await
        .expect("answered");
    let (path, query, headers) = received(&server).await;
    assert_eq!(path, format!("/events/{ID}"));
    let expected = [
        ("since", "2026-12-01T09:30:00.5+02:00"),
        ("on", "2026-03-07"),
        ("around", "2026-12-01T00:00:00Z,2026-12-02T00:00:00-05:00"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(query, expected);
    assert_eq!(headers["x-as-of"], "2026-12-01T09:30:00Z");
}

#[tokio::test]
async fn a_date_time_path_parameter_is_one_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events/at/2026-12-01T09%3A30%3A00Z"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let client = typed_formats::Client::with_base_url(server.uri());
    let events: Vec<Event> = client
        .events_at(&datetime("2026-12-01T09:30:00Z").into())
        .await
        .expect("the path matched");
    assert!(events.is_empty());
}

#[tokio::test]
async fn chrono_values_parse_and_are_written_in_rfc_3339() {
    use typed_formats_chrono::types::{GetSlotParams, Parsed};
    let server =
        answering(json!({"starts_at": "2026-12-01T09:30:00+01:00", "day": "2026-13-01"})).await;
    let client = typed_formats_chrono::Client::with_base_url(server.uri());
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-01T09:30:00.123Z").expect("valid");
    let params =
        GetSlotParams::default().on(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"));
    let slot = client
        .get_slot_with(&at.into(), &params)
        .await
        .expect("a slot");
    let starts = chrono::DateTime::parse_from_rfc3339("2026-12-01T09:30:00+01:00").expect("valid");
    assert_eq!(slot.starts_at, Parsed::Valid(starts));
    assert_eq!(slot.day, Some(Parsed::Invalid("2026-13-01".to_string())));
    let (path, query, _) = received(&server).await;
    assert_eq!(path, "/slots/2026-12-01T09%3A30%3A00.123Z");
    assert_eq!(query, [("on".to_string(), "2026-12-01".to_string())]);
}

#[tokio::test]
async fn jiff_values_parse_and_are_written_in_rfc_3339() {
    use typed_formats_jiff::types::{GetWindowParams, Parsed};
    let server = answering(json!({"starts_at": "yesterday", "day": "2026-12-01"})).await;
    let client = typed_formats_jiff::Client::with_base_url(server.uri());
    let at: jiff::Timestamp = "2026-12-01T09:30:00Z".parse().expect("valid");
    let params = GetWindowParams::default().on(jiff::civil::date(2026, 12, 1));
    let window = client
        .get_window_with(&at.into(), &params)
        .await
        .expect("a window");
    assert_eq!(window.starts_at, Parsed::Invalid("yesterday".to_string()));
    assert_eq!(
        window.day,
        Some(Parsed::Valid(jiff::civil::date(2026, 12, 1)))
    );
    let (path, query, _) = received(&server).await;
    assert_eq!(path, "/windows/2026-12-01T09%3A30%3A00Z");
    assert_eq!(query, [("on".to_string(), "2026-12-01".to_string())]);
}

// The escape hatches (`escape_hatches.settings.toml`): a replaced schema, added derives and
// renamed schema, property and operation, used as a caller would.

#[tokio::test]
async fn escape_hatches_rename_replace_and_derive() {
    use clientgen_tests::fixtures::escape_hatches::{
        self,
        types::{Kind, ListPetsParams, Pet},
    };
    use clientgen_tests::replacements::Money;
    let server = answering(json!([
        {"nm": "Rex", "kind": "dog", "price": {"amount": "12.50", "currency": "EUR"}},
        {"nm": "Tom", "kind": "cat"}
    ]))
    .await;
    let client = escape_hatches::Client::with_base_url(server.uri());
    let pets: Vec<Pet> = client
        .list_pets_with(&ListPetsParams::default())
        .await
        .expect("pets");
    let price = Money {
        amount: "12.50".into(),
        currency: "EUR".into(),
    };
    assert_eq!(pets[0].name, "Rex");
    assert_eq!(pets[0].price, Some(price));
    // `derive = ["Eq", "Hash"]` on every type, `Ord` on two.
    let unique: std::collections::HashSet<&Pet> = pets.iter().collect();
    let sorted: std::collections::BTreeSet<&Pet> = pets.iter().collect();
    assert_eq!(unique.len(), 2);
    assert_eq!(
        sorted.iter().next().map(|p| &p.name),
        Some(&"Rex".to_string())
    );
    assert!(Kind::Cat < Kind::Dog);
    let sent = serde_json::to_value(&pets[1]).expect("serializes");
    assert_eq!(sent, json!({"nm": "Tom", "kind": "cat"}));
}

#[tokio::test]
async fn a_typed_response_header_is_read_and_an_odd_one_kept() {
    let event = json!({"id": ID, "title": "t", "starts_at": "2026-12-01T09:30:00Z"});
    for (header, expected) in [
        (
            "2026-12-01T09:30:00Z",
            Parsed::Valid(datetime("2026-12-01T09:30:00Z")),
        ),
        (
            "Tue, 01 Dec 2026 09:30:00 GMT",
            Parsed::Invalid("Tue, 01 Dec 2026 09:30:00 GMT".to_string()),
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(201)
                    .insert_header("X-Created-At", header)
                    .set_body_json(event.clone()),
            )
            .mount(&server)
            .await;
        let client = typed_formats::Client::with_base_url(server.uri());
        let body: Event = serde_json::from_value(event.clone()).expect("an event");
        let created = client.create_event(&body).await.expect("created");
        assert_eq!(created.x_created_at, Some(expected));
    }
}
