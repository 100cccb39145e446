//! Composition: `oneOf` (tagged or untagged) and `allOf` (merged into one struct).

use super::merge::{Def, Part};
use super::shape::{Properties, RefOr, Shape, shape, shape_label};
use super::{Types, doc_of};
use crate::diagnostics::join;
use crate::model::{Tagged, TaggedVariant, Ty, TypeKind, Variant};
use crate::naming::{self, Namespace};
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind};

impl<'a> Types<'a> {
    /// A `oneOf` whose alternatives are told apart by one string property: the spec's
    /// `discriminator`, or a property every alternative pins to one distinct value.
    pub(super) fn tagged(
        &mut self,
        schema: &'a Schema,
        alternatives: &'a [ReferenceOr<Schema>],
        name: &str,
        pointer: &str,
    ) -> Option<Tagged> {
        let discriminator = schema.schema_data.discriminator.as_ref();
        // Each alternative: its component key (if a reference), its schema, and its constant
        // values by property name.
        let mut resolved = Vec::new();
        for (i, alternative) in alternatives.iter().enumerate() {
            let alt_pointer = join(pointer, &i.to_string());
            let (key, alt) = self.deref(RefOr::from(alternative), &alt_pointer)?;
            let own_pointer = match &key {
                Some(k) => join("#/components/schemas", k),
                None => alt_pointer,
            };
            let constants = self.constant_properties(alt, &own_pointer);
            resolved.push((key, alternative, constants));
        }
        let property = match discriminator {
            Some(d) => d.property_name.clone(),
            None => {
                let (_, _, first) = resolved.first()?;
                first.iter().map(|(p, _)| p.clone()).find(|p| {
                    resolved
                        .iter()
                        .all(|(_, _, c)| c.iter().any(|(q, _)| q == p))
                })?
            }
        };
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        for (i, (key, alternative, constants)) in resolved.iter().enumerate() {
            let constant = constants
                .iter()
                .find(|(p, _)| *p == property)
                .map(|(_, v)| v.clone());
            let mapped = discriminator.and_then(|d| {
                let key = key.as_ref()?;
                d.mapping
                    .iter()
                    .find(|(_, target)| {
                        target.as_str() == key || target.rsplit('/').next() == Some(key.as_str())
                    })
                    .map(|(value, _)| value.clone())
            });
            let tag = mapped
                .or(constant)
                .or_else(|| discriminator.and(key.clone()))?;
            let label = match key {
                Some(k) => self.name_of(self.components[k]).to_string(),
                None => naming::camel(&tag, "Variant"),
            };
            let variant_name = names.claim(&label);
            let hint = format!("{name}{variant_name}");
            let ty = self.ty(
                RefOr::from(*alternative),
                &hint,
                &join(pointer, &i.to_string()),
            );
            if variants.iter().any(|v: &TaggedVariant| v.tag == tag) {
                return None;
            }
            variants.push(TaggedVariant {
                tag,
                name: variant_name,
                ty,
                boxed: false,
            });
        }
        Some(Tagged {
            property,
            variants,
            other: names.claim("Other"),
        })
    }

