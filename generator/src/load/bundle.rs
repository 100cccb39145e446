//! Resolves `$ref`s to other files next to the spec, so the later stages see one document.
//!
//! A reference to a schema in another file brings that schema into `components.schemas` (named
//! after the last segment of its pointer, or the file) and points at it there, so recursive
//! schemas stay finite and keep their names. Any other kind of node (a parameter, a response, a
//! path item) is copied in place. References resolve against the file that holds them; a
//! reference that names a URL, or a file outside the spec's folder, is refused: generation reads
//! no network and no file outside the spec's tree.

use crate::diagnostics::{Diagnostic, Origins, escape_segment, percent_decoded};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// How deep references to non-schema nodes may nest (each is copied in place).
const MAX_INLINE_DEPTH: usize = 32;

/// Keys under which a value is a schema.
const SCHEMA_KEYS: &[&str] = &["schema", "items", "not", "additionalProperties"];
const SCHEMA_LIST_KEYS: &[&str] = &["allOf", "oneOf", "anyOf"];
const SCHEMA_MAP_KEYS: &[&str] = &["properties", "schemas"];
/// Keys whose values are data: examples anywhere, and in a schema, its values.
const DATA_KEYS: &[&str] = &["example", "examples", "x-examples"];
const SCHEMA_DATA_KEYS: &[&str] = &["default", "enum", "const"];

pub struct Bundler {
    root_dir: PathBuf,
    main: PathBuf,
    /// The spec's path as the user gave it.
    main_given: PathBuf,
    files: HashMap<PathBuf, Value>,
    /// Files that could not be read or parsed: told once, however many references name them.
    failed: HashSet<PathBuf>,
    /// (file, pointer) -> name in `components.schemas`.
    brought: HashMap<(PathBuf, String), String>,
    /// Schemas to add to `components.schemas`.
    added: Vec<(String, Value)>,
    taken: Vec<String>,
    pub read: Vec<PathBuf>,
    /// Whether the document had references to rewrite (else it is as it was read).
    pub rewrote: bool,
    pub problems: Vec<Diagnostic>,
    /// Where each node brought in was copied from, to show a problem in it at its own line.
    pub origins: Origins,
}

impl Bundler {
    /// Resolves every reference to another file in `doc`, the document read from `main`.
    pub fn bundle(main: &Path, doc: &mut Value) -> Bundler {
        let root_dir = main
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .and_then(|p| p.canonicalize().ok())
            .unwrap_or_default();
        let main_canonical = main.canonicalize().unwrap_or_else(|_| main.to_path_buf());
        let taken = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let mut bundler = Bundler {
            root_dir,
            main: main_canonical.clone(),
            main_given: main.to_path_buf(),
            files: HashMap::new(),
            failed: HashSet::new(),
            brought: HashMap::new(),
            added: Vec::new(),
            taken,
            read: Vec::new(),
            rewrote: false,
            problems: Vec::new(),
            origins: Origins::default(),
        };
        if !contains_external_ref(doc, 0) {
            return bundler;
        }
        bundler.rewrote = true;
        bundler.walk(doc, &main_canonical, "#", false, 0);
        if !bundler.added.is_empty() {
            if let Some(root) = doc.as_object_mut() {
                let components = root
                    .entry("components")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Some(components) = components.as_object_mut() {
                    let schemas = components
                        .entry("schemas")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Some(schemas) = schemas.as_object_mut() {
                        for (name, schema) in std::mem::take(&mut bundler.added) {
                            schemas.insert(name, schema);
                        }
                    }
                }
            }
        }
        bundler
    }

    fn problem(&mut self, file: &Path, pointer: &str, message: String, hint: &str) {
        let shown = self.shown(file);
        self.problems
            .push(Diagnostic::new(&shown, pointer, message, hint));
    }

    /// How a file is named in messages: as the user named the spec, and other files by their
    /// path from there (files are found through their canonical paths).
    fn shown(&self, file: &Path) -> PathBuf {
        if file == self.main {
            return self.main_given.clone();
        }
        let given_dir = self.main_given.parent().unwrap_or(Path::new(""));
        match file.strip_prefix(&self.root_dir) {
            Ok(relative) => given_dir.join(relative),
            Err(_) => file.to_path_buf(),
        }
    }

