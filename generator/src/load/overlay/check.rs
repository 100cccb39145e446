//! Reading an overlay document: every field checked as the Overlay Specification's schema says,
//! each problem told with the JSON pointer of the bad node.

use super::{
    Action, Change, MAX_ACTIONS, MAX_QUERY_BYTES, MAX_QUERY_DEPTH, Overlay, Query, Version,
};
use crate::diagnostics::{Diagnostic, Diagnostics};
use serde_json::{Map, Value};
use serde_json_path::JsonPath;
use std::collections::HashSet;
use std::path::Path;

impl Overlay {
    /// Checks an overlay document already parsed; `file` names it in messages.
    pub fn from_value(file: &Path, value: &Value) -> Result<Overlay, Diagnostics> {
        let mut problems = Vec::new();
        let mut problem = |pointer: &str, message: String, hint: &str| {
            problems.push(Diagnostic::new(file, pointer, message, hint));
        };
        let Some(root) = value.as_object() else {
            problem(
                "#",
                format!("an overlay is an object; this is {}", kind(value)),
                "an overlay has `overlay: 1.1.0`, `info` and `actions` at its top",
            );
            return Err(Diagnostics(problems));
        };
        let version = match root.get("overlay") {
            None => {
                problem(
                    "#",
                    "the `overlay` version is missing".to_string(),
                    "start the file with `overlay: 1.1.0` (or 1.0.0)",
                );
                None
            }
            Some(Value::String(v)) => match parse_version(v) {
                Some(version) => Some(version),
                None => {
                    problem(
                        "#/overlay",
                        format!("`{v}` is not an Overlay Specification version clientgen reads"),
                        "write `overlay: 1.1.0` or `overlay: 1.0.0` (major.minor.patch)",
                    );
                    None
                }
            },
            Some(other) => {
                problem(
                    "#/overlay",
                    format!("`overlay` is {}, not a version string", kind(other)),
                    "write the version quoted: `overlay: '1.1.0'`",
                );
                None
            }
        };
        for key in root.keys() {
            if !["overlay", "info", "extends", "actions"].contains(&key.as_str())
                && !key.starts_with("x-")
            {
                problem(
                    &join("#", key),
                    format!("`{key}` is not a field of an overlay"),
                    "an overlay has `overlay`, `info`, `extends`, `actions` and `x-` extensions",
                );
            }
        }
        match root.get("info") {
            None => problem(
                "#",
                "`info` is missing".to_string(),
                "add `info: {title: ..., version: ...}`",
            ),
            Some(Value::Object(info)) => {
                for field in ["title", "version"] {
                    match info.get(field) {
                        None => problem(
                            "#/info",
                            format!("`info.{field}` is missing"),
                            "`info` needs a `title` and a `version`, both text",
                        ),
                        Some(Value::String(_)) => {}
                        Some(other) => problem(
                            &join("#/info", field),
                            format!("`info.{field}` is {}, not text", kind(other)),
                            "quote it",
                        ),
                    }
                }
                for (key, field) in info {
                    if key == "description" && !field.is_string() {
                        problem(
                            "#/info/description",
                            format!("`info.description` is {}, not text", kind(field)),
                            "quote it",
                        );
                    } else if !["title", "version", "description"].contains(&key.as_str())
                        && !key.starts_with("x-")
                    {
                        problem(
                            &join("#/info", key),
                            format!("`{key}` is not a field of an overlay's `info`"),
                            "`info` has `title`, `version`, `description` and `x-` extensions",
                        );
                    }
                }
            }
            Some(other) => problem(
                "#/info",
                format!("`info` is {}, not an object", kind(other)),
                "write `info: {title: ..., version: ...}`",
            ),
        }
        if let Some(extends) = root.get("extends").filter(|e| !e.is_string()) {
            problem(
                "#/extends",
                format!("`extends` is {}, not a URI reference", kind(extends)),
                "write the spec's URI or relative path as text, or leave `extends` out \
                 (clientgen applies the overlay to the spec it is given)",
            );
        }
        let mut actions = Vec::new();
        // The actions' own problems, told after the document's, and what is read with a word.
        let mut in_actions = Vec::new();
        let mut notes = Vec::new();
        match root.get("actions") {
            None => problem(
                "#",
                "`actions` is missing".to_string(),
                "add `actions:`, a list of at least one action",
            ),
            Some(Value::Array(list)) if list.is_empty() => problem(
                "#/actions",
                "`actions` is empty".to_string(),
                "an overlay has at least one action",
            ),
            Some(Value::Array(list)) if list.len() > MAX_ACTIONS => problem(
                "#/actions",
                format!(
                    "{} actions, more than the {MAX_ACTIONS} clientgen applies",
                    list.len()
                ),
                "split the overlay, or select several nodes with one target",
            ),
            Some(Value::Array(list)) => {
                let mut seen = HashSet::new();
                for (index, action) in list.iter().enumerate() {
                    let pointer = format!("#/actions/{index}");
                    if !seen.insert(canonical(action)) {
                        problem(
                            &pointer,
                            "the action repeats an earlier one".to_string(),
                            "the actions of an overlay are unique: remove the repeated one",
                        );
                        continue;
                    }
                    match read_action((file, &mut notes), index, action, version) {
                        Ok(action) => actions.push(action),
                        Err(mut found) => in_actions.append(&mut found),
                    }
                }
            }
            Some(other) => problem(
                "#/actions",
                format!("`actions` is {}, not a list", kind(other)),
                "write `actions:` as a list of actions, each with a `target`",
            ),
        }
        problems.append(&mut in_actions);
        if problems.is_empty() {
            Ok(Overlay {
                file: file.to_path_buf(),
                actions,
                notes,
            })
        } else {
            Err(Diagnostics(problems))
        }
    }
}

