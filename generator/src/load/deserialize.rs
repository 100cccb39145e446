//! From JSON values to `openapiv3` types: quietly (on two threads for a large document), and
//! when that fails, again part by part, so that every bad node is named by its pointer.

use crate::diagnostics::{Diagnostic, Diagnostics, escape_segment};
use openapiv3::OpenAPI;
use std::path::Path;

/// Deserializes the document. When that fails, each path item and component is deserialized on
/// its own, so that every bad node is reported with its own pointer;
/// `again` gives the same value back for that: the first attempt consumes it.
pub(super) fn deserialize(
    file: &Path,
    value: serde_json::Value,
    again: impl FnOnce() -> Result<serde_json::Value, Diagnostics>,
) -> Result<OpenAPI, Diagnostics> {
    // The common case, without the cost of tracking paths; on failure, again with tracking.
    if let Some(api) = deserialize_quietly(value) {
        return Ok(api);
    }
    let value = again()?;
    let whole = match serde_path_to_error::deserialize::<_, OpenAPI>(&value) {
        Ok(api) => return Ok(api),
        Err(e) => e,
    };
    let mut problems = Vec::new();
    if let Some(paths) = value.get("paths").and_then(|p| p.as_object()) {
        for (path, item) in paths {
            if path.starts_with("x-") {
                continue;
            }
            let pointer = format!("#/paths/{}", escape_segment(path));
            let before = problems.len();
            if let Some(item) = item.as_object() {
                for (key, part) in item {
                    let part_pointer = format!("{pointer}/{}", escape_segment(key));
                    match key.as_str() {
                        "get" | "put" | "post" | "delete" | "options" | "head" | "patch"
                        | "trace" => check_part::<openapiv3::Operation>(
                            file,
                            &part_pointer,
                            part,
                            &mut problems,
                        ),
                        _ => {}
                    }
                }
            }
            if problems.len() == before {
                check_part::<openapiv3::ReferenceOr<openapiv3::PathItem>>(
                    file,
                    &pointer,
                    item,
                    &mut problems,
                );
            }
        }
    }
    if let Some(components) = value.get("components").and_then(|c| c.as_object()) {
        for (section, entries) in components {
            let Some(entries) = entries.as_object() else {
                continue;
            };
            for (key, entry) in entries {
                let pointer = format!(
                    "#/components/{}/{}",
                    escape_segment(section),
                    escape_segment(key)
                );
                use openapiv3 as o;
                match section.as_str() {
                    "schemas" => check_schema(file, &pointer, entry, &mut problems, 0),
                    "responses" => check_part::<o::ReferenceOr<o::Response>>(
                        file,
                        &pointer,
                        entry,
                        &mut problems,
                    ),
                    "parameters" => check_part::<o::ReferenceOr<o::Parameter>>(
                        file,
                        &pointer,
                        entry,
                        &mut problems,
                    ),
                    "requestBodies" => check_part::<o::ReferenceOr<o::RequestBody>>(
                        file,
                        &pointer,
                        entry,
                        &mut problems,
                    ),
                    "headers" => check_part::<o::ReferenceOr<o::Header>>(
                        file,
                        &pointer,
                        entry,
                        &mut problems,
                    ),
                    "securitySchemes" => check_part::<o::ReferenceOr<o::SecurityScheme>>(
                        file,
                        &pointer,
                        entry,
                        &mut problems,
                    ),
                    _ => {}
                }
            }
        }
    }
    if problems.is_empty() {
        problems.push(diagnostic(file, "#", &whole));
    }
    Err(Diagnostics(problems))
}

