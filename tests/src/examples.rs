//! The examples of a spec as test data: `build.rs` writes an `examples_table` module beside each
//! generated client, listing every `example` and `examples` value of its component schemas and
//! JSON bodies with the generated type it decodes into; `tests/tests/examples.rs` runs them, and
//! `scripts/oracles/examples.sh` includes this file in the harness it builds for each spec.

/// One example of a spec.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// Where the example is in the spec (a JSON pointer).
    pub pointer: &'static str,
    /// The component schema it belongs to (`#/components/schemas/...`), if any.
    pub schema: Option<&'static str>,
    /// The example, as JSON text.
    pub json: &'static str,
    /// Decodes into the generated type and encodes again; `None` for an example with no
    /// generated type (an inline schema, or a type a large client only writes).
    pub round_trip: Option<RoundTrip>,
    /// Whether `round_trip` encodes again; a type a large client only reads is decoded only
    /// (`decode_only`), and gives the JSON back as it was.
    pub encodes: bool,
}

/// Decodes JSON into one generated type and encodes it again.
pub type RoundTrip = fn(&serde_json::Value) -> Result<serde_json::Value, String>;

/// Decodes `json` into `T` and encodes it back.
pub fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(
    json: &serde_json::Value,
) -> Result<serde_json::Value, String> {
    let value: T = serde_json::from_value(json.clone()).map_err(|e| format!("decode: {e}"))?;
    serde_json::to_value(&value).map_err(|e| format!("encode: {e}"))
}

/// Decodes `json` into `T` and gives `json` back: for types that are only read.
pub fn decode_only<T: serde::de::DeserializeOwned>(
    json: &serde_json::Value,
) -> Result<serde_json::Value, String> {
    serde_json::from_value::<T>(json.clone()).map_err(|e| format!("decode: {e}"))?;
    Ok(json.clone())
}
