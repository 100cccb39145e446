//! What an operation says of its pages, in each extension's own vocabulary, read into one form
//! before it is checked against the operation's types.

use super::{struct_fields, unalias};
use crate::diagnostics::join;
use crate::model::{Operation, Ty, TypeDef, TypeKind};
use crate::settings::Settings;
use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::Value;
use std::fmt;

/// The extensions read, in their order of precedence.
const EXTENSIONS: [&str; 4] = [
    "x-speakeasy-pagination",
    "x-fern-pagination",
    "x-ms-pageable",
    "x-dropshot-pagination",
];

/// An operation's pagination as the spec declares it.
pub(super) struct Declared {
    /// The pointer of the declaration (the extension, or the `Link` header).
    pub pointer: String,
    /// How the next page is asked for.
    pub kind: Kind,
    /// Where the items are, from the body.
    pub results: JsonPath,
    /// A boolean saying whether another page follows, from the body.
    pub has_more: Option<JsonPath>,
    /// The `pagination` setting that declares it, when the spec does not.
    pub setting: Option<BySetting>,
}

/// Which `pagination` setting declares an operation's pages.
pub(super) enum BySetting {
    /// The operation's own, by its id.
    Own(String),
    /// The one of every operation (`*`): an operation it does not fit is not paged, unsaid.
    Every,
}

impl BySetting {
    /// `message`, said of this setting.
    pub(super) fn says(&self, message: &str) -> String {
        match self {
            BySetting::Own(id) => format!("the `pagination` setting of `{id}`: {message}"),
            BySetting::Every => format!("the `pagination` setting of every operation: {message}"),
        }
    }
}

/// How the next page is asked for.
pub(super) enum Kind {
    /// The cursor `output` goes into `input`.
    Cursor { input: Named, output: JsonPath },
    /// `input` moves on by the items, or by one page.
    Offset { input: Named, pages: bool },
    /// The body carries the next page's URL.
    Url(JsonPath),
    /// The `Link` header.
    Link,
}

/// An input named by its wire name.
pub(super) struct Named {
    pub name: String,
    /// Where it is: the parameters, the body, or (`None`) either, the parameters first.
    pub in_body: Option<bool>,
}

