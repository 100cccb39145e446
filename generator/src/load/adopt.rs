//! References that name an entry of another component map: a response that refers to a request
//! body, a header to a parameter, a parameter to a header, a schema to an entry of another map.
//! Other tools accept those whose entry has the shape needed, and so does clientgen: each place
//! where a schema, a parameter, a request body, a response or a header belongs is visited, and
//! a reference there is given to the one resolver ([`refs::across`]), which says whether it is
//! read as what the place needs (the node is then copied in place, with a warning that names
//! both pointers) or why not (an error that names both pointers and the kind expected). Any
//! other reference is left to the model's resolver ([`crate::refs::follow`]).

use crate::diagnostics::{Diagnostic, Pointer};
use crate::refs::{self, Kind};
use serde_json::Value;
use std::path::Path;

/// The methods of a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];
/// How deep schemas and callbacks are visited; deeper references are left to the model.
const MAX_DEPTH: usize = 128;
/// How many times nodes copied in place are visited again for the references they hold.
const MAX_ROUNDS: usize = 8;

/// What [`adopt`] found: the warnings of the references read across maps, and the errors of
/// those that cannot be.
#[derive(Debug, Default)]
pub(super) struct Adopted {
    pub warnings: Vec<Diagnostic>,
    pub problems: Vec<Diagnostic>,
}

/// Replaces every reference across maps that has the shape needed, and tells of each.
pub(super) fn adopt(file: &Path, doc: &mut Value) -> Adopted {
    let mut adopted = Adopted::default();
    for _ in 0..MAX_ROUNDS {
        let mut found = Vec::new();
        visit_document(doc, &mut found);
        if found.is_empty() {
            break;
        }
        // Read against the document as it was, then replaced: the entries read are in it.
        let mut replacements = Vec::new();
        for (pointer, reference, need) in found {
            match refs::across(doc, file, &reference, &pointer, need) {
                Ok(Some((node, warning))) => {
                    replacements.push((pointer, node));
                    adopted.warnings.push(warning);
                }
                Ok(None) => {}
                Err(problem) => adopted.problems.push(*problem),
            }
        }
        if replacements.is_empty() {
            break;
        }
        for (pointer, node) in replacements {
            if let Some(place) = doc.pointer_mut(pointer.trim_start_matches('#')) {
                *place = node;
            }
        }
    }
    adopted
}

/// A reference found where a node of a kind belongs: its pointer, the reference, the kind.
type Found = Vec<(String, String, Kind)>;

fn visit_document(doc: &Value, found: &mut Found) {
    for (map, at) in [("paths", "#/paths"), ("webhooks", "#/webhooks")] {
        let at = Pointer::Root(at);
        for (key, item) in entries(doc.get(map)) {
            path_item(item, &at.key(key), 0, found);
        }
    }
    let Some(components) = doc.get("components") else {
        return;
    };
    // Each component map with the reader of its entries.
    type Reader = fn(&Value, &Pointer, &mut Found);
    let sections: [(&str, Reader); 7] = [
        ("schemas", |n, at, found| schema(n, at, 0, found)),
        ("parameters", parameter),
        ("requestBodies", request_body),
        ("responses", response),
        ("headers", header),
        ("pathItems", |n, at, found| path_item(n, at, 0, found)),
        ("callbacks", |n, at, found| callback(n, at, 0, found)),
    ];
    let components_at = Pointer::Root("#/components");
    for (name, read) in sections {
        let at = components_at.key(name);
        for (key, node) in entries(components.get(name)) {
            read(node, &at.key(key), found);
        }
    }
}

/// The entries of an object (none for anything else).
fn entries(node: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    node.and_then(Value::as_object).into_iter().flatten()
}

/// The items of an array (none for anything else).
fn items(node: Option<&Value>) -> impl Iterator<Item = (usize, &Value)> {
    node.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
}

/// Records `node` when it is a reference where a `need` belongs that names an entry of another
/// component map (one of `need`'s own map is the model's); true if it is a reference.
fn reference(node: &Value, pointer: &Pointer, need: Kind, found: &mut Found) -> bool {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            if refs::names_another_map(reference, need) {
                found.push((pointer.written(), reference.to_string(), need));
            }
            true
        }
        None => false,
    }
}

