//! File parts of multipart bodies: a binary property of a struct sent as `multipart/form-data`
//! is a [`Ty::File`] (bytes in memory, or a stream read as the request is sent), not the
//! `Vec<u8>` a binary value is elsewhere.

use super::{Media, Operation, Ty, TypeDef, TypeKind};
use openapiv3::{OpenAPI, ReferenceOr, RequestBody};

/// Whether the spec sends any `multipart/form-data` body, in its operations or its
/// components' request bodies: the client then may need the file-part type, whose name no
/// schema may take. Read before the operations are built (schemas are named first), so it
/// errs on the side of keeping the name.
pub(super) fn sends_multipart(api: &OpenAPI) -> bool {
    let is_multipart = |body: &RequestBody| {
        body.content.keys().any(|media| {
            let essence = media.split(';').next().unwrap_or("").trim();
            essence.eq_ignore_ascii_case("multipart/form-data")
        })
    };
    let mut operations = (api.paths.paths.values())
        .filter_map(ReferenceOr::as_item)
        .flat_map(|item| item.iter());
    let inline = operations.any(
        |(_, op)| matches!(&op.request_body, Some(ReferenceOr::Item(body)) if is_multipart(body)),
    );
    let mut components = (api.components.iter()).flat_map(|c| c.request_bodies.values());
    inline || components.any(|body| matches!(body, ReferenceOr::Item(body) if is_multipart(body)))
}

/// Makes the binary fields of every struct sent as a multipart body file parts (also an
/// array of them, or one that may be `null`); returns whether any field became one.
pub(super) fn file_parts(operations: &[Operation], types: &mut [TypeDef]) -> bool {
    let mut any = false;
    for body in operations.iter().filter_map(|op| op.body.as_ref()) {
        let (Media::Multipart, Ty::Named(id)) = (body.payload.media, &body.payload.ty) else {
            continue;
        };
        if let TypeKind::Struct(def) = &mut types[id.index()].kind {
            for field in &mut def.fields {
                any |= to_file(&mut field.ty);
            }
        }
    }
    any
}

/// `Vec<u8>` as a file part, in place, through arrays and `Option`s; whether it was one.
fn to_file(ty: &mut Ty) -> bool {
    match ty {
        Ty::Bytes => {
            *ty = Ty::File;
            true
        }
        Ty::Vec(inner) | Ty::Nullable(inner) => to_file(inner),
        _ => false,
    }
}
