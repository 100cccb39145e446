//! The one table of settings: each setting's command-line flag, Cargo metadata key, help,
//! examples and how its values are set and listed. The command line builds its flags from it,
//! the TOML reader its keys, the `@generated` header its command, and a test checks the README's
//! table against it.

use super::{Settings, SettingsError};

/// How a setting's values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Shape {
    /// `key = true`; the flag takes no value.
    Switch,
    /// `key = ["A", "B"]`; each flag gives one item (`--derive A`).
    List,
    /// `key = { K = "V" }`; each flag gives one entry (`--replace K=V`).
    Map,
    /// `key = { K = ["A", "B"] }`; each flag gives one item of one entry (`--derive-for K=A`).
    MapOfLists,
}

/// One setting, as every entry point names it.
#[derive(Debug)]
pub struct Setting {
    flag: &'static str,
    key: &'static str,
    /// A second metadata key read as this one (`tag_features`).
    #[cfg_attr(
        not(feature = "workspace"),
        allow(
            dead_code,
            reason = "read by the metadata reader, behind the `workspace` feature"
        )
    )]
    alias: Option<&'static str>,
    shape: Shape,
    value_name: &'static str,
    help: &'static str,
    /// As a metadata key, a `Generator` call and a flag, as the README's table shows them.
    examples: [&'static str; 3],
    /// Sets one value: (entry key, value) for a map, ("", item) for a list, ("", "") for a switch.
    set: fn(&mut Settings, &str, &str) -> Result<(), SettingsError>,
    /// The values set, in the order their flags are listed (same shapes as `set`).
    get: fn(&Settings) -> Vec<(String, String)>,
}

