//! The one resolver of `$ref`s to components, for every kind of component: a reference names an
//! entry of its own map under `#/components/`; an entry that is itself a reference is followed
//! (chains of any length), a chain that comes back on itself is reported as a cycle, and the
//! name is read as a JSON pointer segment (`~1` is `/`, `~0` is `~`) after its URI escapes
//! (`%7B`) are decoded. Every kind gets the same rules and the same messages. A reference that
//! names an entry of another map is read as the kind its place needs when the entry has that
//! shape, and otherwise refused ([`across`], called by the loader for every place).

use crate::diagnostics::{Diagnostic, join, percent_decoded, unescape_segment};
use indexmap::IndexMap;
use openapiv3::{
    Components, Header, Parameter, ReferenceOr, RequestBody, Response, Schema, SecurityScheme,
};
use std::path::Path;

/// A kind of component: the map under `#/components/` that holds it.
pub(crate) trait Component: Sized {
    /// The map's key under `components` (`schemas`, `requestBodies`).
    const SECTION: &'static str;
    /// What one entry is, for messages (`a schema`, `a request body`).
    const WHAT: &'static str;
    /// The map of the spec's components.
    fn map(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

macro_rules! component {
    ($ty:ty, $section:literal, $what:literal, $field:ident) => {
        impl Component for $ty {
            const SECTION: &'static str = $section;
            const WHAT: &'static str = $what;
            fn map(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }
        }
    };
}

component!(Schema, "schemas", "a schema", schemas);
component!(Parameter, "parameters", "a parameter", parameters);
component!(
    RequestBody,
    "requestBodies",
    "a request body",
    request_bodies
);
component!(Response, "responses", "a response", responses);
component!(Header, "headers", "a header", headers);
component!(
    SecurityScheme,
    "securitySchemes",
    "a security scheme",
    security_schemes
);

/// The kinds of node a reference can be written in place of, for references that name an entry
/// of another component map (see [`across`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Schema,
    Parameter,
    RequestBody,
    Response,
    Header,
}

impl Kind {
    /// The map of this kind under `#/components/`.
    pub(crate) fn section(self) -> &'static str {
        match self {
            Kind::Schema => Schema::SECTION,
            Kind::Parameter => Parameter::SECTION,
            Kind::RequestBody => RequestBody::SECTION,
            Kind::Response => Response::SECTION,
            Kind::Header => Header::SECTION,
        }
    }

    /// One node of this kind, for messages.
    pub(crate) fn what(self) -> &'static str {
        match self {
            Kind::Schema => Schema::WHAT,
            Kind::Parameter => Parameter::WHAT,
            Kind::RequestBody => RequestBody::WHAT,
            Kind::Response => Response::WHAT,
            Kind::Header => Header::WHAT,
        }
    }

    /// The fixed fields of a node of this kind (OpenAPI 3.0 and 3.1; `x-` extensions aside).
    fn fields(self) -> &'static [&'static str] {
        match self {
            Kind::Schema => &[
                "title",
                "multipleOf",
                "maximum",
                "exclusiveMaximum",
                "minimum",
                "exclusiveMinimum",
                "maxLength",
                "minLength",
                "pattern",
                "maxItems",
                "minItems",
                "uniqueItems",
                "maxProperties",
                "minProperties",
                "required",
                "enum",
                "const",
                "type",
                "allOf",
                "oneOf",
                "anyOf",
                "not",
                "items",
                "prefixItems",
                "contains",
                "minContains",
                "maxContains",
                "properties",
                "patternProperties",
                "additionalProperties",
                "propertyNames",
                "unevaluatedProperties",
                "unevaluatedItems",
                "dependentRequired",
                "dependentSchemas",
                "if",
                "then",
                "else",
                "description",
                "format",
                "default",
                "nullable",
                "discriminator",
                "readOnly",
                "writeOnly",
                "xml",
                "externalDocs",
                "example",
                "examples",
                "deprecated",
                "contentMediaType",
                "contentEncoding",
                "contentSchema",
                "$id",
                "$schema",
                "$anchor",
                "$defs",
                "$comment",
                "definitions",
            ],
            Kind::Parameter => &[
                "name",
                "in",
                "description",
                "required",
                "deprecated",
                "allowEmptyValue",
                "style",
                "explode",
                "allowReserved",
                "schema",
                "example",
                "examples",
                "content",
            ],
            Kind::Header => &[
                "description",
                "required",
                "deprecated",
                "style",
                "explode",
                "schema",
                "example",
                "examples",
                "content",
            ],
            Kind::RequestBody => &["description", "content", "required"],
            Kind::Response => &["description", "headers", "content", "links"],
        }
    }

    /// Whether `node` deserializes as this kind, or why not.
    fn reads(self, node: &serde_json::Value) -> Result<(), String> {
        fn check<T: serde::de::DeserializeOwned>(node: &serde_json::Value) -> Result<(), String> {
            serde_json::from_value::<T>(node.clone())
                .map(drop)
                .map_err(|e| e.to_string())
        }
        match self {
            Kind::Schema => check::<Schema>(node),
            Kind::Parameter => check::<Parameter>(node),
            Kind::RequestBody => check::<RequestBody>(node),
            Kind::Response => check::<Response>(node),
            Kind::Header => check::<Header>(node),
        }
    }
}

