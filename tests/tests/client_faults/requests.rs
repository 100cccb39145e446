//! Bad callers: path, query, header and cookie values that try to leave their place in the request.

use clientgen_tests::fixtures::{parameters, responses};

use super::server::{RawServer, json, response};
use super::{list_params, list_params_with_id, parameters_client};

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
