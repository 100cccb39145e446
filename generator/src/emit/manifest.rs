//! `Cargo.toml` of the emitted crate. Every dependency is named with its version, so the crate
//! builds wherever it is written.

/// The manifest text; `header` is the `@generated` line.
pub fn manifest(
    header: &str,
    crate_name: &str,
    version: &str,
    title: &str,
    extra_features: &[&str],
    retries: bool,
    extra_crates: &[(&str, &str)],
) -> String {
    let mut extra = String::new();
    for (name, version) in extra_crates {
        extra.push_str(&format!("{name} = \"{version}\"\n"));
    }
    let tokio = if retries {
        "tokio = { version = \"1\", default-features = false, features = [\"time\"] }\n"
    } else {
        ""
    };
    let mut features = vec!["json", "query", "rustls"];
    features.extend_from_slice(extra_features);
    features.sort_unstable();
    let features = features
        .iter()
        .map(|f| format!("\"{f}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let version = if is_semver(version) { version } else { "0.1.0" };
    let description: String = format!("Client for the {title}")
        .chars()
        .map(|c| {
            if c.is_control() || super::tokens::is_bidi_control(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    // A TOML basic string, with whatever quoting and escapes the text needs.
    let description = toml::Value::String(description).to_string();
    format!(
        r#"# {header}
[package]
name = "{crate_name}"
version = "{version}"
edition = "2024"
rust-version = "1.85"
description = {description}
publish = false

[lib]
# Descriptions from the spec become doc comments; their examples are not Rust.
doctest = false

[dependencies]
reqwest = {{ version = "0.13", default-features = false, features = [{features}] }}
serde = {{ version = "1.0.188", features = ["derive"] }}
serde_json = "1"
{tokio}{extra}"#
    )
}

fn is_semver(v: &str) -> bool {
    let core = v.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
        && v[core.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'+' || b == b'.')
}
