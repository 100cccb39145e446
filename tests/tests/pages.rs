//! Paginated operations' `_stream` methods against servers on loopback that page as real
//! services do: by cursor (Speakeasy's `nextCursor`, Stripe's last item and `has_more`, a
//! cursor in the body, Dropshot's `page_token`), by offset, by a next URL in the body (Speakeasy,
//! Azure's `nextLink`) and by an RFC 8288 `Link` header (GitHub's arrays and wrapped lists),
//! absolute and relative; and the ends of a stream: an empty first page, a status without a
//! body (GitHub's `204` beside its `200` list), a page that fails, a cursor named twice.

use std::sync::{Arc, Mutex};

use clientgen_tests::fixtures::{pages_cursor, pages_link};
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the server received: the request target and its body.
#[derive(Debug, Clone, PartialEq)]
struct Request {
    target: String,
    body: String,
}

/// An answer: status, extra header lines, JSON body.
type Answer = (u16, Vec<String>, String);

/// A server on loopback answering the `n`th request (from 0) with `answer(n, base)`, `base`
/// being its own URL; it records every request.
async fn serve(
    answer: impl Fn(usize, &str) -> Answer + Send + Sync + 'static,
) -> (String, Arc<Mutex<Vec<Request>>>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (log, url) = (Arc::clone(&seen), base.clone());
    tokio::spawn(async move {
        let mut n = 0;
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut data = Vec::new();
            let mut buffer = [0u8; 4096];
            // The head, then as much body as `Content-Length` says.
            let request = loop {
                let read = stream.read(&mut buffer).await.unwrap_or(0);
                if read == 0 {
                    break None;
                }
                data.extend_from_slice(&buffer[..read]);
                let text = String::from_utf8_lossy(&data).into_owned();
                let Some((head, body)) = text.split_once("\r\n\r\n") else {
                    continue;
                };
                let length = head
                    .lines()
                    .filter_map(|l| l.split_once(':'))
                    .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
                    .and_then(|(_, v)| v.trim().parse().ok())
                    .unwrap_or(0);
                if body.len() >= length {
                    let target = head.split(' ').nth(1).unwrap_or("").to_string();
                    break Some(Request {
                        target,
                        body: body.to_string(),
                    });
                }
            };
            let Some(request) = request else { continue };
            log.lock().unwrap().push(request);
            let (status, headers, body) = answer(n, &url);
            n += 1;
            let mut reply = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for header in headers {
                reply.push_str(&header);
                reply.push_str("\r\n");
            }
            reply.push_str("\r\n");
            reply.push_str(&body);
            let _ = stream.write_all(reply.as_bytes()).await;
        }
    });
    (base, seen)
}

/// The targets requested, in order.
fn targets(seen: &Mutex<Vec<Request>>) -> Vec<String> {
    seen.lock()
        .unwrap()
        .iter()
        .map(|r| r.target.clone())
        .collect()
}

/// Every item of `stream`, each a success.
async fn all<T, E: std::fmt::Debug>(
    stream: impl futures_util::Stream<Item = Result<T, E>>,
) -> Vec<T> {
    let results: Vec<Result<T, E>> = stream.collect().await;
    results.into_iter().map(Result::unwrap).collect()
}

fn ok(body: &str) -> Answer {
    (200, Vec::new(), body.to_string())
}

