//! The names settings give that the document must have: each schema, property and operation a
//! setting names is looked up, and one that is not there is an error listing the nearest.

use super::Settings;
use std::collections::BTreeMap;

/// A problem for each schema, property or operation the settings name that the document does
/// not have, with the nearest names it does have.
pub(crate) fn unknown_names(
    loaded: &crate::load::Loaded,
    settings: &Settings,
) -> Vec<crate::diagnostics::Diagnostic> {
    use crate::diagnostics::{Diagnostic, join};
    use openapiv3::ReferenceOr;
    use std::collections::BTreeSet;

    let schemas: BTreeMap<&str, &ReferenceOr<openapiv3::Schema>> = loaded
        .api
        .components
        .iter()
        .flat_map(|c| c.schemas.iter())
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    // The properties and the operations are listed only for settings that name some (listing
    // the properties writes every schema out again, tens of milliseconds in a large document).
    let mut properties = BTreeSet::new();
    if !settings.rename_properties.is_empty() {
        for (key, schema) in &schemas {
            let ReferenceOr::Item(schema) = schema else {
                continue;
            };
            // Properties of the schema and of the inline parts of its `allOf`.
            let value = serde_json::to_value(schema).unwrap_or_default();
            let parts = value.get("allOf").and_then(|a| a.as_array());
            let objects = std::iter::once(&value).chain(parts.into_iter().flatten());
            for object in objects {
                if let Some(map) = object.get("properties").and_then(|p| p.as_object()) {
                    properties.extend(map.keys().map(|p| format!("{key}.{p}")));
                }
            }
        }
    }
    let mut operations = BTreeSet::new();
    let operations_named = !settings.rename_operations.is_empty()
        || !settings.pagination.is_empty()
        || !settings.sse_sentinels.is_empty();
    if operations_named {
        for (_, item) in loaded.api.paths.iter() {
            if let ReferenceOr::Item(item) = item {
                operations.extend(item.iter().filter_map(|(_, op)| op.operation_id.clone()));
            }
        }
    }
    let mut problems = Vec::new();
    let mut check = |setting: &str, name: &str, known: bool, valid: Vec<&str>, pointer: &str| {
        if !known {
            problems.push(Diagnostic::new(
                &loaded.file,
                pointer,
                format!("setting `{setting}` names `{name}`, which the document does not have"),
                nearest(name, valid),
            ));
        }
    };
    let schema_keys = || schemas.keys().copied().collect::<Vec<_>>();
    let named_schemas = settings
        .replace
        .keys()
        .map(|k| ("replace", k))
        .chain(settings.derive_for.keys().map(|k| ("derive-for", k)))
        .chain(
            settings
                .rename_schemas
                .keys()
                .map(|k| ("rename-schemas", k)),
        );
    for (setting, key) in named_schemas {
        let pointer = "#/components/schemas";
        check(
            setting,
            key,
            schemas.contains_key(key.as_str()),
            schema_keys(),
            pointer,
        );
    }
    for (schema, property) in settings.rename_properties.keys() {
        let key = format!("{schema}.{property}");
        let valid = properties.iter().map(String::as_str).collect();
        let pointer = join("#/components/schemas", schema);
        check(
            "rename-properties",
            &key,
            properties.contains(&key),
            valid,
            &pointer,
        );
    }
    for id in settings.rename_operations.keys() {
        let valid = operations.iter().map(String::as_str).collect();
        check(
            "rename-operations",
            id,
            operations.contains(id),
            valid,
            "#/paths",
        );
    }
    // `*` is every operation of the right shape, not an operation id.
    let own = |id: &&String| id.as_str() != super::EVERY_OPERATION;
    for id in settings.pagination.keys().filter(own) {
        let valid = operations.iter().map(String::as_str).collect();
        check("pagination", id, operations.contains(id), valid, "#/paths");
    }
    for id in settings.sse_sentinels.keys() {
        let valid = operations.iter().map(String::as_str).collect();
        check(
            "sse-sentinels",
            id,
            operations.contains(id),
            valid,
            "#/paths",
        );
    }
    problems
}

/// The nearest of `valid` to `value` (at most three), for hints.
pub(crate) fn nearest<'a>(value: &str, valid: impl IntoIterator<Item = &'a str>) -> String {
    let mut ranked: Vec<(usize, &str)> = valid
        .into_iter()
        .map(|v| (crate::naming::distance(value, v), v))
        .collect();
    ranked.sort();
    ranked.dedup();
    let shown: Vec<String> = ranked
        .iter()
        .take(3)
        .map(|(_, v)| format!("`{v}`"))
        .collect();
    if shown.is_empty() {
        "the document has none".to_string()
    } else {
        format!("the nearest valid names: {}", shown.join(", "))
    }
}
