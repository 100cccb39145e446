//! GitHub's generated client (the whole description, `clientgen generate`) against servers on
//! loopback that page and stream as GitHub does: issues paged by `Link` headers of absolute
//! URLs, workflow runs in a wrapped list (`{total_count, workflow_runs}`) paged the same way,
//! contributors paged by `Link` until a `204` without a body (an empty page, beside the `200`
//! list), the Octocat's bytes read chunk by chunk, and a page that fails after the items of the
//! pages before it. The requests are checked as sent, the items field by field.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use clientgen_github_tests::payloads::{basic_error, issue, label, workflow_run};
use clientgen_github_tests::{Reply, Request, Server};
use futures_util::StreamExt;
use github::types::{
    ActionsListWorkflowRunsForRepoParams, ActionsListWorkflowRunsForRepoStatus, AuthorAssociation,
    IssueLabelsItem, IssuesListForRepoError, IssuesListForRepoParams, MetaGetOctocatParams,
    OpenOrClosedOrAll, ReposListContributorsParams, ReposListContributorsResponse,
};
use serde_json::{Value, json};
use tokio::sync::Semaphore;

/// `future`, or a failed test when it takes longer than a few seconds (a stream that waits for
/// bytes the server holds back would otherwise hang).
async fn within<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .expect("the client answers within 20 s")
}

/// A client of `server` that sends what GitHub asks of every request (a `User-Agent`, a
/// token), as a user's hook would.
fn client(server: &Server) -> github::Client {
    github::Client::with_base_url(server.url()).with_hook(|request| {
        let headers = request.headers_mut();
        headers.insert("user-agent", "clientgen-github-tests".parse()?);
        headers.insert("authorization", "Bearer ghp_loopback".parse()?);
        Ok(())
    })
}

/// Every request is a GET asking for `accept`, with the hook's headers (on the pages the
/// `Link` header named too).
fn assert_sent_as_github_asks(requests: &[Request], accept: &str) {
    for request in requests {
        assert_eq!(request.method, "GET", "{request:?}");
        assert_eq!(request.header("accept"), Some(accept), "{request:?}");
        assert_eq!(
            request.header("user-agent"),
            Some("clientgen-github-tests"),
            "{request:?}"
        );
        assert_eq!(
            request.header("authorization"),
            Some("Bearer ghp_loopback"),
            "{request:?}"
        );
    }
}

