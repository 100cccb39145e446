//! Stage 1: read a YAML or JSON document, check what it is, and deserialize it into `openapiv3`
//! types. Every error names the file and the JSON pointer (or line and column) of the bad node.

mod bundle;
mod normalize;
mod strict;

use crate::diagnostics::{Diagnostic, Diagnostics, escape_segment};
use crate::skip::skippable;
use openapiv3::OpenAPI;
use std::path::{Path, PathBuf};

/// Largest spec file read, in bytes.
const MAX_SPEC_BYTES: u64 = 256 * 1024 * 1024;

/// A spec read from disk, ready for the model stage.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The document.
    pub api: OpenAPI,
    /// The file it was read from.
    pub file: PathBuf,
    /// Every file read (for `cargo:rerun-if-changed`).
    pub files: Vec<PathBuf>,
}

/// Reads and parses the spec at `path`.
pub fn load_file(path: &Path) -> Result<Loaded, Diagnostics> {
    load_file_skipping(path, false).map(|(loaded, _)| loaded)
}

/// Like [`load_file`]; with `skip` set, operations and component schemas that do not
/// deserialize are left out (schemas become any JSON) and returned as the problems skipped.
pub fn load_file_skipping(
    path: &Path,
    skip: bool,
) -> Result<(Loaded, Vec<Diagnostic>), Diagnostics> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if meta.len() > MAX_SPEC_BYTES {
        return Err(Diagnostic::new(
            path,
            "#",
            format!(
                "the file is {} bytes, more than the {MAX_SPEC_BYTES} this tool reads",
                meta.len()
            ),
        )
        .into());
    }
    let text = std::fs::read_to_string(path).map_err(|e| io_error(path, &e))?;
    let mut value = parse_document(path, &text)?;
    // The text is not needed past parsing: its memory is freed before the document grows.
    drop(text);
    check_version(path, &value)?;
    let mut skipped = Vec::new();
    let unsupported = unsupported_32(path, &value);
    if !unsupported.is_empty() {
        if !skip {
            return Err(Diagnostics(unsupported));
        }
        for d in unsupported {
            // A QUERY operation is itself what is left out; a parameter, its operation.
            match skippable(&d.pointer) {
                Some(node) => {
                    remove_node(&mut value, &node);
                    skipped.push(d);
                }
                None => return Err(Diagnostics(vec![d])),
            }
        }
    }
    let bundled = loop {
        // A copy is kept only when skipping, to bundle again after leaving things out.
        let mut attempt = if skip {
            value.clone()
        } else {
            std::mem::take(&mut value)
        };
        let bundled = bundle::Bundler::bundle(path, &mut attempt);
        if bundled.problems.is_empty() {
            value = attempt;
            break bundled;
        }
        if !skip {
            return Err(Diagnostics(bundled.problems));
        }
        // Leave out what holds each problem, then bundle again.
        let main = path.canonicalize().ok();
        let mut removed = std::collections::BTreeSet::new();
        for d in bundled.problems {
            let in_main = d.file.canonicalize().ok() == main;
            match skippable(&d.pointer) {
                Some(node)
                    if in_main && (removed.contains(&node) || remove_node(&mut value, &node)) =>
                {
                    removed.insert(node);
                    skipped.push(d);
                }
                _ => return Err(Diagnostics(vec![d])),
            }
        }
    };
    normalize::normalize(&mut value);
    let api = loop {
        let result = if skip {
            deserialize(path, value.clone(), || Ok(value.clone()))
        } else {
            deserialize(path, std::mem::take(&mut value), || reload(path))
        };
        match result {
            Ok(api) => break api,
            Err(problems) if skip => {
                let mut removed = false;
                for d in problems.0 {
                    match skippable(&d.pointer) {
                        Some(node) if remove_node(&mut value, &node) => {
                            removed = true;
                            skipped.push(d);
                        }
                        _ => return Err(Diagnostics(vec![d])),
                    }
                }
                if !removed {
                    return Err(Diagnostics(skipped));
                }
            }
            Err(problems) => return Err(problems),
        }
    };
    let mut files = vec![path.to_path_buf()];
    files.extend(bundled.read);
    let loaded = Loaded {
        api,
        file: path.to_path_buf(),
        files,
    };
    Ok((loaded, skipped))
}