/// Every setting, in the order the `@generated` header lists their flags.
pub const SETTINGS: &[Setting] = &[
    Setting {
        flag: "format",
        key: "formats",
        alias: None,
        shape: Shape::Map,
        value_name: "FORMAT=TYPE",
        help: "Read strings of a format as a Rust type: `date-time=time|chrono|jiff`, \
               `date=time|chrono|jiff`, `uuid=uuid`, `byte=bytes` (default: String). A value that \
               does not parse is kept as its text (`Parsed::Invalid`).",
        examples: [
            r#"formats = { date-time = "time" }"#,
            r#".format("date-time", "time")"#,
            "--format date-time=time",
        ],
        set: |s, format, choice| s.set_format(format, choice),
        get: |s| {
            let formats = s.formats.iter();
            formats
                .map(|(f, c)| (f.name().to_string(), c.name().to_string()))
                .collect()
        },
    },
    Setting {
        flag: "replace",
        key: "replace",
        alias: None,
        shape: Shape::Map,
        value_name: "SCHEMA=PATH",
        help: "Use a Rust type instead of generating one for a component schema \
               (`Money=my_crate::Money`); it must (de)serialize as the schema does.",
        examples: [
            r#"replace = { Money = "my_crate::Money" }"#,
            r#".replace("Money", "my_crate::Money")"#,
            "--replace Money=my_crate::Money",
        ],
        set: |s, schema, path| s.set_replace(schema, path),
        get: |s| pairs(s.replace.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
    },
    Setting {
        flag: "rename-schema",
        key: "rename-schemas",
        alias: None,
        shape: Shape::Map,
        value_name: "SCHEMA=NAME",
        help: "Name a component schema's type (`Pet=Animal`).",
        examples: [
            r#"rename-schemas = { PetRecordDto = "Pet" }"#,
            r#".rename_schema("PetRecordDto", "Pet")"#,
            "--rename-schema PetRecordDto=Pet",
        ],
        set: |s, schema, name| s.rename_schema(schema, name),
        get: |s| {
            pairs(
                s.rename_schemas
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str())),
            )
        },
    },
    Setting {
        flag: "rename-property",
        key: "rename-properties",
        alias: None,
        shape: Shape::Map,
        value_name: "SCHEMA.PROPERTY=NAME",
        help: "Name a property's field (`Pet.name=title`).",
        examples: [
            r#"rename-properties = { "Pet.nm" = "name" }"#,
            r#".rename_property("Pet", "nm", "name")"#,
            "--rename-property Pet.nm=name",
        ],
        set: |s, key, name| match key.trim().rsplit_once('.') {
            Some((schema, property)) => s.rename_property(schema, property, name),
            None => Err(SettingsError(format!(
                "`{key}` names no property: write SCHEMA.PROPERTY (`Pet.name`)"
            ))),
        },
        get: |s| {
            let renames = s.rename_properties.iter();
            let mut pairs: Vec<(String, String)> = renames
                .map(|((schema, property), name)| {
                    (format!("{schema}.{property}"), name.as_str().to_string())
                })
                .collect();
            // In the order of the text `Schema.property`, as they were always listed.
            pairs.sort();
            pairs
        },
    },
    Setting {
        flag: "rename-operation",
        key: "rename-operations",
        alias: None,
        shape: Shape::Map,
        value_name: "OPERATION_ID=NAME",
        help: "Name an operation's method (`listPets=pets`).",
        examples: [
            r#"rename-operations = { listPetsV2 = "list_pets" }"#,
            r#".rename_operation("listPetsV2", "list_pets")"#,
            "--rename-operation listPetsV2=list_pets",
        ],
        set: |s, id, name| s.rename_operation(id, name),
        get: |s| {
            pairs(
                s.rename_operations
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str())),
            )
        },
    },
    Setting {
        flag: "pagination",
        key: "pagination",
        alias: None,
        shape: Shape::Map,
        value_name: "OPERATION_ID=PAGES",
        help: "Page an operation the spec says nothing about, in the words of \
               `x-speakeasy-pagination`: `type=cursor|offsetLimit|url`, an input \
               (`cursor=NAME`, `offset=NAME`, `page=NAME`; `requestBody.NAME` in the body) and \
               outputs (`results`, `nextCursor`, `nextUrl`: JSONPaths such as `$.data`).",
        examples: [
            r#"pagination = { listPets = "type=cursor,cursor=after,nextCursor=$.next" }"#,
            r#".pagination("listPets", "type=cursor,cursor=after,nextCursor=$.next")"#,
            "--pagination listPets=type=cursor,cursor=after,nextCursor=$.next",
        ],
        set: |s, id, pages| s.set_pagination(id, pages),
        get: |s| pairs(s.pagination.iter().map(|(k, v)| (k.as_str(), v.text()))),
    },
    Setting {
        flag: "sse-sentinel",
        key: "sse-sentinels",
        alias: None,
        shape: Shape::Map,
        value_name: "OPERATION_ID=DATA",
        help: "End the event stream of an operation at the event whose data is DATA (OpenAI's \
               `[DONE]`), when the spec does not say so with `x-speakeasy-sse-sentinel`.",
        examples: [
            r#"sse-sentinels = { createChatCompletion = "[DONE]" }"#,
            r#".sse_sentinel("createChatCompletion", "[DONE]")"#,
            "--sse-sentinel createChatCompletion=[DONE]",
        ],
        set: |s, id, data| {
            s.set_sse_sentinel(id, data);
            Ok(())
        },
        get: |s| {
            pairs(
                s.sse_sentinels
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str())),
            )
        },
    },
    Setting {
        flag: "derive",
        key: "derive",
        alias: None,
        shape: Shape::List,
        value_name: "PATH",
        help: "Add a derive to every schema type (`Eq`, `Hash`, `schemars::JsonSchema`).",
        examples: [
            r#"derive = ["Eq", "Hash"]"#,
            r#".derive("Eq")"#,
            "--derive Eq",
        ],
        set: |s, _, derive| s.add_derive(derive),
        get: |s| pairs(s.derive.iter().map(|d| ("", d.as_str()))),
    },
    Setting {
        flag: "derive-for",
        key: "derive-for",
        alias: None,
        shape: Shape::MapOfLists,
        value_name: "SCHEMA=PATH",
        help: "Add a derive to one component schema's type (`Pet=Hash`).",
        examples: [
            r#"derive-for = { Pet = ["schemars::JsonSchema"] }"#,
            r#".derive_for("Pet", "schemars::JsonSchema")"#,
            "--derive-for Pet=schemars::JsonSchema",
        ],
        set: |s, schema, derive| s.add_derive_for(schema, derive),
        get: |s| {
            let each = s.derive_for.iter();
            pairs(each.flat_map(|(k, ds)| ds.iter().map(move |d| (k.as_str(), d.as_str()))))
        },
    },
    Setting {
        flag: "tag-features",
        key: "tag-features",
        alias: Some("tag_features"),
        shape: Shape::Switch,
        value_name: "",
        help: "Group the operations by their first tag (`client.repos().get(..)`), each group \
               behind a Cargo feature (all on by default).",
        examples: [
            "tag-features = true",
            ".tag_features(true)",
            "--tag-features",
        ],
        set: |s, _, _| {
            s.set_tag_features(true);
            Ok(())
        },
        get: |s| switch(s.tag_features),
    },
    Setting {
        flag: "no-client",
        key: "no-client",
        alias: None,
        shape: Shape::Switch,
        value_name: "",
        help: "Emit the types alone: no HTTP client, no error type and no reqwest (for models \
               shared by a server and its clients).",
        examples: ["no-client = true", ".no_client(true)", "--no-client"],
        set: |s, _, _| {
            s.set_no_client(true);
            Ok(())
        },
        get: |s| switch(s.no_client),
    },
    Setting {
        flag: "mock",
        key: "mock",
        alias: None,
        shape: Shape::Switch,
        value_name: "",
        help: "Emit a typed mock server of the API (`mock` module, on wiremock) behind the crate's \
               feature `mock`, for the tests of code that calls the client.",
        examples: ["mock = true", ".mock(true)", "--mock"],
        set: |s, _, _| {
            s.set_mock(true);
            Ok(())
        },
        get: |s| switch(s.mock),
    },
    Setting {
        flag: "tracing",
        key: "tracing",
        alias: None,
        shape: Shape::Switch,
        value_name: "",
        help: "Record a `tracing` span per call, named after the operation, with OpenTelemetry's \
               HTTP client attributes and an event per retry, behind the crate's feature `tracing`.",
        examples: ["tracing = true", ".tracing(true)", "--tracing"],
        set: |s, _, _| {
            s.set_tracing(true);
            Ok(())
        },
        get: |s| switch(s.tracing),
    },
    Setting {
        flag: "middleware",
        key: "middleware",
        alias: None,
        shape: Shape::Switch,
        value_name: "",
        help: "Let the client send through a `reqwest_middleware::ClientWithMiddleware` \
               (`Client::with_middleware`: retry, tracing and caching layers), behind the crate's \
               feature `middleware`.",
        examples: ["middleware = true", ".middleware(true)", "--middleware"],
        set: |s, _, _| {
            s.set_middleware(true);
            Ok(())
        },
        get: |s| switch(s.middleware),
    },
    Setting {
        flag: "overlay",
        key: "overlays",
        alias: None,
        shape: Shape::List,
        value_name: "FILE",
        help: "Apply an OpenAPI Overlay (1.0 or 1.1, YAML or JSON) to the spec before reading it; \
               repeat to apply several, in order.",
        examples: [
            r#"overlays = ["spec/fixes.yaml"]"#,
            r#".overlay("spec/fixes.yaml")"#,
            "--overlay spec/fixes.yaml",
        ],
        set: |s, _, path| {
            s.add_overlay(path);
            Ok(())
        },
        get: |s| {
            let shown = s.overlays.iter().map(|o| o.display().to_string());
            shown
                .map(|o| (String::new(), o.replace('\\', "/")))
                .collect()
        },
    },
];

