//! The string formats a setting may type, and the Rust type of each choice: one table
//! ([`CHOICES`]) that parsing, the error messages, the header's flags and the model read.

use super::SettingsError;
use crate::dependencies::Dependency;

/// A string `format` that can be read as a Rust type. The order is the names' order (the order
/// of the `--format` flags in the `@generated` header).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// `format: byte` (Base64 text).
    Byte,
    /// `format: date`.
    Date,
    /// `format: date-time`.
    DateTime,
    /// `format: uuid`.
    Uuid,
}

impl Format {
    /// The formats in the order messages list them.
    const LISTED: [Format; 4] = [Format::DateTime, Format::Date, Format::Uuid, Format::Byte];

    /// The name in the spec and in settings.
    pub fn name(self) -> &'static str {
        match self {
            Format::Byte => "byte",
            Format::Date => "date",
            Format::DateTime => "date-time",
            Format::Uuid => "uuid",
        }
    }

    /// The format named `name` in a spec, if it can be typed.
    pub fn named(name: &str) -> Option<Format> {
        Format::LISTED.into_iter().find(|f| f.name() == name)
    }
}

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

/// Every choice of every format, in the order messages list them: the format, the choice's name
/// in settings, and its type (`None`: `String`, as without the setting).
const CHOICES: [(Format, &str, Option<TypedFormat>); 12] = [
    (Format::DateTime, "time", Some(TypedFormat::TimeDateTime)),
    (
        Format::DateTime,
        "chrono",
        Some(TypedFormat::ChronoDateTime),
    ),
    (Format::DateTime, "jiff", Some(TypedFormat::JiffDateTime)),
    (Format::DateTime, "string", None),
    (Format::Date, "time", Some(TypedFormat::TimeDate)),
    (Format::Date, "chrono", Some(TypedFormat::ChronoDate)),
    (Format::Date, "jiff", Some(TypedFormat::JiffDate)),
    (Format::Date, "string", None),
    (Format::Uuid, "uuid", Some(TypedFormat::Uuid)),
    (Format::Uuid, "string", None),
    (Format::Byte, "bytes", Some(TypedFormat::Base64Bytes)),
    (Format::Byte, "string", None),
];

fn choices() -> std::slice::Iter<'static, (Format, &'static str, Option<TypedFormat>)> {
    CHOICES.iter()
}

/// What a format is read as: one of its typed choices, or `String` (chosen as `string`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatChoice {
    format: Format,
    typed: Option<TypedFormat>,
}

impl FormatChoice {
    /// Reads `format` = `choice` (`date-time`, `time`).
    pub fn parse(format: &str, choice: &str) -> Result<FormatChoice, SettingsError> {
        let Some(format) = Format::named(format) else {
            let known: Vec<&str> = Format::LISTED.iter().map(|f| f.name()).collect();
            return Err(SettingsError(format!(
                "format `{format}` cannot be typed; the formats that can: {}",
                known.join(", ")
            )));
        };
        let mut of_format = choices().filter(|(f, _, _)| *f == format);
        match of_format.clone().find(|(_, name, _)| *name == choice) {
            Some(&(format, _, typed)) => Ok(FormatChoice { format, typed }),
            None => {
                let names: Vec<&str> = of_format.by_ref().map(|(_, name, _)| *name).collect();
                Err(SettingsError(format!(
                    "format `{}` cannot be read as `{choice}`; choose one of: {}",
                    format.name(),
                    names.join(", ")
                )))
            }
        }
    }

    /// The format.
    pub fn format(self) -> Format {
        self.format
    }

    /// The type chosen; `None` for `String`.
    pub fn typed(self) -> Option<TypedFormat> {
        self.typed
    }

    /// The choice's name in settings (`time`).
    pub fn name(self) -> &'static str {
        choices()
            .find(|(f, _, typed)| *f == self.format && *typed == self.typed)
            .map_or("string", |(_, name, _)| name)
    }
}

impl TypedFormat {
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

    /// The crate it comes from (its version is in the table of [`Dependency`]).
    pub(crate) fn dependency(self) -> Dependency {
        match self {
            TypedFormat::TimeDateTime | TypedFormat::TimeDate => Dependency::Time,
            TypedFormat::ChronoDateTime | TypedFormat::ChronoDate => Dependency::Chrono,
            TypedFormat::JiffDateTime | TypedFormat::JiffDate => Dependency::Jiff,
            TypedFormat::Uuid => Dependency::Uuid,
            TypedFormat::Base64Bytes => Dependency::Base64,
        }
    }

    /// The `format` it types.
    pub fn format(self) -> Format {
        choices()
            .find(|(_, _, typed)| *typed == Some(self))
            .map_or(Format::DateTime, |(f, _, _)| *f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_typed_format_has_one_choice_and_its_format() {
        for (format, name, typed) in choices() {
            let choice = FormatChoice::parse(format.name(), name).expect(name);
            assert_eq!(choice.typed(), *typed);
            assert_eq!(choice.name(), *name);
            if let Some(typed) = typed {
                assert_eq!(typed.format(), *format);
            }
        }
        let typed: Vec<_> = choices().filter_map(|(_, _, t)| *t).collect();
        assert_eq!(typed.len(), 8, "each typed format once");
        let mut names: Vec<&str> = Format::LISTED.iter().map(|f| f.name()).collect();
        let listed = names.clone();
        names.sort_unstable();
        let mut ordered = Format::LISTED;
        ordered.sort();
        let ordered: Vec<&str> = ordered.iter().map(|f| f.name()).collect();
        assert_eq!(ordered, names, "formats order as their names do");
        assert_eq!(listed, ["date-time", "date", "uuid", "byte"]);
    }
}
