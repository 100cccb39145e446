//! The typed mock server of the `mock_server` fixture (the setting `mock`) with the fixture's own
//! client on loopback: typed matchers of path, query and header parameters and of the body,
//! typed answers (a success with its response headers, statuses of a per-status success each
//! with its own headers, error variants with and without a body, `default`, an empty success,
//! text), the spec's examples, call counts, strict mode's reports
//! with their spec pointers, and the nearest expectation of an unmatched request. What the
//! client read is checked field by field.

use std::panic::{AssertUnwindSafe, catch_unwind};

use clientgen_tests::fixtures::mock_server::mock::MockServer;
use clientgen_tests::fixtures::mock_server::types::{
    Animal, Complaint, CreateAnimalError, GetAnimalError, GetAnimalParams,
    ListFriendsNoContentResponse, ListFriendsOkResponse, ListFriendsResponse, NewAnimal,
};
use clientgen_tests::fixtures::mock_server::{Client, Error};

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Drops `server`, which must fail the test (a request it refused or could not match); the
/// message.
fn failure_of(server: MockServer) -> String {
    let failed = catch_unwind(AssertUnwindSafe(|| drop(server))).expect_err("the test fails");
    failed.downcast_ref::<String>().cloned().unwrap_or_default()
}

#[tokio::test]
async fn typed_parameters_and_headers_answer_the_client() {
    let server = MockServer::start().await;
    let rex = Animal::new(7, "Rex").tags(strings(&["good"]));
    let calls = server
        .get_animal()
        .path(7)
        .params(&GetAnimalParams::new("req-1").fields(strings(&["name", "tags"])))
        .ok(&rex, Some(41))
        .expect(1)
        .mount()
        .await;
    let client = Client::with_base_url(server.uri());
    let params = GetAnimalParams::new("req-1").fields(strings(&["name", "tags"]));
    let got = client
        .get_animal(7, &params)
        .await
        .expect("the mock answers");
    assert_eq!(got.body.id, 7);
    assert_eq!(got.body.name, "Rex");
    assert_eq!(got.body.tags.as_deref(), Some(&["good".to_string()][..]));
    assert_eq!(got.x_rate_remaining, Some(41));
    assert_eq!(calls.count(), 1);
    server.verify().await;
}

#[tokio::test]
async fn each_status_of_a_per_status_success_answers_with_its_headers() {
    let server = MockServer::start().await;
    let friends = vec![Animal::new(2, "Tom"), Animal::new(3, "Jerry")];
    let ok = ListFriendsOkResponse::new(friends).x_total_count(2);
    server
        .list_friends()
        .path(1)
        .ok(&ListFriendsResponse::Ok(ok))
        .mount()
        .await;
    let none = ListFriendsNoContentResponse::new().x_since("2026-12-01");
    let asked = server
        .list_friends()
        .path(2)
        .ok(&ListFriendsResponse::NoContent(none))
        .mount()
        .await;
    server
        .list_friends()
        .path(3)
        .ok(&ListFriendsResponse::NoContent(
            ListFriendsNoContentResponse::new(),
        ))
        .mount()
        .await;
    let client = Client::with_base_url(server.uri());
    let Ok(ListFriendsResponse::Ok(friends)) = client.list_friends(1).await else {
        panic!("the 200");
    };
    let names: Vec<(i64, &str)> = friends
        .body
        .iter()
        .map(|a| (a.id, a.name.as_str()))
        .collect();
    assert_eq!(names, [(2, "Tom"), (3, "Jerry")]);
    assert_eq!(friends.x_total_count, Some(2));
    let Ok(ListFriendsResponse::NoContent(none)) = client.list_friends(2).await else {
        panic!("the 204");
    };
    assert_eq!(none.x_since.as_deref(), Some("2026-12-01"));
    let Ok(ListFriendsResponse::NoContent(none)) = client.list_friends(3).await else {
        panic!("the 204 without its header");
    };
    assert_eq!(none.x_since, None);
    assert_eq!(asked.count(), 1);
    assert!(server.problems().is_empty(), "{:?}", server.problems());
}

#[tokio::test]
async fn typed_bodies_errors_and_empty_successes() {
    let server = MockServer::start().await;
    let new_animal = NewAnimal::new("Rex");
    server
        .create_animal()
        .body(&new_animal)
        .error(&CreateAnimalError::UnprocessableEntity(Complaint::new(
            "taken",
        )))
        .mount()
        .await;
    server
        .get_animal()
        .path(1)
        .error(&GetAnimalError::NotFound)
        .mount()
        .await;
    server
        .get_animal()
        .path(2)
        .error(&GetAnimalError::Default(Complaint::new("boom")))
        .mount()
        .await;
    let deleted = server.delete_animal().path(3).ok().mount().await;
    let client = Client::with_base_url(server.uri());

    match client.create_animal(&new_animal).await {
        Err(Error::Api {
            status,
            body: Some(CreateAnimalError::UnprocessableEntity(problem)),
            ..
        }) => {
            assert_eq!(status.as_u16(), 422);
            assert_eq!(problem.message, "taken");
        }
        other => panic!("expected the 422 variant, got {other:?}"),
    }
    let params = GetAnimalParams::new("req-2");
    match client.get_animal(1, &params).await {
        Err(Error::Api {
            status,
            body: Some(GetAnimalError::NotFound),
            ..
        }) => assert_eq!(status.as_u16(), 404),
        other => panic!("expected the 404 variant, got {other:?}"),
    }
    match client.get_animal(2, &params).await {
        // `default`: the first 5xx the spec does not list.
        Err(Error::Api {
            status,
            body: Some(GetAnimalError::Default(problem)),
            ..
        }) => {
            assert_eq!(status.as_u16(), 500);
            assert_eq!(problem.message, "boom");
        }
        other => panic!("expected the default variant, got {other:?}"),
    }
    client.delete_animal(3).await.expect("204");
    assert_eq!(deleted.count(), 1);
    assert!(server.problems().is_empty(), "{:?}", server.problems());
}

