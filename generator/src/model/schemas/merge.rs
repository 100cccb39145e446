//! `allOf` is a conjunction at every depth: when several members define the same value (a
//! property, the items of an array, the values of a map), every definition holds, so they are
//! merged into one type, recursively, through references and nested `allOf`s. A partial
//! definition the merge absorbs gets no type of its own.
//!
//! How each keyword merges:
//! - object properties: one struct with the properties of every definition (each property's
//!   definitions merged in turn), `required` unioned; `additionalProperties` of a struct: the
//!   later definition's; an object of no properties but `additionalProperties`: a map whose
//!   values are merged;
//! - array `items`: merged;
//! - scalars: the most specific definition (an enum over a plain string, an integer over a
//!   number, a format over none; of two as specific, the later);
//! - `nullable`: `null` is allowed only when every definition that constrains the value allows
//!   it (a definition that only annotates, `{description: ..}`, constrains nothing);
//! - annotations (the doc comment): the later definition that has one (the most specific: a
//!   later member refines an earlier one); `readOnly`/`writeOnly`: any definition's.
//!
//! Definitions no value can satisfy (`type: string` and `type: integer`, an object and an
//! array, two enums without a common value) are an error naming both pointers (with
//! `--skip-unsupported`, the schema holding the later one is left out). A definition that is a
//! union merges with nothing: the most precise definition is taken, as before.

use super::shape::{
    Properties, RefOr, Shape, annotation_parts, one_way, oneof_key, properties_beside, shape,
    string_format,
};
use super::{Types, doc_with_annotations};
use crate::diagnostics::{Diagnostic, join};
use crate::model::{Origin, Ty, TypeKind};
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind};

/// A definition of a value, and its pointer.
pub(super) type Def<'a> = (RefOr<'a>, String);

/// What a field takes from its definitions besides its type.
pub(super) struct Facts {
    pub doc: Option<String>,
    pub nullable: bool,
    /// `readOnly` or `writeOnly`: the value travels one way only.
    pub one_way: bool,
}

/// What one definition says the value is, references followed and `allOf`s flattened, with
/// the pointer of the schema that says it.
#[derive(Clone)]
pub(super) enum Part<'a> {
    Object {
        properties: &'a Properties,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
        pointer: String,
    },
    Array {
        items: Option<RefOr<'a>>,
        pointer: String,
    },
    Scalar {
        kind: Scalar,
        /// The definition (a reference, or the schema itself), whose type the value takes.
        def: RefOr<'a>,
        schema: &'a Schema,
        pointer: String,
    },
    /// A union (or properties beside one), which merges with nothing.
    Opaque { pointer: String },
}

/// The kinds of scalar values.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Scalar {
    String(Vec<String>),
    Binary,
    Integer(Vec<i64>),
    Number,
    Boolean,
}

impl Part<'_> {
    fn pointer(&self) -> &str {
        match self {
            Part::Object { pointer, .. }
            | Part::Array { pointer, .. }
            | Part::Scalar { pointer, .. }
            | Part::Opaque { pointer } => pointer,
        }
    }

    /// An object or array that says nothing of what it holds: `{type: object}`, `{type: array}`.
    fn bare(&self) -> bool {
        match self {
            Part::Object {
                properties,
                additional,
                ..
            } => {
                properties.is_empty()
                    && !matches!(additional, Some(AdditionalProperties::Schema(_)))
            }
            Part::Array { items, .. } => items.is_none(),
            _ => false,
        }
    }

    /// What kind of value it says, for the message of a conflict.
    fn what(&self) -> String {
        match self {
            Part::Object { .. } => "an object".to_string(),
            Part::Array { .. } => "an array".to_string(),
            Part::Scalar { kind, .. } => match kind {
                Scalar::String(values) if !values.is_empty() => {
                    format!("one of the strings {values:?}")
                }
                Scalar::String(_) | Scalar::Binary => "a string".to_string(),
                Scalar::Integer(values) if !values.is_empty() => {
                    format!("one of the integers {values:?}")
                }
                Scalar::Integer(_) => "an integer".to_string(),
                Scalar::Number => "a number".to_string(),
                Scalar::Boolean => "a boolean".to_string(),
            },
            Part::Opaque { .. } => "a union".to_string(),
        }
    }
}