#[tokio::test]
async fn a_cursor_in_the_page_is_sent_for_the_next_until_there_is_none() {
    use pages_cursor::types::ListEventsParams;
    let (base, seen) = serve(|n, _| match n {
        0 => ok(r#"{"data":[{"id":"e1"},{"id":"e2"}],"meta":{"next_cursor":"c 1"}}"#),
        1 => ok(r#"{"data":[{"id":"e3"}],"meta":{"next_cursor":"c2"}}"#),
        _ => ok(r#"{"data":[{"id":"e4"}],"meta":{"next_cursor":null}}"#),
    })
    .await;
    let client = pages_cursor::Client::with_base_url(base);
    let params = ListEventsParams::default();
    let events: Vec<_> = client.list_events_stream(&params).collect().await;
    let ids: Vec<String> = events.into_iter().map(|e| e.unwrap().id).collect();
    assert_eq!(ids, ["e1", "e2", "e3", "e4"]);
    assert_eq!(
        targets(&seen),
        ["/events", "/events?cursor=c%201", "/events?cursor=c2"]
    );
}

#[tokio::test]
async fn stripe_pages_from_the_last_item_until_has_more_is_false() {
    use pages_cursor::types::ListCustomersParams;
    let (base, seen) = serve(|n, _| match n {
        0 => ok(r#"{"data":[{"id":"cus_1"},{"id":"cus_2"}],"has_more":true}"#),
        _ => ok(r#"{"data":[{"id":"cus_3"}],"has_more":false}"#),
    })
    .await;
    let client = pages_cursor::Client::with_base_url(base);
    let params = ListCustomersParams::default().limit(2);
    let customers: Vec<_> = client.list_customers_stream(&params).collect().await;
    let ids: Vec<String> = customers.into_iter().map(|c| c.unwrap().id).collect();
    assert_eq!(ids, ["cus_1", "cus_2", "cus_3"]);
    assert_eq!(
        targets(&seen),
        [
            "/v1/customers?limit=2",
            "/v1/customers?limit=2&starting_after=cus_2"
        ]
    );
}

#[tokio::test]
async fn the_offset_moves_on_by_the_items_until_an_empty_page() {
    use pages_cursor::types::ListInvoicesParams;
    let (base, seen) = serve(|n, _| match n {
        0 => ok(r#"{"data":["i1","i2","i3"]}"#),
        1 => ok(r#"{"data":["i4","i5"]}"#),
        _ => ok(r#"{"data":[]}"#),
    })
    .await;
    let client = pages_cursor::Client::with_base_url(base);
    let params = ListInvoicesParams::default().limit(3);
    let invoices = all(client.list_invoices_stream(&params)).await;
    assert_eq!(invoices, ["i1", "i2", "i3", "i4", "i5"]);
    assert_eq!(
        targets(&seen),
        [
            "/invoices?limit=3",
            "/invoices?offset=3&limit=3",
            "/invoices?offset=5&limit=3"
        ]
    );
}

#[tokio::test]
async fn a_next_url_in_the_body_is_followed_relative_then_absolute() {
    use pages_cursor::types::ListLogsParams;
    let (base, seen) = serve(|n, base| match n {
        0 => ok(r#"{"items":["a"],"links":{"next":"/logs?level=warn&page=2"}}"#),
        1 => ok(&format!(
            r#"{{"items":["b"],"links":{{"next":"{base}/logs?level=warn&page=3"}}}}"#
        )),
        _ => ok(r#"{"items":["c"]}"#),
    })
    .await;
    let client = pages_cursor::Client::with_base_url(base);
    let params = ListLogsParams::default().level("warn".to_string());
    let lines = all(client.list_logs_stream(&params)).await;
    assert_eq!(lines, ["a", "b", "c"]);
    assert_eq!(
        targets(&seen),
        [
            "/logs?level=warn",
            "/logs?level=warn&page=2",
            "/logs?level=warn&page=3"
        ]
    );
}

#[tokio::test]
async fn a_cursor_in_the_body_goes_in_the_next_request_body() {
    use pages_cursor::types::SearchRequest;
    let (base, seen) = serve(|n, _| match n {
        0 => ok(r#"{"hits":["h1"],"next":"k2"}"#),
        _ => ok(r#"{"hits":["h2"]}"#),
    })
    .await;
    let client = pages_cursor::Client::with_base_url(base);
    let request = SearchRequest::new("rust".to_string());
    let hits = all(client.search_stream(&request)).await;
    assert_eq!(hits, ["h1", "h2"]);
    let bodies: Vec<serde_json::Value> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|r| serde_json::from_str(&r.body).unwrap())
        .collect();
    assert_eq!(
        bodies,
        [
            serde_json::json!({"query": "rust"}),
            serde_json::json!({"query": "rust", "cursor": "k2"})
        ]
    );
}

#[tokio::test]
async fn azure_next_links_and_dropshot_page_tokens_are_followed() {
    let (base, seen) = serve(|n, base| match n {
        0 => ok(&format!(
            r#"{{"value":["v1"],"nextLink":"{base}/vaults?$skiptoken=2"}}"#
        )),
        _ => ok(r#"{"value":["v2"]}"#),
    })
    .await;
    let client = pages_cursor::Client::with_base_url(base);
    let vaults = all(client.list_vaults_stream()).await;
    assert_eq!(vaults, ["v1", "v2"]);
    assert_eq!(targets(&seen), ["/vaults", "/vaults?$skiptoken=2"]);

    let (base, seen) = serve(|n, _| match n {
        0 => ok(r#"{"items":["i1"],"next_page":"t2"}"#),
        _ => ok(r#"{"items":["i2"],"next_page":null}"#),
    })
    .await;
    let client = pages_cursor::Client::with_base_url(base);
    let params = pages_cursor::types::ListInstancesParams::default();
    let instances = all(client.list_instances_stream(&params)).await;
    assert_eq!(instances, ["i1", "i2"]);
    assert_eq!(targets(&seen), ["/instances", "/instances?page_token=t2"]);
}

/// The `Link` header of GitHub's answers, with the next page's URL `next`.
fn github_link(next: &str, last: &str) -> String {
    format!(r#"link: <{next}>; rel="next", <{last}>; rel="last""#)
}

#[tokio::test]
async fn github_link_headers_are_followed_absolute_and_relative() {
    use pages_link::types::IssuesListForRepoParams;
    let (base, seen) = serve(|n, base| match n {
        0 => (
            200,
            vec![github_link(
                &format!("{base}/repositories/1/issues?per_page=2&page=2"),
                &format!("{base}/repositories/1/issues?per_page=2&page=3"),
            )],
            r#"[{"number":1,"title":"a"},{"number":2,"title":"b"}]"#.to_string(),
        ),
        1 => (
            200,
            // Relative, several relations in one `rel`, and a comma inside `<>`.
            vec![r#"Link: </repositories/1/issues?per_page=2&page=3&labels=a,b>; REL="last next", <https://example.com/first>; rel=first"#.to_string()],
            r#"[{"number":3,"title":"c"},{"number":4,"title":"d"}]"#.to_string(),
        ),
        _ => (
            200,
            vec![r#"link: </repositories/1/issues?page=1>; rel="first""#.to_string()],
            r#"[{"number":5,"title":"e"}]"#.to_string(),
        ),
    })
    .await;
    let client = pages_link::Client::with_base_url(base);
    let params = IssuesListForRepoParams::default().per_page(2);
    let issues: Vec<_> = client
        .issues_list_for_repo_stream("rust-lang", "rust", &params)
        .collect()
        .await;
    let numbers: Vec<i64> = issues.into_iter().map(|i| i.unwrap().number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5]);
    assert_eq!(
        targets(&seen),
        [
            "/repos/rust-lang/rust/issues?per_page=2",
            "/repositories/1/issues?per_page=2&page=2",
            "/repositories/1/issues?per_page=2&page=3&labels=a,b"
        ]
    );
}

#[tokio::test]
async fn a_wrapped_list_pages_its_one_array_property_by_link_headers() {
    use pages_link::types::ActionsListHostedRunnersForOrgParams;
    let (base, seen) = serve(|n, base| match n {
        0 => (
            200,
            vec![github_link(
                &format!("{base}/organizations/7/actions/runners?per_page=2&page=2"),
                &format!("{base}/organizations/7/actions/runners?per_page=2&page=3"),
            )],
            r#"{"total_count":5,"runners":[{"id":1,"name":"a"},{"id":2,"name":"b"}]}"#.to_string(),
        ),
        1 => (
            200,
            vec![
                r#"link: </organizations/7/actions/runners?per_page=2&page=3>; rel="next""#
                    .to_string(),
            ],
            r#"{"total_count":5,"runners":[{"id":3,"name":"c"},{"id":4,"name":"d"}]}"#.to_string(),
        ),
        _ => (
            200,
            vec![r#"link: </organizations/7/actions/runners?page=1>; rel="first""#.to_string()],
            r#"{"total_count":5,"runners":[{"id":5,"name":"e"}]}"#.to_string(),
        ),
    })
    .await;
    let client = pages_link::Client::with_base_url(base);
    let params = ActionsListHostedRunnersForOrgParams::default().per_page(2);
    let runners = all(client.actions_list_hosted_runners_for_org_stream("octo", &params)).await;
    let names: Vec<(i64, String)> = runners.into_iter().map(|r| (r.id, r.name)).collect();
    let expected = [(1, "a"), (2, "b"), (3, "c"), (4, "d"), (5, "e")];
    assert_eq!(names, expected.map(|(id, name)| (id, name.to_string())));
    // The page's own method returns the whole page, count and all (here the last).
    let page = client
        .actions_list_hosted_runners_for_org_with("octo", &params)
        .await
        .unwrap();
    assert_eq!((page.body.total_count, page.body.runners.len()), (5, 1));
    assert_eq!(
        targets(&seen),
        [
            "/orgs/octo/actions/runners?per_page=2",
            "/organizations/7/actions/runners?per_page=2&page=2",
            "/organizations/7/actions/runners?per_page=2&page=3",
            "/orgs/octo/actions/runners?per_page=2"
        ]
    );
}

#[tokio::test]
async fn an_array_named_in_the_components_is_paged_by_link_headers() {
    let (base, _) = serve(|n, base| match n {
        0 => (
            200,
            vec![github_link(&format!("{base}/diff?page=2"), "x")],
            r#"["a","b"]"#.to_string(),
        ),
        _ => ok(r#"["c"]"#),
    })
    .await;
    let client = pages_link::Client::with_base_url(base);
    let lines = all(client.dependency_graph_diff_range_stream("o", "r")).await;
    assert_eq!(lines, ["a", "b", "c"]);
}

#[tokio::test]
async fn a_status_without_a_body_ends_a_stream_paged_by_link_headers() {
    use pages_link::types::{ReposListContributorsParams, ReposListContributorsResponse};
    // GitHub's contributors: `200` with a list and a `Link` header, `204` when there are none
    // (an empty repository); here the third answer.
    let (base, seen) = serve(|n, base| match n {
        0 => (
            200,
            vec![github_link(
                &format!("{base}/repositories/9/contributors?per_page=2&page=2"),
                &format!("{base}/repositories/9/contributors?per_page=2&page=3"),
            )],
            r#"[{"login":"ann","id":1,"contributions":30,"type":"User"},{"id":2,"contributions":7,"type":"Anonymous"}]"#
                .to_string(),
        ),
        1 => (
            200,
            vec![github_link("/repositories/9/contributors?per_page=2&page=3", "x")],
            r#"[{"login":"bob","id":3,"contributions":1,"type":"Bot"}]"#.to_string(),
        ),
        2 => (204, Vec::new(), String::new()),
        _ => (
            200,
            vec![github_link("/repositories/9/contributors?page=2", "x")],
            r#"[{"login":"cy","contributions":4,"type":"User"}]"#.to_string(),
        ),
    })
    .await;
    let client = pages_link::Client::with_base_url(base);
    let params = ReposListContributorsParams::default().per_page(2).anon("1");
    let contributors = all(client.repos_list_contributors_stream("o", "r", &params)).await;
    let read: Vec<_> = contributors
        .iter()
        .map(|c| (c.login.as_deref(), c.id, c.contributions, c.r#type.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            (Some("ann"), Some(1), 30, "User"),
            (None, Some(2), 7, "Anonymous"),
            (Some("bob"), Some(3), 1, "Bot")
        ]
    );
    assert_eq!(
        targets(&seen),
        [
            "/repos/o/r/contributors?anon=1&per_page=2",
            "/repositories/9/contributors?per_page=2&page=2",
            "/repositories/9/contributors?per_page=2&page=3"
        ]
    );
    // The page's own method: the status, the body and the `Link` header, to page by hand.
    let page = client.repos_list_contributors_with("o", "r", &params).await;
    let Ok(ReposListContributorsResponse::Ok(page)) = page else {
        panic!("a page of contributors: {page:?}");
    };
    assert_eq!(page.body.len(), 1);
    assert_eq!(page.body[0].login.as_deref(), Some("cy"));
    assert_eq!(
        page.link.as_deref(),
        Some(r#"</repositories/9/contributors?page=2>; rel="next", <x>; rel="last""#)
    );
    assert_eq!(targets(&seen).len(), 4);
}

#[tokio::test]
async fn a_status_without_a_body_first_yields_nothing() {
    use pages_link::types::{ReposListContributorsParams, ReposListContributorsResponse};
    let (base, seen) = serve(|_, _| (204, Vec::new(), String::new())).await;
    let client = pages_link::Client::with_base_url(base);
    let params = ReposListContributorsParams::default();
    let contributors: Vec<_> = client
        .repos_list_contributors_stream("o", "r", &params)
        .collect()
        .await;
    assert!(contributors.is_empty(), "{contributors:?}");
    let answer = client.repos_list_contributors_with("o", "r", &params).await;
    assert!(
        matches!(answer, Ok(ReposListContributorsResponse::NoContent)),
        "{answer:?}"
    );
    assert_eq!(
        targets(&seen),
        ["/repos/o/r/contributors", "/repos/o/r/contributors"]
    );
}

#[tokio::test]
async fn an_empty_first_page_yields_nothing() {
    let (base, seen) = serve(|_, base| {
        (
            200,
            vec![github_link(&format!("{base}/next"), "x")],
            "[]".to_string(),
        )
    })
    .await;
    let client = pages_link::Client::with_base_url(base);
    let params = pages_link::types::IssuesListForRepoParams::default();
    let issues: Vec<_> = client
        .issues_list_for_repo_stream("o", "r", &params)
        .collect()
        .await;
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(targets(&seen), ["/repos/o/r/issues"]);
}

#[tokio::test]
async fn a_page_that_fails_ends_the_stream_after_the_items_before_it() {
    let (base, seen) = serve(|n, base| match n {
        0 => (
            200,
            vec![github_link(&format!("{base}/page2"), "x")],
            r#"[{"number":1,"title":"a"}]"#.to_string(),
        ),
        _ => (404, Vec::new(), r#"{"message":"Not Found"}"#.to_string()),
    })
    .await;
    let client = pages_link::Client::with_base_url(base);
    let params = pages_link::types::IssuesListForRepoParams::default();
    let mut issues = std::pin::pin!(client.issues_list_for_repo_stream("o", "r", &params));
    assert_eq!(issues.next().await.unwrap().unwrap().number, 1);
    match issues.next().await {
        Some(Err(pages_link::Error::Api { status, body, .. })) => {
            assert_eq!(status.as_u16(), 404);
            let Some(pages_link::types::IssuesListForRepoError::NotFound(error)) = body else {
                panic!("the 404's body: {body:?}");
            };
            assert_eq!(error.message.as_deref(), Some("Not Found"));
        }
        other => panic!("the second page's error: {other:?}"),
    }
    assert!(issues.next().await.is_none());
    assert_eq!(targets(&seen), ["/repos/o/r/issues", "/page2"]);
}

#[tokio::test]
async fn a_cursor_named_twice_ends_the_stream_with_an_error() {
    let (base, seen) = serve(|n, _| match n {
        0 => ok(r#"{"data":[{"id":"e1"}],"meta":{"next_cursor":"same"}}"#),
        _ => ok(r#"{"data":[{"id":"e2"}],"meta":{"next_cursor":"same"}}"#),
    })
    .await;
    let client = pages_cursor::Client::with_base_url(base);
    let params = pages_cursor::types::ListEventsParams::default();
    let events: Vec<_> = client.list_events_stream(&params).collect().await;
    assert_eq!(events.len(), 3, "{events:?}");
    assert_eq!(events[0].as_ref().unwrap().id, "e1");
    assert_eq!(events[1].as_ref().unwrap().id, "e2");
    match &events[2] {
        Err(pages_cursor::Error::Pagination { reason }) => {
            assert_eq!(reason, "the server named the same next page twice: `same`")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(targets(&seen), ["/events", "/events?cursor=same"]);
}

#[tokio::test]
async fn the_pagination_setting_pages_an_operation_the_spec_says_nothing_about() {
    let (base, seen) = serve(|n, _| match n {
        0 => ok(r#"{"data":["t1","t2"],"next":"t2"}"#),
        _ => ok(r#"{"data":["t3"]}"#),
    })
    .await;
    let client = pages_cursor::Client::with_base_url(base);
    let params = pages_cursor::types::ListTagsParams::default();
    let tags = all(client.list_tags_stream(&params)).await;
    assert_eq!(tags, ["t1", "t2", "t3"]);
    assert_eq!(targets(&seen), ["/tags", "/tags?after=t2"]);
}
