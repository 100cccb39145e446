//! `{op}_stream` against a server on loopback that streams as OpenAI's does: the `streaming`
//! fixture's client (chat completions as JSON or events, speech as bytes or events, file
//! downloads, JSON lines and records). Each body is sent in HTTP chunks cut where the test says,
//! at every byte boundary for events, lines and records, so the client sees every split an
//! event, a line or a UTF-8 sequence can have; binary bodies are not UTF-8; and every request's
//! `Accept` is checked.

use std::sync::{Arc, Mutex};

use clientgen_tests::fixtures::streaming::types::{
    CreateChatCompletionError, CreateChatCompletionRequest, CreateSpeechRequest, GetLogsParams,
};
use clientgen_tests::fixtures::streaming::{Client, Error};
use futures_util::StreamExt;
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// An answer: status, `Content-Type`, and the body in the HTTP chunks it is sent as.
struct Reply {
    status: u16,
    content_type: &'static str,
    chunks: Vec<Vec<u8>>,
}

impl Reply {
    fn ok(content_type: &'static str, body: &[u8]) -> Reply {
        Reply {
            status: 200,
            content_type,
            chunks: vec![body.to_vec()],
        }
    }

    /// `body` cut at `at`.
    fn split(content_type: &'static str, body: &[u8], at: usize) -> Reply {
        Reply {
            status: 200,
            content_type,
            chunks: vec![body[..at].to_vec(), body[at..].to_vec()],
        }
    }
}

/// The request line and headers of each request received, in order.
type Seen = Arc<Mutex<Vec<(String, Vec<(String, String)>)>>>;

/// A server answering each request (one a connection) with the next of `replies`, its body in
/// chunked encoding, one HTTP chunk per piece (empty pieces left out).
async fn serve(replies: Vec<Reply>) -> (Client, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen: Seen = Arc::default();
    let record = seen.clone();
    tokio::spawn(async move {
        for reply in replies {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                if socket.read(&mut byte).await.unwrap() == 0 {
                    break;
                }
                head.push(byte[0]);
            }
            let text = String::from_utf8(head).unwrap();
            let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
            let line = lines.next().unwrap_or_default().to_string();
            let headers: Vec<(String, String)> = lines
                .filter_map(|l| l.split_once(':'))
                .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
                .collect();
            let length: usize = headers
                .iter()
                .find(|(n, _)| n == "content-length")
                .map_or(0, |(_, v)| v.parse().unwrap());
            let mut body = vec![0; length];
            socket.read_exact(&mut body).await.unwrap();
            record.lock().unwrap().push((line, headers));
            let head = format!(
                "HTTP/1.1 {} X\r\ncontent-type: {}\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n",
                reply.status, reply.content_type
            );
            socket.write_all(head.as_bytes()).await.unwrap();
            for chunk in reply.chunks.iter().filter(|c| !c.is_empty()) {
                socket
                    .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                    .await
                    .unwrap();
                socket.write_all(chunk).await.unwrap();
                socket.write_all(b"\r\n").await.unwrap();
                socket.flush().await.unwrap();
            }
            socket.write_all(b"0\r\n\r\n").await.unwrap();
            socket.shutdown().await.unwrap();
        }
    });
    (Client::with_base_url(format!("http://{addr}")), seen)
}

/// The `Accept` header of each request received.
fn accepts(seen: &Seen) -> Vec<String> {
    seen.lock()
        .unwrap()
        .iter()
        .map(|(_, headers)| {
            let values: Vec<&str> = headers
                .iter()
                .filter(|(n, _)| n == "accept")
                .map(|(_, v)| v.as_str())
                .collect();
            values.join(" | ")
        })
        .collect()
}

fn chat_request() -> CreateChatCompletionRequest {
    CreateChatCompletionRequest::new("gpt".to_string()).stream(true)
}

/// Chat completion chunks as OpenAI sends them, with what the standard allows around them: a
/// BOM, a comment, CRLF and CR line ends, a `data` field split over two lines, an `id`, a
/// `retry`, an unknown field, a multi-byte character, and events after the `[DONE]` sentinel.
const CHAT: &[u8] = "\u{feff}: keep-alive\r\n\r\ndata: {\"id\":\"a\",\"delta\":\"Hé\"}\r\n\r\nid: 7\rretry: 10\rdata: {\"id\":\"b\",\r\ndata: \"delta\":\"ü🦀\"}\nfoo: bar\n\nevent: end\ndata: [DONE]\n\ndata: {\"id\":\"c\"}\n\n".as_bytes();

