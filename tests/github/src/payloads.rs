//! GitHub's JSON as the REST API sends it (the shapes of the description's examples
//! `issue-items` and `workflow-run-paginated`): every property its schema requires, and the
//! optional ones a real answer carries.

use serde_json::{Value, json};

/// A user (`simple-user`).
pub fn user(login: &str, id: i64) -> Value {
    let api = format!("https://api.github.com/users/{login}");
    json!({
        "login": login,
        "id": id,
        "node_id": format!("MDQ6VXNlcj{id}"),
        "avatar_url": format!("https://avatars.githubusercontent.com/u/{id}?v=4"),
        "gravatar_id": "",
        "url": api,
        "html_url": format!("https://github.com/{login}"),
        "followers_url": format!("{api}/followers"),
        "following_url": format!("{api}/following{{/other_user}}"),
        "gists_url": format!("{api}/gists{{/gist_id}}"),
        "starred_url": format!("{api}/starred{{/owner}}{{/repo}}"),
        "subscriptions_url": format!("{api}/subscriptions"),
        "organizations_url": format!("{api}/orgs"),
        "repos_url": format!("{api}/repos"),
        "events_url": format!("{api}/events{{/privacy}}"),
        "received_events_url": format!("{api}/received_events"),
        "type": "User",
        "user_view_type": "public",
        "site_admin": false
    })
}

/// A label as an issue lists it.
pub fn label(id: i64, name: &str, color: &str) -> Value {
    json!({
        "id": id,
        "node_id": format!("MDU6TGFiZWw{id}"),
        "url": format!("https://api.github.com/repos/octo-org/octo-repo/labels/{name}"),
        "name": name,
        "description": null,
        "color": color,
        "default": false
    })
}

/// An issue of `octo-org/octo-repo` (`issue`), open, by `author`, with `labels`.
pub fn issue(number: i64, title: &str, author: &str, labels: Vec<Value>) -> Value {
    let api = format!("https://api.github.com/repos/octo-org/octo-repo/issues/{number}");
    json!({
        "id": 1_000_000 + number,
        "node_id": format!("I_kwDOAAAB{number}"),
        "url": api,
        "repository_url": "https://api.github.com/repos/octo-org/octo-repo",
        "labels_url": format!("{api}/labels{{/name}}"),
        "comments_url": format!("{api}/comments"),
        "events_url": format!("{api}/events"),
        "html_url": format!("https://github.com/octo-org/octo-repo/issues/{number}"),
        "number": number,
        "state": "open",
        "state_reason": null,
        "title": title,
        "body": null,
        "user": user(author, 100 + number),
        "labels": labels,
        "assignee": null,
        "assignees": [],
        "milestone": null,
        "locked": false,
        "active_lock_reason": null,
        "comments": number % 3,
        "closed_at": null,
        "created_at": "2026-11-02T09:30:00Z",
        "updated_at": "2026-11-03T10:00:00Z",
        "author_association": "MEMBER",
        "reactions": {
            "url": format!("{api}/reactions"),
            "total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "hooray": 0,
            "confused": 0, "heart": 0, "rocket": 0, "eyes": 0
        }
    })
}