/// GitHub's `Link` header: `<url>; rel="..."` for each of `links`, pages of
/// `{base}/repositories/1296269/{path}` (GitHub names a repository's next pages by its id).
fn link(base: &str, path: &str, links: &[(&str, u32)]) -> String {
    let parts: Vec<String> = links
        .iter()
        .map(|(rel, page)| {
            format!(r#"<{base}/repositories/1296269/{path}&page={page}>; rel="{rel}""#)
        })
        .collect();
    parts.join(", ")
}

#[tokio::test]
async fn issues_follow_the_link_header_from_page_to_page_and_stop_after_the_last() {
    let mut pull = issue(5, "Make the widget faster", "hubot", vec![]);
    pull["state"] = json!("closed");
    pull["closed_at"] = json!("2026-11-04T08:00:00Z");
    pull["body"] = json!("Closes #3.");
    pull["pull_request"] = json!({
        "url": "https://api.github.com/repos/octo-org/octo-repo/pulls/5",
        "html_url": "https://github.com/octo-org/octo-repo/pull/5",
        "diff_url": "https://github.com/octo-org/octo-repo/pull/5.diff",
        "patch_url": "https://github.com/octo-org/octo-repo/pull/5.patch",
        "merged_at": "2026-11-04T08:00:00Z"
    });
    let bug = label(208045946, "bug", "f29513");
    let pages = [
        vec![
            issue(1, "Found a bug", "octocat", vec![bug.clone()]),
            issue(2, "Crash on start", "octocat", vec![bug.clone()]),
        ],
        vec![
            issue(3, "Slow widget", "mona", vec![]),
            issue(4, "Typo in README", "mona", vec![bug]),
        ],
        vec![pull],
    ];
    let server = Server::start(move |n, base| {
        let path = "issues?state=all&labels=bug&per_page=2";
        let links = match n {
            0 => link(base, path, &[("next", 2), ("last", 3)]),
            1 => link(
                base,
                path,
                &[("prev", 1), ("next", 3), ("last", 3), ("first", 1)],
            ),
            2 => link(base, path, &[("prev", 2), ("first", 1)]),
            _ => return Reply::json(500, &json!({"message": "no page after the last"})),
        };
        Reply::json(200, &Value::Array(pages[n].clone())).header("Link", links)
    })
    .await;
    let client = client(&server);
    let params = IssuesListForRepoParams::default()
        .state(OpenOrClosedOrAll::All)
        .labels("bug")
        .per_page(2);
    let stream = client.issues_list_for_repo_stream("octo-org", "octo-repo", &params);
    let results: Vec<_> = within(stream.collect()).await;
    let issues: Vec<_> = results.into_iter().map(|r| r.expect("a page")).collect();

    // The first page from the parameters, then each page the previous one's `rel="next"`
    // named, as named (absolute, with the server's address); none after the last.
    assert_eq!(
        server.targets(),
        [
            "/repos/octo-org/octo-repo/issues?state=all&labels=bug&per_page=2",
            "/repositories/1296269/issues?state=all&labels=bug&per_page=2&page=2",
            "/repositories/1296269/issues?state=all&labels=bug&per_page=2&page=3",
        ]
    );
    assert_sent_as_github_asks(&server.requests(), "application/json");

    let numbers: Vec<i64> = issues.iter().map(|i| i.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5]);
    let titles: Vec<&str> = issues.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Found a bug",
            "Crash on start",
            "Slow widget",
            "Typo in README",
            "Make the widget faster"
        ]
    );

    let first = &issues[0];
    assert_eq!(first.id, 1_000_001);
    assert_eq!(first.node_id, "I_kwDOAAAB1");
    assert_eq!(
        first.url,
        "https://api.github.com/repos/octo-org/octo-repo/issues/1"
    );
    assert_eq!(
        first.html_url,
        "https://github.com/octo-org/octo-repo/issues/1"
    );
    assert_eq!(first.state, "open");
    assert_eq!(first.state_reason, Some(None));
    assert_eq!(first.body, Some(None));
    assert!(!first.locked);
    assert_eq!(first.comments, 1);
    assert_eq!(first.closed_at, None);
    assert_eq!(first.created_at, "2026-11-02T09:30:00Z");
    assert_eq!(first.assignee, None);
    assert_eq!(first.assignees, Some(Vec::new()));
    assert_eq!(first.milestone, None);
    assert_eq!(first.pull_request, None);
    assert_eq!(first.author_association, Some(AuthorAssociation::Member));
    let author = first.user.as_ref().expect("an author");
    assert_eq!((author.login.as_str(), author.id), ("octocat", 101));
    assert_eq!(author.r#type, "User");
    assert!(!author.site_admin);
    assert_eq!(author.gravatar_id.as_deref(), Some(""));
    assert_eq!(author.user_view_type.as_deref(), Some("public"));
    let [IssueLabelsItem::Object(label)] = first.labels.as_slice() else {
        panic!("one label object: {:?}", first.labels);
    };
    assert_eq!(label.id, Some(208045946));
    assert_eq!(label.name.as_deref(), Some("bug"));
    assert_eq!(label.color, Some(Some("f29513".to_string())));
    assert_eq!(label.description, Some(None));
    assert_eq!(label.default, Some(false));
    let reactions = first.reactions.as_ref().expect("reactions");
    assert_eq!((reactions.total_count, reactions.plus_1), (0, 0));

    assert!(issues[2].labels.is_empty());
    assert_eq!(
        issues[2].user.as_ref().map(|u| u.login.as_str()),
        Some("mona")
    );
    let pull = &issues[4];
    assert_eq!(pull.state, "closed");
    assert_eq!(pull.closed_at.as_deref(), Some("2026-11-04T08:00:00Z"));
    assert_eq!(pull.body, Some(Some("Closes #3.".to_string())));
    let pr = pull
        .pull_request
        .as_ref()
        .expect("an issue that is a pull request");
    assert_eq!(pr.merged_at, Some(Some("2026-11-04T08:00:00Z".to_string())));
    assert_eq!(
        pr.diff_url.as_deref(),
        Some("https://github.com/octo-org/octo-repo/pull/5.diff")
    );
}

