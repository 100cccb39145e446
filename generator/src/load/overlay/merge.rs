//! Changing the document: the nodes a query selects, removed or merged into as the Overlay
//! Specification says.

use serde_json::Value;
use serde_json_path::{JsonPath, NormalizedPath, PathElement};
use std::collections::HashSet;

/// A JSONPath node location, owned: the document changes while locations are held.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Step {
    Index(usize),
    Name(String),
}

/// The locations `path` selects in `doc`, in document order, without repeats.
pub(super) fn locations(path: &JsonPath, doc: &Value) -> Vec<Vec<Step>> {
    let mut found: Vec<Vec<Step>> = path
        .query_located(doc)
        .locations()
        .map(|location: &NormalizedPath| {
            location
                .iter()
                .map(|step| match step {
                    PathElement::Name(name) => Step::Name(name.to_string()),
                    PathElement::Index(index) => Step::Index(*index),
                })
                .collect()
        })
        .collect();
    // A query may select one node twice (`$['a','a']`): it is changed once.
    let mut seen = HashSet::new();
    found.retain(|location| seen.insert(location.clone()));
    found
}

fn node_mut<'a>(doc: &'a mut Value, location: &[Step]) -> Option<&'a mut Value> {
    location
        .iter()
        .try_fold(doc, |node, step| match (node, step) {
            (Value::Object(map), Step::Name(name)) => map.get_mut(name),
            (Value::Array(list), Step::Index(index)) => list.get_mut(*index),
            _ => None,
        })
}

/// Removes each location from its parent. Later array items go first, so earlier indices
/// still name the same items, and a node inside another goes before it.
pub(super) fn remove(doc: &mut Value, mut targets: Vec<Vec<Step>>) -> Result<(), String> {
    if targets.iter().any(Vec::is_empty) {
        return Err("`remove` selects the root of the document, which cannot be removed".into());
    }
    targets.sort();
    for location in targets.iter().rev() {
        let Some((last, parent)) = location.split_last() else {
            continue;
        };
        match (node_mut(doc, parent), last) {
            (Some(Value::Object(map)), Step::Name(name)) => {
                map.shift_remove(name);
            }
            (Some(Value::Array(list)), Step::Index(index)) if *index < list.len() => {
                list.remove(*index);
            }
            // Inside a node already removed.
            _ => {}
        }
    }
    Ok(())
}

/// Merges `value` into each target: the targets must be all objects, all lists or all
/// primitives. An object merges into objects; a list is concatenated with lists, and any other
/// value appended to them; a primitive replaces primitives.
pub(super) fn merge_into(
    doc: &mut Value,
    targets: &[Vec<Step>],
    value: Value,
) -> Result<(), String> {
    let mut kinds: Vec<&str> = targets
        .iter()
        .filter_map(|t| node_mut(doc, t).map(|node| shape(node)))
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    match kinds.as_slice() {
        [] => return Ok(()),
        [kind] if *kind == shape(&value) || *kind == "a list" => {}
        [kind] => {
            return Err(format!(
                "the target selects {} ({}); the value is {}",
                plural(kind),
                shown(&targets[0]),
                shape(&value)
            ));
        }
        kinds => {
            return Err(format!(
                "the target selects nodes of different kinds ({}); an update or copy applies \
                 to nodes of one kind",
                kinds.join(", ")
            ));
        }
    }
    for location in targets {
        let Some(node) = node_mut(doc, location) else {
            continue;
        };
        match (node, value.clone()) {
            (Value::Array(list), Value::Array(items)) => list.extend(items),
            (Value::Array(list), item) => list.push(item),
            (node, value) => merge(node, value, &|| shown(location))?,
        }
    }
    Ok(())
}

/// Merges `value` into `node` as the Overlay Specification says: objects recursively, lists
/// concatenated, primitives replaced; any other pair cannot merge.
fn merge(node: &mut Value, value: Value, place: &dyn Fn() -> String) -> Result<(), String> {
    match (node, value) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(&key) {
                    None => {
                        target.insert(key, value);
                    }
                    Some(child) => {
                        let place = || format!("{}{}", place(), step_text(&key));
                        merge(child, value, &place)?;
                    }
                }
            }
            Ok(())
        }
        (Value::Array(target), Value::Array(update)) => {
            target.extend(update);
            Ok(())
        }
        (node, value) if shape(node) == "a primitive" && shape(&value) == "a primitive" => {
            *node = value;
            Ok(())
        }
        (node, value) => Err(format!(
            "cannot merge {} into {} at `{}`",
            shape(&value),
            shape(node),
            place()
        )),
    }
}

fn plural(shape: &str) -> &'static str {
    match shape {
        "an object" => "objects",
        "a list" => "lists",
        _ => "primitives",
    }
}

/// The three kinds of node the Overlay Specification merges differently.
fn shape(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "an object",
        Value::Array(_) => "a list",
        _ => "a primitive",
    }
}

/// A location as a JSONPath normalized path, for messages.
fn shown(location: &[Step]) -> String {
    let mut text = String::from("$");
    for step in location {
        match step {
            Step::Index(index) => text.push_str(&format!("[{index}]")),
            Step::Name(name) => text.push_str(&step_text(name)),
        }
    }
    text
}

/// One name of a normalized path: `['name']`, quotes and backslashes escaped.
fn step_text(name: &str) -> String {
    format!("['{}']", name.replace('\\', "\\\\").replace('\'', "\\'"))
}

pub(super) fn count_nodes(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(count_nodes).sum::<usize>(),
        Value::Array(list) => 1 + list.iter().map(count_nodes).sum::<usize>(),
        _ => 1,
    }
}
