//! Stage 1: read a YAML or JSON document, check what it is, and deserialize it into `openapiv3`
//! types. Every error names the file and the JSON pointer (or line and column) of the bad node.

mod adopt;
mod bundle;
mod deserialize;
mod normalize;
mod overlay;
mod parse;
mod strict;
mod transcode;
mod version;

use crate::diagnostics::{Diagnostic, Diagnostics, Origins, locate, locate_with};
use crate::skip::skippable;
use deserialize::deserialize;
use openapiv3::OpenAPI;
use parse::parse_document;
use std::path::{Path, PathBuf};
use version::{check_version, unsupported_32};

/// Largest spec file read, in bytes.
const MAX_SPEC_BYTES: u64 = 256 * 1024 * 1024;

/// A spec read from disk, ready for the model stage.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The document.
    pub api: OpenAPI,
    /// The file it was read from.
    pub file: PathBuf,
    /// Every file read, overlays last (for `cargo:rerun-if-changed`).
    pub files: Vec<PathBuf>,
    /// What was accepted but deserves a word: an overlay action whose target selects nothing,
    /// references to an entry of another component map that has the shape needed.
    pub warnings: Vec<Diagnostic>,
    /// Where the nodes brought in from other files came from, to show a problem found in one
    /// at its own line (see `crate::diagnostics::locate`).
    pub origins: Origins,
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
    load_file_bundled(path, skip, false).map(|(loaded, skipped, _)| (loaded, skipped))
}

/// Like [`load_file_skipping`]; with `keep_bundle` set, also the document as one JSON text
/// (pretty, ending in a line break) as read, with references to other files inlined, before
/// any normalisation: loading that text again gives the same document. With `skip`, what was
/// left out before bundling is left out of it too.
pub fn load_file_bundled(
    path: &Path,
    skip: bool,
    keep_bundle: bool,
) -> Result<(Loaded, Vec<Diagnostic>, Option<String>), Diagnostics> {
    load_file_overlaid(path, &[], skip, keep_bundle)
}

/// Like [`load_file_bundled`], with the OpenAPI Overlays at `overlays` applied in order to the
/// bundled document (before normalisation): the kept JSON text is the document after them,
/// their files are listed in [`Loaded::files`], and each action whose target selects nothing
/// is a warning.
pub fn load_file_overlaid(
    path: &Path,
    overlays: &[PathBuf],
    skip: bool,
    keep_bundle: bool,
) -> Result<(Loaded, Vec<Diagnostic>, Option<String>), Diagnostics> {
    let mut origins = Origins::default();
    match load_bundled(path, overlays, (skip, keep_bundle), &mut origins) {
        Ok((mut loaded, skipped, bundle)) => {
            loaded.origins = origins;
            Ok((loaded, skipped, bundle))
        }
        Err(mut problems) => {
            locate(&mut problems.0, &origins);
            Err(problems)
        }
    }
}