/// A contributor as GitHub lists one (an anonymous one has no login, id nor URLs).
fn contributor(login: Option<&str>, id: i64, contributions: i64) -> Value {
    match login {
        Some(login) => json!({
            "login": login,
            "id": id,
            "node_id": format!("MDQ6VXNlcj{id}"),
            "avatar_url": format!("https://avatars.githubusercontent.com/u/{id}?v=4"),
            "gravatar_id": "",
            "url": format!("https://api.github.com/users/{login}"),
            "html_url": format!("https://github.com/{login}"),
            "type": "User",
            "site_admin": false,
            "contributions": contributions,
            "user_view_type": "public"
        }),
        None => json!({
            "email": "anon@example.com",
            "name": "Anonymous Coward",
            "type": "Anonymous",
            "contributions": contributions
        }),
    }
}

#[tokio::test]
async fn contributors_follow_the_link_header_until_a_204_without_a_body() {
    let server = Server::start(move |n, base| {
        let path = "contributors?anon=1&per_page=2";
        match n {
            0 => Reply::json(
                200,
                &json!([
                    contributor(Some("octocat"), 583231, 320),
                    contributor(None, 0, 12)
                ]),
            )
            .header("Link", link(base, path, &[("next", 2), ("last", 3)])),
            1 => Reply::json(200, &json!([contributor(Some("mona"), 2, 7)])).header(
                "Link",
                link(base, path, &[("prev", 1), ("next", 3), ("first", 1)]),
            ),
            // GitHub answers `204` for an empty repository; here, the page after the last
            // (and the call of the page's own method after the stream).
            _ => Reply::empty(204),
        }
    })
    .await;
    let client = client(&server);
    let params = ReposListContributorsParams::default().anon("1").per_page(2);
    let stream = client.repos_list_contributors_stream("octo-org", "octo-repo", &params);
    let results: Vec<_> = within(stream.collect()).await;
    let contributors: Vec<_> = results.into_iter().map(|r| r.expect("a page")).collect();

    assert_eq!(
        server.targets(),
        [
            "/repos/octo-org/octo-repo/contributors?anon=1&per_page=2",
            "/repositories/1296269/contributors?anon=1&per_page=2&page=2",
            "/repositories/1296269/contributors?anon=1&per_page=2&page=3",
        ]
    );
    assert_sent_as_github_asks(&server.requests(), "application/json");

    let read: Vec<(Option<&str>, Option<i64>, i64, &str)> = contributors
        .iter()
        .map(|c| (c.login.as_deref(), c.id, c.contributions, c.r#type.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            (Some("octocat"), Some(583231), 320, "User"),
            (None, None, 12, "Anonymous"),
            (Some("mona"), Some(2), 7, "User"),
        ]
    );
    let octocat = &contributors[0];
    assert_eq!(octocat.node_id.as_deref(), Some("MDQ6VXNlcj583231"));
    assert_eq!(octocat.gravatar_id, Some(Some(String::new())));
    assert_eq!(octocat.site_admin, Some(false));
    assert_eq!(
        octocat.html_url.as_deref(),
        Some("https://github.com/octocat")
    );
    let anonymous = &contributors[1];
    assert_eq!(anonymous.email.as_deref(), Some("anon@example.com"));
    assert_eq!(anonymous.name.as_deref(), Some("Anonymous Coward"));
    assert_eq!(anonymous.url, None);

    // The page's own method: the `204` as its variant, after the stream's three requests.
    let answer =
        within(client.repos_list_contributors_with("octo-org", "octo-repo", &params)).await;
    assert!(
        matches!(answer, Ok(ReposListContributorsResponse::NoContent)),
        "{answer:?}"
    );
}