#[tokio::test]
async fn the_specs_examples_are_ready_answers() {
    let server = MockServer::start().await;
    server.create_animal().example_rex().mount().await;
    server.health().example_up().mount().await;
    let client = Client::with_base_url(server.uri());
    let created = client
        .create_animal(&NewAnimal::new("Rex"))
        .await
        .expect("201");
    assert_eq!(created.id, 7);
    assert_eq!(created.name, "Rex");
    assert_eq!(created.tags, Some(vec!["good".to_string()]));
    assert_eq!(client.health().await.expect("200"), "ok");

    let server = MockServer::start().await;
    // The unnamed `example` of the 422 response.
    server.create_animal().example_422().mount().await;
    let client = Client::with_base_url(server.uri());
    match client.create_animal(&NewAnimal::new("Rex")).await {
        Err(Error::Api {
            body: Some(CreateAnimalError::UnprocessableEntity(problem)),
            ..
        }) => assert_eq!(problem.message, "name is required"),
        other => panic!("expected the example's 422, got {other:?}"),
    }
}

/// Sends a request by hand, as code that does not use the client would; its status and text.
async fn send(request: reqwest::RequestBuilder) -> (u16, String) {
    let response = request.send().await.expect("the mock server answers");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a text body"))
}

#[tokio::test]
async fn strict_mode_reports_what_the_spec_does_not_allow_with_its_pointer() {
    let server = MockServer::start().await;
    let http = reqwest::Client::new();
    let uri = server.uri();
    let (status, text) = send(http.get(format!("{uri}/animals/7"))).await;
    assert_eq!(status, 400);
    assert_eq!(
        text,
        "GET /animals/7: the spec does not allow this request:\n  \
         #/paths/~1animals~1{animalId}/get/parameters: the required header parameter `X-Request-Id` is missing"
    );
    let (status, text) = send(
        http.post(format!("{uri}/animals"))
            .header("content-type", "application/json")
            .body(r#"{"tags":["good"]}"#),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        text,
        "POST /animals: the spec does not allow this request:\n  \
         #/paths/~1animals/post/requestBody/content/application~1json/schema: the body does not \
         match the schema: missing field `name` at line 1 column 17"
    );
    let (status, text) = send(
        http.post(format!("{uri}/animals"))
            .header("content-type", "text/plain")
            .body("Rex"),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        text,
        "POST /animals: the spec does not allow this request:\n  \
         #/paths/~1animals/post/requestBody/content: `text/plain` is not a declared content type \
         (declared: application/json)"
    );
    let (status, text) = send(http.put(format!("{uri}/animals"))).await;
    assert_eq!(status, 400);
    assert_eq!(
        text,
        "PUT /animals: the spec does not allow this request:\n  \
         #/paths: no operation of the spec is `PUT /animals`"
    );
    assert_eq!(server.problems().len(), 4);
    let failure = failure_of(server);
    assert!(
        failure.contains("the required header parameter `X-Request-Id` is missing"),
        "{failure}"
    );
}

#[tokio::test]
async fn an_unmatched_request_names_the_nearest_expectation_and_each_difference() {
    let server = MockServer::start().await;
    let params = GetAnimalParams::new("req-1").fields(strings(&["name"]));
    server
        .create_animal()
        .ok(&Animal::new(1, "Tom"))
        .mount()
        .await;
    server
        .get_animal()
        .path(7)
        .params(&params)
        .ok(&Animal::new(7, "Rex"), None)
        .mount()
        .await;
    let client = Client::with_base_url(server.uri());
    let sent = GetAnimalParams::new("req-2").fields(strings(&["name"]));
    match client.get_animal(8, &sent).await {
        Err(Error::Api { status, text, .. }) => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(
                text,
                "GET /animals/8?fields=name: no expectation matched; the nearest is #2 of `get_animal`, \
                 which differs:\n  \
                 path parameter `animalId`: expected [\"7\"], got [\"8\"]\n  \
                 header parameter `X-Request-Id`: expected [\"req-1\"], got [\"req-2\"]"
            );
        }
        other => panic!("expected the unmatched 404, got {other:?}"),
    }
    let failure = failure_of(server);
    assert!(
        failure.contains("the nearest is #2 of `get_animal`"),
        "{failure}"
    );
}