/// What one entry of the map `section` under `#/components/` is, for messages.
fn what_in(section: &str) -> String {
    match section {
        "schemas" => Schema::WHAT.into(),
        "parameters" => Parameter::WHAT.into(),
        "requestBodies" => RequestBody::WHAT.into(),
        "responses" => Response::WHAT.into(),
        "headers" => Header::WHAT.into(),
        "securitySchemes" => SecurityScheme::WHAT.into(),
        "examples" => "an example".into(),
        "links" => "a link".into(),
        "callbacks" => "a callback".into(),
        "pathItems" => "a path item".into(),
        other => format!("an entry of #/components/{other}"),
    }
}

/// The map and the key of the component entry `reference` names (`#/components/{map}/{key}`,
/// decoded), or `None` when it names no entry of a map.
fn entry_of(reference: &str) -> Option<(String, String)> {
    let decoded = percent_decoded(reference);
    let reference = decoded.as_deref().unwrap_or(reference);
    let rest = reference.strip_prefix("#/components/")?;
    let (section, key) = rest.split_once('/')?;
    (!key.contains('/')).then(|| (section.to_string(), unescape_segment(key)))
}

/// Whether `reference` names an entry of another component map than the one of `need`: the
/// references [`across`] may read as a `need` (it reads every other one as `Ok(None)`).
pub(crate) fn names_another_map(reference: &str, need: Kind) -> bool {
    entry_of(reference).is_some_and(|(section, _)| section != need.section())
}

/// A reference that names an entry of another component map than the one of `need`, written
/// at `pointer` of `file` in `doc` (the whole document) where a node of kind `need` belongs.
///
/// `Ok(None)`: it names an entry of `need`'s own map, or no entry of a map at all (left to
/// [`follow`] and the bundler). `Ok(Some((node, warning)))`: the entry it reaches (through
/// entries that are references themselves) reads as a `need` once made one (a parameter read
/// as a header drops its `name` and `in`; a header read as a parameter is the header named by
/// its key; a request body read as a response drops `required`; a response read as a request
/// body drops its `headers` and `links`; a response needs a description, a request body
/// content), and no field is left that a `need` does not have: the node to put in the reference's place, and a warning that names
/// both pointers. `Err`: why it is not one, naming both pointers and the kind expected.
pub(crate) fn across(
    doc: &serde_json::Value,
    file: &Path,
    reference: &str,
    pointer: &str,
    need: Kind,
) -> Result<Option<(serde_json::Value, Diagnostic)>, Box<Diagnostic>> {
    let Some((section, _)) = entry_of(reference) else {
        return Ok(None);
    };
    if section == need.section() {
        return Ok(None);
    }
    let refused = |target: &str, what: &str, why: String| {
        Box::new(Diagnostic::new(
            file,
            pointer,
            format!(
                "`{reference}` does not name {}: it refers to {what} ({target}), {why}",
                need.what()
            ),
            format!("refer to an entry of #/components/{}", need.section()),
        ))
    };
    // Follow the entry through entries that are references themselves.
    let mut current = reference.to_string();
    let mut seen = Vec::new();
    let (section, key, node) = loop {
        let Some((section, key)) = entry_of(&current) else {
            return Err(refused(
                &current,
                "a chain of references",
                "which leaves the component maps; write the node in place".into(),
            ));
        };
        let target = join(&join("#/components", &section), &key);
        let what = what_in(&section);
        let node = doc
            .get("components")
            .and_then(|c| c.get(&section))
            .and_then(|m| m.get(&key));
        let Some(node) = node else {
            return Err(refused(&target, &what, "which does not exist".into()));
        };
        match node.get("$ref").and_then(serde_json::Value::as_str) {
            Some(next) => {
                if seen.contains(&target) || seen.len() > 64 {
                    return Err(refused(
                        &target,
                        &what,
                        "which is part of a cycle of references that reaches no entry".into(),
                    ));
                }
                seen.push(target);
                current = next.to_string();
            }
            None => break (section, key, node),
        }
    };
    let target = join(&join("#/components", &section), &key);
    let what = what_in(&section);
    let serde_json::Value::Object(fields) = node else {
        return Err(refused(&target, &what, "which is not an object".into()));
    };
    let mut made = fields.clone();
    let mut how = String::new();
    match (section.as_str(), need) {
        ("parameters", Kind::Header) => {
            made.shift_remove("name");
            made.shift_remove("in");
            how = " without its `name` and `in`".into();
        }
        ("headers", Kind::Parameter) => {
            if key.is_empty() || !key.bytes().all(is_token_byte) {
                return Err(refused(
                    &target,
                    &what,
                    format!(
                        "which has no name or location, and its key `{key}` is no header name \
                         to make it a header parameter"
                    ),
                ));
            }
            made.insert("name".into(), key.clone().into());
            made.insert("in".into(), "header".into());
            how = format!(", the header parameter `{key}`");
        }
        ("requestBodies", Kind::Response) => {
            made.shift_remove("required");
        }
        ("responses", Kind::RequestBody) => {
            made.shift_remove("headers");
            made.shift_remove("links");
        }
        _ => {}
    }
    if need == Kind::RequestBody
        && made
            .get("content")
            .and_then(serde_json::Value::as_object)
            .is_none_or(|c| c.is_empty())
    {
        return Err(refused(&target, &what, "which has no `content`".into()));
    }
    let foreign: Vec<String> = made
        .keys()
        .filter(|k| !k.starts_with("x-") && !need.fields().contains(&k.as_str()))
        .map(|k| format!("`{k}`"))
        .collect();
    if !foreign.is_empty() {
        return Err(refused(
            &target,
            &what,
            format!(
                "whose {} {} no field of {}",
                foreign.join(", "),
                if foreign.len() == 1 { "is" } else { "are" },
                need.what()
            ),
        ));
    }
    if need == Kind::Response && !made.contains_key("description") {
        return Err(refused(&target, &what, "which has no `description`".into()));
    }
    let made = serde_json::Value::Object(made);
    if let Err(why) = need.reads(&made) {
        return Err(refused(&target, &what, format!("which is not one: {why}")));
    }
    let warning = Diagnostic::new(
        file,
        pointer,
        format!(
            "`{reference}` refers to {what} ({target}) where {} belongs; it is read as {}{how}",
            need.what(),
            need.what()
        ),
        format!(
            "move the entry to #/components/{} or refer to one there",
            need.section()
        ),
    );
    Ok(Some((made, warning)))
}

