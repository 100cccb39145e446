//! The two GitHub clients the decode benchmark compares (see `build.rs`).
#![allow(missing_docs, clippy::all)]

/// The large-client shape: `Deserialize` written out over a shared reader.
pub mod compact {
    include!(concat!(env!("OUT_DIR"), "/compact.rs"));
}

/// The same types with serde's derived `Deserialize`.
pub mod derived {
    include!(concat!(env!("OUT_DIR"), "/derived.rs"));
}

/// The spec the clients were generated from.
pub const GITHUB_SPEC: &str = env!("GITHUB_SPEC");

/// Properties the examples lack although their schemas require them (the examples are older than
/// the `required` lists): (example, JSON pointer of the object, property, value).
const MISSING: &[(&str, &str, &str, &str)] = &[
    ("full-repository", "", "has_discussions", "false"),
    (
        "pull-request",
        "/requested_teams/0",
        "type",
        r#""organization""#,
    ),
];

/// The example `name` of the spec, completed with [`MISSING`], repeated into an array of about
/// `bytes` bytes.
pub fn payload(spec: &serde_json::Value, name: &str, bytes: usize) -> String {
    let mut example = spec["components"]["examples"][name]["value"].clone();
    for (_, pointer, key, value) in MISSING.iter().filter(|m| m.0 == name) {
        let Some(serde_json::Value::Object(object)) = example.pointer_mut(pointer) else {
            panic!("{name}: no object at `{pointer}`");
        };
        let value = serde_json::from_str(value).expect("the values above are JSON");
        object.insert(key.to_string(), value);
    }
    let one = serde_json::to_string(&example).expect("a JSON value serializes");
    let copies = bytes / one.len() + 1;
    format!("[{}]", vec![one; copies].join(","))
}