#[tokio::test]
async fn chat_events_split_at_every_byte_are_the_same_events() {
    let replies = (0..=CHAT.len())
        .map(|at| Reply::split("text/event-stream", CHAT, at))
        .collect();
    let (client, seen) = serve(replies).await;
    for at in 0..=CHAT.len() {
        let events: Vec<_> = client
            .create_chat_completion_stream(&chat_request())
            .collect()
            .await;
        let events: Vec<(String, Option<String>)> = events
            .into_iter()
            .map(|e| {
                let e = e.unwrap_or_else(|e| panic!("cut at {at}: {e}"));
                (e.id, e.delta)
            })
            .collect();
        assert_eq!(
            events,
            [
                ("a".to_string(), Some("Hé".to_string())),
                ("b".to_string(), Some("ü🦀".to_string()))
            ],
            "cut at {at}"
        );
    }
    let accepts = accepts(&seen);
    assert_eq!(accepts.len(), CHAT.len() + 1);
    assert!(
        accepts
            .iter()
            .all(|a| a == "text/event-stream, application/json"),
        "{accepts:?}"
    );
}

#[tokio::test]
async fn chat_whole_reads_json_and_sends_accept_json() {
    let body = br#"{"id":"x","content":"hello"}"#;
    let (client, seen) = serve(vec![Reply::ok("application/json", body)]).await;
    let response = client
        .create_chat_completion(&CreateChatCompletionRequest::new("gpt".to_string()))
        .await
        .unwrap();
    assert_eq!(response.id, "x");
    assert_eq!(response.content.as_deref(), Some("hello"));
    assert_eq!(accepts(&seen), ["application/json"]);
}

