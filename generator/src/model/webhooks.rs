//! Callbacks (webhooks): the requests the API sends to the application. Their payloads become
//! types, and a callback whose operation carries `x-webhook-signature` gets a verifier:
//!
//! ```yaml
//! x-webhook-signature:
//!   header: Cronofy-HMAC-SHA256   # the header carrying the signature
//!   algorithm: HMAC-SHA256        # the only one supported
//!   encoding: base64              # or hex
//!   key: The application's client secret.   # what the key is, for the docs
//! ```

use super::schemas::{RefOr, Types};
use super::{Media, Webhook, WebhookSignature};
use crate::diagnostics::{Diagnostic, join};
use crate::naming::{self, Namespace};
use crate::refs;
use openapiv3::{OpenAPI, ReferenceOr};

pub(super) fn build<'a>(
    types: &mut Types<'a>,
    api: &'a OpenAPI,
    skip: &crate::skip::Skip,
    selection: &super::Selection,
) -> Vec<Webhook> {
    // `verify_` and a name must not be a helper's name (`verify_hex`).
    let mut names = Namespace::with_taken(naming::reserved::CALLBACK_NAMES.iter().copied());
    let mut hooks = Vec::new();
    for (path, item) in api.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            let op_pointer = join(&join("#/paths", path), method);
            if skip.contains(&op_pointer) || !selection.includes(op, method, path, "") {
                continue;
            }
            for (name, callback) in &op.callbacks {
                for (expression, cb_item) in callback {
                    for (cb_method, cb_op) in cb_item.iter() {
                        let pointer = join(
                            &join(&join(&join(&op_pointer, "callbacks"), name), expression),
                            cb_method,
                        );
                        if let Some(hook) = webhook(types, api, &mut names, name, cb_op, &pointer) {
                            hooks.push(hook);
                        }
                    }
                }
            }
        }
    }
    hooks
}

fn webhook<'a>(
    types: &mut Types<'a>,
    api: &'a OpenAPI,
    names: &mut Namespace,
    name: &str,
    op: &'a openapiv3::Operation,
    pointer: &str,
) -> Option<Webhook> {
    let hint = format!("{}Payload", naming::camel(name, "Callback"));
    let body_pointer = join(pointer, "requestBody");
    let body = op.request_body.as_ref().and_then(|body| {
        refs::resolve(api.components.as_ref(), types.file(), body, &body_pointer)
            .map_err(|unresolved| types.problem(*unresolved.problem))
            .ok()
    });
    let payload = body.and_then(|body| {
        body.content
            .iter()
            .find(|(media, _)| super::operations::classify(media, true, true) == Media::Json)
            .and_then(|(media, m)| {
                let schema = m.schema.as_ref()?;
                let schema_pointer = join(&join(&join(&body_pointer, "content"), media), "schema");
                Some(types.ty(RefOr::from(schema), &hint, &schema_pointer))
            })
    });
    let signature = op.extensions.get("x-webhook-signature").and_then(|ext| {
        let ext_pointer = join(pointer, "x-webhook-signature");
        let field = |key: &str| ext.get(key).and_then(|v| v.as_str());
        let Some(header) = field("header") else {
            types.problem(Diagnostic::new(
                types.file(),
                &ext_pointer,
                "`x-webhook-signature` needs `header`",
                "name the header that carries the signature",
            ));
            return None;
        };
        let algorithm = field("algorithm").unwrap_or("HMAC-SHA256");
        if !algorithm.eq_ignore_ascii_case("hmac-sha256") {
            types.problem(Diagnostic::new(
                types.file(),
                &ext_pointer,
                format!("unsupported signature algorithm `{algorithm}`"),
                "clientgen verifies HMAC-SHA256 signatures",
            ));
            return None;
        }
        let hex = match field("encoding").unwrap_or("base64") {
            e if e.eq_ignore_ascii_case("base64") => false,
            e if e.eq_ignore_ascii_case("hex") => true,
            other => {
                types.problem(Diagnostic::new(
                    types.file(),
                    &ext_pointer,
                    format!("unsupported signature encoding `{other}`"),
                    "use `base64` or `hex`",
                ));
                return None;
            }
        };
        Some(WebhookSignature {
            header: header.to_string(),
            hex,
            key_doc: field("key").map(str::to_string),
        })
    });
    let doc = match (&op.summary, &op.description) {
        (Some(s), Some(d)) => Some(format!("{s}\n\n{d}")),
        (Some(t), None) | (None, Some(t)) => Some(t.clone()),
        (None, None) => None,
    };
    Some(Webhook {
        name: names.claim(&naming::snake(name, "callback")),
        wire: name.to_string(),
        doc,
        payload,
        signature,
    })
}