/// A JSONPath of properties from the body (`$.data`, `$.meta.next_cursor`), or from the last
/// item of an array (`$.data[-1:].id`: `steps` the array, `last_item` the item's).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct JsonPath {
    pub text: String,
    pub steps: Vec<String>,
    pub last_item: Option<Vec<String>>,
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`", self.text)
    }
}

impl JsonPath {
    /// The body itself (`$`).
    fn root() -> JsonPath {
        JsonPath {
            text: "$".to_string(),
            steps: Vec::new(),
            last_item: None,
        }
    }

    /// A property of the body (`$.name`).
    fn property(name: &str) -> JsonPath {
        JsonPath {
            text: format!("$.{name}"),
            steps: vec![name.to_string()],
            last_item: None,
        }
    }

    /// Reads `$.a.b`, `$['a'].b`, `$.a[-1:].id`, `$.a[-1].id` and `$.a[(@.length-1)].id`;
    /// `None` for any other JSONPath.
    pub(super) fn parse(text: &str) -> Option<JsonPath> {
        let mut rest = text.trim().strip_prefix('$')?;
        let mut steps = Vec::new();
        let mut last_item: Option<Vec<String>> = None;
        while !rest.is_empty() {
            let (name, after) = if let Some(r) = rest.strip_prefix('.') {
                if r.starts_with('[') {
                    rest = r;
                    continue;
                }
                let end = r.find(['.', '[']).unwrap_or(r.len());
                (Some(&r[..end]), &r[end..])
            } else if let Some(r) = rest.strip_prefix('[') {
                let end = r.find(']')?;
                let inside = r[..end].trim();
                let name = match inside.replace(' ', "").as_str() {
                    "-1" | "-1:" | "(@.length-1)" => None,
                    _ => Some(
                        inside
                            .strip_prefix('\'')
                            .and_then(|s| s.strip_suffix('\''))
                            .or_else(|| inside.strip_prefix('"')?.strip_suffix('"'))?,
                    ),
                };
                (name, &r[end + 1..])
            } else {
                return None;
            };
            match name {
                Some("") => return None,
                Some(name) => match &mut last_item {
                    Some(item) => item.push(name.to_string()),
                    None => steps.push(name.to_string()),
                },
                None if last_item.is_none() => last_item = Some(Vec::new()),
                None => return None,
            }
            rest = after;
        }
        Some(JsonPath {
            text: text.trim().to_string(),
            steps,
            last_item,
        })
    }
}

type Refusal = (String, String);

/// Why an operation's declaration cannot be read: where, what, and whether it is the setting
/// of every operation's (the same for every operation, so told once).
pub(super) struct Refused {
    pub at: String,
    pub message: String,
    pub of_every: bool,
}

impl From<Refusal> for Refused {
    fn from((at, message): Refusal) -> Refused {
        Refused {
            at,
            message,
            of_every: false,
        }
    }
}

/// What `op` declares of its pages: an extension's, or a `Link` header on a success whose
/// body is a list (see [`link_items`]); `Ok(None)` when nothing.
pub(super) fn read(
    api: &OpenAPI,
    op: &Operation,
    types: &[TypeDef],
    pointer: &str,
    settings: &Settings,
) -> Result<Option<Declared>, Refused> {
    let raw = match api.paths.paths.get(&op.path) {
        Some(ReferenceOr::Item(item)) => item
            .iter()
            .find(|(method, _)| method.eq_ignore_ascii_case(&op.method))
            .map(|(_, raw)| raw),
        _ => None,
    };
    if let Some(raw) = raw {
        for name in EXTENSIONS {
            if let Some(value) = raw.extensions.get(name) {
                let at = join(pointer, name);
                let declared = match name {
                    "x-speakeasy-pagination" => speakeasy(value, &at, false),
                    "x-fern-pagination" => fern(value, &at),
                    "x-ms-pageable" => ms(value, &at),
                    _ => Ok(Some(dropshot(at))),
                };
                return declared.map_err(Refused::from);
            }
        }
    }
    let page = super::page(op, types);
    let link = page
        .as_ref()
        .and_then(|page| (page.headers?.iter()).find(|h| h.wire.eq_ignore_ascii_case("link")));
    if let (Some(_), Some(results)) = (link, page.and_then(|p| link_items(p.body, types))) {
        return Ok(Some(Declared {
            pointer: pointer.to_string(),
            kind: Kind::Link,
            results,
            has_more: None,
            setting: None,
        }));
    }
    // Last, the settings' (in `x-speakeasy-pagination`'s words).
    let id = raw.and_then(|raw| raw.operation_id.as_deref());
    let Some((value, every)) = settings.pagination_of(id) else {
        return Ok(None);
    };
    let setting = match id {
        Some(id) if !every => BySetting::Own(id.to_string()),
        _ => BySetting::Every,
    };
    match speakeasy(value, pointer, true) {
        Ok(declared) => Ok(declared.map(|declared| Declared {
            setting: Some(setting),
            ..declared
        })),
        Err((at, message)) => Err(Refused {
            at,
            message: setting.says(&message),
            of_every: matches!(setting, BySetting::Every),
        }),
    }
}

/// Where the items are in the success body `body` of an operation paged by its `Link` header
/// (its one JSON body, or the one body of a per-status success): the body itself when it is
/// an array; its one array property when it is an object with exactly
/// one and nothing but plain values beside it (GitHub's wrapped lists, `{total_count, runners:
/// [..]}`), after `$ref`s, aliases and `allOf` are resolved into the model's types. An object
/// with no array property, or with several, or with objects beside its array (a resource that
/// GitHub also sends a `Link` for), says nothing of which holds the items: `None`, and the operation is paged only
/// when an extension or the `pagination` setting declares its pages (in their own kinds: there
/// is no way yet to name the items of a `Link`-paged object).
fn link_items(body: &Ty, types: &[TypeDef]) -> Option<JsonPath> {
    let body = unalias(types, body);
    if matches!(body, Ty::Vec(_)) {
        return Some(JsonPath::root());
    }
    let fields = struct_fields(types, body)?;
    let (arrays, others): (Vec<_>, Vec<_>) = fields
        .iter()
        .partition(|f| matches!(unalias(types, &f.ty), Ty::Vec(_)));
    // A list wrapped with counts or a plain word beside it (`total_count`,
    // `repository_selection`); a resource with an array among objects (a runner and its
    // `public_ips`, an item and its `fields`) is one page of nothing.
    match arrays.as_slice() {
        [only] if others.iter().all(|f| plain(types, &f.ty)) => {
            Some(JsonPath::property(&only.wire))
        }
        _ => None,
    }
}

/// Whether `ty` is a plain value: a number, a string, a boolean or an enum of them.
fn plain(types: &[TypeDef], ty: &Ty) -> bool {
    match unalias(types, ty) {
        Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::Formatted(_) => true,
        Ty::Named(id) => matches!(types[*id].kind, TypeKind::Enum(_) | TypeKind::IntEnum(_)),
        _ => false,
    }
}

fn refuse(at: &str, message: impl Into<String>) -> Refusal {
    (at.to_string(), message.into())
}

/// A JSONPath at `value[key]` (`None` when absent).
fn path(value: &Value, key: &str, at: &str) -> Result<Option<JsonPath>, Refusal> {
    let Some(text) = value.get(key) else {
        return Ok(None);
    };
    let at = join(at, key);
    let text = text
        .as_str()
        .ok_or_else(|| refuse(&at, "a JSONPath must be a string"))?;
    let text = text
        .strip_prefix("$response")
        .map_or(text.to_string(), |r| format!("${r}"));
    JsonPath::parse(&text).map(Some).ok_or_else(|| {
        refuse(
            &at,
            format!("the JSONPath `{text}` is not a path of properties"),
        )
    })
}

/// `x-speakeasy-pagination`: `type` (`cursor`, `offsetLimit`, `url`), `inputs` (`name`, `in`:
/// `parameters` or `requestBody`, `type`: `cursor`, `offset`, `page`, `limit`) and `outputs`
/// (`results`, `nextCursor`, `nextUrl`). The `pagination` setting (`setting`) is read in the
/// same words, with one more type, `link`: the `Link` header's `rel="next"`, the items at
/// `results` (for a wrapped list clientgen cannot tell the items of by itself).
fn speakeasy(value: &Value, at: &str, setting: bool) -> Result<Option<Declared>, Refusal> {
    let outputs = value.get("outputs").cloned().unwrap_or(Value::Null);
    let outputs_at = join(at, "outputs");
    let results = path(&outputs, "results", &outputs_at)?.unwrap_or_else(JsonPath::root);
    let input = |wanted: &[&str]| -> Result<Option<(Named, String)>, Refusal> {
        let inputs = value.get("inputs").and_then(Value::as_array);
        for (i, input) in inputs.into_iter().flatten().enumerate() {
            let kind = input.get("type").and_then(Value::as_str).unwrap_or("");
            if !wanted.contains(&kind) {
                continue;
            }
            let input_at = join(&join(at, "inputs"), &i.to_string());
            let name = input.get("name").and_then(Value::as_str);
            let name = name.ok_or_else(|| refuse(&input_at, "an input needs a `name`"))?;
            let in_body = match input.get("in").and_then(Value::as_str) {
                Some("parameters") => Some(false),
                Some("requestBody") => Some(true),
                other => {
                    let message = format!(
                        "an input's `in` is `parameters` or `requestBody`, not {}",
                        other.map_or("missing".to_string(), |o| format!("`{o}`"))
                    );
                    return Err(refuse(&join(&input_at, "in"), message));
                }
            };
            let name = name.to_string();
            return Ok(Some((Named { name, in_body }, kind.to_string())));
        }
        Ok(None)
    };
    let kind = match value.get("type").and_then(Value::as_str) {
        Some("cursor") => {
            let (input, _) =
                input(&["cursor"])?.ok_or_else(|| refuse(at, "no input of type `cursor`"))?;
            let output = path(&outputs, "nextCursor", &outputs_at)?
                .ok_or_else(|| refuse(&outputs_at, "no `nextCursor` output"))?;
            Kind::Cursor { input, output }
        }
        Some("offsetLimit") => {
            let (input, kind) = input(&["offset", "page"])?
                .ok_or_else(|| refuse(at, "no input of type `offset` or `page`"))?;
            let pages = kind == "page";
            Kind::Offset { input, pages }
        }
        Some("url") => Kind::Url(
            path(&outputs, "nextUrl", &outputs_at)?
                .ok_or_else(|| refuse(&outputs_at, "no `nextUrl` output"))?,
        ),
        Some("link") if setting => Kind::Link,
        other => {
            let message = format!(
                "the pagination type is `cursor`, `offsetLimit` or `url`, not {}",
                other.map_or("missing".to_string(), |o| format!("`{o}`"))
            );
            return Err(refuse(&join(at, "type"), message));
        }
    };
    Ok(Some(Declared {
        pointer: at.to_string(),
        kind,
        results,
        has_more: None,
        setting: None,
    }))
}

/// `x-fern-pagination`: `cursor: $request.x` with `next_cursor`, or `offset: $request.x`
/// (`step` aside), each with `results` and an optional `has-next-page`.
fn fern(value: &Value, at: &str) -> Result<Option<Declared>, Refusal> {
    let request = |key: &str| -> Result<Option<Named>, Refusal> {
        let Some(text) = value.get(key) else {
            return Ok(None);
        };
        let name = text.as_str().and_then(|t| t.strip_prefix("$request."));
        let name = name
            .filter(|n| !n.is_empty() && !n.contains('.'))
            .ok_or_else(|| refuse(&join(at, key), "an input is `$request.NAME`"))?;
        Ok(Some(Named {
            name: name.to_string(),
            in_body: None,
        }))
    };
    let results = path(value, "results", at)?
        .ok_or_else(|| refuse(at, "no `results`: where the items are"))?;
    let has_more = path(value, "has-next-page", at)?;
    let kind = if let Some(input) = request("cursor")? {
        let output = path(value, "next_cursor", at)?
            .ok_or_else(|| refuse(at, "no `next_cursor` beside `cursor`"))?;
        Kind::Cursor { input, output }
    } else if let Some(input) = request("offset")? {
        Kind::Offset {
            input,
            pages: false,
        }
    } else {
        return Err(refuse(at, "neither `cursor` nor `offset` is given"));
    };
    Ok(Some(Declared {
        pointer: at.to_string(),
        kind,
        results,
        has_more,
        setting: None,
    }))
}

/// `x-ms-pageable`: `nextLinkName` (a property of the body holding the next page's URL;
/// `null`: one page, nothing to follow) and `itemName` (`value` unless given).
fn ms(value: &Value, at: &str) -> Result<Option<Declared>, Refusal> {
    let next = match value.get("nextLinkName") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(name)) => name,
        Some(_) => return Err(refuse(&join(at, "nextLinkName"), "a property name or null")),
    };
    let items = match value.get("itemName") {
        None | Some(Value::Null) => "value",
        Some(Value::String(name)) => name.as_str(),
        Some(_) => return Err(refuse(&join(at, "itemName"), "a property name")),
    };
    Ok(Some(Declared {
        pointer: at.to_string(),
        kind: Kind::Url(JsonPath::property(next)),
        results: JsonPath::property(items),
        has_more: None,
        setting: None,
    }))
}

