//! JSON text to pretty JSON text without building the document: what
//! `serde_json::to_string_pretty` writes of the value the text parses to, since each scalar is
//! read and written through the same calls (the bundle a crate keeps, made beside the parse).

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, Serialize, SerializeMap, SerializeSeq, Serializer};
use std::cell::Cell;
use std::fmt;

/// The JSON `text` printed as `serde_json::to_string_pretty` prints the value it parses to,
/// ending in a line break; `None` if it is not JSON (the parse tells why).
pub(super) fn pretty(text: &str) -> Option<String> {
    // Most specs are printed this way already: the text's length is about the output's.
    let mut out = Vec::with_capacity(text.len() + 1);
    let mut reader = serde_json::Deserializer::from_str(text);
    let mut writer = serde_json::Serializer::pretty(&mut out);
    Transcoder::new(&mut reader).serialize(&mut writer).ok()?;
    reader.end().ok()?;
    out.push(b'\n');
    // serde_json writes UTF-8 only.
    String::from_utf8(out).ok()
}

/// A deserializer that serializes what it reads (once).
struct Transcoder<D>(Cell<Option<D>>);

impl<D> Transcoder<D> {
    fn new(deserializer: D) -> Self {
        Transcoder(Cell::new(Some(deserializer)))
    }
}

impl<'de, D: Deserializer<'de>> Serialize for Transcoder<D> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let deserializer = self
            .0
            .take()
            .ok_or_else(|| ser::Error::custom("a value is read once"))?;
        deserializer
            .deserialize_any(Write(serializer))
            .map_err(ser::Error::custom)
    }
}

/// Writes each value read to its serializer.
struct Write<S>(S);

/// A serializer's error as the deserializer's.
fn de_error<E: de::Error>(e: impl fmt::Display) -> E {
    E::custom(e)
}

impl<'de, S: Serializer> Visitor<'de> for Write<S> {
    type Value = S::Ok;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<S::Ok, E> {
        self.0.serialize_bool(v).map_err(de_error)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<S::Ok, E> {
        self.0.serialize_i64(v).map_err(de_error)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<S::Ok, E> {
        self.0.serialize_u64(v).map_err(de_error)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<S::Ok, E> {
        // As `serde_json::Value` keeps it: a number that is not finite is refused (the parse
        // of the same text refuses it too).
        if !v.is_finite() {
            return Err(E::custom("a number that is not finite"));
        }
        self.0.serialize_f64(v).map_err(de_error)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<S::Ok, E> {
        self.0.serialize_str(v).map_err(de_error)
    }

    fn visit_unit<E: de::Error>(self) -> Result<S::Ok, E> {
        self.0.serialize_unit().map_err(de_error)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<S::Ok, A::Error> {
        let mut out = self.0.serialize_seq(seq.size_hint()).map_err(de_error)?;
        while seq.next_element_seed(Element(&mut out))?.is_some() {}
        out.end().map_err(de_error)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<S::Ok, A::Error> {
        let mut out = self.0.serialize_map(map.size_hint()).map_err(de_error)?;
        while map.next_key_seed(Key(&mut out))?.is_some() {
            map.next_value_seed(Entry(&mut out))?;
        }
        out.end().map_err(de_error)
    }
}

/// The next item of a list.
struct Element<'a, S>(&'a mut S);

impl<'de, S: SerializeSeq> DeserializeSeed<'de> for Element<'_, S> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.0
            .serialize_element(&Transcoder::new(deserializer))
            .map_err(de_error)
    }
}

/// The next key of a mapping.
struct Key<'a, S>(&'a mut S);

impl<'de, S: SerializeMap> DeserializeSeed<'de> for Key<'_, S> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.0
            .serialize_key(&Transcoder::new(deserializer))
            .map_err(de_error)
    }
}

/// The value of the last key of a mapping.
struct Entry<'a, S>(&'a mut S);

impl<'de, S: SerializeMap> DeserializeSeed<'de> for Entry<'_, S> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.0
            .serialize_value(&Transcoder::new(deserializer))
            .map_err(de_error)
    }
}

#[cfg(test)]
mod tests {
    use super::pretty;

    /// What the bundle was before: the parsed value, printed.
    fn through_value(text: &str) -> String {
        let value: serde_json::Value = serde_json::from_str(text).expect("JSON");
        serde_json::to_string_pretty(&value).expect("prints") + "\n"
    }

    #[test]
    fn prints_what_the_parsed_value_prints() {
        let texts = [
            r#"{"openapi":"3.0.3","info":{"title":"t\u00e9\"\/","version":"1"},"paths":{}}"#,
            r#"{"a":[1,-2,3.5e10,1e300,-0,-0.0,0.1,18446744073709551615,18446744073709551616],"b":{},"c":[],"d":null,"e":true}"#,
            "  {\"z\": {\"y\": [ {}, [], [[1]], {\"x\": \"\\ud83d\\ude00 \\n\\t\"} ]}}  ",
            r#""just a string""#,
        ];
        for text in texts {
            assert_eq!(
                pretty(text).as_deref(),
                Some(through_value(text).as_str()),
                "{text}"
            );
        }
    }

    #[test]
    fn text_that_is_not_json_is_none() {
        for text in ["{", "{\"a\": 1} x", "[1,]", "{\"a\" 1}"] {
            assert_eq!(pretty(text), None, "{text}");
        }
    }
}