fn pairs<'a>(entries: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<(String, String)> {
    entries
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn switch(on: bool) -> Vec<(String, String)> {
    if on {
        vec![(String::new(), String::new())]
    } else {
        Vec::new()
    }
}

impl Setting {
    /// The command-line option, without dashes (`format`).
    pub fn flag(&self) -> &'static str {
        self.flag
    }

    /// The key of a `[[workspace.metadata.clientgen.clients]]` entry (`formats`).
    pub fn key(&self) -> &'static str {
        self.key
    }

    /// How its values are written.
    pub fn shape(&self) -> Shape {
        self.shape
    }

    /// What the flag's value looks like (`FORMAT=TYPE`); empty for a switch.
    pub fn value_name(&self) -> &'static str {
        self.value_name
    }

    /// What it does, for `--help`.
    pub fn help(&self) -> &'static str {
        self.help
    }

    /// An example as a metadata key, as a `Generator` (or `Builder`) call and as a flag.
    pub fn examples(&self) -> [&'static str; 3] {
        self.examples
    }

    /// Reads the value one flag gives (`date-time=time`; empty for a switch) into `settings`.
    pub fn apply_flag(&self, settings: &mut Settings, value: &str) -> Result<(), SettingsError> {
        match self.shape {
            Shape::Switch => (self.set)(settings, "", ""),
            Shape::List => (self.set)(settings, "", value),
            Shape::Map | Shape::MapOfLists => {
                let Some((key, chosen)) = value.split_once('=') else {
                    return Err(SettingsError(format!(
                        "--{} `{value}`: write {} (e.g. `{}`)",
                        self.flag, self.value_name, self.examples[2]
                    )));
                };
                (self.set)(settings, key, chosen)
            }
        }
    }

    /// The flags that give what `settings` sets of this setting (`--format date-time=time`).
    pub fn flags(&self, settings: &Settings) -> Vec<String> {
        let flag = self.flag;
        (self.get)(settings)
            .into_iter()
            .map(|(key, value)| match self.shape {
                Shape::Switch => format!("--{flag}"),
                Shape::List => format!("--{flag} {value}"),
                Shape::Map | Shape::MapOfLists => format!("--{flag} {key}={value}"),
            })
            .collect()
    }
}

