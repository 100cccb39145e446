//! JSON and YAML into `serde_json::Value`, refusing duplicate keys (`serde_json` keeps the last
//! one silently, which hides mistakes in hand-edited specs).
//!
//! For YAML it also applies merge keys (`<<: *anchor`), reads integers beyond 64 bits as
//! floating point (as JSON parsers do; JavaScript tools write `-9223372036854776000`), and
//! drops tags (`!Ref x` is `x`).

use serde::de::{self, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// A JSON (`YAML == false`) or YAML value whose mappings had no duplicate keys.
pub struct Strict<const YAML: bool>(pub Value);

impl<'de, const YAML: bool> de::Deserialize<'de> for Strict<YAML> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(StrictVisitor::<YAML>)
            .map(Strict)
    }
}

struct StrictVisitor<const YAML: bool>;

/// The key that merges other mappings into a YAML mapping.
const MERGE: &str = "<<";

impl<'de, const YAML: bool> Visitor<'de> for StrictVisitor<YAML> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if YAML { "a YAML value" } else { "a JSON value" })
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format_args!("the number {v} is not finite")))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Strict::<YAML>(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        let mut merges = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let Strict::<YAML>(value) = map.next_value()?;
            if YAML && key == MERGE {
                merges.push(value);
                continue;
            }
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
            }
            out.insert(key, value);
        }
        if merges.is_empty() {
            return Ok(Value::Object(out));
        }
        // Keys written in the mapping win over merged ones, and an earlier merged mapping over
        // a later one; merged keys come first, in the order they are merged.
        let mut merged = Map::new();
        for value in merges {
            let sources = match value {
                Value::Array(items) => items,
                other => vec![other],
            };
            for source in sources {
                let Value::Object(entries) = source else {
                    return Err(de::Error::custom(
                        "a merge key `<<` takes a mapping or a list of mappings",
                    ));
                };
                for (key, value) in entries {
                    if !out.contains_key(&key) && !merged.contains_key(&key) {
                        merged.insert(key, value);
                    }
                }
            }
        }
        merged.extend(out);
        Ok(Value::Object(merged))
    }

    /// A tagged YAML node (`!Tag value`): the tag is dropped.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, node) = data.variant::<de::IgnoredAny>()?;
        node.newtype_variant::<Strict<YAML>>().map(|s| s.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Result<Value, String> {
        serde_yaml::from_str::<Strict<true>>(text)
            .map(|s| s.0)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn merge_keys_are_applied_in_yaml_only() {
        let got = yaml(
            "base: &base {type: object, description: Base}\n\
             extra: &extra {title: Extra, description: Extra}\n\
             one: {<<: *base, description: One}\n\
             two: {<<: [*extra, *base], nullable: true}\n",
        )
        .expect("parses");
        assert_eq!(
            got["one"],
            serde_json::json!({"type": "object", "description": "One"})
        );
        assert_eq!(
            serde_json::to_string(&got["two"]).expect("prints"),
            r#"{"title":"Extra","description":"Extra","type":"object","nullable":true}"#
        );
        let json: Value = serde_json::from_str::<Strict<false>>(r#"{"<<": 1}"#)
            .expect("parses")
            .0;
        assert_eq!(json, serde_json::json!({"<<": 1}));
        let bad = yaml("a: {<<: 1}\n").expect_err("not a mapping");
        assert!(bad.contains("merge key"), "{bad}");
    }

    #[test]
    fn integers_beyond_64_bits_tags_and_odd_keys() {
        let got = yaml(
            "min: -9223372036854776000\nmax: 18446744073709551616\n\
             tagged: !Ref thing\n200: ok\ntrue: yes\n",
        )
        .expect("parses");
        assert_eq!(got["min"].as_f64(), Some(-9.223372036854776e18));
        assert_eq!(got["max"].as_f64(), Some(1.8446744073709552e19));
        assert_eq!(got["tagged"], "thing");
        assert_eq!(
            (&got["200"], &got["true"]),
            (&Value::from("ok"), &Value::from("yes"))
        );
    }

    #[test]
    fn duplicate_keys_and_infinite_numbers_are_refused() {
        let dup = yaml("a: 1\nb: 2\na: 3\n").expect_err("duplicate");
        assert!(dup.contains("duplicate key `a`"), "{dup}");
        let inf = yaml("a: .inf\n").expect_err("infinite");
        assert!(inf.contains("not finite"), "{inf}");
    }
}