/// The document at `path` as the first reading left it before deserialization (read, parsed,
/// bundled, normalised), read again for the messages of a document that does not deserialize.
fn reload(path: &Path) -> Result<serde_json::Value, Diagnostics> {
    let text = std::fs::read_to_string(path).map_err(|e| io_error(path, &e))?;
    let mut value = parse_document(path, &text)?;
    drop(text);
    let bundled = bundle::Bundler::bundle(path, &mut value);
    if !bundled.problems.is_empty() {
        return Err(Diagnostics(bundled.problems));
    }
    normalize::normalize(&mut value);
    Ok(value)
}

/// Removes an operation, or empties a component schema, at `pointer`; false if it is not there.
fn remove_node(doc: &mut serde_json::Value, pointer: &str) -> bool {
    let Some((parent, last)) = pointer.trim_start_matches('#').rsplit_once('/') else {
        return false;
    };
    let last = last.replace("~1", "/").replace("~0", "~");
    let Some(serde_json::Value::Object(parent)) = doc.pointer_mut(parent) else {
        return false;
    };
    if pointer.starts_with("#/components/schemas/") {
        parent
            .insert(last, serde_json::json!({}))
            .is_some_and(|old| old != serde_json::json!({}))
    } else {
        // Removed in place, so that the operations after it keep their order.
        parent.shift_remove(&last).is_some()
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> Diagnostics {
    Diagnostic::new(path, "#", format!("cannot read the spec: {e}"))
        .hint("check the path passed as SPEC")
        .into()
}

/// Parses spec text; `file` is only used in messages. References to other files are not
/// followed (see [`load_file`]).
pub fn load_str(file: &Path, text: &str) -> Result<OpenAPI, Diagnostics> {
    let prepared = || {
        let mut value = parse_document(file, text)?;
        check_version(file, &value)?;
        let unsupported = unsupported_32(file, &value);
        if !unsupported.is_empty() {
            return Err(Diagnostics(unsupported));
        }
        normalize::normalize(&mut value);
        Ok(value)
    };
    deserialize(file, prepared()?, prepared)
}

/// YAML is a superset of JSON, but JSON files are read with the JSON parser (faster, and its
/// errors are the ones JSON users expect).
pub(crate) fn parse_document(file: &Path, text: &str) -> Result<serde_json::Value, Diagnostics> {
    // Editors on Windows start UTF-8 files with a byte order mark; neither parser skips it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let is_json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('{');
    if is_json {
        // serde_json itself stops at 128 levels, before any later stage could overflow its
        // stack; the bracket scan below is for the YAML reader.
        return serde_json::from_str::<strict::Strict<false>>(text)
            .map(|strict| strict.0)
            .map_err(|e| {
                let hint = if e.to_string().contains("recursion limit") {
                    "the document nests too deeply; no OpenAPI document needs this depth"
                } else {
                    "fix the JSON at this line and column"
                };
                let mut d = Diagnostic::new(file, "#", format!("invalid JSON: {e}")).hint(hint);
                d.line_column = Some((e.line(), e.column()));
                d.into()
            });
    }
    check_nesting(file, text)?;
    serde_yaml::from_str::<strict::Strict<true>>(text)
        .map(|strict| strict.0)
        .map_err(|e| {
            let message = e.to_string();
            let hint = if message.contains("repetition limit") {
                "YAML anchors and aliases here expand into more nodes than a spec can hold; write the nodes out or use `$ref`"
            } else if message.contains("recursion limit") {
                "the document nests too deeply; no OpenAPI document needs this depth"
            } else if message.contains("duplicate key") {
                "a key appears twice in one mapping: keep one"
            } else if message.contains("expected a string") {
                "a mapping key must be text: quote it"
            } else {
                "fix the YAML at this line and column"
            };
            let mut d = Diagnostic::new(file, "#", format!("invalid YAML: {message}")).hint(hint);
            d.line_column = e.location().map(|l| (l.line(), l.column()));
            Diagnostics::from(d)
        })
}

/// Refuses brackets nested deeper than any spec needs before a parser spends time on them
/// (YAML parsers slow down badly on thousands of nested flow collections).
fn check_nesting(file: &Path, text: &str) -> Result<(), Diagnostics> {
    const MAX_DEPTH: usize = 200;
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut escaped = false;
    let (mut line, mut column) = (1usize, 0usize);
    for byte in text.bytes() {
        column += 1;
        if byte == b'\n' {
            line += 1;
            column = 0;
        }
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if byte == b'\\' && q == b'"' {
                    escaped = true;
                } else if byte == q {
                    quote = None;
                }
            }
            None => match byte {
                b'"' | b'\'' => quote = Some(byte),
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        let mut d = Diagnostic::new(
                            file,
                            "#",
                            format!("brackets nest more than {MAX_DEPTH} levels deep"),
                        )
                        .hint("no OpenAPI document needs this depth; check the file is the spec");
                        d.line_column = Some((line, column));
                        return Err(d.into());
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                b'\n' => {}
                _ => {}
            },
        }
        if byte == b'\n' && quote == Some(b'\'') {
            // A single-quoted YAML scalar may span lines; a stray apostrophe in a plain scalar
            // (`it's`) must not hide the rest of the file, so quotes end at line ends.
            quote = None;
        }
    }
    Ok(())
}