#[tokio::test]
async fn workflow_runs_are_read_from_the_wrapped_list_of_each_page() {
    let mut fix = workflow_run(
        30433642,
        562,
        "main",
        "acb5820ced9479c074f688cc328bf03f341a511d",
        "octocat",
    );
    fix["pull_requests"] = json!([{
        "id": 934672,
        "number": 42,
        "url": "https://api.github.com/repos/octo-org/octo-repo/pulls/42",
        "head": {
            "ref": "fix-build",
            "sha": "acb5820ced9479c074f688cc328bf03f341a511d",
            "repo": {"id": 1296269, "url": "https://api.github.com/repos/octo-org/octo-repo", "name": "octo-repo"}
        },
        "base": {
            "ref": "main",
            "sha": "9fb037999f264ba9a7fc6274d15fa3ae2ab98312",
            "repo": {"id": 1296269, "url": "https://api.github.com/repos/octo-org/octo-repo", "name": "octo-repo"}
        }
    }]);
    let pages = [
        vec![
            workflow_run(
                30433640,
                560,
                "main",
                "5b6fd6b2ac6f38a5e7e0bd2c2b1c7c8d2c3f0a11",
                "octocat",
            ),
            fix,
        ],
        vec![workflow_run(
            30433645,
            563,
            "main",
            "7638417db6d59f3c431d3e1f261cc637155684cd",
            "mona",
        )],
    ];
    let server = Server::start(move |n, base| {
        let path = "actions/runs?branch=main&status=completed&per_page=2";
        let links = match n {
            0 => link(base, path, &[("next", 2), ("last", 2)]),
            1 => link(base, path, &[("prev", 1), ("first", 1)]),
            _ => return Reply::json(500, &json!({"message": "no page after the last"})),
        };
        let body = json!({"total_count": 3, "workflow_runs": pages[n]});
        Reply::json(200, &body).header("Link", links)
    })
    .await;
    let client = client(&server);
    let params = ActionsListWorkflowRunsForRepoParams::default()
        .branch("main")
        .status(ActionsListWorkflowRunsForRepoStatus::Completed)
        .per_page(2);
    let stream =
        client.actions_list_workflow_runs_for_repo_stream("octo-org", "octo-repo", &params);
    let results: Vec<_> = within(stream.collect()).await;
    let runs: Vec<_> = results.into_iter().map(|r| r.expect("a page")).collect();

    assert_eq!(
        server.targets(),
        [
            "/repos/octo-org/octo-repo/actions/runs?branch=main&status=completed&per_page=2",
            "/repositories/1296269/actions/runs?branch=main&status=completed&per_page=2&page=2",
        ]
    );
    assert_sent_as_github_asks(&server.requests(), "application/json");

    let ids: Vec<(i64, i64)> = runs.iter().map(|r| (r.id, r.run_number)).collect();
    assert_eq!(ids, [(30433640, 560), (30433642, 562), (30433645, 563)]);
    let run = &runs[1];
    assert_eq!(run.name, Some(Some("CI".to_string())));
    assert_eq!(run.node_id, "WFR_kwLOA30433642");
    assert_eq!(run.head_branch.as_deref(), Some("main"));
    assert_eq!(run.head_sha, "acb5820ced9479c074f688cc328bf03f341a511d");
    assert_eq!(run.path, ".github/workflows/ci.yml");
    assert_eq!(run.event, "push");
    assert_eq!(run.display_title, "Run 562 on main");
    assert_eq!(run.status.as_deref(), Some("completed"));
    assert_eq!(run.conclusion.as_deref(), Some("success"));
    assert_eq!(runs[2].conclusion.as_deref(), Some("failure"));
    assert_eq!(run.workflow_id, 159038);
    assert_eq!(run.run_attempt, Some(1));
    assert_eq!(run.check_suite_id, Some(30433647));
    assert_eq!(run.previous_attempt_url, Some(None));
    assert_eq!(
        run.logs_url,
        "https://api.github.com/repos/octo-org/octo-repo/actions/runs/30433642/logs"
    );
    assert_eq!(
        run.actor.as_ref().map(|a| a.login.as_str()),
        Some("octocat")
    );
    assert_eq!(
        runs[2].triggering_actor.as_ref().map(|a| a.login.as_str()),
        Some("mona")
    );
    let commit = run.head_commit.as_ref().expect("a head commit");
    assert_eq!(commit.message, "Fix the build of main");
    let commit_author = commit.author.as_ref().expect("an author");
    assert_eq!(
        (commit_author.name.as_str(), commit_author.email.as_str()),
        ("Mona Octocat", "mona@github.com")
    );
    assert_eq!(run.repository.full_name, "octo-org/octo-repo");
    assert_eq!(run.repository.id, 1296269);
    assert_eq!(run.repository.description, None);
    assert_eq!(run.head_repository.owner.login, "octo-org");
    assert_eq!(
        run.head_repository.contents_url,
        "https://api.github.com/repos/octo-org/octo-repo/contents/{+path}"
    );
    let pulls = run.pull_requests.as_deref().expect("the pull requests");
    let [pull] = pulls else {
        panic!("one pull request: {pulls:?}");
    };
    assert_eq!((pull.id, pull.number), (934672, 42));
    assert_eq!(pull.head.r#ref, "fix-build");
    assert_eq!(pull.base.r#ref, "main");
    assert_eq!(pull.base.repo.name, "octo-repo");
    assert_eq!(runs[0].pull_requests, Some(Vec::new()));
}

#[tokio::test]
async fn the_octocat_arrives_chunk_by_chunk_as_bytes_not_text() {
    // Not UTF-8: bytes no text has (0xff 0xfe, 0xc3 0x28), a NUL, and a `€` cut between two
    // chunks (e2 82 | ac).
    let chunks: Vec<Vec<u8>> = vec![
        b"\x89PNG\r\n\x1a\n\xff\xfe".to_vec(),
        b"\x00 MMM. \xe2\x82".to_vec(),
        b"\xac MONA \xc3\x28 .MMM\n".to_vec(),
    ];
    let pace = Arc::new(Semaphore::new(0));
    let server = Server::start({
        let (chunks, pace) = (chunks.clone(), Arc::clone(&pace));
        move |_, _| {
            Reply::chunked(
                "application/octocat-stream",
                chunks.clone(),
                Arc::clone(&pace),
            )
        }
    })
    .await;
    let client = client(&server);
    let params = MetaGetOctocatParams::default().s("Hello, Mona!");

    // The server sends each chunk after the first only once the stream has yielded the one
    // before: a client that waited for the whole body would never see the end.
    let mut stream = client.meta_get_octocat_stream(&params);
    for chunk in &chunks {
        let mut received = Vec::new();
        while received.len() < chunk.len() {
            let bytes = within(stream.next())
                .await
                .expect("the body goes on")
                .expect("bytes, not an error");
            received.extend_from_slice(&bytes);
        }
        assert_eq!(&received, chunk);
        pace.add_permits(1);
    }
    assert!(within(stream.next()).await.is_none(), "the body has ended");

    // The method that reads the body whole gets the same bytes (every chunk let through).
    pace.add_permits(chunks.len());
    let whole = within(client.meta_get_octocat_with(&params))
        .await
        .expect("the body");
    assert_eq!(whole, chunks.concat());

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.target, "/octocat?s=Hello%2C%20Mona%21");
    }
    assert_sent_as_github_asks(&requests, "application/octocat-stream");

    // The control: while the server holds the second chunk back, reading the body whole does
    // not end (so the stream above did yield each chunk before the next was sent).
    let held = Server::start(move |_, _| {
        Reply::chunked(
            "application/octocat-stream",
            chunks.clone(),
            Arc::new(Semaphore::new(0)),
        )
    })
    .await;
    let held_client = github::Client::with_base_url(held.url());
    let whole = held_client.meta_get_octocat_with(&params);
    let waited = tokio::time::timeout(Duration::from_millis(300), whole).await;
    assert!(waited.is_err(), "the whole body was read: {waited:?}");
}

