//! `Cargo.toml` of the emitted crate. Every dependency is named with its version, so the crate
//! builds wherever it is written.

use crate::dependencies::{Dependency, HTTP2, Optional, Tls};

/// The features the client needs of its dependencies, beyond the ones always asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Features<'a> {
    /// reqwest's, beyond `json`, `query` and the TLS backend.
    pub reqwest: &'a [&'a str],
    /// serde_json's, beyond `float_roundtrip`.
    pub serde_json: &'a [&'a str],
    /// tokio's, beyond `time` (tokio is a dependency when some are, or with retries).
    pub tokio: &'a [&'a str],
}

/// Where the client's TLS backend is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// In reqwest's features: [`Tls::Rustls`], as a build script's including crate is given it.
    Fixed,
    /// By the features of the generated crate ([`features`]): reqwest without a backend, and
    /// the optional dependencies of the backends.
    Features,
}

/// The lines of a `[dependencies]` table the client needs, one crate a line (versions from the
/// table of [`Dependency`]): reqwest and serde_json (with `features` beyond the ones always
/// asked for), serde, tokio when `retries`, and `extra_crates`; with the TLS backend as
/// `transport` says.
pub fn dependency_lines(
    features: Features<'_>,
    retries: bool,
    extra_crates: &[Dependency],
    client: bool,
    transport: Transport,
) -> Vec<String> {
    let mut lines = Vec::new();
    if client {
        let mut reqwest = features.reqwest.to_vec();
        if transport == Transport::Fixed {
            reqwest.push(Tls::Rustls.reqwest_feature());
        }
        lines.push(Dependency::Reqwest.line(&reqwest));
        if transport == Transport::Features {
            lines.extend(
                Tls::ALL
                    .iter()
                    .filter_map(|tls| tls.dependency())
                    .map(|c| c.line(&[])),
            );
        }
    }
    lines.push(Dependency::Serde.line(&[]));
    lines.push(Dependency::SerdeJson.line(features.serde_json));
    if retries || !features.tokio.is_empty() {
        lines.push(Dependency::Tokio.line(features.tokio));
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

/// The `[features]` table of a client grouped by tag, for a build script's including crate:
/// one feature per group (and one for the types no operation reaches), all on by default.
pub fn tag_features(groups: &crate::model::Groups) -> String {
    let tags = tag_names(groups);
    let mut text = String::from(
        "\n# One feature per tag; `--no-default-features --features <tag>` compiles one.\n",
    );
    text.push_str(&table(&tags, &tags, &[]));
    text
}

/// The `[features]` table of a generated crate, to follow [`manifest`]: with a `client`, the
/// TLS backends ([`Tls`], [`Tls::Rustls`] on by default) and `http2`; with `groups` (a client
/// grouped by tag) one feature per group, all on by default; and the `optional` features the
/// settings add ([`Optional`]), off by default. Empty for types alone.
pub fn features(
    groups: Option<&crate::model::Groups>,
    client: bool,
    optional: &[Optional],
) -> String {
    let tags = groups.map(tag_names).unwrap_or_default();
    if !client {
        return groups.map(tag_features).unwrap_or_default();
    }
    let mut defaults = vec![Tls::Rustls.feature()];
    defaults.extend(&tags);
    let mut transport: Vec<(&str, Vec<String>)> = Tls::ALL
        .iter()
        .map(|tls| {
            let mut enables: Vec<String> = tls
                .dependency()
                .map(|c| format!("dep:{}", c.name()))
                .into_iter()
                .collect();
            enables.push(format!("reqwest/{}", tls.reqwest_feature()));
            (tls.feature(), enables)
        })
        .collect();
    transport.push((HTTP2, vec![format!("reqwest/{HTTP2}")]));
    transport.extend(optional.iter().map(|o| {
        let enables = vec![format!("dep:{}", o.dependency().name())];
        (o.feature(), enables)
    }));
    // Sorted, as a person looks them up.
    transport.sort_unstable();
    let mut text = String::from(
        "\n# The TLS backend of reqwest: `rustls` (on aws-lc-rs, which builds the C library\n\
         # aws-lc-sys), `rustls-ring` or `native-tls` (with `default-features = false`); and\n\
         # reqwest's `http2`.\n",
    );
    for o in optional {
        text.push_str(&format!("# `{}`: {}.\n", o.feature(), o.comment()));
    }
    if !tags.is_empty() {
        text.push_str(
            "# One feature per tag; `--no-default-features --features rustls,<tag>` compiles one.\n",
        );
    }
    text.push_str(&table(&defaults, &tags, &transport));
    text
}

/// The feature of each group and of the types no operation reaches, sorted, as a person looks
/// them up.
fn tag_names(groups: &crate::model::Groups) -> Vec<&str> {
    let mut names: Vec<&str> = groups
        .groups
        .iter()
        .map(|g| g.name.as_str())
        .chain(groups.unused_feature.as_deref())
        .collect();
    names.sort_unstable();
    names
}

/// A `[features]` table: `default`, the features that enable others, then `tags`, which enable
/// nothing.
fn table(defaults: &[&str], tags: &[&str], enabling: &[(&str, Vec<String>)]) -> String {
    let quoted = |names: &mut dyn Iterator<Item = &str>| {
        names
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = format!(
        "[features]\ndefault = [{}]\n",
        quoted(&mut defaults.iter().copied())
    );
    for (name, enables) in enabling {
        let enables = quoted(&mut enables.iter().map(String::as_str));
        text.push_str(&format!("{name} = [{enables}]\n"));
    }
    for name in tags {
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
    use super::{Transport, dependency_lines, features, manifest};

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

    #[test]
    fn the_crate_chooses_its_tls_backend_with_features_and_rustls_is_the_default() {
        let table: toml::Table = features(None, true, &[])
            .parse()
            .expect("the features are TOML");
        let expected: toml::Table = r#"
            [features]
            default = ["rustls"]
            http2 = ["reqwest/http2"]
            native-tls = ["reqwest/native-tls"]
            rustls = ["reqwest/rustls"]
            rustls-ring = ["dep:rustls", "reqwest/rustls-no-provider"]
        "#
        .parse()
        .expect("TOML");
        assert_eq!(table, expected);
        // The crate's reqwest has no backend of its own; rustls on ring is optional. A build
        // script's including crate is given rustls, as before.
        let lines = |transport| dependency_lines(Default::default(), false, &[], true, transport);
        let crate_lines = lines(Transport::Features);
        assert!(crate_lines[0].ends_with(r#"features = ["json", "query"] }"#));
        assert!(
            crate_lines[1].starts_with("rustls = ") && crate_lines[1].contains("optional = true")
        );
        let fixed = lines(Transport::Fixed);
        assert!(fixed[0].ends_with(r#"features = ["json", "query", "rustls"] }"#));
        assert!(fixed.iter().all(|l| !l.starts_with("rustls")));
        // Types alone: no reqwest, no transport.
        assert_eq!(features(None, false, &[]), "");
    }
}
