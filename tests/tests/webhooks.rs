//! The Smart Invites callback verifier, generated from the spec's `callbacks` section and its
//! `x-webhook-signature` extension: HMAC-SHA256 over the raw body, Base64, constant-time compare.

use base64::Engine as _;
use cronofy_smart_invites::types::RecipientStatus;
use cronofy_smart_invites::webhooks::{
    SMART_INVITE_NOTIFICATION_SIGNATURE_HEADER, WebhookError, receive_smart_invite_notification,
    verify_smart_invite_notification,
};
use hmac::Mac as _;

const SECRET: &[u8] = b"client-secret-for-tests";

const BODY: &[u8] = br#"{
  "notification": {"type": "smart_invite"},
  "smart_invite": {
    "smart_invite_id": "your-unique-id-for-invite",
    "callback_url": "https://example.com/cronofy/smart_invite/notifications",
    "recipient": {"email": "cronofy@example.com", "status": "accepted"},
    "reply": {"email": "cronofy@example.com", "status": "tentative", "comment": "Maybe"}
  }
}"#;

/// The signature as the provider computes it, with an independent HMAC implementation.
fn sign(secret: &[u8], body: &[u8]) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[test]
fn the_header_name_comes_from_the_spec() {
    assert_eq!(
        SMART_INVITE_NOTIFICATION_SIGNATURE_HEADER,
        "Cronofy-HMAC-SHA256"
    );
}

#[test]
fn a_correct_signature_verifies() {
    assert!(verify_smart_invite_notification(
        SECRET,
        BODY,
        &sign(SECRET, BODY)
    ));
}

#[test]
fn a_known_vector_verifies() {
    // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), RFC 4231 style vector.
    let header = "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=";
    assert!(verify_smart_invite_notification(
        b"key",
        b"The quick brown fox jumps over the lazy dog",
        header
    ));
}

#[test]
fn a_tampered_body_a_wrong_key_or_a_bad_header_fails() {
    let header = sign(SECRET, BODY);
    let mut tampered = BODY.to_vec();
    tampered[20] ^= 1;
    assert!(!verify_smart_invite_notification(
        SECRET, &tampered, &header
    ));
    assert!(!verify_smart_invite_notification(
        b"another secret",
        BODY,
        &header
    ));
    assert!(!verify_smart_invite_notification(SECRET, BODY, ""));
    assert!(!verify_smart_invite_notification(
        SECRET,
        BODY,
        "not base64 !!"
    ));
    assert!(!verify_smart_invite_notification(
        SECRET,
        BODY,
        &header[..header.len() - 4]
    ));
}

#[test]
fn one_matching_signature_among_several_passes() {
    let header = format!("{}, {}", sign(b"old secret", BODY), sign(SECRET, BODY));
    assert!(verify_smart_invite_notification(SECRET, BODY, &header));
}

#[test]
fn receive_verifies_then_parses_the_payload() {
    let notification = receive_smart_invite_notification(SECRET, BODY, &sign(SECRET, BODY))
        .expect("signed and well formed");
    assert_eq!(
        notification.notification.and_then(|n| n.r#type).as_deref(),
        Some("smart_invite")
    );
    let invite = notification.smart_invite.expect("smart_invite is present");
    assert_eq!(
        invite.smart_invite_id.as_deref(),
        Some("your-unique-id-for-invite")
    );
    let reply = invite.reply.expect("reply is present");
    assert_eq!(reply.status, Some(RecipientStatus::Tentative));
    assert_eq!(reply.comment.as_deref(), Some("Maybe"));
    assert_eq!(
        invite.recipient.and_then(|r| r.status),
        Some(RecipientStatus::Accepted)
    );
}

#[test]
fn receive_refuses_a_bad_signature_before_parsing() {
    let result = receive_smart_invite_notification(SECRET, b"not json", "AAAA");
    assert!(
        matches!(result, Err(WebhookError::BadSignature)),
        "{result:?}"
    );
}

#[test]
fn receive_reports_a_signed_body_that_is_not_the_payload() {
    let body = br#"{"notification": 5}"#;
    let result = receive_smart_invite_notification(SECRET, body, &sign(SECRET, body));
    assert!(matches!(result, Err(WebhookError::Body(_))), "{result:?}");
}