/// The parameters of a path item or an operation.
fn parameters(node: &Value, pointer: &Pointer, found: &mut Found) {
    let at = pointer.key("parameters");
    for (i, p) in items(node.get("parameters")) {
        parameter(p, &at.index(i), found);
    }
}

fn path_item(node: &Value, pointer: &Pointer, depth: usize, found: &mut Found) {
    if depth > MAX_DEPTH || node.get("$ref").is_some() {
        return;
    }
    parameters(node, pointer, found);
    for method in METHODS {
        if let Some(op) = node.get(*method) {
            operation(op, &pointer.key(method), depth, found);
        }
    }
}

fn operation(node: &Value, pointer: &Pointer, depth: usize, found: &mut Found) {
    parameters(node, pointer, found);
    if let Some(body) = node.get("requestBody") {
        request_body(body, &pointer.key("requestBody"), found);
    }
    let at = pointer.key("responses");
    for (status, r) in entries(node.get("responses")) {
        response(r, &at.key(status), found);
    }
    let at = pointer.key("callbacks");
    for (name, c) in entries(node.get("callbacks")) {
        callback(c, &at.key(name), depth + 1, found);
    }
}

fn callback(node: &Value, pointer: &Pointer, depth: usize, found: &mut Found) {
    if node.get("$ref").is_some() {
        return;
    }
    for (expression, item) in entries(Some(node)) {
        path_item(item, &pointer.key(expression), depth + 1, found);
    }
}

fn parameter(node: &Value, pointer: &Pointer, found: &mut Found) {
    if reference(node, pointer, Kind::Parameter, found) {
        return;
    }
    if let Some(s) = node.get("schema") {
        schema(s, &pointer.key("schema"), 0, found);
    }
    content(node, pointer, found);
}

fn header(node: &Value, pointer: &Pointer, found: &mut Found) {
    if reference(node, pointer, Kind::Header, found) {
        return;
    }
    if let Some(s) = node.get("schema") {
        schema(s, &pointer.key("schema"), 0, found);
    }
    content(node, pointer, found);
}

fn request_body(node: &Value, pointer: &Pointer, found: &mut Found) {
    if !reference(node, pointer, Kind::RequestBody, found) {
        content(node, pointer, found);
    }
}

fn response(node: &Value, pointer: &Pointer, found: &mut Found) {
    if reference(node, pointer, Kind::Response, found) {
        return;
    }
    let at = pointer.key("headers");
    for (name, h) in entries(node.get("headers")) {
        header(h, &at.key(name), found);
    }
    content(node, pointer, found);
}

/// The media types of `node`'s `content`: their schemas and their parts' headers.
fn content(node: &Value, pointer: &Pointer, found: &mut Found) {
    let content_at = pointer.key("content");
    for (media_type, media) in entries(node.get("content")) {
        let at = content_at.key(media_type);
        if let Some(s) = media.get("schema") {
            schema(s, &at.key("schema"), 0, found);
        }
        let encoding_at = at.key("encoding");
        for (property, encoding) in entries(media.get("encoding")) {
            let part = encoding_at.key(property);
            let headers_at = part.key("headers");
            for (name, h) in entries(encoding.get("headers")) {
                header(h, &headers_at.key(name), found);
            }
        }
    }
}

/// Keys whose values are schemas, lists of schemas and maps of schemas.
const SCHEMA_KEYS: &[&str] = &[
    "items",
    "not",
    "additionalProperties",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
];
const SCHEMA_LIST_KEYS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];
const SCHEMA_MAP_KEYS: &[&str] = &["properties", "patternProperties", "$defs", "definitions"];

fn schema(node: &Value, pointer: &Pointer, depth: usize, found: &mut Found) {
    if depth > MAX_DEPTH || !node.is_object() || reference(node, pointer, Kind::Schema, found) {
        return;
    }
    for key in SCHEMA_KEYS {
        if let Some(s) = node.get(*key) {
            schema(s, &pointer.key(key), depth + 1, found);
        }
    }
    for key in SCHEMA_LIST_KEYS {
        let at = pointer.key(key);
        for (i, s) in items(node.get(*key)) {
            schema(s, &at.index(i), depth + 1, found);
        }
    }
    for key in SCHEMA_MAP_KEYS {
        let at = pointer.key(key);
        for (name, s) in entries(node.get(*key)) {
            schema(s, &at.key(name), depth + 1, found);
        }
    }
}
