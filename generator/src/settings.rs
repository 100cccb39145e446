//! The settings of one generation, in one struct filled the same way from every entry point:
//! a `[[workspace.metadata.clientgen.clients]]` entry (or a fixture's `.settings.toml`, the same
//! keys), the [`crate::build::Builder`] and [`crate::Generator`] methods, and the command line.
//!
//! ```toml
//! [[workspace.metadata.clientgen.clients]]
//! spec = "spec/pets.yaml"
//! out = "generated/pets"
//! formats = { date-time = "time", date = "time", uuid = "uuid", byte = "bytes" }
//! replace = { Money = "my_crate::Money" }
//! derive = ["Eq", "Hash"]                    # on every schema type
//! derive-for = { Pet = ["Ord", "PartialOrd"] } # on the named schemas only
//! rename-schemas = { Pet = "Animal" }
//! rename-properties = { "Pet.name" = "title" }
//! rename-operations = { listPets = "pets" }
//! tag-features = true                        # sub-clients by tag, each behind a feature
//! ```
//!
//! Names in settings are checked against the document: a schema, property or operation that
//! does not exist is an error listing the nearest valid names.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// The Rust type of a string `format`, chosen per format; `String` unless set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypedFormat {
    /// `format: date-time` as `time::OffsetDateTime`.
    TimeDateTime,
    /// `format: date-time` as `chrono::DateTime<chrono::FixedOffset>`.
    ChronoDateTime,
    /// `format: date-time` as `jiff::Timestamp`.
    JiffDateTime,
    /// `format: date` as `time::Date`.
    TimeDate,
    /// `format: date` as `chrono::NaiveDate`.
    ChronoDate,
    /// `format: date` as `jiff::civil::Date`.
    JiffDate,
    /// `format: uuid` as `uuid::Uuid`.
    Uuid,
    /// `format: byte` (Base64 text) as `Vec<u8>`.
    Base64Bytes,
}

impl TypedFormat {
    /// Every typed format, in the order helpers are emitted.
    pub const ALL: [TypedFormat; 8] = [
        TypedFormat::TimeDateTime,
        TypedFormat::ChronoDateTime,
        TypedFormat::JiffDateTime,
        TypedFormat::TimeDate,
        TypedFormat::ChronoDate,
        TypedFormat::JiffDate,
        TypedFormat::Uuid,
        TypedFormat::Base64Bytes,
    ];

    /// The Rust path of the type.
    pub fn rust_path(self) -> &'static str {
        match self {
            TypedFormat::TimeDateTime => "time::OffsetDateTime",
            TypedFormat::ChronoDateTime => "chrono::DateTime<chrono::FixedOffset>",
            TypedFormat::JiffDateTime => "jiff::Timestamp",
            TypedFormat::TimeDate => "time::Date",
            TypedFormat::ChronoDate => "chrono::NaiveDate",
            TypedFormat::JiffDate => "jiff::civil::Date",
            TypedFormat::Uuid => "uuid::Uuid",
            TypedFormat::Base64Bytes => "Vec<u8>",
        }
    }

    /// The crate it comes from and what the generated manifest (and a build script's
    /// `Cargo.toml`) gives it: a version, or an inline table.
    pub fn dependency(self) -> (&'static str, &'static str) {
        match self {
            TypedFormat::TimeDateTime | TypedFormat::TimeDate => (
                "time",
                r#"{ version = "0.3", features = ["formatting", "parsing"] }"#,
            ),
            TypedFormat::ChronoDateTime | TypedFormat::ChronoDate => (
                "chrono",
                r#"{ version = "0.4", default-features = false, features = ["alloc"] }"#,
            ),
            TypedFormat::JiffDateTime | TypedFormat::JiffDate => ("jiff", "0.2"),
            TypedFormat::Uuid => ("uuid", "1"),
            TypedFormat::Base64Bytes => ("base64", "0.22"),
        }
    }

    /// The `format` it types.
    pub fn format(self) -> &'static str {
        match self {
            TypedFormat::TimeDateTime | TypedFormat::ChronoDateTime | TypedFormat::JiffDateTime => {
                "date-time"
            }
            TypedFormat::TimeDate | TypedFormat::ChronoDate | TypedFormat::JiffDate => "date",
            TypedFormat::Uuid => "uuid",
            TypedFormat::Base64Bytes => "byte",
        }
    }
}