/// What OpenAPI 3.2 adds to operations that the client cannot send: the QUERY method, other
/// methods under `additionalOperations`, and parameters `in: querystring`. Each is reported
/// (none is dropped without a word); `--skip-unsupported` leaves their operations out.
fn unsupported_32(file: &Path, value: &serde_json::Value) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let Some(paths) = value.get("paths").and_then(|p| p.as_object()) else {
        return problems;
    };
    let hint = "clientgen reads the operations of OpenAPI 3.1; run with --skip-unsupported to leave this one out";
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        let item_pointer = format!("#/paths/{}", escape_segment(path));
        if item.contains_key("query") {
            problems.push(
                Diagnostic::new(
                    file,
                    format!("{item_pointer}/query"),
                    "the QUERY method (OpenAPI 3.2) is not supported",
                )
                .hint(hint),
            );
        }
        if item
            .get("additionalOperations")
            .and_then(|a| a.as_object())
            .is_some_and(|a| !a.is_empty())
        {
            problems.push(
                Diagnostic::new(
                    file,
                    format!("{item_pointer}/additionalOperations"),
                    "operations under `additionalOperations` (OpenAPI 3.2) are not supported",
                )
                .hint("remove them, or give them one of the methods of OpenAPI 3.1"),
            );
        }
        for (method, operation) in item {
            let parameters = match method.as_str() {
                "parameters" => Some((item_pointer.clone(), Some(operation))),
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                    Some((
                        format!("{item_pointer}/{method}"),
                        operation.get("parameters"),
                    ))
                }
                _ => None,
            };
            let Some((pointer, Some(serde_json::Value::Array(parameters)))) = parameters else {
                continue;
            };
            for (i, parameter) in parameters.iter().enumerate() {
                if parameter.get("in").and_then(|v| v.as_str()) == Some("querystring") {
                    problems.push(
                        Diagnostic::new(
                            file,
                            format!("{pointer}/parameters/{i}"),
                            "parameters `in: querystring` (OpenAPI 3.2) are not supported",
                        )
                        .hint(hint),
                    );
                }
            }
        }
    }
    problems
}