/// A byte of an HTTP token (RFC 9110 `tchar`): the characters of a header name.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// What a reference reached.
#[derive(Debug)]
pub(crate) struct Resolved<'a, T> {
    /// The entry's key in its map: the last one of a chain.
    pub key: String,
    /// The entry.
    pub item: &'a T,
}

/// Why a reference reached nothing: the problem, at the pointer of the reference, or for a
/// cycle at the entry that closes it (the same whichever member a chain entered by). Boxed, so
/// that the error stays small.
#[derive(Debug)]
pub(crate) struct Unresolved {
    pub problem: Box<Diagnostic>,
}

/// The key a reference names in the map of `T`, or `None` when it names something else.
pub(crate) fn key_of<T: Component>(reference: &str) -> Option<String> {
    let decoded = percent_decoded(reference);
    let reference = decoded.as_deref().unwrap_or(reference);
    let prefix = format!("#/components/{}/", T::SECTION);
    let key = reference.strip_prefix(&prefix)?;
    (!key.contains('/')).then(|| unescape_segment(key))
}

/// Follows `reference`, written at `pointer` of `file`, to the entry of `T`'s map it names,
/// through entries that are references themselves.
pub(crate) fn follow<'a, T: Component>(
    components: Option<&'a Components>,
    file: &Path,
    reference: &str,
    pointer: &str,
) -> Result<Resolved<'a, T>, Unresolved> {
    match follow_unless(components, file, reference, pointer, |_| false)? {
        Reached::Entry(found) => Ok(found),
        Reached::LeftOut => unreachable!("nothing is left out"),
    }
}

/// Where a chain of references ended.
#[derive(Debug)]
pub(crate) enum Reached<'a, T> {
    /// An entry that is no reference.
    Entry(Resolved<'a, T>),
    /// An entry left out, where the chain stops.
    LeftOut,
}

/// [`follow`], stopping at the first entry whose key `left_out` holds.
pub(crate) fn follow_unless<'a, T: Component>(
    components: Option<&'a Components>,
    file: &Path,
    reference: &str,
    pointer: &str,
    left_out: impl Fn(&str) -> bool,
) -> Result<Reached<'a, T>, Unresolved> {
    let section = format!("#/components/{}", T::SECTION);
    let problem = |message: String, hint: String| Unresolved {
        problem: Box::new(Diagnostic::new(file, pointer, message, hint)),
    };
    let mut seen: Vec<String> = Vec::new();
    let mut current = reference;
    loop {
        let Some(key) = key_of::<T>(current) else {
            return Err(problem(
                format!("`{current}` does not name {}", T::WHAT),
                format!("refer to an entry of {section}"),
            ));
        };
        if left_out(&key) {
            return Ok(Reached::LeftOut);
        }
        if let Some(start) = seen.iter().position(|k| *k == key) {
            return Err(cycle::<T>(components, file, &seen[start..]));
        }
        match components.and_then(|c| T::map(c).get(&key)) {
            Some(ReferenceOr::Item(item)) => return Ok(Reached::Entry(Resolved { key, item })),
            Some(ReferenceOr::Reference { reference: next }) => {
                seen.push(key);
                current = next;
            }
            None => {
                return Err(problem(
                    format!("`{current}` refers to nothing"),
                    format!("define it under {section} or fix the name"),
                ));
            }
        }
    }
}

