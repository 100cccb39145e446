//! References that name an entry of another component map which has the shape needed: a
//! response that refers to a request body with a description and content, or a request body
//! that refers to a response with content. Other tools accept them, and so does clientgen: the
//! entry is copied in place, read as what the place needs, with a warning that names both
//! pointers. Any other reference is left to the model's resolver ([`crate::refs`]).

use crate::diagnostics::{Diagnostic, join};
use crate::refs::{self, Component};
use openapiv3::{Components, OpenAPI, ReferenceOr, RequestBody, Response};
use std::path::Path;

/// Replaces every reference across maps that has the shape needed, and warns of each.
pub(super) fn adopt(file: &Path, api: &mut OpenAPI) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let components = api.components.take();
    let found = components.as_ref();
    for (path, item) in api.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let item_pointer = join("#/paths", path);
        let operations = [
            ("get", &mut item.get),
            ("put", &mut item.put),
            ("post", &mut item.post),
            ("delete", &mut item.delete),
            ("options", &mut item.options),
            ("head", &mut item.head),
            ("patch", &mut item.patch),
            ("trace", &mut item.trace),
        ];
        for (method, op) in operations {
            let Some(op) = op else {
                continue;
            };
            let pointer = join(&item_pointer, method);
            if let Some(body) = &mut op.request_body {
                let at = join(&pointer, "requestBody");
                adopt_one(file, found, body, &at, as_request_body, &mut warnings);
            }
            let responses = join(&pointer, "responses");
            if let Some(response) = &mut op.responses.default {
                let at = join(&responses, "default");
                adopt_one(file, found, response, &at, as_response, &mut warnings);
            }
            for (status, response) in op.responses.responses.iter_mut() {
                let at = join(&responses, &status.to_string());
                adopt_one(file, found, response, &at, as_response, &mut warnings);
            }
        }
    }
    if let Some(mut components) = components {
        // Found first, then replaced: the entries are read from the maps being changed.
        let responses: Vec<_> = components
            .responses
            .iter()
            .filter_map(|(key, response)| {
                let at = join("#/components/responses", key);
                Some((
                    key.clone(),
                    adopted(file, &components, response, &at, as_response)?,
                ))
            })
            .collect();
        let bodies: Vec<_> = components
            .request_bodies
            .iter()
            .filter_map(|(key, body)| {
                let at = join("#/components/requestBodies", key);
                Some((
                    key.clone(),
                    adopted(file, &components, body, &at, as_request_body)?,
                ))
            })
            .collect();
        for (key, (response, warning)) in responses {
            components
                .responses
                .insert(key, ReferenceOr::Item(response));
            warnings.push(warning);
        }
        for (key, (body, warning)) in bodies {
            components
                .request_bodies
                .insert(key, ReferenceOr::Item(body));
            warnings.push(warning);
        }
        api.components = Some(components);
    }
    warnings
}

/// A request body read as a response: it needs a description and content.
fn as_response(body: &RequestBody) -> Option<Response> {
    Some(Response {
        description: body.description.clone()?,
        content: Some(body.content.clone()).filter(|c| !c.is_empty())?,
        extensions: body.extensions.clone(),
        ..Response::default()
    })
}

/// A response read as a request body: it needs content.
fn as_request_body(response: &Response) -> Option<RequestBody> {
    Some(RequestBody {
        description: Some(response.description.clone()).filter(|d| !d.is_empty()),
        content: Some(response.content.clone()).filter(|c| !c.is_empty())?,
        required: false,
        extensions: response.extensions.clone(),
    })
}

/// Replaces `node`, a reference to an entry of `Other` where a `T` belongs, by the entry read
/// as a `T` when it has the shape.
fn adopt_one<T: Component, Other: Component>(
    file: &Path,
    components: Option<&Components>,
    node: &mut ReferenceOr<T>,
    pointer: &str,
    convert: fn(&Other) -> Option<T>,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(components) = components else {
        return;
    };
    if let Some((item, warning)) = adopted(file, components, node, pointer, convert) {
        *node = ReferenceOr::Item(item);
        warnings.push(warning);
    }
}

/// `node` read as a `T`, with the warning that says so, when it refers to an entry of `Other`
/// that has the shape of a `T`.
fn adopted<T: Component, Other: Component>(
    file: &Path,
    components: &Components,
    node: &ReferenceOr<T>,
    pointer: &str,
    convert: fn(&Other) -> Option<T>,
) -> Option<(T, Diagnostic)> {
    let ReferenceOr::Reference { reference } = node else {
        return None;
    };
    refs::key_of::<Other>(reference)?;
    let target = refs::follow::<Other>(Some(components), file, reference, pointer).ok()?;
    let item = convert(target.item)?;
    let target_pointer = join(&format!("#/components/{}", Other::SECTION), &target.key);
    let warning = Diagnostic::new(
        file,
        pointer,
        format!(
            "`{reference}` refers to {} ({target_pointer}) where {} belongs; it is read as {}",
            Other::WHAT,
            T::WHAT,
            T::WHAT
        ),
        format!(
            "move the entry to #/components/{} or refer to one there",
            T::SECTION
        ),
    );
    Some((item, warning))
}