/// The formats a setting may name, with the types each may take (`string` keeps `String`).
pub const FORMAT_CHOICES: &[(&str, &[&str])] = &[
    ("date-time", &["time", "chrono", "jiff", "string"]),
    ("date", &["time", "chrono", "jiff", "string"]),
    ("uuid", &["uuid", "string"]),
    ("byte", &["bytes", "string"]),
];

/// Everything a user may set beyond the spec, crate name and output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// `format` -> type choice (`date-time = "time"`); see [`FORMAT_CHOICES`].
    #[serde(default)]
    pub formats: BTreeMap<String, String>,
    /// Component schema -> Rust path used instead of a generated type.
    #[serde(default)]
    pub replace: BTreeMap<String, String>,
    /// Derives added to every schema type.
    #[serde(default)]
    pub derive: Vec<String>,
    /// Derives added to the named component schemas.
    #[serde(default)]
    pub derive_for: BTreeMap<String, Vec<String>>,
    /// Component schema -> Rust type name.
    #[serde(default)]
    pub rename_schemas: BTreeMap<String, String>,
    /// `Schema.property` -> Rust field name.
    #[serde(default)]
    pub rename_properties: BTreeMap<String, String>,
    /// `operationId` -> Rust method name.
    #[serde(default)]
    pub rename_operations: BTreeMap<String, String>,
    /// `tag-features = true` (or `tag_features`): the operations grouped by their first tag
    /// into sub-clients, each group behind a Cargo feature (see [`crate::Generator::tag_features`]).
    #[serde(default, alias = "tag_features")]
    pub tag_features: bool,
}

/// A setting that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError(pub String);

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SettingsError {}