fn parse_version(text: &str) -> Option<Version> {
    let mut parts = text.split('.');
    let (major, minor, patch) = (parts.next()?, parts.next()?, parts.next()?);
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !number(patch) || major != "1" {
        return None;
    }
    match minor {
        "0" => Some(Version::V1_0),
        "1" => Some(Version::V1_1),
        _ => None,
    }
}

/// Reads one action of the overlay `file`.
fn read_action(
    (file, notes): (&Path, &mut Vec<Diagnostic>),
    index: usize,
    action: &Value,
    version: Option<Version>,
) -> Result<Action, Vec<Diagnostic>> {
    let base = format!("#/actions/{index}");
    let mut problems = Vec::new();
    let mut problem = |pointer: String, message: String, hint: &str| {
        problems.push(Diagnostic::new(file, pointer, message, hint));
    };
    let Some(fields) = action.as_object() else {
        problem(
            base,
            format!("action {index} is {}, not an object", kind(action)),
            "an action is an object with a `target` and `update`, `remove` or `copy`",
        );
        return Err(problems);
    };
    for key in fields.keys() {
        let known = ["target", "description", "update", "remove", "copy"].contains(&key.as_str());
        if !known && !key.starts_with("x-") {
            problem(
                join(&base, key),
                format!("`{key}` is not a field of an action"),
                "an action has `target`, `description`, `update`, `remove`, `copy` and `x-` \
                 extensions",
            );
        }
    }
    let target = match fields.get("target") {
        None => {
            problem(
                base.clone(),
                format!("action {index} has no `target`"),
                "add `target:`, a JSONPath query such as `$.paths['/pets'].get`",
            );
            None
        }
        Some(target) => query(
            (target, &format!("{base}/target"), "target"),
            (file, notes),
            &mut problem,
        ),
    };
    if let Some(description) = fields.get("description").filter(|d| !d.is_string()) {
        problem(
            format!("{base}/description"),
            format!("`description` is {}, not text", kind(description)),
            "quote it",
        );
    }
    let remove = match fields.get("remove") {
        None => false,
        Some(Value::Bool(remove)) => *remove,
        Some(other) => {
            problem(
                format!("{base}/remove"),
                format!("`remove` is {}, not true or false", kind(other)),
                "write `remove: true`",
            );
            false
        }
    };
    let copy = match fields.get("copy") {
        None => None,
        Some(_) if version == Some(Version::V1_0) => {
            problem(
                format!("{base}/copy"),
                "`copy` is an Overlay 1.1 action; this overlay is 1.0".to_string(),
                "write `overlay: 1.1.0` at the top of the overlay",
            );
            None
        }
        Some(copy) => query(
            (copy, &format!("{base}/copy"), "copy"),
            (file, notes),
            &mut problem,
        ),
    };
    let change = if remove {
        Change::Remove
    } else if let Some(update) = fields.get("update") {
        Change::Update(update.clone())
    } else if let Some(copy) = copy {
        Change::Copy(copy)
    } else {
        Change::Nothing
    };
    match target {
        Some(target) if problems.is_empty() => Ok(Action {
            index,
            target,
            change,
        }),
        _ => Err(problems),
    }
}

