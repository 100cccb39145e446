//! `Cargo.toml` of the emitted crate. Every dependency is named with its version, so the crate
//! builds wherever it is written.

use crate::dependencies::Dependency;

/// The features the client needs of its dependencies, beyond the ones always asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Features<'a> {
    /// reqwest's, beyond `json`, `query` and `rustls`.
    pub reqwest: &'a [&'a str],
    /// serde_json's, beyond `float_roundtrip`.
    pub serde_json: &'a [&'a str],
}

/// The lines of a `[dependencies]` table the client needs, one crate a line (versions from the
/// table of [`Dependency`]): reqwest and serde_json (with `features` beyond the ones always
/// asked for), serde, tokio when `retries`, and `extra_crates`. A build script's including crate
/// needs the same lines.
pub fn dependency_lines(
    features: Features<'_>,
    retries: bool,
    extra_crates: &[Dependency],
    client: bool,
) -> Vec<String> {
    let mut lines = Vec::new();
    if client {
        lines.push(Dependency::Reqwest.line(features.reqwest));
    }
    lines.extend([
        Dependency::Serde.line(&[]),
        Dependency::SerdeJson.line(features.serde_json),
    ]);
    if retries {
        lines.push(Dependency::Tokio.line(&[]));
    }
    lines.extend(extra_crates.iter().map(|c| c.line(&[])));
    lines
}

/// The manifest text; `header` is the `@generated` line.
pub fn manifest(
    header: &str,
    crate_name: &str,
    version: &str,
    description: &str,
    dependencies: &[String],
) -> String {
    let mut dependencies = dependencies.join("\n");
    dependencies.push('\n');
    let version = if is_semver(version) { version } else { "0.1.0" };
    let description: String = description
        .chars()
        .map(|c| {
            if c.is_control() || crate::text::is_bidi_control(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    // A TOML basic string, with whatever quoting and escapes the text needs.
    let description = toml_writer::ToTomlValue::to_toml_value(description.as_str());
    // Cargo names the library after the package, `-` as `_`; a name rustc would warn about
    // (capitals, `__`) gets a snake-case library name of its own.
    let default_lib = crate_name.replace('-', "_");
    let lib = crate::naming::snake(crate_name, "client");
    let lib = lib.trim_start_matches("r#");
    let lib_name = if lib == default_lib {
        String::new()
    } else {
        format!("name = \"{lib}\"\n")
    };
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
{lib_name}# Descriptions from the spec become doc comments; their examples are not Rust.
doctest = false

[dependencies]
{dependencies}"#
    )
}

/// The `[features]` table of a client grouped by tag, to follow [`manifest`]: one feature per
/// group (and one for the types no operation reaches), all on by default.
pub fn tag_features(groups: &crate::model::Groups) -> String {
    // Sorted, as a person looks them up.
    let mut names: Vec<&str> = groups
        .groups
        .iter()
        .map(|g| g.name.as_str())
        .chain(groups.unused_feature.as_deref())
        .collect();
    names.sort_unstable();
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let mut text = format!(
        "\n# One feature per tag; `--no-default-features --features <tag>` compiles one.\n[features]\ndefault = [{}]\n",
        quoted.join(", ")
    );
    for name in names {
        text.push_str(&format!("{name} = []\n"));
    }
    text
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

// The tests read the manifest back with the TOML parser of the `workspace` feature.
#[cfg(all(test, feature = "workspace"))]
mod tests {
    use super::manifest;

    fn lib_section(crate_name: &str) -> String {
        let text = manifest("header", crate_name, "1.0.0", "Client for the API", &[]);
        let table: toml::Table = text.parse().expect("the manifest is TOML");
        assert_eq!(table["package"]["name"].as_str(), Some(crate_name));
        table["lib"].to_string()
    }

    #[test]
    fn a_package_name_rustc_would_warn_about_gets_a_snake_case_library_name() {
        assert!(!lib_section("pet-store-client").contains("name"));
        assert!(!lib_section("v2_client").contains("name"));
        assert!(lib_section("My-Client").contains("name = \"my_client\""));
        assert!(lib_section("a--b").contains("name = \"a_b\""));
    }
}