fn check_version(file: &Path, value: &serde_json::Value) -> Result<(), Diagnostics> {
    let Some(root) = value.as_object() else {
        return Err(Diagnostic::new(file, "#", "the document is not a mapping")
            .hint("an OpenAPI document is a YAML or JSON object with `openapi`, `info` and `paths`")
            .into());
    };
    if root.contains_key("swagger") {
        return Err(Diagnostic::new(file, "#/swagger", "Swagger 2.0 documents are not supported")
            .hint(
                "convert it to OpenAPI 3 first, for instance with `npx swagger2openapi spec.yaml -o spec3.yaml`",
            )
            .into());
    }
    match root.get("openapi") {
        Some(serde_json::Value::String(v))
            if v.starts_with("3.0") && !root.contains_key("paths") =>
        {
            Err(Diagnostic::new(file, "#", "the document has no `paths`")
                .hint("OpenAPI 3.0 requires `paths`; add `paths: {}` if the API has no operations")
                .into())
        }
        Some(serde_json::Value::String(v))
            if v.starts_with("3.0") || v.starts_with("3.1") || v.starts_with("3.2") =>
        {
            Ok(())
        }
        Some(serde_json::Value::String(v)) => Err(Diagnostic::new(
            file,
            "#/openapi",
            format!("OpenAPI version {v} is not supported"),
        )
        .hint("clientgen reads OpenAPI 3.0, 3.1 and 3.2 documents")
        .into()),
        Some(_) => Err(Diagnostic::new(
            file,
            "#/openapi",
            "`openapi` must be a string such as \"3.0.3\"",
        )
        .into()),
        None => Err(
            Diagnostic::new(file, "#", "the document has no `openapi` field")
                .hint("add `openapi: 3.0.3` at the top")
                .into(),
        ),
    }
}

