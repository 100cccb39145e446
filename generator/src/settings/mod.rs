//! The settings of one generation, in one struct filled the same way from every entry point:
//! a `[[workspace.metadata.clientgen.clients]]` entry (or a fixture's `.settings.toml`, the same
//! keys), the [`crate::Generator`] methods (and so the [`crate::build::Builder`]), and the command
//! line. Each value is checked once, where it comes in, into a typed value; [`SETTINGS`] is the
//! one table of the settings, their flags, keys and examples.
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
//! pagination = { listPets = "type=cursor, cursor=after, nextCursor=$.next, results=$.data" }
//! tag-features = true                        # sub-clients by tag, each behind a feature
//! no-client = true                           # the types alone, without the client
//! overlays = ["spec/fixes.overlay.yaml"]     # OpenAPI Overlays, applied in order
//! ```
//!
//! Names in settings are checked against the document: a schema, property or operation that
//! does not exist is an error listing the nearest valid names.

mod formats;
mod names;
mod pages;
mod table;

pub(crate) use formats::TypedFormat;
pub(crate) use names::unknown_names;
pub use table::{SETTINGS, Setting, Shape};

use formats::{Format, FormatChoice};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The key of the `pagination` setting that pages every operation of the right shape.
pub const EVERY_OPERATION: &str = "*";

/// Everything a user may set beyond the spec, crate name and output folder, each value checked
/// when it was set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Settings {
    /// What each format set is read as (a format set to `string` is kept: it is named in the
    /// header and reserves the names the typed formats use).
    formats: BTreeMap<Format, FormatChoice>,
    /// Component schema -> Rust path used instead of a generated type.
    replace: BTreeMap<String, RustPath>,
    /// Derives added to every schema type.
    derive: Vec<RustPath>,
    /// Derives added to the named component schemas.
    derive_for: BTreeMap<String, Vec<RustPath>>,
    /// Component schema -> Rust type name.
    rename_schemas: BTreeMap<String, RustName>,
    /// (component schema, property) -> Rust field name.
    rename_properties: BTreeMap<(String, String), RustName>,
    /// `operationId` -> Rust method name.
    rename_operations: BTreeMap<String, RustName>,
    /// `operationId` -> how it pages, for operations the spec says nothing about.
    pagination: BTreeMap<String, pages::Pages>,
    /// `operationId` -> the data of the event that ends its event stream.
    sse_sentinels: BTreeMap<String, String>,
    /// The operations grouped by their first tag into sub-clients, each behind a Cargo feature.
    tag_features: bool,
    /// The types alone, without the HTTP client.
    no_client: bool,
    /// A `mock` module behind the crate's feature `mock`.
    mock: bool,
    /// A span per call behind the crate's feature `tracing`.
    tracing: bool,
    /// `Client::with_middleware` behind the crate's feature `middleware`.
    middleware: bool,
    /// OpenAPI Overlay files applied in order to the spec before it is read.
    overlays: Vec<PathBuf>,
}

/// A setting that cannot be read: the message names the setting and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError(pub String);

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SettingsError {}

impl SettingsError {
    /// The same problem, told as found at `place` (a flag, a key, a method call).
    pub(crate) fn at(self, place: &str) -> SettingsError {
        SettingsError(format!("{place}: {}", self.0))
    }
}

/// A Rust path (`my_crate::Money`, `chrono::DateTime<chrono::Utc>`) that syn parsed, kept as
/// the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RustPath(String);

