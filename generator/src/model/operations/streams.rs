//! The success of an operation read as it arrives (`{op}_stream`): a `text/event-stream` as
//! events, JSON lines or records one item at a time, any other binary body chunk by chunk.

use super::{OperationBuilder, accept_header, classify, essence, pick_media};
use crate::diagnostics::join;
use crate::model::schemas::RefOr;
use crate::model::{Media, MediaStream, Payload, StreamKind, Ty};
use indexmap::IndexMap;
use openapiv3::MediaType;

/// The extension naming the event data that ends a stream (Speakeasy's), on the media type or
/// on the operation.
const SENTINEL: &str = "x-speakeasy-sse-sentinel";

/// How a media type is streamed: `0` events, `1` lines or records, `2` bytes (the order in which
/// one is preferred when a response lists several; bytes only when `{op}` reads bytes); `None`
/// when it is not.
fn rank(media_type: &str, has_schema: bool) -> Option<u8> {
    match essence(media_type).as_str() {
        "text/event-stream" => Some(0),
        "application/jsonl" | "application/x-ndjson" | "application/json-seq" => Some(1),
        _ if classify(media_type, has_schema, false) == Media::Binary => Some(2),
        _ => None,
    }
}

impl<'t, 'a> OperationBuilder<'t, 'a> {
    /// The stream of the first success response listing a media type that streams, if any:
    /// events before lines before bytes, whatever the order listed; bytes only when the whole
    /// body is read as bytes too (a JWT beside JSON is not streamed). `errors` are the media types
    /// the error statuses are read as, which its `Accept` names after its own.
    pub(super) fn media_stream(
        &mut self,
        content: &'a IndexMap<String, MediaType>,
        pointer: &str,
        errors: &[&str],
        extensions: &IndexMap<String, serde_json::Value>,
        method: String,
    ) -> Option<MediaStream> {
        // Bytes stream only where `{op}` returns bytes too (not beside JSON or text).
        let whole_is_bytes = pick_media(content, false).is_some_and(|(_, m, _)| m == Media::Binary);
        let (media_type, media) = content
            .iter()
            .filter_map(|(t, m)| rank(t, m.schema.is_some()).map(|r| (r, t, m)))
            .filter(|(r, _, _)| *r < 2 || whole_is_bytes)
            .min_by_key(|(r, _, _)| *r)
            .map(|(_, t, m)| (t, m))?;
        let schema_pointer = join(&join(&join(pointer, "content"), media_type), "schema");
        let item_ty = |builder: &mut Self, hint: &str| match &media.schema {
            Some(schema) => builder.types.ty(RefOr::from(schema), hint, &schema_pointer),
            None => Ty::Any,
        };
        let hint = format!("{}Item", self.type_prefix);
        let kind = match essence(media_type).as_str() {
            "text/event-stream" => {
                // Data without a schema, or a string, is the text as sent.
                let item = match media.schema.as_ref().map(|_| item_ty(self, &hint)) {
                    None | Some(Ty::String) => Payload {
                        ty: Ty::String,
                        media: Media::Text,
                    },
                    Some(ty) => Payload {
                        ty,
                        media: Media::Json,
                    },
                };
                // The spec's word first, then the settings'.
                let settings = self.types.settings();
                let sentinel = [&media.extensions, extensions]
                    .into_iter()
                    .find_map(|e| e.get(SENTINEL)?.as_str())
                    .or_else(|| settings.sse_sentinel_of(self.operation_id?))
                    .map(str::to_string);
                StreamKind::Events { item, sentinel }
            }
            "application/json-seq" => StreamKind::Lines {
                item: item_ty(self, &hint),
                records: true,
            },
            "application/jsonl" | "application/x-ndjson" => StreamKind::Lines {
                item: item_ty(self, &hint),
                records: false,
            },
            _ => StreamKind::Bytes,
        };
        let mut read = vec![(true, media_type.as_str())];
        read.extend(errors.iter().map(|t| (false, *t)));
        Some(MediaStream {
            method,
            media_type: essence(media_type),
            accept: accept_header(&read).unwrap_or_else(|| media_type.clone()),
            kind,
            // (Decided by `responses`, which knows what `{op}` reads.)
            read_whole: false,
        })
    }
}