/// Deserializes the document. When that fails, each path item and component is deserialized on
/// its own, so that every bad node is reported with its own pointer;
/// `again` gives the same value back for that: the first attempt consumes it.
fn deserialize(
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
/// `components.examples`, and the rest, are read on two threads.
fn deserialize_quietly(value: serde_json::Value) -> Option<OpenAPI> {
    use serde::Deserialize;
    use serde_json::Value;
    if !is_large(&value) || crate::threads::threads_for(2) < 2 {
        return OpenAPI::deserialize(value).ok();
    }
    let Value::Object(mut root) = value else {
        return None;
    };
    // Taken out in place (an empty `paths`, a `null` for absent components), so that nothing
    // else moves.
    let paths = std::mem::replace(root.get_mut("paths")?, Value::Object(Default::default()));
    let mut components = root.get_mut("components").map(std::mem::take);
    let examples = match &mut components {
        Some(Value::Object(c)) => c.shift_remove("examples"),
        _ => None,
    };
    let rest = move || {
        let api = OpenAPI::deserialize(Value::Object(root)).ok()?;
        let components = match components {
            None | Some(Value::Null) => None,
            Some(c) => Some(openapiv3::Components::deserialize(c).ok()?),
        };
        Some((api, components))
    };
    let paths_and_examples = move || {
        let paths = openapiv3::Paths::deserialize(paths).ok()?;
        let examples = match examples {
            None => indexmap::IndexMap::new(),
            Some(e) => indexmap::IndexMap::deserialize(e).ok()?,
        };
        Some((paths, examples))
    };
    let (rest, paths_and_examples) = crate::threads::join(rest, paths_and_examples);
    let ((mut api, components), (paths, examples)) = (rest?, paths_and_examples?);
    api.paths = paths;
    api.components = components.map(|mut c| {
        c.examples = examples;
        c
    });
    Some(api)
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
    Diagnostic::new(
        file,
        pointer,
        format!("not a valid OpenAPI document: {}", e.inner()),
    )
    .hint("compare this node with the OpenAPI specification of the document's version")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        load_str(Path::new("spec.yaml"), text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_byte_order_mark_is_skipped_in_yaml_and_json() {
        let yaml = "\u{feff}openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
        let json = "\u{feff}{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}}";
        for (file, text) in [("spec.yaml", yaml), ("spec.json", json)] {
            let api = load_str(Path::new(file), text).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(api.info.title, "t", "{file}");
        }
        // Only at the start: elsewhere it is not whitespace.
        let e = err("openapi: 3.0.3\ninfo: {title: t, version: '1'}\n\u{feff}paths: {}\n");
        assert!(e.contains("spec.yaml"), "{e}");
    }

    #[test]
    fn yaml_merge_keys_and_integers_beyond_64_bits_load() {
        let api = load_str(
            Path::new("spec.yaml"),
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n\
             components:\n  schemas:\n\
             \x20   Base: &base {type: integer, minimum: -9223372036854776000}\n\
             \x20   Small: {<<: *base, maximum: 10}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let small = &api.components.expect("components").schemas["Small"];
        let openapiv3::ReferenceOr::Item(schema) = small else {
            panic!("not an item: {small:?}")
        };
        // A bound beyond 64 bits is a float, which `openapiv3` keeps in its `AnySchema`.
        let openapiv3::SchemaKind::Any(any) = &schema.schema_kind else {
            panic!("not read as any: {schema:?}")
        };
        assert_eq!(any.typ.as_deref(), Some("integer"));
        assert_eq!(
            (any.minimum, any.maximum),
            (Some(-9.223372036854776e18), Some(10.0))
        );
    }

    #[test]
    fn openapi_3_2_reads_as_3_1_and_names_what_it_cannot_send() {
        let api = load_str(
            Path::new("spec.yaml"),
            "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths:\n\
             \x20 /a:\n    get:\n      parameters: [{name: q, in: query, schema: {type: [string, 'null']}}]\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let openapiv3::ReferenceOr::Item(a) = &api.paths.paths["/a"] else {
            panic!("/a is an item")
        };
        assert!(a.get.is_some());
        let e = err("openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths:\n\
             \x20 /a:\n    query: {responses: {'200': {description: ok}}}\n\
             \x20   get:\n      parameters: [{name: q, in: querystring, content: {}}]\n");
        assert!(e.contains("#/paths/~1a/query: the QUERY method"), "{e}");
        assert!(
            e.contains("#/paths/~1a/get/parameters/0: parameters `in: querystring`"),
            "{e}"
        );
        assert!(e.contains("--skip-unsupported"), "{e}");
    }

    #[test]
    fn swagger_2_is_refused_with_a_hint() {
        let e = err("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert!(
            e.contains("#/swagger: Swagger 2.0 documents are not supported"),
            "{e}"
        );
        assert!(e.contains("swagger2openapi"), "{e}");
    }

    #[test]
    fn yaml_syntax_errors_carry_line_and_column() {
        let e = err("openapi: 3.0.3\ninfo: [\n");
        assert!(e.starts_with("error: spec.yaml:"), "{e}");
        assert!(e.contains("invalid YAML"), "{e}");
    }

    #[test]
    fn numeric_keys_become_strings() {
        let api = load_str(
            Path::new("spec.yaml"),
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n",
        )
        .unwrap();
        assert_eq!(api.paths.paths.len(), 1);
    }

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

    /// A large file that does not deserialize is read again for the messages (the first
    /// attempt consumed the document): the bad node is still named.
    #[test]
    fn a_large_file_with_a_bad_node_names_it() {
        let mut doc = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": 7}}},
            "components": {"schemas": {}}
        });
        for i in 0..150 {
            doc["components"]["schemas"][format!("S{i}")] = serde_json::json!({"type": "string"});
        }
        let dir = std::env::temp_dir().join(format!("clientgen-load-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("large.json");
        std::fs::write(&path, doc.to_string()).unwrap();
        let e = load_file(&path).unwrap_err().to_string();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(e.contains("#/paths/~1a/get/responses"), "{e}");
    }

    #[test]
    fn wrong_types_name_the_node() {
        let e = err(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n",
        );
        assert!(e.contains("#/paths/~1a/get/responses"), "{e}");
    }
}