impl RustPath {
    fn parse(text: &str, example: &str) -> Result<RustPath, SettingsError> {
        let text = text.trim();
        if text.contains(['\n', '\r']) || syn::parse_str::<syn::Path>(text).is_err() {
            return Err(SettingsError(format!(
                "`{text}` is not a Rust path (e.g. {example})"
            )));
        }
        Ok(RustPath(text.to_string()))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Rust identifier chosen for a type, field or method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RustName(String);

impl RustName {
    fn parse(text: &str) -> Result<RustName, SettingsError> {
        let text = text.trim();
        let valid = text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && text != "_";
        if !valid {
            return Err(SettingsError(format!("`{text}` is not a Rust identifier")));
        }
        Ok(RustName(text.to_string()))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

const DERIVE_EXAMPLE: &str = "`Eq`, `schemars::JsonSchema`";

impl Settings {
    /// Reads settings from a TOML table (a client entry without `spec`, `out` and `name`, or a
    /// `.settings.toml` file): the keys of [`SETTINGS`]. Needs the `workspace` feature (the TOML
    /// parser).
    #[cfg(feature = "workspace")]
    pub fn from_table(table: toml::Table) -> Result<Settings, SettingsError> {
        let mut settings = Settings::default();
        for (key, value) in &table {
            table::read_key(&mut settings, key, value)?;
        }
        Ok(settings)
    }

    /// Reads settings from TOML text. Needs the `workspace` feature (the TOML parser).
    #[cfg(feature = "workspace")]
    pub fn from_toml(text: &str) -> Result<Settings, SettingsError> {
        let table: toml::Table =
            toml::from_str(text).map_err(|e| SettingsError(e.to_string().trim().to_string()))?;
        Settings::from_table(table)
    }

    /// Reads one command-line flag into the settings: `flag` is the option's name without dashes
    /// (`format`, `derive`, `tag-features`; see [`SETTINGS`]), `value` what follows it
    /// (`date-time=time`; empty for a switch).
    pub fn apply_flag(&mut self, flag: &str, value: &str) -> Result<(), SettingsError> {
        let setting = SETTINGS
            .iter()
            .find(|s| s.flag() == flag)
            .ok_or_else(|| SettingsError(format!("--{flag}: no such setting")))?;
        setting.apply_flag(self, value)
    }

    /// The command-line flags that give these settings, in a fixed order (for the command the
    /// `@generated` header names).
    pub fn to_flags(&self) -> Vec<String> {
        SETTINGS.iter().flat_map(|s| s.flags(self)).collect()
    }

    /// Whether nothing is set.
    pub fn is_default(&self) -> bool {
        *self == Settings::default()
    }

    // One setter per setting, each checking its values: what the table, the `Generator` and the
    // TOML reader call.

    /// Reads strings of `format` (`date-time`, `date`, `uuid`, `byte`) as `choice` (`time`,
    /// `chrono`, `jiff`, `uuid`, `bytes`, or `string`, the default).
    pub fn set_format(&mut self, format: &str, choice: &str) -> Result<(), SettingsError> {
        let choice = FormatChoice::parse(format.trim(), choice.trim())?;
        self.formats.insert(choice.format(), choice);
        Ok(())
    }

    /// Uses the Rust type at `path` instead of generating one for the component schema `schema`.
    pub fn set_replace(&mut self, schema: &str, path: &str) -> Result<(), SettingsError> {
        let path = RustPath::parse(path, "`my_crate::Money`")?;
        self.replace.insert(schema.trim().to_string(), path);
        Ok(())
    }

    /// Adds `derive` to every schema type.
    pub fn add_derive(&mut self, derive: &str) -> Result<(), SettingsError> {
        self.derive.push(RustPath::parse(derive, DERIVE_EXAMPLE)?);
        Ok(())
    }

    /// Adds `derive` to the type of the component schema `schema`.
    pub fn add_derive_for(&mut self, schema: &str, derive: &str) -> Result<(), SettingsError> {
        let derive = RustPath::parse(derive, DERIVE_EXAMPLE)?;
        let derives = self
            .derive_for
            .entry(schema.trim().to_string())
            .or_default();
        derives.push(derive);
        Ok(())
    }

    /// Names the type of the component schema `schema` `name`.
    pub fn rename_schema(&mut self, schema: &str, name: &str) -> Result<(), SettingsError> {
        let name = RustName::parse(name)?;
        self.rename_schemas.insert(schema.trim().to_string(), name);
        Ok(())
    }

    /// Names the field of `property` of the component schema `schema` `name`.
    pub fn rename_property(
        &mut self,
        schema: &str,
        property: &str,
        name: &str,
    ) -> Result<(), SettingsError> {
        let name = RustName::parse(name)?;
        let key = (schema.trim().to_string(), property.trim().to_string());
        self.rename_properties.insert(key, name);
        Ok(())
    }

    /// Names the method of the operation with `operation_id` `name`.
    pub fn rename_operation(
        &mut self,
        operation_id: &str,
        name: &str,
    ) -> Result<(), SettingsError> {
        let name = RustName::parse(name)?;
        self.rename_operations
            .insert(operation_id.trim().to_string(), name);
        Ok(())
    }

    /// Pages the operation with `operation_id` as `pages` says, in the words of
    /// `x-speakeasy-pagination` (`type=cursor, cursor=after, nextCursor=$.next, results=$.data`),
    /// when the spec says nothing of its pages. The operation id [`EVERY_OPERATION`] (`*`)
    /// pages every operation the spec says nothing of whose parameters and response have the
    /// shape `pages` names (Stripe's lists: a `starting_after` parameter and a `data` array).
    pub fn set_pagination(&mut self, operation_id: &str, pages: &str) -> Result<(), SettingsError> {
        let pages = pages::Pages::parse(pages)?;
        self.pagination
            .insert(operation_id.trim().to_string(), pages);
        Ok(())
    }

    /// Ends the event stream of the operation with `operation_id` at the event whose data is
    /// `data` (OpenAI's `[DONE]`), when the spec does not say so (`x-speakeasy-sse-sentinel`).
    pub fn set_sse_sentinel(&mut self, operation_id: &str, data: &str) {
        self.sse_sentinels
            .insert(operation_id.trim().to_string(), data.to_string());
    }

    /// Groups the operations by their first tag into sub-clients, each group behind a Cargo
    /// feature (see [`crate::Generator::tag_features`]).
    pub fn set_tag_features(&mut self, on: bool) {
        self.tag_features = on;
    }

    /// Emits the types alone, without the HTTP client (see [`crate::Generator::no_client`]).
    pub fn set_no_client(&mut self, on: bool) {
        self.no_client = on;
    }

    /// Emits a typed mock server of the API, behind the feature `mock` (see
    /// [`crate::Generator::mock`]).
    pub fn set_mock(&mut self, on: bool) {
        self.mock = on;
    }

    /// Records a `tracing` span per call, behind the feature `tracing` (see
    /// [`crate::Generator::tracing`]).
    pub fn set_tracing(&mut self, on: bool) {
        self.tracing = on;
    }

    /// Lets the client send through a `reqwest_middleware` stack, behind the feature
    /// `middleware` (see [`crate::Generator::middleware`]).
    pub fn set_middleware(&mut self, on: bool) {
        self.middleware = on;
    }

    /// Adds the OpenAPI Overlay (1.0 or 1.1, YAML or JSON) at `path`, applied to the spec after
    /// those added before. In a `[[workspace.metadata.clientgen.clients]]` entry the path is
    /// relative to the workspace root (see [`Settings::overlays_relative_to`]); elsewhere, as
    /// given.
    pub fn add_overlay(&mut self, path: impl Into<PathBuf>) {
        self.overlays.push(path.into());
    }

    /// The overlays, in the order they apply.
    pub fn overlays(&self) -> &[PathBuf] {
        &self.overlays
    }

    /// Reads each relative overlay path as relative to `base` (the workspace root of a client
    /// entry, whose paths are relative to it).
    pub fn overlays_relative_to(&mut self, base: &Path) {
        for overlay in &mut self.overlays {
            if overlay.is_relative() {
                *overlay = base.join(&*overlay);
            }
        }
    }

    /// These settings with each overlay path as `show` writes it (for the command a header
    /// names).
    pub(crate) fn with_overlays_shown(&self, show: impl Fn(&Path) -> String) -> Settings {
        let mut shown = self.clone();
        shown.overlays = self
            .overlays
            .iter()
            .map(|o| PathBuf::from(show(o)))
            .collect();
        shown
    }

    // What the model reads.

    /// Whether any format is set (to a type or to `string`).
    pub(crate) fn sets_formats(&self) -> bool {
        !self.formats.is_empty()
    }

    /// The typed format chosen for strings of `format`, if any.
    pub(crate) fn typed(&self, format: &str) -> Option<TypedFormat> {
        self.formats.get(&Format::named(format)?)?.typed()
    }

    /// The Rust path replacing the component schema `schema`.
    pub(crate) fn replacement(&self, schema: &str) -> Option<&str> {
        self.replace.get(schema).map(RustPath::as_str)
    }

    /// The derives added to every schema type.
    pub(crate) fn derives(&self) -> Vec<String> {
        self.derive.iter().map(|d| d.as_str().to_string()).collect()
    }

    /// The derives added to the component schema `schema` alone.
    pub(crate) fn derives_of(&self, schema: &str) -> Option<Vec<String>> {
        let own = self.derive_for.get(schema)?;
        Some(own.iter().map(|d| d.as_str().to_string()).collect())
    }

    /// The type name chosen for the component schema `schema`.
    pub(crate) fn schema_name(&self, schema: &str) -> Option<&str> {
        self.rename_schemas.get(schema).map(RustName::as_str)
    }

    /// The field name chosen for `property` of the component schema `schema`.
    pub(crate) fn property_name(&self, schema: &str, property: &str) -> Option<&str> {
        if self.rename_properties.is_empty() {
            return None;
        }
        let key = (schema.to_string(), property.to_string());
        self.rename_properties.get(&key).map(RustName::as_str)
    }

    /// The method name chosen for the operation `operation_id`.
    pub(crate) fn operation_name(&self, operation_id: &str) -> Option<&str> {
        self.rename_operations
            .get(operation_id)
            .map(RustName::as_str)
    }

    /// Whether the `pagination` setting pages every operation of the right shape.
    pub(crate) fn pages_every_operation(&self) -> bool {
        self.pagination.contains_key(EVERY_OPERATION)
    }

    /// The `x-speakeasy-pagination` the settings give the operation `operation_id` (`None`
    /// for an operation without one), and whether it is that of every operation (the key
    /// [`EVERY_OPERATION`]) rather than its own.
    pub(crate) fn pagination_of(
        &self,
        operation_id: Option<&str>,
    ) -> Option<(&serde_json::Value, bool)> {
        let own = operation_id.and_then(|id| self.pagination.get(id));
        match own {
            Some(pages) => Some((pages.extension(), false)),
            None => (self.pagination.get(EVERY_OPERATION)).map(|pages| (pages.extension(), true)),
        }
    }

    /// The data of the event that ends the event stream of `operation_id`, as the settings say.
    pub(crate) fn sse_sentinel_of(&self, operation_id: &str) -> Option<&str> {
        self.sse_sentinels.get(operation_id).map(String::as_str)
    }

    /// Whether the operations are grouped by tag behind features.
    pub(crate) fn tag_features(&self) -> bool {
        self.tag_features
    }

    /// Whether the types are emitted alone, without the client.
    pub(crate) fn no_client(&self) -> bool {
        self.no_client
    }

    /// Whether the client has a `mock` module.
    pub(crate) fn mock(&self) -> bool {
        self.mock
    }

    /// Whether the client records a span per call (with the feature `tracing`).
    pub(crate) fn tracing(&self) -> bool {
        self.tracing
    }

    /// Whether the client takes a middleware stack (with the feature `middleware`).
    pub(crate) fn middleware(&self) -> bool {
        self.middleware
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key() {
        let settings = Settings::from_toml(
            r#"
            formats = { date-time = "time", uuid = "uuid", byte = "string" }
            replace = { Money = "my_crate::Money" }
            derive = ["Eq", "Hash"]
            derive-for = { Pet = ["schemars::JsonSchema"] }
            rename-schemas = { Pet = "Animal" }
            rename-properties = { "Pet.name" = "title" }
            rename-operations = { listPets = "pets" }
            tag_features = true
            "#,
        )
        .expect("valid settings");
        assert_eq!(settings.typed("date-time"), Some(TypedFormat::TimeDateTime));
        assert_eq!(settings.typed("uuid"), Some(TypedFormat::Uuid));
        assert_eq!(settings.typed("date"), None);
        assert_eq!(settings.typed("byte"), None);
        assert!(settings.sets_formats());
        assert_eq!(settings.derives(), ["Eq", "Hash"]);
        assert_eq!(
            settings.derives_of("Pet"),
            Some(vec!["schemars::JsonSchema".to_string()])
        );
        assert_eq!(settings.replacement("Money"), Some("my_crate::Money"));
        assert_eq!(settings.schema_name("Pet"), Some("Animal"));
        assert_eq!(settings.property_name("Pet", "name"), Some("title"));
        assert_eq!(settings.property_name("Pet", "title"), None);
        assert_eq!(settings.operation_name("listPets"), Some("pets"));
        assert!(settings.tag_features());
    }

    #[test]
    fn refuses_what_it_cannot_use_naming_the_key() {
        let cases = [
            (
                "formats = { date-time = \"moment\" }",
                "`formats.date-time`: format `date-time` cannot be read as `moment`; \
                 choose one of: time, chrono, jiff, string",
            ),
            (
                "formats = { email = \"string\" }",
                "format `email` cannot be typed; the formats that can: date-time, date, uuid, byte",
            ),
            (
                "replace = { Money = \"not a path\" }",
                "`replace.Money`: `not a path` is not a Rust path",
            ),
            (
                "derive = [\"Eq\", \"a b\"]",
                "`derive`: `a b` is not a Rust path",
            ),
            (
                "rename-schemas = { Pet = \"two words\" }",
                "`rename-schemas.Pet`: `two words` is not a Rust identifier",
            ),
            (
                "rename-properties = { Pet = \"name\" }",
                "`rename-properties.Pet`: `Pet` names no property",
            ),
            (
                "derives = [\"Eq\"]",
                "unknown field `derives`, expected one of `formats`",
            ),
            (
                "derive = \"Eq\"",
                "`derive` is written `derive = [\"Eq\", \"Hash\"]`",
            ),
            (
                "tag-features = \"yes\"",
                "`tag-features` is written `tag-features = true`",
            ),
            ("derive-for = { Pet = \"Eq\" }", "`derive-for` is written"),
        ];
        for (text, expected) in cases {
            let error = Settings::from_toml(text).expect_err(text);
            assert!(error.0.contains(expected), "{text}: {error}");
        }
    }

    #[test]
    fn reads_format_flags() {
        let mut settings = Settings::default();
        settings.apply_flag("format", "date=chrono").expect("valid");
        assert_eq!(settings.typed("date"), Some(TypedFormat::ChronoDate));
        let error = settings
            .apply_flag("format", "date")
            .expect_err("no choice");
        assert_eq!(
            error.0,
            "--format `date`: write FORMAT=TYPE (e.g. `--format date-time=time`)"
        );
        assert!(settings.apply_flag("format", "uuid=time").is_err());
        assert!(settings.apply_flag("formats", "uuid=uuid").is_err());
    }

    /// Every setting's flags read back as the same settings, and TOML and flags agree.
    #[test]
    fn flags_give_back_the_settings() {
        let mut settings = Settings::default();
        for setting in SETTINGS {
            let example = setting.examples()[2];
            let value = example
                .strip_prefix(&format!("--{}", setting.flag()))
                .expect("the flag example is the flag")
                .trim();
            settings.apply_flag(setting.flag(), value).expect(example);
        }
        settings
            .apply_flag("rename-property", "Pet-a.x=y")
            .expect("valid");
        settings.apply_flag("format", "byte=string").expect("valid");
        let flags = settings.to_flags();
        assert_eq!(flags.len(), SETTINGS.len() + 2, "{flags:?}");
        let mut again = Settings::default();
        for flag in &flags {
            let flag = flag.trim_start_matches("--");
            let (name, value) = flag.split_once(' ').unwrap_or((flag, ""));
            again.apply_flag(name, value).expect(flag);
        }
        assert_eq!(again, settings);
        let properties: Vec<&String> = flags.iter().filter(|f| f.contains("property")).collect();
        assert_eq!(
            properties,
            [
                "--rename-property Pet-a.x=y",
                "--rename-property Pet.nm=name"
            ],
            "in the order of their text"
        );
        let toml: Vec<&str> = SETTINGS.iter().map(|s| s.examples()[0]).collect();
        let from_toml = Settings::from_toml(&toml.join("\n")).expect("the examples are valid");
        let mut from_flags = Settings::default();
        for setting in SETTINGS {
            let example = setting.examples()[2];
            let value = example.split_once(' ').map_or("", |(_, v)| v);
            from_flags.apply_flag(setting.flag(), value).expect(example);
        }
        // The TOML examples set more (two derives): each flag's setting is in them.
        for flag in from_flags.to_flags() {
            assert!(from_toml.to_flags().contains(&flag), "{flag}");
        }
        assert!(settings.apply_flag("replace", "Money").is_err());
        assert!(
            settings
                .apply_flag("rename-schema", "Pet=not valid")
                .is_err()
        );
    }

    /// The README's table of settings is this table: a row per setting, in its order, with its
    /// examples; and the command line's list of settings flags names each.
    #[test]
    fn the_readme_lists_every_setting() {
        let readme = include_str!("../../../README.md");
        let mut rest = readme;
        for setting in SETTINGS {
            let [key, call, flag] = setting.examples();
            let row = format!("| `{key}` | `{call}` | `{flag}` |");
            let Some(at) = rest.find(&row) else {
                panic!("README: no row `{row}` (or not in the table's order)");
            };
            rest = &rest[at + row.len()..];
        }
        let flags = readme
            .split("- `SETTINGS` are the flags of")
            .nth(1)
            .and_then(|s| s.split("\n- ").next())
            .expect("README lists the settings flags");
        for setting in SETTINGS {
            let flag = format!("`--{}", setting.flag());
            assert!(flags.contains(&flag), "README's flag list lacks {flag}");
        }
    }
}
