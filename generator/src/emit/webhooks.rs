//! The `webhooks` module: for each signed callback, a verifier of its signature and a function
//! that verifies and parses a request in one step. Emitted only when a callback declares
//! `x-webhook-signature`.

use super::tokens::{Scope, doc, ty};
use crate::model::{Api, Webhook, walk};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Whether the module is emitted, and which crates it needs.
pub fn needed(api: &Api) -> bool {
    api.webhooks.iter().any(|w| w.signature.is_some())
}

/// Whether some signature is Base64 (needing the `base64` crate).
pub fn needs_base64(api: &Api) -> bool {
    api.webhooks
        .iter()
        .any(|w| w.signature.as_ref().is_some_and(|s| !s.hex))
}

/// The items of the `webhooks` module.
pub fn module(api: &Api) -> TokenStream {
    let hooks = api
        .webhooks
        .iter()
        .filter(|w| w.signature.is_some())
        .map(|w| hook(api, w));
    let any_hex = api
        .webhooks
        .iter()
        .any(|w| w.signature.as_ref().is_some_and(|s| s.hex));
    let base64 = needs_base64(api).then(|| {
        quote! {
            /// Checks Base64 HMAC-SHA256 signatures, any one of several separated by commas.
            fn verify_base64(secret: &[u8], body: &[u8], header: &str) -> bool {
                use base64::Engine as _;
                header.split(',').any(|candidate| {
                    base64::engine::general_purpose::STANDARD
                        .decode(candidate.trim())
                        .is_ok_and(|signature| verify(secret, body, &signature))
                })
            }
        }
    });
    let hex = any_hex.then(|| {
        quote! {
            /// Checks hex HMAC-SHA256 signatures, any one of several separated by commas.
            fn verify_hex(secret: &[u8], body: &[u8], header: &str) -> bool {
                header.split(',').any(|candidate| {
                    let candidate = candidate.trim();
                    let digits: Option<Vec<u8>> = (0..candidate.len())
                        .step_by(2)
                        .map(|i| candidate.get(i..i + 2).and_then(|pair| u8::from_str_radix(pair, 16).ok()))
                        .collect();
                    digits.is_some_and(|signature| verify(secret, body, &signature))
                })
            }
        }
    });
    let mentions_types = api
        .webhooks
        .iter()
        .filter(|w| w.signature.is_some())
        .any(|w| w.payload.as_ref().and_then(walk::mentioned).is_some());
    let types_import = mentions_types.then(|| {
        quote!(
            use super::types;
        )
    });
    quote! {
        #types_import
        use hmac::Mac as _;

        /// Why a callback request was refused.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum WebhookError {
            /// The signature is missing or does not match the body.
            BadSignature,
            /// The signature matches, but the body is not the payload the spec describes.
            Body(serde_json::Error),
        }

        impl std::fmt::Display for WebhookError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    WebhookError::BadSignature => f.write_str("the callback's signature does not match its body"),
                    WebhookError::Body(e) => write!(f, "the callback's body is not the expected payload: {e}"),
                }
            }
        }

        impl std::error::Error for WebhookError {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    WebhookError::BadSignature => None,
                    WebhookError::Body(e) => Some(e),
                }
            }
        }

        #(#hooks)*

        /// HMAC-SHA256 of `body` keyed by `secret`, compared with `signature` in constant time.
        fn verify(secret: &[u8], body: &[u8], signature: &[u8]) -> bool {
            let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret) else {
                return false;
            };
            mac.update(body);
            mac.verify_slice(signature).is_ok()
        }

        #base64
        #hex
    }
}

fn hook(api: &Api, w: &Webhook) -> TokenStream {
    let Some(signature) = &w.signature else {
        return TokenStream::new();
    };
    let verify_fn = format_ident!("verify_{}", w.name);
    let receive_fn = format_ident!("receive_{}", w.name);
    let header_const = format_ident!("{}_SIGNATURE_HEADER", w.name.to_ascii_uppercase());
    let header = &signature.header;
    let encoding = if signature.hex { "hex" } else { "Base64" };
    let check = if signature.hex {
        quote!(verify_hex)
    } else {
        quote!(verify_base64)
    };
    let key = signature.key_doc.as_deref().unwrap_or("the shared secret");
    let summary = format!(
        "Checks the `{header}` signature of a `{}` callback: the {encoding} HMAC-SHA256\n\
         of the raw body, keyed by `secret` ({key}).\n\
         Compared in constant time; a header holding several signatures separated by\n\
         commas passes when one matches.",
        w.wire
    );
    let summary = doc(Some(&summary));
    let callback_doc = doc(w.doc.as_deref());
    let verify = quote! {
        #summary
        ///
        #callback_doc
        pub fn #verify_fn(secret: &[u8], body: &[u8], header: &str) -> bool {
            #check(secret, body, header)
        }
    };
    let const_doc = format!(
        " The header carrying the signature of `{}` callbacks.",
        w.wire
    );
    let receive = w.payload.as_ref().map(|payload| {
        let payload = ty(api, payload, Scope::Sibling);
        let receive_doc = format!(
            " Verifies a `{}` callback (see [`{verify_fn}`]) and parses its body.",
            w.wire
        );
        quote! {
            #[doc = #receive_doc]
            pub fn #receive_fn(secret: &[u8], body: &[u8], header: &str) -> Result<#payload, WebhookError> {
                if !#verify_fn(secret, body, header) {
                    return Err(WebhookError::BadSignature);
                }
                serde_json::from_slice(body).map_err(WebhookError::Body)
            }
        }
    });
    quote! {
        #[doc = #const_doc]
        pub const #header_const: &str = #header;

        #verify
        #receive
    }
}
