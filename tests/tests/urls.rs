//! Where requests go, with the fixture `tests/fixtures/urls.yaml`: a path parameter the path
//! names twice is encoded once and written twice; an operation the spec answers only with a
//! redirect follows it, and returns (or streams) the bytes it leads to; a client built not to
//! follow redirects gets the redirect as the error variant the spec names.

use crate::support::recorder;

use clientgen_tests::fixtures::urls::types::{DownloadArchiveError, LatestError};
use clientgen_tests::fixtures::urls::{Client, Error};
use futures_util::StreamExt;
use recorder::{NO_CONTENT, Recorder, Seen};
use std::sync::Arc;

/// The archive's bytes, not UTF-8, as the redirect's target serves them.
const ARCHIVE: &[u8] = b"\x1f\x8b archive \xff\x00 bytes";

/// A server that redirects `/archives/{name}` and `/latest` to `/files/{name}.tar` and serves
/// that; anything else is not found.
async fn redirecting() -> Recorder {
    Recorder::answering(Arc::new(|seen: Seen| {
        Box::pin(async move {
            let path = seen.path().to_owned();
            let to = match path.strip_prefix("/archives/") {
                Some(name) => Some(format!("/files/{name}.tar")),
                None if path == "/latest" => Some("/files/latest.tar".to_owned()),
                None => None,
            };
            match to {
                Some(to) => format!(
                    "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                )
                .into_bytes(),
                None if path.starts_with("/files/") => {
                    let mut response = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        ARCHIVE.len()
                    )
                    .into_bytes();
                    response.extend_from_slice(ARCHIVE);
                    response
                }
                None => {
                    let body = r#"{"reason":"no such archive"}"#;
                    format!(
                        "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    )
                    .into_bytes()
                }
            }
        })
    }))
    .await
}

#[tokio::test]
async fn a_path_parameter_named_twice_is_encoded_once_in_each_place() {
    let server = Recorder::start(NO_CONTENT).await;
    let client = Client::with_base_url(server.url());
    client.path_twice("50% a/b").await.expect("sent");
    let seen = server.take();
    assert_eq!(seen.len(), 1, "one request: {seen:?}");
    assert_eq!(seen[0].path(), "/twice/50%25%20a%2Fb/and/50%25%20a%2Fb");
}

#[tokio::test]
async fn a_redirect_is_followed_to_the_bytes_it_leads_to() {
    let server = redirecting().await;
    let client = Client::with_base_url(server.url());
    let bytes = client.download_archive("v1 beta").await.expect("followed");
    assert_eq!(bytes, ARCHIVE);
    let paths: Vec<String> = server.take().iter().map(|s| s.path().to_owned()).collect();
    assert_eq!(paths, ["/archives/v1%20beta", "/files/v1%20beta.tar"]);

    // A range of redirects, beside a `default` that is an error.
    assert_eq!(client.latest().await.expect("followed"), ARCHIVE);
}

#[tokio::test]
async fn a_redirect_is_followed_by_the_stream_too() {
    let server = redirecting().await;
    let client = Client::with_base_url(server.url());
    let mut read = Vec::new();
    let mut chunks = client.download_archive_stream("v1");
    while let Some(chunk) = chunks.next().await {
        read.extend_from_slice(&chunk.expect("a chunk"));
    }
    assert_eq!(read, ARCHIVE);
}

#[tokio::test]
async fn the_documented_errors_stay_errors() {
    let server = Recorder::start(
        b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 28\r\nConnection: close\r\n\r\n{\"reason\":\"no such archive\"}",
    )
    .await;
    let client = Client::with_base_url(server.url());
    match client.download_archive("gone").await {
        Err(Error::Api {
            status,
            body: Some(DownloadArchiveError::NotFound(problem)),
            ..
        }) => {
            assert_eq!(status, 404);
            assert_eq!(problem.reason.as_deref(), Some("no such archive"));
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
    match client.latest().await {
        Err(Error::Api {
            status,
            body: Some(LatestError::Default(problem)),
            ..
        }) => {
            assert_eq!(status, 404);
            assert_eq!(problem.reason.as_deref(), Some("no such archive"));
        }
        other => panic!("expected the default error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_client_that_does_not_follow_redirects_gets_the_redirect_as_an_error() {
    let server = redirecting().await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let client = Client::with_http_client(http, server.url());
    match client.download_archive("v1").await {
        Err(Error::Api {
            status,
            body: Some(DownloadArchiveError::Found),
            ..
        }) => assert_eq!(status, 302),
        other => panic!("expected the redirect as an error, got {other:?}"),
    }
    assert_eq!(server.take().len(), 1, "the redirect is not followed");
}