    fn walk(
        &mut self,
        value: &mut Value,
        file: &Path,
        pointer: &str,
        in_schema: bool,
        depth: usize,
    ) {
        if depth > 256 {
            return;
        }
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get_mut("$ref") {
                    // Later stages read pointers as JSON pointers: without URI escapes.
                    if let Some(decoded) = percent_decoded(reference) {
                        *reference = decoded;
                    }
                    let reference = reference.clone();
                    if let Some(replacement) =
                        self.reference(&reference, file, pointer, in_schema, depth)
                    {
                        *value = replacement;
                    }
                    return;
                }
                for (key, child) in map.iter_mut() {
                    // Extensions are the vendor's own data; what clientgen reads of them holds
                    // no references. (Outside a schema, `default` is the response for other
                    // statuses.)
                    if key.starts_with("x-")
                        || DATA_KEYS.contains(&key.as_str())
                        || (in_schema && SCHEMA_DATA_KEYS.contains(&key.as_str()))
                    {
                        continue;
                    }
                    let child_pointer = format!("{pointer}/{}", escape_segment(key));
                    if SCHEMA_KEYS.contains(&key.as_str()) {
                        self.walk(child, file, &child_pointer, true, depth + 1);
                    } else if SCHEMA_LIST_KEYS.contains(&key.as_str()) {
                        if let Value::Array(items) = child {
                            for (i, item) in items.iter_mut().enumerate() {
                                self.walk(
                                    item,
                                    file,
                                    &format!("{child_pointer}/{i}"),
                                    true,
                                    depth + 1,
                                );
                            }
                        }
                    } else if SCHEMA_MAP_KEYS.contains(&key.as_str()) {
                        if let Value::Object(entries) = child {
                            for (name, entry) in entries.iter_mut() {
                                let p = format!("{child_pointer}/{}", escape_segment(name));
                                self.walk(entry, file, &p, true, depth + 1);
                            }
                        }
                    } else {
                        self.walk(child, file, &child_pointer, false, depth + 1);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.walk(item, file, &format!("{pointer}/{i}"), in_schema, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// The value that replaces a `$ref` node, or `None` to leave it as it is.
    fn reference(
        &mut self,
        reference: &str,
        file: &Path,
        pointer: &str,
        in_schema: bool,
        depth: usize,
    ) -> Option<Value> {
        let (path_part, fragment) = match reference.split_once('#') {
            Some((p, f)) => (p, f),
            None => (reference, ""),
        };
        // Path items and callbacks cannot be references for the reader that follows, so those
        // are copied in even when they name a component.
        let copy_always = is_path_item_or_callback(pointer);
        if path_part.is_empty() && file == self.main && names_a_component(fragment) && !copy_always
        {
            return None;
        }
        if reference.is_empty() || reference == "#" {
            self.problem(
                file,
                pointer,
                "`$ref` is empty, which names the whole document rather than a schema".to_string(),
                "refer to a schema, such as `#/components/schemas/Name`",
            );
            return None;
        }
        if path_part.contains("://") || path_part.starts_with("//") {
            self.problem(
                file,
                pointer,
                format!("`{reference}` refers to a URL"),
                "clientgen reads no network: download the file next to the spec and refer to it by a relative path",
            );
            return None;
        }
        let target_file = if path_part.is_empty() {
            file.to_path_buf()
        } else {
            let base = file.parent().unwrap_or(Path::new("."));
            // Judge the path before touching the file system, so nothing outside the spec's
            // folder is even looked at.
            let lexical = lexically_normal(&base.join(path_part));
            if !lexical.starts_with(&self.root_dir) {
                self.problem(
                    file,
                    pointer,
                    format!("`{reference}` leaves the spec's folder"),
                    "clientgen reads no file outside the folder of the spec: move the file next to it",
                );
                return None;
            }
            match lexical.canonicalize() {
                Ok(p) => p,
                Err(e) => {
                    self.problem(
                        file,
                        pointer,
                        format!("`{reference}`: cannot read `{path_part}`: {e}"),
                        "check the path, relative to the file that holds the reference",
                    );
                    return None;
                }
            }
        };
        if !target_file.starts_with(&self.root_dir) {
            self.problem(
                file,
                pointer,
                format!("`{reference}` leaves the spec's folder"),
                "clientgen reads no file outside the folder of the spec: move the file next to it",
            );
            return None;
        }
        let fragment = fragment.to_string();
        let document = self.load(&target_file, file, pointer)?;
        // `file.yaml#/` is written for the whole file (strictly, it is the entry named "").
        let whole = fragment == "/" && document.get("").is_none();
        let target = document
            .pointer(match fragment.strip_prefix('/') {
                Some(_) if !whole => fragment.as_str(),
                _ => "",
            })
            .cloned();
        let Some(mut target) = target else {
            self.problem(
                file,
                pointer,
                format!("`{reference}` refers to nothing"),
                "check the JSON pointer after `#`",
            );
            return None;
        };
        // The pointer of the node in its file (`#` for the whole file, however written).
        let target_pointer = if whole {
            "#".to_string()
        } else {
            format!("#{fragment}")
        };
        if in_schema {
            let key = (target_file.clone(), fragment.clone());
            if let Some(name) = self.brought.get(&key) {
                return Some(
                    serde_json::json!({ "$ref": format!("#/components/schemas/{}", escape_segment(name)) }),
                );
            }
            let raw = pointer_name(&fragment)
                .or_else(|| {
                    target_file
                        .file_stem()
                        .and_then(|s| s.to_str())
                        .map(str::to_string)
                })
                .unwrap_or_else(|| "Schema".to_string());
            let name = self.claim(&raw, &target_file, &fragment);
            self.brought.insert(key, name.clone());
            // The main document's own components keep their place; only other files' schemas
            // are added.
            if target_file != self.main || !names_a_component(&fragment) {
                self.walk(&mut target, &target_file, &target_pointer, true, depth + 1);
                self.added.push((name.clone(), target));
                let at = format!("#/components/schemas/{}", escape_segment(&name));
                let (main, from) = (self.shown(&self.main), self.shown(&target_file));
                self.origins.link(&main, &at, &from, &target_pointer);
            }
            return Some(
                serde_json::json!({ "$ref": format!("#/components/schemas/{}", escape_segment(&name)) }),
            );
        }
        if depth > MAX_INLINE_DEPTH * 8 {
            self.problem(
                file,
                pointer,
                format!("`{reference}` nests references too deeply (a cycle?)"),
                "make the references reach a definition",
            );
            return None;
        }
        self.walk(&mut target, &target_file, &target_pointer, false, depth + 8);
        let (at, from) = (self.shown(file), self.shown(&target_file));
        self.origins.link(&at, pointer, &from, &target_pointer);
        Some(target)
    }

    /// A name in `components.schemas` for a schema brought in from another file.
    fn claim(&mut self, raw: &str, file: &Path, fragment: &str) -> String {
        // A reference back into the main document's own components keeps that name (one into
        // a component's insides is named like any other).
        if file == self.main {
            let whole = fragment
                .strip_prefix("/components/schemas/")
                .filter(|name| !name.contains('/'));
            if let Some(name) = whole {
                return name.replace("~1", "/").replace("~0", "~");
            }
        }
        let mut name = raw.to_string();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{raw}{n}");
            n += 1;
        }
        self.taken.push(name.clone());
        name
    }

    fn load(&mut self, path: &Path, from: &Path, pointer: &str) -> Option<&Value> {
        if self.failed.contains(path) {
            return None;
        }
        if !self.files.contains_key(path) {
            // Until it is read and parsed, it counts as failed.
            self.failed.insert(path.to_path_buf());
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => {
                    self.problem(
                        from,
                        pointer,
                        format!("cannot read `{}`: {e}", path.display()),
                        "check the path",
                    );
                    return None;
                }
            };
            let value = match super::parse_document(path, &text) {
                Ok(v) => v,
                Err(d) => {
                    let shown = self.shown(path);
                    self.problems.extend(d.0.into_iter().map(|mut d| {
                        d.file = shown.clone();
                        d
                    }));
                    return None;
                }
            };
            self.failed.remove(path);
            self.read.push(path.to_path_buf());
            self.files.insert(path.to_path_buf(), value);
        }
        self.files.get(path)
    }
}

fn contains_external_ref(value: &Value, depth: usize) -> bool {
    needs_bundling(value, depth, "", "")
}

/// Whether any `$ref` points outside the document, inside a component, or stands for a path
/// item or a callback: the references the bundler rewrites.
fn needs_bundling(value: &Value, depth: usize, parent: &str, grandparent: &str) -> bool {
    if depth > 256 {
        return false;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                // `parent` is the key holding this object: a path under `paths`, or a callback's
                // name under `callbacks`.
                let copied = (grandparent == "paths" && depth == 2) || grandparent == "callbacks";
                match r.strip_prefix('#') {
                    Some(fragment)
                        if names_a_component(fragment) && !copied && !fragment.contains('%') => {}
                    _ => return true,
                }
            }
            map.iter().any(|(k, v)| {
                !k.starts_with("x-")
                    && !DATA_KEYS.contains(&k.as_str())
                    && needs_bundling(v, depth + 1, k, parent)
            })
        }
        Value::Array(items) => items.iter().any(|v| needs_bundling(v, depth + 1, "", "")),
        _ => false,
    }
}

