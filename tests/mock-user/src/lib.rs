//! A user's code that calls the Smart Invites API through the generated client.

use cronofy_smart_invites::types::{
    GetSmartInviteParams, Recipient, RecipientStatus, SmartInviteRequest,
};
use cronofy_smart_invites::{Client, types::Event};

/// The emails of the recipients of the invite `id` who accepted it (none when it cannot be read).
pub async fn accepted(client: &Client, id: &str) -> Vec<String> {
    let Ok(invite) = client.get_smart_invite(&GetSmartInviteParams::new(id)).await else {
        return Vec::new();
    };
    let recipients = invite.recipients.unwrap_or_default();
    recipients
        .into_iter()
        .filter(|r| r.status == Some(RecipientStatus::Accepted))
        .filter_map(|r| r.email)
        .collect()
}

/// Invites `email` to `event`; the invite's id as the API answers it.
pub async fn invite(client: &Client, id: &str, email: &str, event: Event) -> Option<String> {
    let request = SmartInviteRequest::new(id)
        .recipient(Recipient::new(email))
        .event(event);
    client
        .upsert_smart_invite(&request)
        .await
        .ok()?
        .smart_invite_id
}

/// The user's older code: reads an invite's status by hand, and forgets its id. The status
/// code the server answers.
pub async fn status_by_hand(base_url: &str, email: &str) -> u16 {
    let url = format!("{base_url}/v1/smart_invites");
    let request = reqwest::Client::new()
        .get(url)
        .query(&[("recipient_email", email)])
        .bearer_auth("TOKEN");
    match request.send().await {
        Ok(response) => response.status().as_u16(),
        Err(_) => 0,
    }
}