impl<'a> Types<'a> {
    /// The type of a property from its definitions (several when `allOf` members define it
    /// again), and what the field takes from them.
    pub(super) fn property(&mut self, defs: &[Def<'a>], hint: &str) -> (Ty, Facts) {
        if let [(property, pointer)] = defs {
            let ty = self.ty(*property, hint, pointer);
            return (ty, self.facts(*property, pointer));
        }
        let ty = match self.conjunction(defs, hint) {
            Some(ty) => ty,
            None => self.most_precise(defs, hint),
        };
        let mut doc = None;
        let mut one_way = false;
        let mut each_nullable = Vec::new();
        for (property, pointer) in defs {
            let facts = self.facts(*property, pointer);
            doc = facts.doc.or(doc);
            one_way |= facts.one_way;
            each_nullable.push((annotates(*property), facts.nullable));
        }
        // `null` when every definition that constrains the value allows it (when none does,
        // when an annotation says so).
        let nullable =
            if self.alternatives || each_nullable.iter().all(|(annotation, _)| *annotation) {
                each_nullable.iter().any(|(_, nullable)| *nullable)
            } else {
                (each_nullable.iter())
                    .filter(|(annotation, _)| !annotation)
                    .all(|(_, nullable)| *nullable)
            };
        let facts = Facts {
            doc,
            nullable,
            one_way,
        };
        (ty, facts)
    }

    /// The type of a value that is not a field (an array item, a map value) from its
    /// definitions: `Option<T>` when every definition that constrains it allows `null` (as
    /// [`Types::ty_or_null`] for one).
    fn merged_or_null(&mut self, defs: &[Def<'a>], hint: &str) -> Ty {
        if let [(def, pointer)] = defs {
            return self.ty_or_null(*def, hint, pointer);
        }
        let ty = match self.conjunction(defs, hint) {
            Some(ty) => ty,
            None => self.most_precise(defs, hint),
        };
        if matches!(ty, Ty::Any) {
            return ty;
        }
        let constraining: Vec<&Def<'a>> = defs.iter().filter(|(d, _)| !annotates(*d)).collect();
        let mut nullable = !constraining.is_empty();
        for (def, pointer) in constraining {
            nullable &= self.allows_null(*def, pointer);
        }
        if self.alternatives {
            // (Among alternatives, any that allows `null`.)
            nullable = false;
            for (def, pointer) in defs {
                nullable |= self.allows_null(*def, pointer);
            }
        }
        if nullable {
            Ty::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    /// The value every definition of `defs` describes, merged; `None` when one is a union,
    /// which merges with nothing. A definition that holds every other one (`$ref: X` beside
    /// `allOf: [$ref: X, {description}]`) is the value's type as it is.
    pub(super) fn conjunction(&mut self, defs: &[Def<'a>], hint: &str) -> Option<Ty> {
        let mut unique: Vec<&Def<'a>> = Vec::new();
        for def in defs {
            if !unique.iter().any(|(d, _)| same_schema(*d, def.0)) {
                unique.push(def);
            }
        }
        if let [(def, pointer)] = unique.as_slice() {
            return Some(self.ty(*def, hint, pointer));
        }
        let mut each: Vec<Vec<Part<'a>>> = Vec::new();
        for (def, pointer) in &unique {
            let mut parts = Vec::new();
            self.parts_of(*def, pointer, &mut parts, 0);
            each.push(parts);
        }
        let mut parts: Vec<Part<'a>> = Vec::new();
        for part in each.iter().flatten() {
            if !parts.iter().any(|p| p.pointer() == part.pointer()) {
                parts.push(part.clone());
            }
        }
        // Every part must describe the same kind of value.
        let kind = |p: &Part| match p {
            Part::Object { .. } => 0,
            Part::Array { .. } => 1,
            Part::Scalar { kind, .. } => match kind {
                Scalar::String(_) | Scalar::Binary => 2,
                Scalar::Integer(_) | Scalar::Number => 3,
                Scalar::Boolean => 4,
            },
            Part::Opaque { .. } => 5,
        };
        let opaque = parts.iter().any(|p| matches!(p, Part::Opaque { .. }));
        if let Some(other) = parts.iter().find(|p| !opaque && kind(p) != kind(&parts[0])) {
            return self.conflict(&parts[0], other);
        }
        let substantive: Vec<&str> = (parts.iter())
            .filter(|p| !p.bare())
            .map(Part::pointer)
            .collect();
        let holds_all = each.iter().position(|own| {
            substantive
                .iter()
                .all(|s| own.iter().any(|p| p.pointer() == *s))
        });
        if let Some(i) = holds_all {
            let (def, pointer) = unique[i];
            return Some(self.ty(*def, hint, pointer));
        }
        if opaque {
            return None;
        }
        Some(match &parts[0] {
            Part::Object { .. } => self.merged_object(&parts, hint),
            Part::Array { .. } => {
                let items: Vec<Def<'a>> = (parts.iter())
                    .filter_map(|p| match p {
                        Part::Array {
                            items: Some(items),
                            pointer,
                        } => Some((*items, join(pointer, "items"))),
                        _ => None,
                    })
                    .collect();
                if items.is_empty() {
                    Ty::Vec(Box::new(Ty::Any))
                } else {
                    let item = self.merged_or_null(&items, &format!("{hint}Item"));
                    Ty::Vec(Box::new(item))
                }
            }
            _ => return self.merged_scalar(&parts, hint),
        })
    }

    /// Objects: one struct of every part's properties, or a map when none has properties.
    fn merged_object(&mut self, parts: &[Part<'a>], hint: &str) -> Ty {
        let mut objects = Vec::new();
        let mut values: Vec<Def<'a>> = Vec::new();
        let mut additional = None;
        for part in parts {
            if let Part::Object {
                properties,
                required,
                additional: extra,
                pointer,
            } = part
            {
                objects.push((*properties, *required, pointer.clone()));
                if let Some(AdditionalProperties::Schema(value)) = extra {
                    values.push((
                        RefOr::from(value.as_ref()),
                        join(pointer, "additionalProperties"),
                    ));
                }
                additional = extra.or(additional);
            }
        }
        if objects
            .iter()
            .all(|(properties, _, _)| properties.is_empty())
        {
            return match values.as_slice() {
                [] => Ty::Object,
                _ => Ty::Map(Box::new(
                    self.merged_or_null(&values, &format!("{hint}Value")),
                )),
            };
        }
        // One type for one merge, however often it is reached (and a merge that reaches
        // itself through its properties refers to its own type).
        let key: Vec<String> = objects.iter().map(|(_, _, p)| p.clone()).collect();
        if let Some(&id) = self.merged.get(&key) {
            return Ty::Named(id);
        }
        let pointer = objects[0].2.clone();
        let id = self.reserve(hint, Origin::inline(pointer.clone()));
        self.merged.insert(key, id);
        let name = self.name_of(id).to_string();
        let merged = self.structure(&objects, additional, &name, &pointer);
        self.types[id].kind = TypeKind::Struct(merged);
        Ty::Named(id)
    }

    /// Scalars of one kind: the most specific part's type, unless their enums share no value.
    fn merged_scalar(&mut self, parts: &[Part<'a>], hint: &str) -> Option<Ty> {
        let mut best: Option<(usize, &Part<'a>)> = None;
        let mut listed: Option<(&Part<'a>, Vec<String>)> = None;
        for part in parts {
            let Part::Scalar { kind, schema, .. } = part else {
                continue;
            };
            let values: Option<Vec<String>> = match kind {
                Scalar::String(v) if !v.is_empty() => Some(v.clone()),
                Scalar::Integer(v) if !v.is_empty() => Some(v.iter().map(i64::to_string).collect()),
                _ => None,
            };
            if let Some(values) = &values {
                match &mut listed {
                    None => listed = Some((part, values.clone())),
                    Some((first, common)) => {
                        common.retain(|v| values.contains(v));
                        if common.is_empty() {
                            let first = *first;
                            return self.conflict(first, part);
                        }
                    }
                }
            }
            let rank = match kind {
                _ if values.is_some() => 3,
                Scalar::Binary | Scalar::Integer(_) => 2,
                Scalar::String(_) if string_format(schema).is_some() => 1,
                _ => 0,
            };
            if best.is_none_or(|(r, _)| rank >= r) {
                best = Some((rank, part));
            }
        }
        Some(match best {
            Some((_, Part::Scalar { def, pointer, .. })) => self.ty(*def, hint, pointer),
            _ => Ty::Any,
        })
    }

    /// Reports two parts no value satisfies together, at the later one; the value is any JSON.
    /// Among the members of a union merged into one struct ([`Types::alternatives`]) they are
    /// alternatives, not a conjunction: `None`, and the most precise is taken.
    fn conflict(&mut self, first: &Part<'a>, later: &Part<'a>) -> Option<Ty> {
        if self.alternatives {
            return None;
        }
        self.problem(Diagnostic::new(
            self.file(),
            later.pointer(),
            format!(
                "`allOf` members disagree: this says the value is {}, `{}` says {}; no value \
                 is both",
                later.what(),
                first.pointer(),
                first.what()
            ),
            "make the definitions agree, or define the value in one member only",
        ));
        Some(Ty::Any)
    }

    /// The most precise of definitions that do not merge (a union among them): `array of
    /// Station` over `array of object`; of two as precise, the later (a later part refines).
    fn most_precise(&mut self, defs: &[Def<'a>], hint: &str) -> Ty {
        let mut best: Option<Ty> = None;
        for (property, pointer) in defs {
            let ty = self.ty(*property, hint, pointer);
            let better = match &best {
                None => true,
                Some(current) => {
                    let (new, old) = (precision(&ty), precision(current));
                    new > old || (new == old && &ty != current)
                }
            };
            if better {
                best = Some(ty);
            }
        }
        best.unwrap_or(Ty::Any)
    }

    /// Adds what `def` says the value is to `out`: references followed, `allOf` parts (and
    /// properties beside them) flattened, annotations (no type) left out.
    pub(super) fn parts_of(
        &mut self,
        def: RefOr<'a>,
        pointer: &str,
        out: &mut Vec<Part<'a>>,
        depth: usize,
    ) {
        if depth > 64 {
            self.problem(Diagnostic::new(
                self.file(),
                pointer,
                "`allOf` nests more than 64 levels deep",
                "no schema needs this depth: flatten the `allOf` parts",
            ));
            return;
        }
        let Some((key, schema)) = self.deref(def, pointer) else {
            return;
        };
        let own = match &key {
            Some(k) => join("#/components/schemas", k),
            None => pointer.to_string(),
        };
        if let Some(k) = &key {
            if !self.merging.insert(k.clone()) {
                self.problem(Diagnostic::new(
                    self.file(),
                    pointer,
                    format!("schema `{k}` includes itself through `allOf`"),
                    "remove the part that refers back to the schema",
                ));
                return;
            }
        }
        let all_of =
            |types: &mut Self, parts: &'a [ReferenceOr<Schema>], out: &mut Vec<Part<'a>>| {
                for (i, p) in parts.iter().enumerate() {
                    let at = join(&join(&own, "allOf"), &i.to_string());
                    types.parts_of(RefOr::from(p), &at, out, depth + 1);
                }
            };
        if let Some((properties, required, additional)) = properties_beside(schema) {
            match &schema.schema_kind {
                SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() => {
                    // The parts first (the base a schema extends), then the properties beside.
                    all_of(self, &any.all_of, out);
                    out.push(Part::Object {
                        properties,
                        required,
                        additional,
                        pointer: own.clone(),
                    });
                }
                _ => out.push(Part::Opaque {
                    pointer: own.clone(),
                }),
            }
        } else {
            let scalar = |kind| Part::Scalar {
                kind,
                def,
                schema,
                pointer: own.clone(),
            };
            match shape(schema) {
                Shape::Object {
                    properties,
                    required,
                    additional,
                } => out.push(Part::Object {
                    properties,
                    required,
                    additional,
                    pointer: own.clone(),
                }),
                Shape::AllOf(parts) => all_of(self, parts, out),
                Shape::Array(items) => out.push(Part::Array {
                    items: items.map(RefOr::from),
                    pointer: own.clone(),
                }),
                Shape::String(values) => out.push(scalar(Scalar::String(values))),
                Shape::Binary => out.push(scalar(Scalar::Binary)),
                Shape::Integer(_, values) => out.push(scalar(Scalar::Integer(values))),
                Shape::Number(_) => out.push(scalar(Scalar::Number)),
                Shape::Boolean => out.push(scalar(Scalar::Boolean)),
                Shape::OneOf(_) => out.push(Part::Opaque {
                    pointer: own.clone(),
                }),
                Shape::Any => {}
            }
        }
        if let Some(k) = &key {
            self.merging.remove(k);
        }
    }

    /// Whether a value of `def` (an array item, a map value, a union member) may be `null`
    /// (OpenAPI 3.0's `nullable`, which 3.1's `type: [T, "null"]` becomes when the document is
    /// loaded).
    pub(super) fn allows_null(&mut self, def: RefOr<'a>, pointer: &str) -> bool {
        match def {
            RefOr::Item(s) => {
                s.schema_data.nullable || annotation_parts(s).any(|a| a.schema_data.nullable)
            }
            RefOr::Ref(r) => self
                .resolve_ref(r, pointer)
                .is_some_and(|(_, s)| s.schema_data.nullable),
        }
    }

    /// The doc comment of a property, whether it may be `null`, and whether it travels only
    /// one way (`readOnly` or `writeOnly`).
    fn facts(&mut self, property: RefOr<'a>, pointer: &str) -> Facts {
        match property {
            RefOr::Item(s) => Facts {
                doc: doc_with_annotations(s),
                nullable: s.schema_data.nullable
                    || annotation_parts(s).any(|a| a.schema_data.nullable)
                    || self.member_allows_null(s, pointer),
                one_way: one_way(s),
            },
            RefOr::Ref(r) => match self.resolve_ref(r, pointer) {
                Some((_, s)) => Facts {
                    doc: None,
                    nullable: s.schema_data.nullable || self.member_allows_null(s, pointer),
                    one_way: one_way(s),
                },
                None => Facts {
                    doc: None,
                    nullable: false,
                    one_way: false,
                },
            },
        }
    }

    /// Whether `schema` is a `oneOf`/`anyOf` with a member that allows `null`: a field holding
    /// it may be `null` (its `Option` would otherwise read `null` as absent).
    fn member_allows_null(&mut self, schema: &'a Schema, pointer: &str) -> bool {
        let Shape::OneOf(members) = shape(schema) else {
            return false;
        };
        let key = oneof_key(schema);
        members
            .iter()
            .enumerate()
            .any(|(i, member)| match RefOr::from(member) {
                RefOr::Item(s) => s.schema_data.nullable,
                RefOr::Ref(r) => {
                    let at = join(&join(pointer, key), &i.to_string());
                    self.resolve_ref(r, &at)
                        .is_some_and(|(_, s)| s.schema_data.nullable)
                }
            })
    }
}

/// Whether a definition only annotates (no type, no properties: `{description: ..}`), and so
/// constrains nothing.
fn annotates(def: RefOr<'_>) -> bool {
    matches!(def, RefOr::Item(s) if matches!(shape(s), Shape::Any))
}

/// Whether two definitions of a property are the same schema.
pub(super) fn same_schema(a: RefOr<'_>, b: RefOr<'_>) -> bool {
    match (a, b) {
        (RefOr::Ref(a), RefOr::Ref(b)) => a == b,
        (RefOr::Item(a), RefOr::Item(b)) => a == b,
        _ => false,
    }
}

/// How much a type says about its values: any JSON says nothing, a free-form object little,
/// a declared type or a primitive all there is (arrays and maps by what they hold).
fn precision(ty: &Ty) -> usize {
    match ty {
        Ty::Any => 0,
        Ty::Object => 1,
        Ty::Vec(inner) | Ty::Map(inner) => 1 + precision(inner),
        Ty::Nullable(inner) => precision(inner),
        _ => 3,
    }
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
