//! How one spec example fares through its generated type: shared by `tests/tests/examples.rs`
//! (as a module of `clients.rs`) and the harness `scripts/oracles/examples.sh` builds per spec (by
//! path).

use super::Example;

/// What became of one example.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// No generated type to decode into.
    Untyped,
    /// Decoded and encoded back to the same JSON.
    RoundTripped,
    /// Decoded into a type that is only read (a large client's response type).
    DecodedOnly,
    /// Failed (how, and whether it decoded), and the example is invalid against its own schema.
    InvalidExample(String, bool),
    /// Failed (how, and whether it decoded) although the example is valid: a generator bug.
    Wrong(String, bool),
}

/// Runs `example` of the spec `spec` (as JSON) through its generated type.
pub fn outcome(spec: &serde_json::Value, example: &Example) -> Outcome {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(example.json) else {
        return Outcome::Untyped;
    };
    let Some(round_trip) = example.round_trip else {
        return Outcome::Untyped;
    };
    let (failure, decoded) = match round_trip(&json) {
        Ok(_) if !example.encodes => return Outcome::DecodedOnly,
        Ok(back) if same(&json, &back) => return Outcome::RoundTripped,
        Ok(back) => (format!("re-encoded as {back}"), true),
        Err(e) => (e, false),
    };
    match validate(spec, example.schema, &json) {
        Some(problem) => Outcome::InvalidExample(format!("{failure}; {problem}"), decoded),
        None => Outcome::Wrong(failure, decoded),
    }
}

/// JSON equality, numbers compared by value.
pub fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x == y
                || (x.as_f64().is_some() && x.as_f64() == y.as_f64() && !(x.is_i64() && y.is_i64()))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Why `json` is invalid against the schema at `schema` in `spec`, or `None` if it is valid
/// (or there is no schema to check it against).
pub fn validate(
    spec: &serde_json::Value,
    schema: Option<&str>,
    json: &serde_json::Value,
) -> Option<String> {
    let pointer = schema?;
    let mut root = spec.clone();
    openapi_30_to_json_schema(&mut root);
    if let Some(object) = root.as_object_mut() {
        object.insert(
            "$ref".into(),
            serde_json::Value::String(pointer.to_string()),
        );
    }
    let validator = match jsonschema::draft202012::new(&root) {
        Ok(v) => v,
        Err(e) => return Some(format!("its schema does not compile as JSON Schema: {e}")),
    };
    let errors: Vec<String> = validator.iter_errors(json).map(|e| e.to_string()).collect();
    (!errors.is_empty()).then(|| format!("invalid against {pointer}: {}", errors.join("; ")))
}

/// OpenAPI 3.0's `nullable: true` as JSON Schema (`null` allowed too); the rest is the same
/// for what examples exercise.
fn openapi_30_to_json_schema(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if map.get("nullable") == Some(&Value::Bool(true)) {
                map.remove("nullable");
                let inner = Value::Object(std::mem::take(map));
                map.insert(
                    "anyOf".into(),
                    Value::Array(vec![inner, serde_json::json!({"type": "null"})]),
                );
            }
            for v in map.values_mut() {
                openapi_30_to_json_schema(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(openapi_30_to_json_schema),
        _ => {}
    }
}