/// Reads the metadata key `key` with its `value` into `settings`.
#[cfg(feature = "workspace")]
pub(super) fn read_key(
    settings: &mut Settings,
    key: &str,
    value: &toml::Value,
) -> Result<(), SettingsError> {
    let Some(setting) = SETTINGS
        .iter()
        .find(|s| s.key == key || s.alias == Some(key))
    else {
        let keys: Vec<String> = SETTINGS.iter().map(|s| format!("`{}`", s.key)).collect();
        return Err(SettingsError(format!(
            "unknown field `{key}`, expected one of {}",
            keys.join(", ")
        )));
    };
    let wrong = || {
        SettingsError(format!(
            "`{key}` is written `{}`",
            setting.examples[0].replace(setting.key, key)
        ))
    };
    let set = |settings: &mut Settings, entry: &str, item: &toml::Value| {
        let item = item.as_str().ok_or_else(wrong)?;
        let place = match entry {
            "" => format!("`{key}`"),
            entry => format!("`{key}.{entry}`"),
        };
        (setting.set)(settings, entry, item).map_err(|e| e.at(&place))
    };
    match (setting.shape, value) {
        (Shape::Switch, toml::Value::Boolean(on)) => {
            if *on {
                (setting.set)(settings, "", "")?;
            }
        }
        (Shape::List, toml::Value::Array(items)) => {
            for item in items {
                set(settings, "", item)?;
            }
        }
        (Shape::Map, toml::Value::Table(entries)) => {
            for (entry, item) in entries {
                set(settings, entry, item)?;
            }
        }
        (Shape::MapOfLists, toml::Value::Table(entries)) => {
            for (entry, items) in entries {
                let items = items.as_array().ok_or_else(wrong)?;
                for item in items {
                    set(settings, entry, item)?;
                }
            }
        }
        _ => return Err(wrong()),
    }
    Ok(())
}
