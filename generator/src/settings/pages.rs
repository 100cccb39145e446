//! The `pagination` setting: how an operation the spec says nothing about pages, in the words
//! of `x-speakeasy-pagination`, so that one can be copied into the other.

use super::SettingsError;
use serde_json::{Value, json};

/// The pagination of one operation, as `x-speakeasy-pagination` would write it: checked when
/// set, kept with its text (for the `@generated` header's command).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pages {
    /// The text as set, its pairs joined by `,` without spaces.
    text: String,
    /// The extension it stands for.
    extension: Value,
}

/// The keys of the text: the pagination's `type`, its inputs (by their type) and its outputs.
const INPUTS: [&str; 4] = ["cursor", "offset", "page", "limit"];
const OUTPUTS: [&str; 3] = ["results", "nextCursor", "nextUrl"];
const TYPES: [&str; 4] = ["cursor", "offsetLimit", "url", "link"];

impl Pages {
    /// Reads `type=cursor, cursor=after, nextCursor=$.next, results=$.data`: `type` is
    /// `cursor`, `offsetLimit` or `url`, or `link` (clientgen's own: the next page is the
    /// `rel="next"` link of the success's `Link` header, the items at `results`); an input is a parameter's name, or `requestBody.NAME`
    /// for a property of the body; an output is a JSONPath.
    pub(crate) fn parse(text: &str) -> Result<Pages, SettingsError> {
        let mut kind = None;
        let mut inputs = Vec::new();
        let mut outputs = serde_json::Map::new();
        let mut pairs = Vec::new();
        for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((key, value)) = pair.split_once('=') else {
                return Err(SettingsError(format!(
                    "`{pair}` is not KEY=VALUE (`type=cursor`, `cursor=after`, `results=$.data`)"
                )));
            };
            let (key, value) = (key.trim(), value.trim());
            pairs.push(format!("{key}={value}"));
            if key == "type" {
                if !TYPES.contains(&value) {
                    return Err(SettingsError(format!(
                        "the pagination type is `cursor`, `offsetLimit`, `url` or `link`, not `{value}`"
                    )));
                }
                kind = Some(value.to_string());
            } else if INPUTS.contains(&key) {
                let (place, name) = match value.strip_prefix("requestBody.") {
                    Some(name) => ("requestBody", name),
                    None => ("parameters", value),
                };
                inputs.push(json!({"name": name, "in": place, "type": key}));
            } else if OUTPUTS.contains(&key) {
                if !value.starts_with('$') {
                    return Err(SettingsError(format!(
                        "`{key}` is a JSONPath from the body (`$.data`), not `{value}`"
                    )));
                }
                outputs.insert(key.to_string(), Value::String(value.to_string()));
            } else {
                return Err(SettingsError(format!(
                    "`{key}` is none of `type`, {}, {}",
                    INPUTS.map(|k| format!("`{k}`")).join(", "),
                    OUTPUTS.map(|k| format!("`{k}`")).join(", ")
                )));
            }
        }
        let kind = kind.ok_or_else(|| {
            SettingsError("no `type` (`cursor`, `offsetLimit`, `url` or `link`)".to_string())
        })?;
        Ok(Pages {
            text: pairs.join(","),
            extension: json!({"type": kind, "inputs": inputs, "outputs": outputs}),
        })
    }

    /// The text, as the `@generated` header's command gives it.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The `x-speakeasy-pagination` it stands for.
    pub(crate) fn extension(&self) -> &Value {
        &self.extension
    }
}

#[cfg(test)]
mod tests {
    use super::Pages;
    use serde_json::json;

    #[test]
    fn the_setting_is_speakeasy_pagination_in_one_line() {
        let pages =
            Pages::parse(" type=cursor, cursor=requestBody.after , nextCursor=$.next").unwrap();
        assert_eq!(
            pages.text(),
            "type=cursor,cursor=requestBody.after,nextCursor=$.next"
        );
        assert_eq!(
            pages.extension(),
            &json!({
                "type": "cursor",
                "inputs": [{"name": "after", "in": "requestBody", "type": "cursor"}],
                "outputs": {"nextCursor": "$.next"}
            })
        );
        for (wrong, message) in [
            ("cursor=after", "no `type`"),
            ("type=keyset", "not `keyset`"),
            ("type=url,nextUrl=links.next", "a JSONPath"),
            ("type=url,next=$.a", "`next` is none of"),
            ("type", "not KEY=VALUE"),
        ] {
            let error = Pages::parse(wrong).unwrap_err().0;
            assert!(error.contains(message), "{wrong}: {error}");
        }
    }
}
