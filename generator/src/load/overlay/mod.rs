//! OpenAPI Overlays (Overlay Specification 1.0.0 and 1.1.0): ordered actions, each an RFC 9535
//! JSONPath `target` with `update`, `remove` or (1.1) `copy`, applied to the bundled document
//! before it is normalised, so that an overlay sees every file of a multi-file spec as one
//! document, and what it changes is what the later stages read.
//!
//! An overlay document is checked whole before any of it is applied (every problem is told, each
//! with the overlay file and the JSON pointer of the bad node, such as `#/actions/2/target`).
//! `extends` is checked (a string) but not followed: the overlay applies to the spec it is given
//! with. A target that selects nothing is legal, and told as a warning: it is most often a node
//! the vendor renamed.

mod check;
mod merge;
#[cfg(test)]
mod tests;

use super::parse::parse_document;
use crate::diagnostics::{Diagnostic, Diagnostics};
use merge::{count_nodes, locations, merge_into, remove};
use serde_json::Value;
use serde_json_path::JsonPath;
use std::path::{Path, PathBuf};

/// Largest overlay file read, in bytes.
const MAX_OVERLAY_BYTES: u64 = 64 * 1024 * 1024;
/// Most actions one overlay may hold.
const MAX_ACTIONS: usize = 100_000;
/// Longest JSONPath query read, in bytes, and its deepest nesting of brackets: the parser
/// recurses on nesting, so a hostile query is refused before it sees it.
const MAX_QUERY_BYTES: usize = 4096;
const MAX_QUERY_DEPTH: usize = 32;
/// Most JSON nodes the actions of one overlay may add (an `update` or `copy` value times the
/// nodes it is merged into): a few copies of the whole document into every path must not
/// exhaust memory.
const MAX_ADDED_NODES: usize = 5_000_000;

/// The Overlay Specification versions read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    /// 1.0.x: `update` and `remove`.
    V1_0,
    /// 1.1.x: `copy` too.
    V1_1,
}

/// An overlay document, checked.
#[derive(Debug, Clone)]
pub struct Overlay {
    file: PathBuf,
    actions: Vec<Action>,
    /// What was read with a word (a query read as RFC 9535 after quoting a name).
    notes: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
struct Action {
    /// Its place in `actions`.
    index: usize,
    target: Query,
    change: Change,
}

/// A JSONPath query with its text, for messages.
#[derive(Debug, Clone)]
struct Query {
    text: String,
    path: JsonPath,
}

#[derive(Debug, Clone)]
enum Change {
    /// `remove: true`.
    Remove,
    /// `update`: a value merged into each selected node.
    Update(Value),
    /// `copy`: the single node a query selects, merged as `update` is.
    Copy(Query),
    /// Neither: the action changes nothing (it still tells when its target selects nothing).
    Nothing,
}

impl Overlay {
    /// Reads and checks the overlay at `file` (YAML or JSON).
    pub fn read(file: &Path) -> Result<Overlay, Diagnostics> {
        let problem = |message: String, hint: &str| -> Diagnostics {
            Diagnostic::new(file, "", message, hint).into()
        };
        let meta = std::fs::metadata(file)
            .map_err(|e| problem(format!("cannot read the overlay: {e}"), OVERLAY_PATH_HINT))?;
        if meta.len() > MAX_OVERLAY_BYTES {
            return Err(problem(
                format!(
                    "the file is {} bytes, more than the {MAX_OVERLAY_BYTES} this tool reads \
                     as an overlay",
                    meta.len()
                ),
                "check the file is the overlay",
            ));
        }
        let text = std::fs::read_to_string(file)
            .map_err(|e| problem(format!("cannot read the overlay: {e}"), OVERLAY_PATH_HINT))?;
        let value = parse_document(file, &text)?;
        Overlay::from_value(file, &value)
    }

    /// Applies the actions in order to `doc`; returns a warning for each action whose target
    /// selects nothing. Stops at the first action that cannot be applied.
    pub fn apply(&self, doc: &mut Value) -> Result<Vec<Diagnostic>, Diagnostics> {
        let mut warnings = self.notes.clone();
        let mut budget = MAX_ADDED_NODES;
        for action in &self.actions {
            let pointer = format!("#/actions/{}", action.index);
            let targets = locations(&action.target.path, doc);
            if targets.is_empty() {
                warnings.push(Diagnostic::new(
                    &self.file,
                    format!("{pointer}/target"),
                    format!(
                        "action {} changes nothing: its target `{}` selects no node of the spec",
                        action.index, action.target.text
                    ),
                    "check the target against the spec as clientgen reads it (`clientgen \
                     overlay SPEC OVERLAY` prints it): a path, operation or schema may have \
                     been renamed",
                ));
                continue;
            }
            let value = match &action.change {
                Change::Nothing => continue,
                Change::Remove => {
                    remove(doc, targets).map_err(|message| {
                        self.error(
                            &pointer,
                            message,
                            "a target of `remove` selects a node inside the document, not `$`",
                        )
                    })?;
                    continue;
                }
                Change::Update(value) => value.clone(),
                Change::Copy(source) => {
                    let mut found = source.path.query(doc).all().into_iter();
                    match (found.next(), found.next()) {
                        (Some(node), None) => node.clone(),
                        (None, _) => {
                            return Err(self.error(
                                &format!("{pointer}/copy"),
                                format!("`copy` `{}` selects no node of the spec", source.text),
                                "`copy` selects exactly one node to copy into the target",
                            ));
                        }
                        (Some(_), Some(_)) => {
                            return Err(self.error(
                                &format!("{pointer}/copy"),
                                format!(
                                    "`copy` `{}` selects {} nodes of the spec",
                                    source.text,
                                    2 + found.count()
                                ),
                                "`copy` selects exactly one node: narrow the query",
                            ));
                        }
                    }
                }
            };
            let field = if matches!(action.change, Change::Copy(_)) {
                "copy"
            } else {
                "update"
            };
            let cost = count_nodes(&value).saturating_mul(targets.len());
            budget = budget.checked_sub(cost).ok_or_else(|| {
                self.error(
                    &pointer,
                    format!(
                        "the overlay adds more than {MAX_ADDED_NODES} nodes to the spec \
                         (this action: {cost})"
                    ),
                    "no overlay needs to grow a spec this much: check the targets",
                )
            })?;
            merge_into(doc, &targets, value).map_err(|message| {
                self.error(
                    &format!("{pointer}/{field}"),
                    message,
                    "an object merges into objects, a list or item appends to lists, and a \
                     text, number, boolean or null replaces one",
                )
            })?;
        }
        Ok(warnings)
    }

    fn error(&self, pointer: &str, message: String, hint: &str) -> Diagnostics {
        Diagnostic::new(&self.file, pointer, message, hint).into()
    }
}

const OVERLAY_PATH_HINT: &str = "check the path passed as an overlay";

/// Applies the overlays at `files`, in order, to `doc`: every file is read and checked first
/// (all their problems are told together), then applied. Returns the warnings.
pub fn apply_files(files: &[PathBuf], doc: &mut Value) -> Result<Vec<Diagnostic>, Diagnostics> {
    let mut overlays = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        match Overlay::read(file) {
            Ok(overlay) => overlays.push(overlay),
            Err(found) => problems.extend(found.0),
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    let mut warnings = Vec::new();
    for overlay in &overlays {
        warnings.extend(overlay.apply(doc)?);
    }
    Ok(warnings)
}
