//! The user's tests of `mock_user`, against the client's typed mock server.

use cronofy_smart_invites::mock::MockServer;
use cronofy_smart_invites::types::{
    Event, GetSmartInviteParams, Recipient, SmartInviteRequest, SmartInviteResponse,
};
use cronofy_smart_invites::Client;

const ID: &str = "your-unique-id-for-invite";

#[tokio::test]
async fn lists_the_recipients_who_accepted() {
    let server = MockServer::start().await;
    let calls = server
        .get_smart_invite()
        .params(&GetSmartInviteParams::new(ID))
        .example_initial_status()
        .mount()
        .await;
    let client = Client::with_base_url(server.uri(), "TOKEN");
    let emails = mock_user::accepted(&client, ID).await;
    assert_eq!(emails, ["cronofy@example.com"]);
    assert_eq!(calls.count(), 1);
}

#[tokio::test]
async fn sends_the_invite_it_is_given() {
    let server = MockServer::start().await;
    let event = Event::default().summary("Board meeting");
    let expected = SmartInviteRequest::new(ID)
        .recipient(Recipient::new("cronofy@example.com"))
        .event(event.clone());
    server
        .upsert_smart_invite()
        .body(&expected)
        .ok(&SmartInviteResponse::default().smart_invite_id(ID))
        .expect(1)
        .mount()
        .await;
    let client = Client::with_base_url(server.uri(), "TOKEN");
    let id = mock_user::invite(&client, ID, "cronofy@example.com", event).await;
    assert_eq!(id.as_deref(), Some(ID));
    server.verify().await;
}

#[tokio::test]
#[should_panic(
    expected = "#/paths/~1v1~1smart_invites/get/parameters: the required query parameter `smart_invite_id` is missing"
)]
async fn strict_mode_fails_a_request_the_spec_does_not_allow() {
    let server = MockServer::start().await;
    let status = mock_user::status_by_hand(&server.uri(), "cronofy@example.com").await;
    assert_eq!(status, 400);
    // Dropping the server fails the test with what the spec does not allow.
}