/// Whether a `$ref` at `pointer` stands for a path item (`#/paths/<p>`, 3.1's
/// `#/components/pathItems/<name>` and `#/webhooks/<name>`) or a callback
/// (`.../callbacks/<name>`). A component that is itself a reference is one link of a chain: it
/// is copied in like the entry that named it, so chains of any length are read.
fn is_path_item_or_callback(pointer: &str) -> bool {
    let segments: Vec<&str> = pointer.split('/').collect();
    matches!(
        segments.as_slice(),
        ["#", "paths", _] | ["#", "webhooks", _] | ["#", "components", "pathItems", _]
    ) || (segments.len() >= 2 && segments[segments.len() - 2] == "callbacks")
}

/// Whether a pointer is `/components/<kind>/<name>`, which the model resolves itself.
fn names_a_component(fragment: &str) -> bool {
    let segments: Vec<&str> = fragment.split('/').collect();
    matches!(segments.as_slice(), ["", "components", _, name] if !name.is_empty())
}

/// A readable name for the schema at `fragment`: its meaningful segments joined
/// (`/components/schemas/Event/properties/type` -> `Event_type`).
fn pointer_name(fragment: &str) -> Option<String> {
    const STRUCTURE: &[&str] = &[
        "",
        "components",
        "schemas",
        "properties",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "additionalProperties",
        "content",
        "schema",
        "paths",
        "parameters",
        "responses",
        "requestBody",
        "definitions",
        "$defs",
    ];
    let parts: Vec<String> = fragment
        .split('/')
        .filter(|s| !STRUCTURE.contains(s) && s.parse::<usize>().is_err())
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let tail = &parts[parts.len().saturating_sub(2)..];
    (!tail.is_empty()).then(|| tail.join("_"))
}