impl Settings {
    /// Reads settings from a TOML table (a client entry without `spec`, `out` and `name`, or a
    /// `.settings.toml` file). Needs the `workspace` feature (the TOML parser).
    #[cfg(feature = "workspace")]
    pub fn from_table(table: toml::Table) -> Result<Settings, SettingsError> {
        let settings: Settings = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| SettingsError(e.to_string().trim().to_string()))?;
        settings.check_values()?;
        Ok(settings)
    }

    /// Reads settings from TOML text. Needs the `workspace` feature (the TOML parser).
    #[cfg(feature = "workspace")]
    pub fn from_toml(text: &str) -> Result<Settings, SettingsError> {
        let table: toml::Table =
            toml::from_str(text).map_err(|e| SettingsError(e.to_string().trim().to_string()))?;
        Settings::from_table(table)
    }

    /// Sets `format` to be read as `choice` (`date-time`, `time`).
    pub fn set_format(&mut self, format: &str, choice: &str) -> Result<(), SettingsError> {
        check_format(format, choice)?;
        self.formats.insert(format.to_string(), choice.to_string());
        Ok(())
    }

    /// Reads `FORMAT=TYPE` (as the command line gives it) into the settings.
    pub fn parse_format_flag(&mut self, flag: &str) -> Result<(), SettingsError> {
        let Some((format, choice)) = flag.split_once('=') else {
            return Err(SettingsError(format!(
                "`{flag}`: write FORMAT=TYPE, e.g. `date-time=time`"
            )));
        };
        self.set_format(format.trim(), choice.trim())
    }

    /// Reads one `KEY=VALUE` command-line flag into the settings: `flag` is the option's name
    /// without dashes (`format`, `replace`, `derive`, `derive-for`, `rename-schema`,
    /// `rename-property`, `rename-operation`).
    pub fn apply_flag(&mut self, flag: &str, value: &str) -> Result<(), SettingsError> {
        if flag == "derive" {
            self.derive.push(value.trim().to_string());
            return self.check_values();
        }
        let Some((key, chosen)) = value.split_once('=') else {
            return Err(SettingsError(format!(
                "--{flag} `{value}`: write KEY=VALUE (e.g. `--{flag} {}`)",
                flag_example(flag)
            )));
        };
        let (key, chosen) = (key.trim().to_string(), chosen.trim().to_string());
        match flag {
            "format" => return self.set_format(&key, &chosen),
            "replace" => {
                self.replace.insert(key, chosen);
            }
            "derive-for" => self.derive_for.entry(key).or_default().push(chosen),
            "rename-schema" => {
                self.rename_schemas.insert(key, chosen);
            }
            "rename-property" => {
                self.rename_properties.insert(key, chosen);
            }
            "rename-operation" => {
                self.rename_operations.insert(key, chosen);
            }
            _ => return Err(SettingsError(format!("--{flag}: no such setting"))),
        }
        self.check_values()
    }

    /// The command-line flags that give these settings, in a fixed order (for the command the
    /// `@generated` header names).
    pub fn to_flags(&self) -> Vec<String> {
        let mut flags = Vec::new();
        let mut pairs = |flag: &str, map: &BTreeMap<String, String>| {
            for (key, value) in map {
                flags.push(format!("--{flag} {key}={value}"));
            }
        };
        pairs("format", &self.formats);
        pairs("replace", &self.replace);
        pairs("rename-schema", &self.rename_schemas);
        pairs("rename-property", &self.rename_properties);
        pairs("rename-operation", &self.rename_operations);
        for derive in &self.derive {
            flags.push(format!("--derive {derive}"));
        }
        for (schema, derives) in &self.derive_for {
            for derive in derives {
                flags.push(format!("--derive-for {schema}={derive}"));
            }
        }
        if self.tag_features {
            flags.push("--tag-features".to_string());
        }
        flags
    }

    /// The typed format chosen for `format`, if any.
    pub fn typed(&self, format: &str) -> Option<TypedFormat> {
        let choice = self.formats.get(format)?;
        match (format, choice.as_str()) {
            ("date-time", "time") => Some(TypedFormat::TimeDateTime),
            ("date-time", "chrono") => Some(TypedFormat::ChronoDateTime),
            ("date-time", "jiff") => Some(TypedFormat::JiffDateTime),
            ("date", "time") => Some(TypedFormat::TimeDate),
            ("date", "chrono") => Some(TypedFormat::ChronoDate),
            ("date", "jiff") => Some(TypedFormat::JiffDate),
            ("uuid", "uuid") => Some(TypedFormat::Uuid),
            ("byte", "bytes") => Some(TypedFormat::Base64Bytes),
            _ => None,
        }
    }

    /// The derives for the component schema `key`: those for all, then its own.
    pub fn derives_for(&self, key: Option<&str>) -> Vec<String> {
        let mut all = self.derive.clone();
        if let Some(own) = key.and_then(|k| self.derive_for.get(k)) {
            all.extend(own.iter().cloned());
        }
        all.dedup();
        all
    }

    /// Whether nothing is set.
    pub fn is_default(&self) -> bool {
        *self == Settings::default()
    }

    /// Checks what can be checked without the document: formats and their types, Rust paths
    /// and names.
    pub fn check_values(&self) -> Result<(), SettingsError> {
        for (format, choice) in &self.formats {
            check_format(format, choice)?;
        }
        for (schema, path) in &self.replace {
            if !is_path(path) {
                return Err(SettingsError(format!(
                    "replace {schema} = `{path}`: not a Rust path (e.g. `my_crate::Money`)"
                )));
            }
        }
        for derive in self.derive.iter().chain(self.derive_for.values().flatten()) {
            if !is_path(derive) {
                return Err(SettingsError(format!(
                    "derive `{derive}`: not a Rust path (e.g. `Eq`, `schemars::JsonSchema`)"
                )));
            }
        }
        let renames = self
            .rename_schemas
            .iter()
            .chain(&self.rename_properties)
            .chain(&self.rename_operations);
        for (from, to) in renames {
            if !is_identifier(to) {
                return Err(SettingsError(format!(
                    "rename {from} = `{to}`: not a Rust identifier"
                )));
            }
        }
        Ok(())
    }
}

fn flag_example(flag: &str) -> &'static str {
    match flag {
        "format" => "date-time=time",
        "replace" => "Money=my_crate::Money",
        "derive-for" => "Pet=Hash",
        "rename-schema" => "Pet=Animal",
        "rename-property" => "Pet.name=title",
        _ => "listPets=pets",
    }
}

