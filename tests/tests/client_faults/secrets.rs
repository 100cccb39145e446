//! The API key and credentials: sent where they belong, never shown, never forwarded.

use std::time::Duration;

use clientgen_tests::fixtures::{basic_auth, servers_auth};
use cronofy_smart_invites::types::GetSmartInviteError;
use cronofy_smart_invites::{Client, DataCenter, Error, RetryPolicy};
use tokio::net::TcpListener;

use super::server::{RawServer, Reply, chunked, cut_short, json, response};
use super::{KEY, MIB, flagship, get_against, get_invite, list_params_with_id, parameters_client};

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