/// `path` with `.` and `..` resolved without the file system (a `..` at the root stays at the
/// root, as the file system would).
fn lexically_normal(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_escapes_in_references_are_decoded() {
        assert_eq!(
            percent_decoded("#/paths/~1items~1%7Bid%7D/get").as_deref(),
            Some("#/paths/~1items~1{id}/get")
        );
        assert_eq!(
            percent_decoded("my%20parts.yaml#/A").as_deref(),
            Some("my parts.yaml#/A")
        );
        // Nothing to decode, a `%` that escapes nothing, an escape that would add a `#`.
        assert_eq!(percent_decoded("#/components/schemas/A"), None);
        assert_eq!(percent_decoded("#/components/schemas/100%"), None);
        assert_eq!(percent_decoded("a%23b.yaml#/A"), None);
    }

    /// A folder under the system's temporary one, removed when dropped.
    struct Folder(PathBuf);

    impl Folder {
        fn new(name: &str, files: &[(&str, &str)]) -> Folder {
            let dir = std::env::temp_dir()
                .join(format!("clientgen-bundle-{name}-{}", std::process::id()));
            for (path, text) in files {
                let path = dir.join(path);
                std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
                std::fs::write(path, text).expect("write");
            }
            Folder(dir)
        }
    }

    impl Drop for Folder {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// A file that does not parse is told once, however many references name it, and its
    /// syntax error names the line and column, not a meaningless `#` pointer.
    #[test]
    fn a_bad_file_referenced_twice_is_told_once() {
        let schema = |name: &str| {
            format!(
                "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: 'bad.yaml#/{name}'}}\n"
            )
        };
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n{}  /b:\n    get:\n{}",
            schema("A"),
            schema("B")
        );
        let folder = Folder::new(
            "bad-twice",
            &[("openapi.yaml", &spec), ("bad.yaml", "A: [\n")],
        );
        let problems = crate::load::load_file(&folder.0.join("openapi.yaml"))
            .expect_err("bad.yaml does not parse")
            .0;
        assert_eq!(problems.len(), 1, "{problems:?}");
        let text = problems[0].to_string();
        assert!(text.contains("bad.yaml:2:1: invalid YAML"), "{text}");
        assert!(text.contains("help: "), "{text}");
    }

    /// A problem in a node brought in from another file is shown at that file's line: a schema
    /// (brought into `components.schemas`) and a path item (copied in place).
    #[test]
    fn a_problem_in_another_file_is_shown_at_its_line() {
        let folder = Folder::new(
            "located",
            &[
                (
                    "openapi.yaml",
                    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n\
                     \x20 /user: {$ref: 'paths/user.yaml'}\n\
                     \x20 /pet:\n    get:\n      responses:\n        '200':\n\
                     \x20         description: ok\n\
                     \x20         content: {application/json: {schema: {$ref: 'pet.yaml#/Pet'}}}\n",
                ),
                ("paths/user.yaml", "get:\n  responses: 7\n"),
                ("pet.yaml", "Pet:\n  type: object\n  required: yes-please\n"),
            ],
        );
        let problems = crate::load::load_file(&folder.0.join("openapi.yaml"))
            .expect_err("two bad nodes")
            .0;
        let places: Vec<(String, usize, usize)> = problems
            .iter()
            .map(|d| match &d.located {
                Some(crate::diagnostics::Located::At(p)) => {
                    let name = p.file.strip_prefix(&folder.0).unwrap_or(&p.file);
                    (name.display().to_string(), p.line, p.column)
                }
                other => panic!("{d}: {other:?}"),
            })
            .collect();
        assert_eq!(
            places,
            [
                ("paths/user.yaml".to_string(), 2, 14),
                ("pet.yaml".to_string(), 3, 13)
            ],
            "{problems:?}"
        );
    }

    #[test]
    fn a_missing_spec_is_told_without_a_pointer() {
        let folder = Folder::new("missing", &[]);
        let problems = crate::load::load_file(&folder.0.join("missing.yaml"))
            .expect_err("no such file")
            .0;
        let text = problems[0].to_string();
        assert!(
            text.contains("missing.yaml: cannot read the spec: "),
            "{text}"
        );
        assert!(!text.contains("#"), "{text}");
    }

    #[test]
    fn files_are_named_as_the_user_named_the_spec() {
        let folder = Folder::new(
            "names",
            &[
                (
                    "openapi.yaml",
                    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n\
                     \x20 /a: {$ref: 'parts/bad.yaml'}\n\
                     \x20 /b: {$ref: '#/nowhere'}\n",
                ),
                ("parts/bad.yaml", "get: [unclosed\n"),
            ],
        );
        // A path through `..`, as a user might type it: messages keep it.
        let given = folder.0.join("parts/../openapi.yaml");
        let problems = crate::load::load_file(&given).expect_err("two problems").0;
        let files: Vec<&Path> = problems.iter().map(|d| d.file.as_path()).collect();
        assert!(files.contains(&given.as_path()), "{problems:?}");
        assert!(
            files.contains(&folder.0.join("parts/../parts/bad.yaml").as_path()),
            "{problems:?}"
        );
    }

    #[test]
    fn references_as_real_specs_write_them() {
        let folder = Folder::new(
            "real",
            &[
                (
                    "openapi.yaml",
                    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n\
                     \x20 /user:\n    $ref: 'paths/user.yaml#/'\n\
                     \x20 /items/{id}:\n    get:\n      x-vendor: {$ref: '#/nowhere'}\n\
                     \x20     parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n\
                     \x20     responses: {'204': {description: ok}}\n\
                     \x20   delete:\n      parameters:\n        - $ref: '#/paths/~1items~1%7Bid%7D/get/parameters/0'\n\
                     \x20     responses: {'204': {description: ok}}\n",
                ),
                (
                    "paths/user.yaml",
                    "get:\n  operationId: getUser\n  responses: {'204': {description: ok}}\n",
                ),
            ],
        );
        let loaded = crate::load::load_file(&folder.0.join("openapi.yaml"))
            .unwrap_or_else(|e| panic!("{e}"));
        let paths = &loaded.api.paths.paths;
        let openapiv3::ReferenceOr::Item(user) = &paths["/user"] else {
            panic!("/user is not inlined")
        };
        assert_eq!(
            user.get.as_ref().and_then(|op| op.operation_id.as_deref()),
            Some("getUser")
        );
        let openapiv3::ReferenceOr::Item(items) = &paths["/items/{id}"] else {
            panic!("/items/{{id}} is not an item")
        };
        let delete = items.delete.as_ref().expect("delete");
        let openapiv3::ReferenceOr::Item(id) = &delete.parameters[0] else {
            panic!("the parameter is not copied in: {:?}", delete.parameters[0])
        };
        assert_eq!(id.parameter_data_ref().name, "id");
    }
}