fn check_format(format: &str, choice: &str) -> Result<(), SettingsError> {
    let Some((_, choices)) = FORMAT_CHOICES.iter().find(|(f, _)| *f == format) else {
        let known: Vec<&str> = FORMAT_CHOICES.iter().map(|(f, _)| *f).collect();
        return Err(SettingsError(format!(
            "format `{format}` cannot be typed; the formats that can: {}",
            known.join(", ")
        )));
    };
    if !choices.contains(&choice) {
        return Err(SettingsError(format!(
            "format `{format}` cannot be read as `{choice}`; choose one of: {}",
            choices.join(", ")
        )));
    }
    Ok(())
}

fn is_identifier(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s != "_"
}

/// A path such as `my_crate::Money` or `chrono::DateTime<chrono::Utc>`, parsed by syn.
fn is_path(s: &str) -> bool {
    !s.contains(['\n', '\r']) && syn::parse_str::<syn::Path>(s).is_ok()
}

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
    let mut properties = BTreeSet::new();
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
    let mut operations = BTreeSet::new();
    for (_, item) in loaded.api.paths.iter() {
        if let ReferenceOr::Item(item) = item {
            operations.extend(item.iter().filter_map(|(_, op)| op.operation_id.clone()));
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
    for key in settings.rename_properties.keys() {
        let pointer = match key.rsplit_once('.') {
            Some((schema, _)) => join("#/components/schemas", schema),
            None => "#/components/schemas".to_string(),
        };
        let valid = properties.iter().map(String::as_str).collect();
        check(
            "rename-properties",
            key,
            properties.contains(key),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key() {
        let settings = Settings::from_toml(
            r#"
            formats = { date-time = "time", uuid = "uuid" }
            replace = { Money = "my_crate::Money" }
            derive = ["Eq", "Hash"]
            derive-for = { Pet = ["schemars::JsonSchema"] }
            rename-schemas = { Pet = "Animal" }
            rename-properties = { "Pet.name" = "title" }
            rename-operations = { listPets = "pets" }
            "#,
        )
        .expect("valid settings");
        assert_eq!(settings.typed("date-time"), Some(TypedFormat::TimeDateTime));
        assert_eq!(settings.typed("uuid"), Some(TypedFormat::Uuid));
        assert_eq!(settings.typed("date"), None);
        assert_eq!(
            settings.derives_for(Some("Pet")),
            ["Eq", "Hash", "schemars::JsonSchema"]
        );
    }

    #[test]
    fn refuses_what_it_cannot_use() {
        let cases = [
            (
                "formats = { date-time = \"moment\" }",
                "cannot be read as `moment`",
            ),
            (
                "formats = { email = \"string\" }",
                "format `email` cannot be typed",
            ),
            ("replace = { Money = \"not a path\" }", "not a Rust path"),
            (
                "rename-schemas = { Pet = \"two words\" }",
                "not a Rust identifier",
            ),
            ("derives = [\"Eq\"]", "unknown field `derives`"),
        ];
        for (text, expected) in cases {
            let error = Settings::from_toml(text).expect_err(text);
            assert!(error.0.contains(expected), "{text}: {error}");
        }
    }

    #[test]
    fn reads_format_flags() {
        let mut settings = Settings::default();
        settings.parse_format_flag("date=chrono").expect("valid");
        assert_eq!(settings.typed("date"), Some(TypedFormat::ChronoDate));
        assert!(settings.parse_format_flag("date").is_err());
        assert!(settings.parse_format_flag("uuid=time").is_err());
    }

    #[test]
    fn flags_give_back_the_settings() {
        let mut settings = Settings::default();
        let flags = [
            ("format", "date-time=jiff"),
            ("replace", "Money=my_crate::Money"),
            ("derive", "Eq"),
            ("derive-for", "Pet=schemars::JsonSchema"),
            ("rename-schema", "Pet=Animal"),
            ("rename-property", "Pet.name=title"),
            ("rename-operation", "listPets=pets"),
        ];
        for (flag, value) in flags {
            settings.apply_flag(flag, value).expect(value);
        }
        let mut again = Settings::default();
        for flag in settings.to_flags() {
            let (name, value) = flag.trim_start_matches("--").split_once(' ').expect("flag");
            again.apply_flag(name, value).expect(&flag);
        }
        assert_eq!(again, settings);
        assert!(settings.apply_flag("replace", "Money").is_err());
        assert!(
            settings
                .apply_flag("rename-schema", "Pet=not valid")
                .is_err()
        );
    }
}