#[tokio::test]
async fn a_page_that_fails_ends_the_stream_after_the_items_before_it() {
    let server = Server::start(|n, base| match n {
        0 => Reply::json(
            200,
            &json!([
                issue(1, "Found a bug", "octocat", vec![]),
                issue(2, "Crash on start", "mona", vec![])
            ]),
        )
        .header(
            "Link",
            link(base, "issues?per_page=2", &[("next", 2), ("last", 3)]),
        ),
        _ => Reply::json(
            404,
            &basic_error(
                "Not Found",
                "https://docs.github.com/rest/issues/issues#list-repository-issues",
                404,
            ),
        ),
    })
    .await;
    let client = client(&server);
    let params = IssuesListForRepoParams::default().per_page(2);
    let stream = client.issues_list_for_repo_stream("octo-org", "octo-repo", &params);
    let mut results: Vec<_> = within(stream.collect()).await;

    assert_eq!(
        server.targets(),
        [
            "/repos/octo-org/octo-repo/issues?per_page=2",
            "/repositories/1296269/issues?per_page=2&page=2",
        ],
        "nothing is asked after the page that failed"
    );
    assert_eq!(results.len(), 3, "{results:?}");
    let error = results.pop().expect("three results");
    let numbers: Vec<i64> = results
        .into_iter()
        .map(|r| r.expect("the first page's items").number)
        .collect();
    assert_eq!(numbers, [1, 2]);
    let Err(github::Error::Api {
        status,
        body: Some(IssuesListForRepoError::NotFound(body)),
        text,
    }) = error
    else {
        panic!("the 404 as the spec documents it: {error:?}");
    };
    assert_eq!(status.as_u16(), 404);
    assert_eq!(body.message.as_deref(), Some("Not Found"));
    assert_eq!(
        body.documentation_url.as_deref(),
        Some("https://docs.github.com/rest/issues/issues#list-repository-issues")
    );
    assert_eq!(body.status.as_deref(), Some("404"));
    assert!(text.contains(r#""message":"Not Found""#), "{text}");
}

#[tokio::test]
async fn an_undocumented_failure_of_a_wrapped_list_keeps_its_text_after_the_first_page() {
    let server = Server::start(|n, base| match n {
        0 => {
            let runs = [workflow_run(1, 1, "main", "5b6fd6b2", "octocat")];
            Reply::json(200, &json!({"total_count": 2, "workflow_runs": runs})).header(
                "Link",
                link(base, "actions/runs?per_page=1", &[("next", 2)]),
            )
        }
        _ => Reply::json(502, &json!({"message": "Server Error"})),
    })
    .await;
    let client = client(&server);
    let params = ActionsListWorkflowRunsForRepoParams::default().per_page(1);
    let stream =
        client.actions_list_workflow_runs_for_repo_stream("octo-org", "octo-repo", &params);
    let results: Vec<_> = within(stream.collect()).await;

    assert_eq!(server.targets().len(), 2);
    let [Ok(run), Err(error)] = results.as_slice() else {
        panic!("a run, then the failure: {results:?}");
    };
    assert_eq!(run.id, 1);
    assert_eq!(
        run.actor.as_ref().map(|a| a.login.as_str()),
        Some("octocat")
    );
    let github::Error::Api { status, body, text } = error else {
        panic!("the 502: {error:?}");
    };
    assert_eq!(status.as_u16(), 502);
    assert!(
        body.is_none(),
        "the spec documents no error of this operation"
    );
    assert_eq!(text, r#"{"message":"Server Error"}"#);
}
