//! Typed string formats (`format: date-time` as `time::OffsetDateTime`, ...), emitted into
//! `types` only when the settings type some format the client uses.
//!
//! One decision: a value in a typed format is a `Parsed<T>`, `Valid(T)` when its text parses
//! and `Invalid(String)` (the text as sent) when it does not, so a server that sends a value the
//! type cannot read never fails the response. It is written back as the text it was read from
//! (`Invalid`) or as RFC 3339 / `YYYY-MM-DD` / hyphenated UUID / padded Base64 (`Valid`), in bodies and in
//! path, query and header parameters alike.

use super::tokens::ident;
use crate::dependencies::Dependency;
use crate::model::Api;
use crate::model::walk;
use crate::naming::reserved::{PARSED, WIRE_TEXT};
use crate::settings::TypedFormat;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The typed formats the client uses.
pub fn used(api: &Api) -> BTreeSet<TypedFormat> {
    walk::formats_used(api)
}

/// The crates the used formats need, by name.
pub fn crates(api: &Api) -> Vec<Dependency> {
    let mut crates: Vec<_> = used(api).into_iter().map(TypedFormat::dependency).collect();
    crates.sort_unstable_by_key(|c| c.name());
    crates.dedup();
    crates
}

/// `Parsed`, its trait and one impl per used format; nothing when none is used.
pub fn items(api: &Api) -> TokenStream {
    let used = used(api);
    if used.is_empty() {
        return TokenStream::new();
    }
    let parsed = ident(PARSED);
    let wire_text = ident(WIRE_TEXT);
    let impls = used.iter().map(|f| wire_impl(*f, &wire_text));
    quote! {
        /// A value in a typed string format: `Valid` when the text parses, `Invalid` with the
        /// text as the server sent it when it does not, so that one odd value never fails a
        /// whole response. Written back as the text it was read from (`Invalid`) or in the
        /// format's standard form (`Valid`: RFC 3339 for date-times).
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #parsed<T> {
            /// The value, parsed.
            Valid(T),
            /// The text that did not parse (a JSON value that is not a string, as JSON).
            Invalid(String),
        }

        impl<T> #parsed<T> {
            /// The value, if it parsed.
            pub fn valid(&self) -> Option<&T> {
                match self {
                    #parsed::Valid(value) => Some(value),
                    #parsed::Invalid(_) => None,
                }
            }

            /// The value, if it parsed, by value.
            pub fn into_valid(self) -> Option<T> {
                match self {
                    #parsed::Valid(value) => Some(value),
                    #parsed::Invalid(_) => None,
                }
            }
        }

        impl<T: #wire_text> #parsed<T> {
            /// The text on the wire: the raw text of an invalid value, the standard form of a
            /// valid one.
            pub fn text(&self) -> String {
                match self {
                    #parsed::Valid(value) => value.to_text(),
                    #parsed::Invalid(text) => text.clone(),
                }
            }
        }

        impl<T: #wire_text> std::str::FromStr for #parsed<T> {
            type Err = std::convert::Infallible;

            /// Never fails: text that does not parse is kept as `Invalid` (response headers).
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ok(match T::from_text(text) {
                    Some(value) => #parsed::Valid(value),
                    None => #parsed::Invalid(text.to_string()),
                })
            }
        }

        impl<T> From<T> for #parsed<T> {
            fn from(value: T) -> Self {
                #parsed::Valid(value)
            }
        }

        impl<T: #wire_text> std::fmt::Display for #parsed<T> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.text())
            }
        }

        impl<T: #wire_text> serde::Serialize for #parsed<T> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.text())
            }
        }

        impl<'de, T: #wire_text> serde::Deserialize<'de> for #parsed<T> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Ok(match <serde_json::Value as serde::Deserialize>::deserialize(deserializer)? {
                    serde_json::Value::String(text) => match T::from_text(&text) {
                        Some(value) => #parsed::Valid(value),
                        None => #parsed::Invalid(text),
                    },
                    other => #parsed::Invalid(other.to_string()),
                })
            }
        }

        /// A type read from and written as text in a typed format.
        pub trait #wire_text: Sized {
            /// The value of `text`, if it is one.
            fn from_text(text: &str) -> Option<Self>;
            /// The value's text.
            fn to_text(&self) -> String;
        }

        #(#impls)*
    }
}

fn wire_impl(format: TypedFormat, wire_text: &proc_macro2::Ident) -> TokenStream {
    let ty = super::tokens::rust_path(format.rust_path());
    let (from, to) = match format {
        TypedFormat::TimeDateTime => (
            quote!(
                time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
                    .ok()
            ),
            quote!(
                self.format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default()
            ),
        ),
        TypedFormat::TimeDate => (
            quote! {
                let bytes = text.as_bytes();
                if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
                    return None;
                }
                let year: i32 = text.get(0..4)?.parse().ok()?;
                let month: u8 = text.get(5..7)?.parse().ok()?;
                let day: u8 = text.get(8..10)?.parse().ok()?;
                time::Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
            },
            quote!(format!(
                "{:04}-{:02}-{:02}",
                self.year(),
                u8::from(self.month()),
                self.day()
            )),
        ),
        TypedFormat::ChronoDateTime => (
            quote!(chrono::DateTime::parse_from_rfc3339(text).ok()),
            quote!(self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
        ),
        TypedFormat::ChronoDate => (
            quote!(chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()),
            quote!(self.format("%Y-%m-%d").to_string()),
        ),
        TypedFormat::JiffDateTime => (quote!(text.parse().ok()), quote!(self.to_string())),
        TypedFormat::JiffDate => (quote!(text.parse().ok()), quote!(self.to_string())),
        TypedFormat::Uuid => (
            quote!(uuid::Uuid::parse_str(text).ok()),
            quote!(self.hyphenated().to_string()),
        ),
        TypedFormat::Base64Bytes => (
            quote! {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD.decode(text).ok()
            },
            quote! {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD.encode(self)
            },
        ),
    };
    quote! {
        impl #wire_text for #ty {
            fn from_text(text: &str) -> Option<Self> {
                #from
            }
            fn to_text(&self) -> String {
                #to
            }
        }
    }
}