#[tokio::test]
async fn a_stream_answered_with_an_error_status_yields_the_error_alone() {
    let reply = Reply {
        status: 400,
        content_type: "application/json",
        chunks: vec![br#"{"message":"bad "#.to_vec(), br#"model"}"#.to_vec()],
    };
    let (client, _) = serve(vec![reply]).await;
    let items: Vec<_> = client
        .create_chat_completion_stream(&chat_request())
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    match &items[0] {
        Err(Error::Api {
            status,
            body: Some(CreateChatCompletionError::BadRequest(body)),
            ..
        }) => {
            assert_eq!(*status, StatusCode::BAD_REQUEST);
            assert_eq!(body.message, "bad model");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_stream_answered_with_another_media_type_says_which() {
    let (client, _) = serve(vec![Reply::ok("application/json", br#"{"id":"x"}"#)]).await;
    let items: Vec<_> = client
        .create_chat_completion_stream(&chat_request())
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    match &items[0] {
        Err(e @ Error::UnexpectedBody { status, .. }) => {
            assert_eq!(*status, StatusCode::OK);
            assert!(
                e.to_string()
                    .contains("the response is `application/json`, not `text/event-stream`"),
                "{e}"
            );
        }
        other => panic!("{other:?}"),
    }
}

/// The whole-body methods of operations that also stream events, answered with events whatever
/// their `Accept` said (as OpenAI answers a body asking for a stream): the `Content-Type`
/// decides, so the events are neither decoded as JSON nor returned as audio bytes; the error
/// names the method that reads them. A `charset` parameter does not hide the media type.
#[tokio::test]
async fn a_whole_method_answered_with_events_names_the_stream_method() {
    let events = b"data: {\"id\":\"a\"}\n\n";
    let (client, seen) = serve(vec![
        Reply::ok("text/event-stream", events),
        Reply::ok("Text/Event-Stream; charset=utf-8", events),
    ])
    .await;
    let chat = client.create_chat_completion(&chat_request()).await;
    let speech = client
        .create_speech(&CreateSpeechRequest::new("hi".to_string()))
        .await;
    for (result, stream) in [
        (
            chat.map(|_| ()).map_err(|e| e.to_string()),
            "create_chat_completion_stream",
        ),
        (
            speech.map(|_| ()).map_err(|e| e.to_string()),
            "create_speech_stream",
        ),
    ] {
        let expected =
            format!("the response is `text/event-stream`, which `Client::{stream}` reads");
        match result {
            Err(e) => assert!(e.contains(&expected), "{e}"),
            Ok(()) => panic!("{stream}: events read as the whole body"),
        }
    }
    assert_eq!(
        accepts(&seen),
        ["application/json", "application/octet-stream"]
    );
}

/// Bytes that are not UTF-8: every byte value, several times.
fn binary() -> Vec<u8> {
    (0..4096u32).map(|i| (i * 7 % 256) as u8).collect()
}

#[tokio::test]
async fn binary_bodies_that_are_not_utf8_arrive_whole_and_streamed() {
    let body = binary();
    assert!(std::str::from_utf8(&body).is_err());
    let pieces = Reply {
        status: 200,
        content_type: "application/octet-stream",
        chunks: body.chunks(1000).map(<[u8]>::to_vec).collect(),
    };
    let replies = vec![
        Reply::ok("application/octet-stream", &body),
        pieces,
        Reply::ok("application/octet-stream", &body),
    ];
    let (client, seen) = serve(replies).await;
    assert_eq!(client.download_file("file-1").await.unwrap(), body);
    let chunks: Vec<bytes::Bytes> = client
        .download_file_stream("file-1")
        .map(Result::unwrap)
        .collect()
        .await;
    assert!(chunks.len() > 1, "{}", chunks.len());
    assert_eq!(chunks.concat(), body);
    let speech = CreateSpeechRequest::new("hi".to_string());
    assert_eq!(client.create_speech(&speech).await.unwrap(), body);
    assert_eq!(
        accepts(&seen),
        [
            "application/octet-stream, text/plain",
            "application/octet-stream, text/plain",
            "application/octet-stream"
        ]
    );
}

#[tokio::test]
async fn a_download_error_keeps_its_text() {
    let reply = Reply {
        status: 404,
        content_type: "text/plain",
        chunks: vec![b"no such ".to_vec(), b"file".to_vec()],
    };
    let (client, _) = serve(vec![reply]).await;
    let items: Vec<_> = client.download_file_stream("nope").collect().await;
    match items.as_slice() {
        [Err(Error::Api { status, text, .. })] => {
            assert_eq!(*status, StatusCode::NOT_FOUND);
            assert_eq!(text, "no such file");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn speech_events_are_read_from_the_media_type_not_listed_first() {
    let body = b"data: {\"type\":\"speech.audio.delta\",\"audio\":\"AAE=\"}\n\ndata: {\"type\":\"speech.audio.done\"}\n\n";
    let (client, seen) = serve(vec![Reply::ok("text/event-stream; charset=utf-8", body)]).await;
    let speech = CreateSpeechRequest::new("hi".to_string());
    let events: Vec<_> = client
        .create_speech_stream(&speech)
        .map(Result::unwrap)
        .collect()
        .await;
    let kinds: Vec<(&str, Option<&str>)> = events
        .iter()
        .map(|e| (e.r#type.as_str(), e.audio.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("speech.audio.delta", Some("AAE=")),
            ("speech.audio.done", None)
        ]
    );
    assert_eq!(accepts(&seen), ["text/event-stream"]);
}

#[tokio::test]
async fn json_lines_and_records_split_at_every_byte_are_the_same_items() {
    let lines = b"{\"custom_id\":\"r1\",\"status\":200}\r\n\n{\"custom_id\":\"r\xC3\xA9\"}\n{\"custom_id\":\"r3\"}";
    let records = b"\x1E{\"custom_id\":\"r1\",\"status\":200}\n\x1E{\"custom_id\":\"r\xC3\xA9\"}\n\x1E{\"custom_id\":\"r3\"}\n";
    let mut replies = Vec::new();
    for at in 0..=lines.len() {
        replies.push(Reply::split("application/x-ndjson", lines, at));
    }
    for at in 0..=records.len() {
        replies.push(Reply::split("application/json-seq", records, at));
    }
    let (client, seen) = serve(replies).await;
    let expected = [
        ("r1".to_string(), Some(200)),
        ("ré".to_string(), None),
        ("r3".to_string(), None),
    ];
    for at in 0..=lines.len() {
        let items: Vec<_> = client
            .get_batch_output_stream("b1")
            .map(|r| r.unwrap_or_else(|e| panic!("cut at {at}: {e}")))
            .map(|r| (r.custom_id, r.status))
            .collect()
            .await;
        assert_eq!(items, expected, "lines cut at {at}");
    }
    for at in 0..=records.len() {
        let items: Vec<_> = client
            .get_logs_stream(&GetLogsParams::default())
            .map(|r| r.unwrap_or_else(|e| panic!("cut at {at}: {e}")))
            .map(|r| (r.custom_id, r.status))
            .collect()
            .await;
        assert_eq!(items, expected, "records cut at {at}");
    }
    let accepts = accepts(&seen);
    assert_eq!(accepts[0], "application/x-ndjson");
    assert_eq!(accepts[accepts.len() - 1], "application/json-seq");
}

/// The spec names no sentinel for these events; the fixture's `sse-sentinels` setting names
/// `[END]`, which ends the stream (a line `data: [END]x` is not it).
#[tokio::test]
async fn events_of_plain_text_are_their_data_until_the_sentinel_of_the_settings() {
    let body =
        b"data: one\ndata: two\n\ndata:three\n\ndata: [END]x\n\ndata: [END]\n\ndata: four\n\n";
    let (client, _) = serve(vec![Reply::ok("text/event-stream", body)]).await;
    let events: Vec<String> = client
        .create_raw_completion_stream()
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(events, ["one\ntwo", "three", "[END]x"]);
}