    /// The properties of an object schema that allow exactly one string value.
    fn constant_properties(&mut self, schema: &'a Schema, pointer: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let Shape::Object { properties, .. } = shape(schema) else {
            return out;
        };
        for (name, property) in properties {
            let property_schema = match RefOr::from(property) {
                RefOr::Item(s) => Some(s),
                RefOr::Ref(r) => {
                    let at = join(&join(pointer, "properties"), name);
                    self.resolve_ref(r, &at).map(|(_, s)| s)
                }
            };
            if let Some(Shape::String(values)) = property_schema.map(shape) {
                if let [only] = values.as_slice() {
                    out.push((name.clone(), only.clone()));
                }
            }
        }
        out
    }

    pub(super) fn one_of(
        &mut self,
        alternatives: &'a [ReferenceOr<Schema>],
        name: &str,
        pointer: &str,
    ) -> Vec<Variant> {
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        for (i, alternative) in alternatives.iter().enumerate() {
            let alt_pointer = join(pointer, &i.to_string());
            let alternative = RefOr::from(alternative);
            let (label, doc) = match alternative {
                RefOr::Ref(r) => match self.resolve_ref(r, &alt_pointer) {
                    Some((key, _)) => (self.name_of(self.components[&key]).to_string(), None),
                    None => continue,
                },
                RefOr::Item(s) => {
                    let label = match &s.schema_data.title {
                        Some(title) => naming::camel(title, "Variant"),
                        None => shape_label(s).to_string(),
                    };
                    (label, doc_of(s))
                }
            };
            let variant_name = names.claim(&label);
            let ty = self.ty_or_null(alternative, &format!("{name}{variant_name}"), &alt_pointer);
            variants.push(Variant {
                name: variant_name,
                doc,
                ty: Some(ty),
                boxed: false,
            });
        }
        variants
    }

    /// A schema with `properties` beside `allOf`, `oneOf` or `anyOf`: one struct holding the
    /// properties beside and those of every part, so nothing on the wire is dropped.
    ///
    /// For `allOf` this is the merge it always is. The members of a `oneOf`/`anyOf` are merged
    /// too, each of their properties optional (only one member, or some, hold). A struct of the
    /// outer properties with the union flattened beside them would also say which member
    /// matched, but serde's `flatten` of an untagged enum takes the first member that parses
    /// (losing the fields only another has), and the compact `Deserialize` of large clients
    /// reads fields one by one, with no flatten. Members that only list `required` names ("at
    /// least one of these", the common idiom) add that constraint alone: the properties stay
    /// typed. A member that is not an object (a string, a union) merges with nothing: the value
    /// is read as any JSON, which keeps it whole.
    pub(super) fn beside(
        &mut self,
        schema: &'a Schema,
        outer: (
            &'a Properties,
            &'a [String],
            Option<&'a AdditionalProperties>,
        ),
        name: &str,
        pointer: &str,
    ) -> TypeKind {
        let (properties, required, additional) = outer;
        let beside = (properties, required, pointer.to_string());
        let mut objects = Vec::new();
        let mut extra = None;
        let mut mergeable = true;
        let SchemaKind::Any(any) = &schema.schema_kind else {
            return TypeKind::Struct(self.structure(&[beside], additional, name, pointer));
        };
        // The parts of an `allOf` first (the base a schema extends), then the properties
        // beside, then the members of a union.
        for (key, members, all) in [
            ("allOf", &any.all_of, true),
            ("oneOf", &any.one_of, false),
            ("anyOf", &any.any_of, false),
        ] {
            if key == "oneOf" {
                objects.push(beside.clone());
                extra = additional.or(extra);
            }
            for (i, member) in members.iter().enumerate() {
                let member_pointer = join(&join(pointer, key), &i.to_string());
                let first = objects.len();
                let mut member_extra = None;
                mergeable &= self.collect_object_parts(
                    RefOr::from(member),
                    &member_pointer,
                    &mut objects,
                    &mut member_extra,
                );
                if all {
                    extra = member_extra.or(extra);
                } else {
                    // Required by one member: not by the value.
                    for part in &mut objects[first..] {
                        part.1 = &[];
                    }
                }
            }
        }
        if !mergeable {
            return TypeKind::Alias(Ty::Any);
        }
        // The members of a union are alternatives: what they define again is not merged as a
        // conjunction (see `merge.rs`), and does not disagree.
        let union = !any.one_of.is_empty() || !any.any_of.is_empty();
        let outer = self.alternatives;
        self.alternatives |= union;
        let merged = self.structure(&objects, extra, name, pointer);
        self.alternatives = outer;
        TypeKind::Struct(merged)
    }

    /// Merges the object parts of an `allOf` into one struct.
    pub(super) fn all_of(
        &mut self,
        parts: &'a [ReferenceOr<Schema>],
        name: &str,
        pointer: &str,
    ) -> Option<TypeKind> {
        let mut objects = Vec::new();
        let mut additional = None;
        let mut mergeable = true;
        for (i, part) in parts.iter().enumerate() {
            let part_pointer = join(pointer, &i.to_string());
            mergeable &= self.collect_object_parts(
                RefOr::from(part),
                &part_pointer,
                &mut objects,
                &mut additional,
            );
        }
        if !mergeable {
            // Arrays, scalars: merged as a property's definitions are. A union (or a value
            // that is not an object) combined with other schemas: no struct holds it, so it is
            // read as any JSON value rather than refused.
            let defs: Vec<Def<'a>> = (parts.iter().enumerate())
                .map(|(i, part)| (RefOr::from(part), join(pointer, &i.to_string())))
                .collect();
            let ty = self.conjunction(&defs, name).unwrap_or(Ty::Any);
            return Some(TypeKind::Alias(ty));
        }
        Some(TypeKind::Struct(
            self.structure(&objects, additional, name, pointer),
        ))
    }

    /// Adds the properties of `part` to `objects`; false when it is not an object (a union, a
    /// string...), which no struct can merge.
    fn collect_object_parts(
        &mut self,
        part: RefOr<'a>,
        pointer: &str,
        objects: &mut Vec<(&'a Properties, &'a [String], String)>,
        additional: &mut Option<&'a AdditionalProperties>,
    ) -> bool {
        let mut parts = Vec::new();
        self.parts_of(part, pointer, &mut parts, 0);
        let mut mergeable = true;
        for part in parts {
            match part {
                Part::Object {
                    properties,
                    required,
                    additional: extra,
                    pointer,
                } => {
                    objects.push((properties, required, pointer));
                    if extra.is_some() {
                        *additional = extra;
                    }
                }
                _ => mergeable = false,
            }
        }
        mergeable
    }
}