/// [`load_file_overlaid`], leaving in `origins` where the nodes brought in came from.
fn load_bundled(
    path: &Path,
    overlays: &[PathBuf],
    (skip, keep_bundle): (bool, bool),
    origins: &mut Origins,
) -> Result<(Loaded, Vec<Diagnostic>, Option<String>), Diagnostics> {
    // The bundle of a JSON document that nothing changes before normalisation is its text
    // printed again: that is done beside the parse, on another core.
    let (mut value, mut as_read) = read_spec_printing(path, keep_bundle && overlays.is_empty())?;
    check_version(path, &value)?;
    let mut skipped = Vec::new();
    let unsupported = unsupported_32(path, &value);
    if !unsupported.is_empty() {
        if !skip {
            return Err(Diagnostics(unsupported));
        }
        as_read = None;
        let mut unsupported = unsupported.into_iter();
        while let Some(d) = unsupported.next() {
            // A QUERY operation is itself what is left out; a parameter, its operation.
            match skippable(&d.pointer) {
                Some(node) => {
                    remove_node(&mut value, &node);
                    skipped.push(d);
                }
                None => return Err(failed(skipped, std::iter::once(d).chain(unsupported))),
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
        let mut bundled = bundle::Bundler::bundle(path, &mut attempt);
        *origins = std::mem::take(&mut bundled.origins);
        if bundled.rewrote {
            as_read = None;
        }
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
        let mut problems = bundled.problems.into_iter();
        while let Some(d) = problems.next() {
            let in_main = d.file.canonicalize().ok() == main;
            match skippable(&d.pointer) {
                Some(node)
                    if in_main && (removed.contains(&node) || remove_node(&mut value, &node)) =>
                {
                    removed.insert(node);
                    skipped.push(d);
                }
                _ => return Err(failed(skipped, std::iter::once(d).chain(problems))),
            }
        }
    };
    let mut warnings = Vec::new();
    if !overlays.is_empty() {
        warnings = overlay::apply_files(overlays, &mut value)?;
        // An overlay may have changed what the document says it is.
        check_version(path, &value)?;
    }
    let bundle_text = if let Some(text) = as_read {
        Some(text)
    } else if keep_bundle {
        let mut text = serde_json::to_string_pretty(&value).map_err(|e| {
            Diagnostics(vec![Diagnostic::new(
                path,
                "",
                format!("the document cannot be written as JSON: {e}"),
                "check the document holds only JSON values",
            )])
        })?;
        text.push('\n');
        Some(text)
    } else {
        None
    };
    normalize::normalize(&mut value);
    let adopted = adopt::adopt(path, &mut value);
    if !adopted.problems.is_empty() {
        if !skip {
            return Err(Diagnostics(adopted.problems));
        }
        let mut removed = std::collections::BTreeSet::new();
        let mut problems = adopted.problems.into_iter();
        while let Some(d) = problems.next() {
            match skippable(&d.pointer) {
                Some(node) if removed.contains(&node) || remove_node(&mut value, &node) => {
                    removed.insert(node);
                    skipped.push(d);
                }
                _ => return Err(failed(skipped, std::iter::once(d).chain(problems))),
            }
        }
    }
    let api = loop {
        let result = if skip {
            deserialize(path, value.clone(), || Ok(value.clone()))
        } else {
            deserialize(path, std::mem::take(&mut value), || reload(path, overlays))
        };
        match result {
            Ok(api) => break api,
            Err(problems) if skip => {
                let mut removed = false;
                let mut problems = problems.0.into_iter();
                while let Some(d) = problems.next() {
                    match skippable(&d.pointer) {
                        Some(node) if remove_node(&mut value, &node) => {
                            removed = true;
                            skipped.push(d);
                        }
                        _ => return Err(failed(skipped, std::iter::once(d).chain(problems))),
                    }
                }
                if !removed {
                    return Err(Diagnostics(skipped));
                }
            }
            Err(problems) => return Err(problems),
        }
    };
    warnings.extend(adopted.warnings);
    let mut files = vec![path.to_path_buf()];
    files.extend(bundled.read);
    files.extend(overlays.iter().cloned());
    let loaded = Loaded {
        api,
        file: path.to_path_buf(),
        files,
        warnings,
        origins: Origins::default(),
    };
    Ok((loaded, skipped, bundle_text))
}

/// The problems of a skipping load that cannot go on: what it left out so far and what it
/// could not, so that it tells at least what a load without skipping tells.
fn failed(skipped: Vec<Diagnostic>, rest: impl IntoIterator<Item = Diagnostic>) -> Diagnostics {
    let mut all = skipped;
    all.extend(rest);
    Diagnostics(all)
}

/// The document at `path` as the first reading left it before deserialization (read, parsed,
/// bundled, overlaid, normalised), read again for the messages of a document that does not
/// deserialize.
fn reload(path: &Path, overlays: &[PathBuf]) -> Result<serde_json::Value, Diagnostics> {
    let mut value = read_spec(path)?;
    let bundled = bundle::Bundler::bundle(path, &mut value);
    if !bundled.problems.is_empty() {
        return Err(Diagnostics(bundled.problems));
    }
    // What the overlays tell was told by the first reading.
    drop(overlay::apply_files(overlays, &mut value)?);
    normalize::normalize(&mut value);
    // As the first reading did; what it told is not told again.
    drop(adopt::adopt(path, &mut value));
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

/// The spec at `path`, read and parsed.
fn read_spec(path: &Path) -> Result<serde_json::Value, Diagnostics> {
    read_spec_printing(path, false).map(|(value, _)| value)
}

/// [`read_spec`]; with `print` set and a JSON spec, also its text as
/// `serde_json::to_string_pretty` prints the document, ending in a line break, made on a
/// second thread while this one parses.
fn read_spec_printing(
    path: &Path,
    print: bool,
) -> Result<(serde_json::Value, Option<String>), Diagnostics> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if meta.len() > MAX_SPEC_BYTES {
        return Err(too_large(path, meta.len()));
    }
    let text = std::fs::read_to_string(path).map_err(|e| io_error(path, &e))?;
    let json = parse::without_bom(&text);
    if print && parse::is_json(path, json) {
        let (printed, value) =
            crate::threads::join(|| transcode::pretty(json), || parse_document(path, &text));
        return value.map(|value| (value, printed));
    }
    // The text is not needed past parsing: its memory is freed (when this returns) before the
    // document grows.
    parse_document(path, &text).map(|value| (value, None))
}

/// The spec at `path` as clientgen reads it after the overlays at `overlays` (read, bundled,
/// overlaid; not yet normalised), what `clientgen overlay` prints; with the warnings of the
/// overlays, and whether the spec is JSON (else YAML).
pub fn overlaid_document(
    path: &Path,
    overlays: &[PathBuf],
) -> Result<(serde_json::Value, Vec<Diagnostic>, bool), Diagnostics> {
    let mut value = read_spec(path)?;
    check_version(path, &value)?;
    let bundled = bundle::Bundler::bundle(path, &mut value);
    if !bundled.problems.is_empty() {
        return Err(Diagnostics(bundled.problems));
    }
    let warnings = overlay::apply_files(overlays, &mut value)?;
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    Ok((value, warnings, json))
}

/// The problem of a file larger than this tool reads.
fn too_large(path: &Path, bytes: u64) -> Diagnostics {
    Diagnostic::new(
        path,
        "",
        format!("the file is {bytes} bytes, more than the {MAX_SPEC_BYTES} this tool reads"),
        "check the file is the spec",
    )
    .into()
}

fn io_error(path: &Path, e: &std::io::Error) -> Diagnostics {
    Diagnostic::new(
        path,
        "",
        format!("cannot read the spec: {e}"),
        "check the path passed as SPEC",
    )
    .into()
}

/// Parses spec text; `file` is only used in messages. References to other files are not
/// followed (see [`load_file`]), and warnings are not returned.
pub fn load_str(file: &Path, text: &str) -> Result<OpenAPI, Diagnostics> {
    load_text(file, text).map_err(|mut problems| {
        let mut text_of = |shown: &Path| (shown == file).then(|| text.to_string());
        locate_with(&mut problems.0, &Origins::default(), &mut text_of);
        problems
    })
}

fn load_text(file: &Path, text: &str) -> Result<OpenAPI, Diagnostics> {
    let prepared = || {
        let mut value = parse_document(file, text)?;
        check_version(file, &value)?;
        let unsupported = unsupported_32(file, &value);
        if !unsupported.is_empty() {
            return Err(Diagnostics(unsupported));
        }
        normalize::normalize(&mut value);
        let adopted = adopt::adopt(file, &mut value);
        if !adopted.problems.is_empty() {
            return Err(Diagnostics(adopted.problems));
        }
        Ok(value)
    };
    deserialize(file, prepared()?, prepared)
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