/// `x-dropshot-pagination`: the query parameter `page_token` takes the body's `next_page`;
/// the items are `items`.
fn dropshot(at: String) -> Declared {
    Declared {
        pointer: at,
        kind: Kind::Cursor {
            input: Named {
                name: "page_token".to_string(),
                in_body: Some(false),
            },
            output: JsonPath::property("next_page"),
        },
        results: JsonPath::property("items"),
        has_more: None,
        setting: None,
    }
}

#[cfg(test)]
mod tests {
    use super::JsonPath;

    #[test]
    fn json_paths_of_properties_and_of_the_last_item() {
        let steps = |text: &str| JsonPath::parse(text).map(|p| (p.steps, p.last_item));
        let v = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(steps("$"), Some((v(&[]), None)));
        assert_eq!(steps("$.data"), Some((v(&["data"]), None)));
        assert_eq!(
            steps("$.meta.next_cursor"),
            Some((v(&["meta", "next_cursor"]), None))
        );
        assert_eq!(steps("$['meta'].next"), Some((v(&["meta", "next"]), None)));
        for last in [
            "$.data[-1:].id",
            "$.data[-1].id",
            "$.data[(@.length-1)].id",
            "$.data.[(@.length - 1)].id",
        ] {
            assert_eq!(
                steps(last),
                Some((v(&["data"]), Some(v(&["id"])))),
                "{last}"
            );
        }
        for refused in [
            "data",
            "$.data[*].id",
            "$..id",
            "$.a[0]",
            "$.",
            "$.a[-1][-1]",
        ] {
            assert_eq!(steps(refused), None, "{refused}");
        }
    }
}
