//! The mock runtime's own check: `runtime.rs` compiled and linted in the generator's tests,
//! beside a stand-in for what a client's module adds to it (`OPERATIONS`, an operation's type
//! and its typed methods), and tried on a loopback server: a matched request, a request the
//! spec does not allow (strict mode) and one no expectation matches.

// The runtime's items are used by a client's operations; the stand-in uses most, not all.
#![allow(dead_code)]

mod mock {
    include!("runtime.rs");

    /// A pet, the body the stand-in operation takes and answers.
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct Pet {
        pub name: String,
    }

    const OPERATIONS: &[Operation] = &[Operation {
        name: "create_pet",
        method: "POST",
        path: "/pets/{kind}",
        pointer: "#/paths/~1pets~1{kind}/post",
        params: &[
            Param {
                name: "kind",
                location: In::Path,
                required: true,
            },
            Param {
                name: "dry_run",
                location: In::Query,
                required: true,
            },
            Param {
                name: "x-trace",
                location: In::Header,
                required: false,
            },
        ],
        body: Some(Body {
            media_types: &["application/json"],
            required: true,
            check: Some(check_json::<Pet>),
        }),
    }];

    pub mod operations {
        pub enum CreatePet {}
    }

    impl MockServer {
        pub fn create_pet(&self) -> Mock<'_, operations::CreatePet> {
            self.expect_call(0)
        }
    }

    impl Mock<'_, operations::CreatePet> {
        pub fn path(self, kind: &str) -> Self {
            self.param(In::Path, "kind", kind)
        }

        pub fn dry_run(self, on: Option<bool>) -> Self {
            self.param(In::Query, "dry_run", &on)
        }

        pub fn body(self, pet: &Pet) -> Self {
            self.json_body(pet)
        }

        pub fn ok(self, pet: &Pet, count: u32) -> Self {
            let headers = [header_text(&count).map(|v| ("x-count", v))];
            self.reply(201, json(pet), headers.into_iter().flatten().collect())
        }
    }
}

use mock::{MockServer, Pet};

/// Sends `POST {uri}/pets/{kind}{query}` with `body` as JSON; the status and the body's text.
async fn post(uri: &str, path_and_query: &str, body: &str) -> (u16, String, Option<String>) {
    let response = reqwest::Client::new()
        .post(format!("{uri}{path_and_query}"))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("the mock server answers");
    let status = response.status().as_u16();
    let count = response
        .headers()
        .get("x-count")
        .map(|v| v.to_str().unwrap_or_default().to_string());
    (status, response.text().await.unwrap_or_default(), count)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

#[test]
fn a_matched_request_gets_the_typed_answer_and_is_counted() {
    runtime().block_on(async {
        let server = MockServer::start().await;
        let pet = Pet {
            name: "Rex".to_string(),
        };
        let calls = server
            .create_pet()
            .path("dog")
            .dry_run(Some(true))
            .body(&pet)
            .ok(&pet, 7)
            .expect(1)
            .mount()
            .await;
        let uri = server.uri();
        let answer = post(&uri, "/pets/dog?dry_run=true", r#"{"name":"Rex"}"#).await;
        assert_eq!(
            answer,
            (201, r#"{"name":"Rex"}"#.to_string(), Some("7".to_string()))
        );
        assert_eq!(calls.count(), 1);
        assert!(server.problems().is_empty());
        server.verify().await;
    });
}

#[test]
fn strict_mode_refuses_a_request_the_spec_does_not_allow_with_its_pointers() {
    runtime().block_on(async {
        let server = MockServer::start().await;
        // Unset, the query parameter matches any value, so only strict mode refuses it.
        let calls = server.create_pet().dry_run(None).mount().await;
        let (status, text, _) = post(&server.uri(), "/pets/cat", r#"{"nom":1}"#).await;
        assert_eq!(status, 400);
        assert_eq!(
            text,
            "POST /pets/cat: the spec does not allow this request:\n  \
             #/paths/~1pets~1{kind}/post/parameters: the required query parameter `dry_run` is missing\n  \
             #/paths/~1pets~1{kind}/post/requestBody/content/application~1json/schema: the body \
             does not match the schema: missing field `name` at line 1 column 9"
        );
        assert_eq!(calls.count(), 0);
        assert_eq!(server.problems(), [text]);
        let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(server)));
        let message = dropped.expect_err("the test fails");
        let message = message.downcast_ref::<String>().expect("a message");
        assert!(message.contains("the required query parameter `dry_run` is missing"), "{message}");
    });
}

#[test]
fn an_unmatched_request_reports_the_nearest_expectation_and_how_it_differs() {
    runtime().block_on(async {
        let server = MockServer::start_lenient().await;
        let pet = Pet {
            name: "Rex".to_string(),
        };
        let _calls = server.create_pet().path("dog").body(&pet).mount().await;
        let (status, text, _) =
            post(&server.uri(), "/pets/cat?dry_run=true", r#"{"name":"Tom"}"#).await;
        assert_eq!(status, 404);
        assert_eq!(
            text,
            "POST /pets/cat?dry_run=true: no expectation matched; the nearest is #1 of \
             `create_pet`, which differs:\n  \
             path parameter `kind`: expected [\"dog\"], got [\"cat\"]\n  \
             body: expected {\"name\":\"Rex\"}, got {\"name\":\"Tom\"}"
        );
        // Lenient: a path the spec does not have is one more unmatched request.
        let (status, _, _) = post(&server.uri(), "/owners", "{}").await;
        assert_eq!(status, 404);
        assert_eq!(server.problems().len(), 2);
        let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(server)));
        assert!(dropped.is_err(), "unmatched requests fail the test");
    });
}
