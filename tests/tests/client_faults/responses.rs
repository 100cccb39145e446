//! Bad and unusual responses: unknown fields and values, bodies truncated, malformed, mislabelled,
//! too large or not UTF-8, error bodies, boxed unions and media types.

use std::sync::{Arc, Mutex};

use clientgen_tests::fixtures::{responses, schemas};
use cronofy_smart_invites::Error;
use cronofy_smart_invites::types::{
    Attachments, Event, RecipientState, RecipientStatus, SmartInviteMethod, SmartInviteResponse,
};
use reqwest::StatusCode;

use super::server::{RawServer, Reply, chunked, cut_short, json, padded_empty_object, response};
use super::{MIB, expect_api_error, expect_unexpected_body, flagship, get_against, get_invite};

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