/// The document, or `None` if it does not deserialize. The value is consumed: its strings move
/// into the result and each part is freed once read. In a large document, `paths` with
/// `components.examples`, and the rest, are read on two threads, then the component schemas
/// (most of the work in a large document) by both, a chunk at a time, each thread taking the
/// next chunk once done with its part.
fn deserialize_quietly(value: serde_json::Value) -> Option<OpenAPI> {
    use serde::Deserialize;
    use serde_json::Value;
    if !is_large(&value) || crate::threads::threads_for(2) < 2 {
        return OpenAPI::deserialize(value).ok();
    }
    let Value::Object(mut root) = value else {
        return None;
    };
    // Taken out in place (an empty `paths`, a `null` for absent components, an empty map of
    // schemas), so that nothing else moves.
    let paths = std::mem::replace(root.get_mut("paths")?, Value::Object(Default::default()));
    let mut components = root.get_mut("components").map(std::mem::take);
    let (examples, schemas) = match &mut components {
        Some(Value::Object(c)) => {
            // A mapping only: anything else is read, and refused, with the rest.
            let schemas = c.get_mut("schemas").filter(|s| s.is_object());
            let schemas = schemas.map(|s| std::mem::replace(s, Value::Object(Default::default())));
            (c.shift_remove("examples"), schemas)
        }
        _ => (None, None),
    };
    let schemas = SchemaChunks::of(schemas);
    let rest = || {
        let api = OpenAPI::deserialize(Value::Object(root)).ok()?;
        let components = match components {
            None | Some(Value::Null) => None,
            Some(c) => Some(openapiv3::Components::deserialize(c).ok()?),
        };
        Some((api, components, schemas.read()?))
    };
    let paths_and_examples = || {
        let paths = openapiv3::Paths::deserialize(paths).ok()?;
        let examples = match examples {
            None => indexmap::IndexMap::new(),
            Some(e) => indexmap::IndexMap::deserialize(e).ok()?,
        };
        Some((paths, examples, schemas.read()?))
    };
    let (rest, paths_and_examples) = crate::threads::join(rest, paths_and_examples);
    let ((mut api, components, mut read), (paths, examples, more)) = (rest?, paths_and_examples?);
    read.extend(more);
    read.sort_unstable_by_key(|(chunk, _)| *chunk);
    api.paths = paths;
    api.components = components.map(|mut c| {
        c.examples = examples;
        c.schemas
            .extend(read.into_iter().flat_map(|(_, schemas)| schemas));
        c
    });
    Some(api)
}

/// The component schemas of a document in chunks, for threads to take one at a time.
struct SchemaChunks(std::sync::Mutex<std::iter::Enumerate<std::vec::IntoIter<SchemaChunk>>>);

/// Consecutive entries of `components.schemas`.
type SchemaChunk = Vec<(String, serde_json::Value)>;

/// Schemas deserialized by one thread: (chunk number, entries).
type SchemasRead = Vec<(
    usize,
    Vec<(String, openapiv3::ReferenceOr<openapiv3::Schema>)>,
)>;

impl SchemaChunks {
    /// Schemas per chunk: few enough that the threads finish together.
    const CHUNK: usize = 16;

    fn of(schemas: Option<serde_json::Value>) -> SchemaChunks {
        let mut chunks = Vec::new();
        if let Some(serde_json::Value::Object(schemas)) = schemas {
            let mut entries = schemas.into_iter().peekable();
            while entries.peek().is_some() {
                chunks.push(entries.by_ref().take(Self::CHUNK).collect());
            }
        }
        SchemaChunks(std::sync::Mutex::new(chunks.into_iter().enumerate()))
    }

    /// Deserializes chunks until none is left; `None` if one does not deserialize.
    fn read(&self) -> Option<SchemasRead> {
        use serde::Deserialize;
        let mut read = Vec::new();
        loop {
            let next = self.0.lock().unwrap_or_else(|e| e.into_inner()).next();
            let Some((number, chunk)) = next else {
                return Some(read);
            };
            let schemas = chunk.into_iter().map(|(name, schema)| {
                Some((name, openapiv3::ReferenceOr::deserialize(schema).ok()?))
            });
            read.push((number, schemas.collect::<Option<Vec<_>>>()?));
        }
    }
}

/// Whether the document has enough paths and components that a second thread pays off.
fn is_large(value: &serde_json::Value) -> bool {
    const LARGE: usize = 100;
    let entries =
        |v: Option<&serde_json::Value>| v.and_then(|v| v.as_object()).map_or(0, |m| m.len());
    let components = value
        .get("components")
        .and_then(|c| c.as_object())
        .map_or(0, |c| c.values().map(|s| entries(Some(s))).sum());
    entries(value.get("paths")) + components >= LARGE
}

