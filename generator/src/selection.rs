//! `--tags` and `--operations` values that select nothing are mistakes (a typo would otherwise
//! generate an empty client and succeed): each is reported with the nearest valid values.

use crate::diagnostics::Diagnostic;
use crate::load::Loaded;
use crate::model::{Api, Selection};
use openapiv3::ReferenceOr;
use std::collections::BTreeSet;

/// A problem for each value of `selection` that no operation of the document answers to.
pub(crate) fn unknown(loaded: &Loaded, api: &Api, selection: &Selection) -> Vec<Diagnostic> {
    let mut tags: BTreeSet<String> = loaded.api.tags.iter().map(|t| t.name.clone()).collect();
    let mut operations = BTreeSet::new();
    for (path, item) in loaded.api.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            tags.extend(op.tags.iter().cloned());
            match &op.operation_id {
                Some(id) => operations.insert(id.clone()),
                None => operations.insert(format!("{} {path}", method.to_ascii_uppercase())),
            };
        }
    }
    let mut problems = Vec::new();
    for tag in &selection.tags {
        if !tags.contains(tag) {
            problems.push(problem(
                loaded,
                "--tags",
                tag,
                "no operation has this tag",
                &tags,
            ));
        }
    }
    for wanted in &selection.operations {
        let by_method_name = api.operations.iter().any(|o| o.name == *wanted);
        let by_path = loaded.api.paths.iter().any(|(path, item)| {
            matches!(item, ReferenceOr::Item(item)
                if item.iter().any(|(m, _)| *wanted == format!("{} {path}", m.to_ascii_uppercase())))
        });
        let by_id = loaded.api.paths.iter().any(|(_, item)| {
            matches!(item, ReferenceOr::Item(item)
                if item.iter().any(|(_, op)| op.operation_id.as_deref() == Some(wanted.as_str())))
        });
        if !(by_method_name || by_path || by_id) {
            let what = "no operation has this operationId, method name or `METHOD /path`";
            problems.push(problem(loaded, "--operations", wanted, what, &operations));
        }
    }
    problems
}

fn problem(
    loaded: &Loaded,
    flag: &str,
    value: &str,
    what: &str,
    valid: &BTreeSet<String>,
) -> Diagnostic {
    let mut nearest: Vec<(usize, &String)> = valid
        .iter()
        .map(|v| (crate::naming::distance(value, v), v))
        .collect();
    nearest.sort();
    let shown: Vec<String> = nearest
        .iter()
        .take(3)
        .map(|(_, v)| format!("`{v}`"))
        .collect();
    let hint = if shown.is_empty() {
        "the document has none".to_string()
    } else {
        format!("the nearest valid values: {}", shown.join(", "))
    };
    Diagnostic::new(
        &loaded.file,
        "#/paths",
        format!("{flag} {value}: {what}"),
        hint,
    )
}
