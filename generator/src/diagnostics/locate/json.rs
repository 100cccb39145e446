//! The JSON side of [`super::find`]: a document that is JSON is read by `serde_json`, whose
//! raw values are slices of the text, so each value's place is where its slice starts. Only the
//! values a pointer goes through are read again, each within its parent's slice: the rest is
//! skipped as serde_json skips an ignored value, without building anything. Much faster than
//! reading JSON as YAML, and it keeps no copy of the text.

use super::{Marker, Step};
use serde::de::{self, Deserializer as _, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// Records in `steps` where each step of the pointers' tree is in `text`; `false` when `text`
/// is not one JSON value (YAML, or JSON serde_json refuses), for the caller to read it as YAML.
pub(super) fn read(text: &str, steps: &mut [Step]) -> bool {
    let Ok(root) = serde_json::from_str::<&RawValue>(text) else {
        return false;
    };
    let lines = LineStarts::new(text);
    let mut reader = Reader { text, lines, steps };
    reader.value(0, root.get(), None);
    true
}

struct Reader<'t, 's> {
    text: &'t str,
    lines: LineStarts,
    steps: &'s mut [Step],
}

impl<'t> Reader<'t, '_> {
    /// Records the value `raw` (a slice of the text) as the place of `step`, with the key it
    /// is under, and reads on into it where a pointer goes on.
    fn value(&mut self, step: usize, raw: &'t str, key: Option<(usize, usize)>) {
        let start = self.offset(raw);
        self.steps[step].start = Some(self.lines.marker(self.text, start));
        self.steps[step].end = Some(self.lines.marker(self.text, start + raw.len()));
        self.steps[step].key = key.map(|(from, to)| {
            saphyr_parser::Span::new(
                self.lines.marker(self.text, from),
                self.lines.marker(self.text, to),
            )
        });
        if self.steps[step].children.is_empty() {
            return;
        }
        let mut deserializer = serde_json::Deserializer::from_str(raw);
        if raw.starts_with('{') {
            let Ok(Entries(entries)) = deserializer.deserialize_map(EntriesVisitor) else {
                return;
            };
            // A key sits between the end of the entry before it (or the brace) and its value.
            let mut after = start + 1;
            for (name, value) in entries {
                let value_start = self.offset(value.get());
                let key = key_span(self.text, after, value_start);
                after = value_start + value.get().len();
                if let Some(next) = super::child(self.steps, step, &name) {
                    self.value(next, value.get(), key);
                }
            }
        } else if raw.starts_with('[') {
            let Ok(Items(items)) = deserializer.deserialize_seq(ItemsVisitor) else {
                return;
            };
            for (index, item) in items.into_iter().enumerate() {
                let next = self.steps[step]
                    .children
                    .iter()
                    .find(|(s, _)| s.parse() == Ok(index))
                    .map(|&(_, c)| c);
                if let Some(next) = next {
                    self.value(next, item.get(), None);
                }
            }
        }
    }

    /// Where a slice of the text starts in it.
    fn offset(&self, slice: &str) -> usize {
        slice.as_ptr() as usize - self.text.as_ptr() as usize
    }
}

/// The span of the quoted key between `from` (after the previous entry or the brace) and
/// `value` (the start of its value): the first `"` after the separators, to the `"` that closes
/// it.
fn key_span(text: &str, from: usize, value: usize) -> Option<(usize, usize)> {
    let between = text.get(from..value)?;
    let open = from + between.find('"')?;
    let bytes = text.as_bytes();
    let mut at = open + 1;
    while at < value {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return Some((open, at + 1)),
            _ => at += 1,
        }
    }
    None
}

/// The start of each line, to turn a byte offset into a line and a column.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts(starts)
    }

    /// The marker at byte `offset`: its line (1-based) and column (0-based, in characters),
    /// as the YAML reader gives them. Its index is the byte offset (only line and column are
    /// read).
    fn marker(&self, text: &str, offset: usize) -> Marker {
        let line = self.0.partition_point(|&start| start <= offset);
        let start = self.0[line - 1];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        Marker::new(offset, line, column)
    }
}

/// A key as written, borrowed where it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// An object's entries in order, their values unread.
struct Entries<'de>(Vec<(Cow<'de, str>, &'de RawValue)>);

struct EntriesVisitor;

impl<'de> Visitor<'de> for EntriesVisitor {
    type Value = Entries<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(Key(name)) = map.next_key()? {
            entries.push((name, map.next_value()?));
        }
        Ok(Entries(entries))
    }
}

/// An array's items in order, unread.
struct Items<'de>(Vec<&'de RawValue>);

struct ItemsVisitor;

impl<'de> Visitor<'de> for ItemsVisitor {
    type Value = Items<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Items(items))
    }
}