/// Reports a schema that does not deserialize at the deepest node that fails (a property,
/// an item), rather than at the schema, since `openapiv3` reports no path inside schemas.
fn check_schema(
    file: &Path,
    pointer: &str,
    value: &serde_json::Value,
    problems: &mut Vec<Diagnostic>,
    depth: usize,
) {
    let Err(whole) =
        serde_path_to_error::deserialize::<_, openapiv3::ReferenceOr<openapiv3::Schema>>(value)
    else {
        return;
    };
    let before = problems.len();
    if depth < 64 {
        if let Some(map) = value.as_object() {
            for (key, child) in map {
                let child_pointer = format!("{pointer}/{}", escape_segment(key));
                match (key.as_str(), child) {
                    ("items" | "not" | "additionalProperties", serde_json::Value::Object(_)) => {
                        check_schema(file, &child_pointer, child, problems, depth + 1)
                    }
                    ("properties", serde_json::Value::Object(properties)) => {
                        for (name, property) in properties {
                            let p = format!("{child_pointer}/{}", escape_segment(name));
                            check_schema(file, &p, property, problems, depth + 1);
                        }
                    }
                    ("allOf" | "oneOf" | "anyOf", serde_json::Value::Array(items)) => {
                        for (i, item) in items.iter().enumerate() {
                            check_schema(
                                file,
                                &format!("{child_pointer}/{i}"),
                                item,
                                problems,
                                depth + 1,
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if problems.len() > before {
        return;
    }
    // The schema fails but no schema inside it does: find the keyword whose value is wrong
    // by leaving each out in turn.
    if let Some(map) = value.as_object() {
        for key in map.keys() {
            let mut without = map.clone();
            without.remove(key);
            let fine = serde_json::from_value::<openapiv3::ReferenceOr<openapiv3::Schema>>(
                serde_json::Value::Object(without),
            )
            .is_ok();
            if fine {
                let mut d = diagnostic(file, &format!("{pointer}/{}", escape_segment(key)), &whole);
                d.message = format!("not a valid OpenAPI schema: `{key}`: {}", whole.inner());
                problems.push(d);
                return;
            }
        }
    }
    problems.push(diagnostic(file, pointer, &whole));
}

fn check_part<T: serde::de::DeserializeOwned>(
    file: &Path,
    prefix: &str,
    value: &serde_json::Value,
    problems: &mut Vec<Diagnostic>,
) {
    if let Err(e) = serde_path_to_error::deserialize::<_, T>(value) {
        problems.push(diagnostic(file, prefix, &e));
    }
}

fn diagnostic(
    file: &Path,
    prefix: &str,
    e: &serde_path_to_error::Error<serde_json::Error>,
) -> Diagnostic {
    let mut pointer = prefix.to_string();
    for segment in e.path().iter() {
        use serde_path_to_error::Segment;
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_segment(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    let inner = e.inner().to_string();
    // serde names a field that should not be there, or is not, at the mapping: its key is
    // marked. (serde's messages are the only place this is told.)
    let at_key = inner.starts_with("missing field") || inner.starts_with("unknown field");
    let d = Diagnostic::new(
        file,
        pointer,
        format!("not a valid OpenAPI document: {inner}"),
        "compare this node with the OpenAPI specification of the document's version",
    );
    if at_key { d.at_key() } else { d }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document large enough for the two-thread path, with every section of `components`,
    /// extensions and examples: read in parts, it is what `OpenAPI` reads whole.
    #[test]
    fn a_large_document_reads_the_same_in_parts() {
        let mut schemas = serde_json::Map::new();
        for i in 0..150 {
            schemas.insert(
                format!("S{i}"),
                serde_json::json!({"type": "object", "properties": {"a": {"$ref": "#/components/schemas/S0"}}}),
            );
        }
        let doc = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "x-top": 1,
            "paths": {
                "/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/R"}}}},
                "x-paths": true
            },
            "components": {
                "schemas": schemas,
                "responses": {"R": {"description": "ok"}},
                "parameters": {"P": {"name": "p", "in": "query", "schema": {"type": "string"}}},
                "examples": {"E": {"value": {"deep": [1, 2, {"x": null}]}}},
                "requestBodies": {"B": {"content": {"text/plain": {}}}},
                "headers": {"H": {"schema": {"type": "integer"}}},
                "securitySchemes": {"K": {"type": "apiKey", "name": "k", "in": "header"}},
                "links": {"L": {"operationId": "x"}},
                "callbacks": {"C": {}},
                "x-extra": {"kept": true},
                "unknown": "ignored"
            }
        });
        assert!(is_large(&doc));
        let whole = <OpenAPI as serde::Deserialize>::deserialize(&doc).unwrap();
        let parts = deserialize_quietly(doc).expect("deserializes");
        assert_eq!(parts, whole);
        assert_eq!(parts.components.as_ref().unwrap().examples.len(), 1);
        assert_eq!(parts.components.as_ref().unwrap().extensions.len(), 1);
    }

    #[test]
    fn a_large_document_with_a_bad_section_is_refused_in_parts_too() {
        let mut doc = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {}, "examples": 7}
        });
        for i in 0..150 {
            doc["components"]["schemas"][format!("S{i}")] = serde_json::json!({"type": "string"});
        }
        assert!(is_large(&doc));
        assert!(<OpenAPI as serde::Deserialize>::deserialize(&doc).is_err());
        assert!(deserialize_quietly(doc).is_none());
    }
}