/// A cycle of entries that refer to each other, `members` in the order of their references.
/// Whichever member a chain entered by, it is told the same way: at the entry whose `$ref`
/// names the first member by name, so that the same cycle found twice is one problem.
fn cycle<T: Component>(
    components: Option<&Components>,
    file: &Path,
    members: &[String],
) -> Unresolved {
    let section = format!("#/components/{}", T::SECTION);
    let first = (0..members.len())
        .min_by_key(|&i| &members[i])
        .unwrap_or_default();
    let closing = &members[(first + members.len() - 1) % members.len()];
    let reference = match components.and_then(|c| T::map(c).get(closing)) {
        Some(ReferenceOr::Reference { reference }) => reference.clone(),
        _ => join(&section, &members[first]),
    };
    let mut sorted = members.to_vec();
    sorted.sort();
    let listed: Vec<String> = sorted.iter().map(|k| join(&section, k)).collect();
    Unresolved {
        problem: Box::new(Diagnostic::new(
            file,
            join(&section, closing),
            format!(
                "`{reference}` is part of a cycle of references that never reaches {}: {}",
                T::WHAT,
                listed.join(", ")
            ),
            "make one of the entries in the cycle a definition instead of a `$ref`",
        )),
    }
}

/// The item `r` is or refers to.
pub(crate) fn resolve<'a, T: Component>(
    components: Option<&'a Components>,
    file: &Path,
    r: &'a ReferenceOr<T>,
    pointer: &str,
) -> Result<&'a T, Unresolved> {
    match r {
        ReferenceOr::Item(item) => Ok(item),
        ReferenceOr::Reference { reference } => {
            follow(components, file, reference, pointer).map(|found| found.item)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn components(yaml: &str) -> Components {
        serde_yaml::from_str(yaml).expect("components")
    }

    fn follow_body(c: &Components, reference: &str) -> Result<String, String> {
        follow::<RequestBody>(Some(c), Path::new("spec.yaml"), reference, "#/x")
            .map(|r| r.key)
            .map_err(|e| e.problem.to_string())
    }

    #[test]
    fn chains_are_followed_for_every_kind() {
        let c = components(
            "requestBodies:\n  A: {$ref: '#/components/requestBodies/B'}\n  B: {$ref: '#/components/requestBodies/C'}\n  C: {content: {}}\n",
        );
        assert_eq!(
            follow_body(&c, "#/components/requestBodies/A"),
            Ok("C".into())
        );
    }

    #[test]
    fn a_cycle_is_reported_with_its_members() {
        let c = components(
            "requestBodies:\n  A: {$ref: '#/components/requestBodies/B'}\n  B: {$ref: '#/components/requestBodies/A'}\n",
        );
        let e = follow_body(&c, "#/components/requestBodies/A").unwrap_err();
        assert!(e.contains("spec.yaml: #/components/requestBodies/B: `#/components/requestBodies/A` is part of a cycle of references that never reaches a request body: #/components/requestBodies/A, #/components/requestBodies/B"), "{e}");
        assert!(e.contains("help: "), "{e}");
    }

    #[test]
    fn names_are_decoded_as_uri_fragments_and_pointer_segments() {
        let c = components("requestBodies:\n  'a/b {c}~': {content: {}}\n");
        assert_eq!(
            follow_body(&c, "#/components/requestBodies/a~1b%20%7Bc%7D~0"),
            Ok("a/b {c}~".into())
        );
    }

    #[test]
    fn a_reference_to_nothing_or_elsewhere_names_the_map() {
        let c = components("requestBodies: {}\n");
        let e = follow_body(&c, "#/components/requestBodies/Nope").unwrap_err();
        assert!(e.contains("refers to nothing"), "{e}");
        assert!(
            e.contains("define it under #/components/requestBodies"),
            "{e}"
        );
        let e = follow_body(&c, "#/components/schemas/Nope").unwrap_err();
        assert!(e.contains("does not name a request body"), "{e}");
        assert!(
            e.contains("refer to an entry of #/components/requestBodies"),
            "{e}"
        );
    }
}
