//! `Cargo.toml` of the emitted crate. Every dependency is named with its version, so the crate
//! builds wherever it is written.

/// The lines of a `[dependencies]` table the client needs, one crate a line, sorted: reqwest
/// (with `extra_features` beyond `json`, `query` and `rustls`), serde, serde_json, tokio when
/// `retries`, and `extra_crates` (name, version). A build script's including crate needs the
/// same lines.
pub fn dependency_lines(
    extra_features: &[&str],
    retries: bool,
    extra_crates: &[(&str, &str)],
) -> Vec<String> {
    let mut features = vec!["json", "query", "rustls"];
    features.extend_from_slice(extra_features);
    features.sort_unstable();
    let features = features
        .iter()
        .map(|f| format!("\"{f}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut lines = vec![
        format!(
            "reqwest = {{ version = \"0.13\", default-features = false, features = [{features}] }}"
        ),
        "serde = { version = \"1.0.188\", features = [\"derive\"] }".to_string(),
        "serde_json = \"1\"".to_string(),
    ];
    if retries {
        lines.push(
            "tokio = { version = \"1\", default-features = false, features = [\"time\"] }"
                .to_string(),
        );
    }
    for (name, version) in extra_crates {
        lines.push(format!("{name} = \"{version}\""));
    }
    lines
}

/// The manifest text; `header` is the `@generated` line.
pub fn manifest(
    header: &str,
    crate_name: &str,
    version: &str,
    title: &str,
    dependencies: &[String],
) -> String {
    let mut dependencies = dependencies.join("\n");
    dependencies.push('\n');
    let version = if is_semver(version) { version } else { "0.1.0" };
    let description: String = format!("Client for the {title}")
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
        let text = manifest("header", crate_name, "1.0.0", "API", &[]);
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
