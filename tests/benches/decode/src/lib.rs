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
