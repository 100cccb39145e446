//! Rewrites OpenAPI 3.1 and 3.2 (JSON Schema 2020-12) constructs into their 3.0 equivalents, so
//! that one model serves every version:
//!
//! - `type: [T, "null"]` becomes `type: T` with `nullable: true`; several non-null types drop
//!   `type` (any value);
//! - `oneOf`/`anyOf` with a `{type: "null"}` branch drops the branch and sets `nullable`;
//! - `const: v` becomes `enum: [v]`;
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` become `minimum`/`maximum`;
//! - boolean schemas become `{}` (true) or `{not: {}}` (false);
//! - a missing `paths` becomes empty (3.1 allows webhook-only documents);
//! - an operation without `responses` (optional in 3.1, often left out in 3.0 too) gets an
//!   empty list;
//! - `mutualTLS` security schemes (3.1) are left out: the TLS client certificate is set up on
//!   the HTTP client, not on requests.

use serde_json::{Map, Value};

/// Keys whose values are schemas.
const SCHEMA_KEYS: &[&str] = &[
    "schema",
    "items",
    "not",
    "additionalProperties",
    "contains",
    "propertyNames",
];
/// Keys whose values are lists of schemas.
const SCHEMA_LIST_KEYS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];
/// Keys whose values are maps of schemas.
const SCHEMA_MAP_KEYS: &[&str] = &["properties", "patternProperties", "$defs", "definitions"];
/// Keys whose values are data, never rewritten. Outside schemas only examples are: there,
/// `default` is the response for other statuses.
const DATA_KEYS: &[&str] = &["example", "examples", "x-examples"];

/// Normalises a whole document in place. The component schemas (normalised as schemas) and
/// the rest (searched for schemas) are disjoint: in a large document they are done on two
/// threads.
pub fn normalize(doc: &mut Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    let is_31 = root
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.1") || v.starts_with("3.2"));
    operations(root, is_31);
    let mut schemas = None;
    let mut rest = Vec::new();
    for (key, child) in root.iter_mut() {
        match (key.as_str(), child) {
            ("components", Value::Object(components)) => {
                for (key, child) in components.iter_mut() {
                    match (key.as_str(), child) {
                        ("schemas", Value::Object(map)) => schemas = Some(map),
                        (key, child) => rest.push((key, child, 2)),
                    }
                }
            }
            (key, child) => rest.push((key, child, 1)),
        }
    }
    // Below this many component schemas, a thread costs more than it saves.
    const LARGE: usize = 100;
    let large = schemas.as_ref().is_some_and(|m| m.len() > LARGE);
    let schemas = || {
        for schema in schemas.into_iter().flat_map(|m| m.values_mut()) {
            schema_node(schema, 0);
        }
    };
    let rest = || {
        for (key, child, depth) in rest {
            walk_entry(key, child, depth);
        }
    };
    if large {
        crate::threads::join(schemas, rest);
    } else {
        schemas();
        rest();
    }
}

/// What 3.1 made optional or added for operations and security schemes, in 3.0 terms. (An
/// operation without `responses` is read in 3.0 documents too: many are written so.)
fn operations(root: &mut Map<String, Value>, is_31: bool) {
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let path_items = root
        .iter_mut()
        .filter(|(key, _)| *key == "paths" || *key == "webhooks")
        .filter_map(|(_, items)| items.as_object_mut())
        .flat_map(|items| items.values_mut());
    for item in path_items {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            if let (true, Value::Object(operation)) =
                (METHODS.contains(&method.as_str()), operation)
            {
                operation
                    .entry("responses")
                    .or_insert_with(|| Value::Object(Map::new()));
            }
        }
    }
    if !is_31 {
        return;
    }
    if let Some(Value::Object(schemes)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
    {
        schemes.retain(|_, scheme| scheme.get("type").and_then(Value::as_str) != Some("mutualTLS"));
    }
}

/// Finds schemas anywhere outside `components.schemas` (parameters, media types, headers).
fn walk(value: &mut Value, depth: usize) {
    if depth > 256 {
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                walk_entry(key, child, depth + 1);
            }
        }
        Value::Array(items) => {
            for item in items {
                walk(item, depth + 1);
            }
        }
        _ => {}
    }
}

/// One entry of a map `walk` searches, whose value is at `depth`: data is left alone, a
/// `schema` is normalised, anything else searched.
fn walk_entry(key: &str, child: &mut Value, depth: usize) {
    if DATA_KEYS.contains(&key) {
        return;
    }
    if key == "schema" {
        schema_node(child, 0);
    } else {
        walk(child, depth);
    }
}

/// Normalises one schema and the schemas inside it.
fn schema_node(schema: &mut Value, depth: usize) {
    if depth > 256 {
        return;
    }
    if let Value::Bool(b) = schema {
        *schema = if *b {
            Value::Object(Map::new())
        } else {
            serde_json::json!({ "not": {} })
        };
        return;
    }
    let Value::Object(map) = schema else { return };
    if map.contains_key("$ref") {
        // 3.1 allows siblings next to `$ref`; 3.0 readers ignore them, and so do we, except for
        // what makes the reference nullable.
        return;
    }
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let non_null: Vec<Value> = types
            .iter()
            .filter(|t| t.as_str() != Some("null"))
            .cloned()
            .collect();
        if non_null.len() < types.len() {
            map.insert("nullable".into(), Value::Bool(true));
        }
        match non_null.as_slice() {
            [single] => {
                map.insert("type".into(), single.clone());
            }
            _ => {
                map.remove("type");
            }
        }
    } else if map.get("type").and_then(Value::as_str) == Some("null") {
        map.remove("type");
        map.insert("nullable".into(), Value::Bool(true));
    }
    // Hand-written specs often get these wrong in ways every other tool shrugs off.
    if map.get("required").is_some_and(Value::is_boolean) {
        map.remove("required");
    }
    let declared = map.get("type").and_then(Value::as_str).map(str::to_string);
    if let Some(Value::Array(values)) = map.get_mut("enum") {
        match declared.as_deref() {
            Some("string") => {
                for v in values.iter_mut() {
                    if v.is_number() || v.is_boolean() {
                        *v = Value::String(v.to_string());
                    }
                }
                values.retain(|v| v.is_string() || v.is_null());
            }
            Some("integer") if !values.iter().all(|v| v.is_i64() || v.is_null()) => {
                map.remove("enum");
            }
            Some("number") | Some("boolean") if !values.iter().all(|v| !v.is_string()) => {
                map.remove("enum");
            }
            _ => {}
        }
    }
    if let Some(value) = map.remove("const") {
        map.entry("enum")
            .or_insert_with(|| Value::Array(vec![value]));
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(n) = map.get(exclusive).filter(|v| v.is_number()).cloned() {
            map.insert(bound.into(), n);
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(branches)) = map.get_mut(key) {
            let before = branches.len();
            branches.retain(|b| !is_null_schema(b));
            if branches.len() < before {
                map.insert("nullable".into(), Value::Bool(true));
            }
        }
    }
    for key in SCHEMA_KEYS {
        if let Some(child) = map.get_mut(*key) {
            if *key == "additionalProperties" && child.is_boolean() {
                continue;
            }
            schema_node(child, depth + 1);
        }
    }
    for key in SCHEMA_LIST_KEYS {
        if let Some(Value::Array(items)) = map.get_mut(*key) {
            for item in items {
                schema_node(item, depth + 1);
            }
        }
    }
    for key in SCHEMA_MAP_KEYS {
        if let Some(Value::Object(children)) = map.get_mut(*key) {
            for child in children.values_mut() {
                schema_node(child, depth + 1);
            }
        }
    }
}

fn is_null_schema(schema: &Value) -> bool {
    match schema {
        Value::Object(map) => {
            map.get("type").and_then(Value::as_str) == Some("null")
                || map
                    .get("type")
                    .and_then(Value::as_array)
                    .is_some_and(|t| t.len() == 1 && t[0] == "null")
                || map
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|e| e.len() == 1 && e[0].is_null())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn normalized(schema: Value) -> Value {
        let mut doc = json!({ "components": { "schemas": { "S": schema } } });
        normalize(&mut doc);
        doc["components"]["schemas"]["S"].clone()
    }

    /// With many component schemas, they and the rest are normalised on two threads: both
    /// halves are done, and data stays data.
    #[test]
    fn a_large_document_is_normalised_everywhere() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"parameters": [
                {"name": "p", "in": "query", "schema": {"type": ["integer", "null"]}}
            ]}}},
            "components": {
                "schemas": {},
                "headers": {"H": {"schema": {"const": 1}}},
                "examples": {"E": {"value": {"schema": {"const": 1}}}}
            }
        });
        for i in 0..150 {
            doc["components"]["schemas"][format!("S{i}")] = json!({"type": ["string", "null"]});
        }
        normalize(&mut doc);
        for i in 0..150 {
            assert_eq!(
                doc["components"]["schemas"][format!("S{i}")],
                json!({"type": "string", "nullable": true})
            );
        }
        assert_eq!(
            doc["paths"]["/a"]["get"]["parameters"][0]["schema"],
            json!({"type": "integer", "nullable": true})
        );
        assert_eq!(
            doc["components"]["headers"]["H"]["schema"],
            json!({"enum": [1]})
        );
        assert_eq!(
            doc["components"]["examples"]["E"]["value"]["schema"],
            json!({"const": 1})
        );
    }

    #[test]
    fn the_default_response_is_normalised_and_examples_are_not() {
        let media = |schema: Value| json!({"application/json": {"schema": schema, "example": {"type": ["a", "null"]}}});
        let mut doc = json!({"paths": {"/a": {"get": {"responses": {
            "200": {"content": media(json!({"type": ["string", "null"]}))},
            "default": {"content": media(json!({"type": ["integer", "null"]}))}
        }}}}});
        normalize(&mut doc);
        let responses = &doc["paths"]["/a"]["get"]["responses"];
        for (status, ty) in [("200", "string"), ("default", "integer")] {
            let media = &responses[status]["content"]["application/json"];
            assert_eq!(
                media["schema"],
                json!({"type": ty, "nullable": true}),
                "{status}"
            );
            assert_eq!(media["example"], json!({"type": ["a", "null"]}), "{status}");
        }
    }

    #[test]
    fn type_arrays_with_null_become_nullable() {
        assert_eq!(
            normalized(json!({"type": ["string", "null"]})),
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            normalized(json!({"type": ["string", "integer"]})),
            json!({})
        );
        assert_eq!(
            normalized(json!({"type": "null"})),
            json!({"nullable": true})
        );
    }

    #[test]
    fn const_becomes_a_one_value_enum() {
        assert_eq!(
            normalized(json!({"const": "cat"})),
            json!({"enum": ["cat"]})
        );
    }

    #[test]
    fn null_branches_of_one_of_become_nullable() {
        let got =
            normalized(json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]}));
        assert_eq!(
            got,
            json!({"anyOf": [{"$ref": "#/components/schemas/T"}], "nullable": true})
        );
    }

    #[test]
    fn nested_schemas_and_boolean_schemas() {
        let got = normalized(
            json!({"properties": {"a": {"type": ["integer", "null"]}, "b": true, "c": false}}),
        );
        assert_eq!(
            got,
            json!({"properties": {"a": {"type": "integer", "nullable": true}, "b": {}, "c": {"not": {}}}})
        );
    }

    #[test]
    fn examples_are_left_alone() {
        let got = normalized(json!({"type": "object", "example": {"type": ["x", "null"]}}));
        assert_eq!(
            got,
            json!({"type": "object", "example": {"type": ["x", "null"]}})
        );
    }
}