/// A repository as a workflow run names it (`minimal-repository`).
pub fn repository(owner: &str, name: &str, id: i64) -> Value {
    let api = format!("https://api.github.com/repos/{owner}/{name}");
    let mut repo = json!({
        "id": id,
        "node_id": format!("R_kgDO{id}"),
        "name": name,
        "full_name": format!("{owner}/{name}"),
        "owner": user(owner, 7),
        "private": false,
        "html_url": format!("https://github.com/{owner}/{name}"),
        "description": null,
        "fork": false,
        "url": api,
    });
    let urls = [
        ("archive_url", "/{archive_format}{/ref}"),
        ("assignees_url", "/assignees{/user}"),
        ("blobs_url", "/git/blobs{/sha}"),
        ("branches_url", "/branches{/branch}"),
        ("collaborators_url", "/collaborators{/collaborator}"),
        ("comments_url", "/comments{/number}"),
        ("commits_url", "/commits{/sha}"),
        ("compare_url", "/compare/{base}...{head}"),
        ("contents_url", "/contents/{+path}"),
        ("contributors_url", "/contributors"),
        ("deployments_url", "/deployments"),
        ("downloads_url", "/downloads"),
        ("events_url", "/events"),
        ("forks_url", "/forks"),
        ("git_commits_url", "/git/commits{/sha}"),
        ("git_refs_url", "/git/refs{/sha}"),
        ("git_tags_url", "/git/tags{/sha}"),
        ("hooks_url", "/hooks"),
        ("issue_comment_url", "/issues/comments{/number}"),
        ("issue_events_url", "/issues/events{/number}"),
        ("issues_url", "/issues{/number}"),
        ("keys_url", "/keys{/key_id}"),
        ("labels_url", "/labels{/name}"),
        ("languages_url", "/languages"),
        ("merges_url", "/merges"),
        ("milestones_url", "/milestones{/number}"),
        (
            "notifications_url",
            "/notifications{?since,all,participating}",
        ),
        ("pulls_url", "/pulls{/number}"),
        ("releases_url", "/releases{/id}"),
        ("stargazers_url", "/stargazers"),
        ("statuses_url", "/statuses/{sha}"),
        ("subscribers_url", "/subscribers"),
        ("subscription_url", "/subscription"),
        ("tags_url", "/tags"),
        ("teams_url", "/teams"),
        ("trees_url", "/git/trees{/sha}"),
    ];
    for (key, suffix) in urls {
        repo[key] = Value::String(format!("{api}{suffix}"));
    }
    repo
}

/// A completed run (`workflow-run`) of workflow 159038 on `branch` of `octo-org/octo-repo`,
/// started by a push of commit `sha` by `actor`.
pub fn workflow_run(id: i64, number: i64, branch: &str, sha: &str, actor: &str) -> Value {
    let api = format!("https://api.github.com/repos/octo-org/octo-repo/actions/runs/{id}");
    json!({
        "id": id,
        "name": "CI",
        "node_id": format!("WFR_kwLOA{id}"),
        "check_suite_id": id + 5,
        "check_suite_node_id": format!("CS_kwDOA{id}"),
        "head_branch": branch,
        "head_sha": sha,
        "path": ".github/workflows/ci.yml",
        "run_number": number,
        "run_attempt": 1,
        "event": "push",
        "display_title": format!("Run {number} on {branch}"),
        "status": "completed",
        "conclusion": if number % 2 == 0 { "success" } else { "failure" },
        "workflow_id": 159038,
        "url": api,
        "html_url": format!("https://github.com/octo-org/octo-repo/actions/runs/{id}"),
        "pull_requests": [],
        "created_at": "2026-11-02T09:30:00Z",
        "updated_at": "2026-11-02T09:41:12Z",
        "run_started_at": "2026-11-02T09:30:05Z",
        "actor": user(actor, 31),
        "triggering_actor": user(actor, 31),
        "jobs_url": format!("{api}/jobs"),
        "logs_url": format!("{api}/logs"),
        "check_suite_url": format!("https://api.github.com/repos/octo-org/octo-repo/check-suites/{}", id + 5),
        "artifacts_url": format!("{api}/artifacts"),
        "cancel_url": format!("{api}/cancel"),
        "rerun_url": format!("{api}/rerun"),
        "previous_attempt_url": null,
        "workflow_url": "https://api.github.com/repos/octo-org/octo-repo/actions/workflows/159038",
        "head_commit": {
            "id": sha,
            "tree_id": "d23f6eedb1e1b9610bbc754ddb5197bfe7271223",
            "message": format!("Fix the build of {branch}"),
            "timestamp": "2026-11-02T09:29:58Z",
            "author": { "name": "Mona Octocat", "email": "mona@github.com" },
            "committer": { "name": "GitHub", "email": "noreply@github.com" }
        },
        "repository": repository("octo-org", "octo-repo", 1296269),
        "head_repository": repository("octo-org", "octo-repo", 1296269)
    })
}

/// GitHub's error body (`basic-error`).
pub fn basic_error(message: &str, documentation_url: &str, status: u16) -> Value {
    json!({
        "message": message,
        "documentation_url": documentation_url,
        "status": status.to_string()
    })
}
