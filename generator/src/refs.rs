//! The one resolver of `$ref`s to components, for every kind of component: a reference names an
//! entry of its own map under `#/components/`; an entry that is itself a reference is followed
//! (chains of any length), a chain that comes back on itself is reported as a cycle, and the
//! name is read as a JSON pointer segment (`~1` is `/`, `~0` is `~`) after its URI escapes
//! (`%7B`) are decoded. Every kind gets the same rules and the same messages.

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