/// Reads a JSONPath query (the value of `field`), telling what is wrong with it.
fn query(
    (value, pointer, field): (&Value, &str, &str),
    (file, notes): (&Path, &mut Vec<Diagnostic>),
    problem: &mut impl FnMut(String, String, &str),
) -> Option<Query> {
    let Some(text) = value.as_str() else {
        problem(
            pointer.to_string(),
            format!("`{field}` is {}, not a JSONPath query", kind(value)),
            "write a JSONPath query as text, such as `$.paths['/pets'].get`",
        );
        return None;
    };
    if text.len() > MAX_QUERY_BYTES || nesting(text) > MAX_QUERY_DEPTH {
        problem(
            pointer.to_string(),
            format!(
                "`{field}` is longer than {MAX_QUERY_BYTES} bytes or nests brackets more than \
                 {MAX_QUERY_DEPTH} deep"
            ),
            "no overlay needs a query this large: split the action",
        );
        return None;
    }
    let parsed = JsonPath::parse(text).or_else(|e| {
        // `$.x-speakeasy-ignore`: names with `-` after a dot are not RFC 9535, but overlays
        // (the specification's own examples among them) write them; read as `['x-...']`.
        let Some(quoted) = quote_dashed_names(text) else {
            return Err(e);
        };
        let path = JsonPath::parse(&quoted).map_err(|_| e)?;
        notes.push(Diagnostic::new(
            file,
            pointer,
            format!("`{text}` is not RFC 9535 JSONPath (a name with `-` after a dot); read as `{quoted}`"),
            "quote names that hold `-`, as the rewritten query does",
        ));
        Ok(path)
    });
    match parsed {
        Ok(path) => Some(Query {
            text: text.to_string(),
            path,
        }),
        Err(e) => {
            let hint = if text.starts_with('$') {
                "see RFC 9535 for JSONPath: names with symbols are quoted (`$.paths['/pets']`), \
                 filters are `[?@.deprecated == true]`"
            } else {
                "a JSONPath query starts with `$`, the document's root: `$.info.description`"
            };
            problem(
                pointer.to_string(),
                format!("`{text}` is not an RFC 9535 JSONPath query: {e}"),
                hint,
            );
            None
        }
    }
}

/// `text` with each name after a dot that holds `-` written in brackets (`.x-a` -> `['x-a']`,
/// `..x-a` -> `..['x-a']`), outside string literals; `None` when there is none.
pub(super) fn quote_dashed_names(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    let mut quote = None;
    let mut escaped = false;
    let mut changed = false;
    let name_char = |c: char| c.is_alphanumeric() || c == '_' || c == '-' || !c.is_ascii();
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        if c == '\'' || c == '"' {
            quote = Some(c);
        }
        if c != '.'
            || chars
                .peek()
                .is_none_or(|n| !(n.is_alphabetic() || *n == '_' || !n.is_ascii()))
        {
            out.push(c);
            continue;
        }
        let mut name = String::new();
        while let Some(&n) = chars.peek().filter(|n| name_char(**n)) {
            name.push(n);
            chars.next();
        }
        if name.contains('-') {
            changed = true;
            // `.name` becomes `['name']`; the second dot of `..name` stays: `..['name']`.
            if out.ends_with('.') {
                out.push('.');
            }
            out.push_str(&format!("['{name}']"));
        } else {
            out.push('.');
            out.push_str(&name);
        }
    }
    changed.then_some(out)
}

/// The deepest nesting of brackets and parentheses outside string literals.
fn nesting(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut quote = None;
    let mut escaped = false;
    for c in text.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '\'' | '"' => quote = Some(c),
                '[' | '(' => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                ']' | ')' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
    }
    deepest
}

/// The value as text with object keys sorted, so two actions equal as data compare equal.
fn canonical(value: &Value) -> String {
    fn sorted(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.clone(), sorted(v)))
                        .collect::<Map<String, Value>>(),
                )
            }
            Value::Array(list) => Value::Array(list.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    sorted(value).to_string()
}

/// What kind of JSON value this is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn join(pointer: &str, key: &str) -> String {
    crate::diagnostics::join(pointer, key)
}
