//! JSON schemas to Rust types: structs, forward-compatible enums, untagged `oneOf` enums and
//! aliases. Component schemas are named first (in document order), inline schemas get names from
//! where they appear, and fields are boxed only where a cycle of types needs it.

use super::{
    Enum, EnumVariant, Field, IntEnum, IntVariant, Struct, Tagged, TaggedVariant, Ty, TypeDef,
    TypeId, TypeKind, Variant, walk,
};
use crate::diagnostics::{Diagnostic, join};
use crate::naming::{self, Namespace};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, IntegerFormat, NumberFormat, ObjectType, OpenAPI,
    ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// A schema or a reference to one, whatever the box around it.
#[derive(Clone, Copy)]
pub(super) enum RefOr<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for RefOr<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => RefOr::Ref(reference),
            ReferenceOr::Item(s) => RefOr::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for RefOr<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => RefOr::Ref(reference),
            ReferenceOr::Item(s) => RefOr::Item(s),
        }
    }
}

type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// What a schema describes, whichever way `openapiv3` parsed it.
enum Shape<'a> {
    Object {
        properties: &'a Properties,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
    },
    Array(Option<&'a ReferenceOr<Box<Schema>>>),
    String(Vec<String>),
    Integer(Option<IntegerFormat>, Vec<i64>),
    Number(Option<NumberFormat>),
    Boolean,
    /// A string holding raw bytes (`format: binary`).
    Binary,
    OneOf(&'a [ReferenceOr<Schema>]),
    AllOf(&'a [ReferenceOr<Schema>]),
    Any,
}

/// The one part of an `allOf` that says what the value is, when every other part only
/// annotates it (a description, a title: no type, no properties), with its index.
///
/// Beside exactly one reference, an inline part that only names a primitive type
/// (`{type: string}`, no values listed) restates it and counts as an annotation too.
fn substantive_part(parts: &[ReferenceOr<Schema>]) -> Option<(usize, &ReferenceOr<Schema>)> {
    let is = |part: &ReferenceOr<Schema>, test: fn(&Schema) -> bool| matches!(part, ReferenceOr::Item(s) if test(s));
    let annotation = |s: &Schema| matches!(shape(s), Shape::Any);
    let bare_primitive = |s: &Schema| match shape(s) {
        Shape::String(values) => values.is_empty(),
        Shape::Integer(_, values) => values.is_empty(),
        Shape::Number(_) | Shape::Boolean => true,
        _ => false,
    };
    let mut rest = parts
        .iter()
        .enumerate()
        .filter(|(_, part)| !is(part, annotation));
    let first = rest.next()?;
    let others: Vec<_> = rest.collect();
    if others.is_empty() {
        return Some(first);
    }
    let mut all = std::iter::once(first).chain(others);
    let references: Vec<_> = all
        .clone()
        .filter(|(_, part)| matches!(part, ReferenceOr::Reference { .. }))
        .collect();
    match references.as_slice() {
        [only] if all.all(|(_, part)| std::ptr::eq(part, only.1) || is(part, bare_primitive)) => {
            Some(*only)
        }
        _ => None,
    }
}

/// The parts of an `allOf` that only annotate its [`substantive_part`], if it has one.
fn annotation_parts(schema: &Schema) -> impl Iterator<Item = &Schema> {
    let parts = match shape(schema) {
        Shape::AllOf(parts) if substantive_part(parts).is_some() => parts,
        _ => &[],
    };
    parts.iter().filter_map(|part| match part {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { .. } => None,
    })
}

fn shape(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Shape::Object {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        },
        SchemaKind::Type(Type::Array(a)) => Shape::Array(a.items.as_ref()),
        SchemaKind::Type(Type::String(s))
            if matches!(
                s.format,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
            ) =>
        {
            Shape::Binary
        }
        SchemaKind::Type(Type::String(s)) => {
            Shape::String(s.enumeration.iter().flatten().cloned().collect())
        }
        SchemaKind::Type(Type::Integer(i)) => Shape::Integer(
            match &i.format {
                VariantOrUnknownOrEmpty::Item(f) => Some(*f),
                _ => None,
            },
            i.enumeration.iter().flatten().copied().collect(),
        ),
        SchemaKind::Type(Type::Number(n)) => Shape::Number(match &n.format {
            VariantOrUnknownOrEmpty::Item(f) => Some(*f),
            _ => None,
        }),
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::OneOf { one_of } => Shape::OneOf(one_of),
        SchemaKind::AnyOf { any_of } => Shape::OneOf(any_of),
        SchemaKind::AllOf { all_of } => Shape::AllOf(all_of),
        SchemaKind::Not { .. } => Shape::Any,
        SchemaKind::Any(any) => {
            if !any.all_of.is_empty() {
                Shape::AllOf(&any.all_of)
            } else if !any.one_of.is_empty() {
                Shape::OneOf(&any.one_of)
            } else if !any.any_of.is_empty() {
                Shape::OneOf(&any.any_of)
            } else if !any.properties.is_empty()
                || any.additional_properties.is_some()
                || any.typ.as_deref() == Some("object")
            {
                Shape::Object {
                    properties: &any.properties,
                    required: &any.required,
                    additional: any.additional_properties.as_ref(),
                }
            } else if any.items.is_some() || any.typ.as_deref() == Some("array") {
                Shape::Array(any.items.as_ref())
            } else {
                match any.typ.as_deref() {
                    Some("string") => Shape::String(
                        any.enumeration
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect(),
                    ),
                    Some("integer") => Shape::Integer(
                        None,
                        any.enumeration
                            .iter()
                            .filter_map(serde_json::Value::as_i64)
                            .collect(),
                    ),
                    Some("number") => Shape::Number(None),
                    Some("boolean") => Shape::Boolean,
                    _ => Shape::Any,
                }
            }
        }
    }
}

/// Builds the types of one spec.
pub(super) struct Types<'a> {
    file: PathBuf,
    api: &'a OpenAPI,
    /// Component schema key -> its type.
    components: HashMap<String, TypeId>,
    types: Vec<Option<TypeDef>>,
    names: Namespace,
    problems: Vec<Diagnostic>,
    /// Component schemas being defined, to catch `$ref` loops that never reach a schema.
    resolving: BTreeSet<String>,
    skip: &'a crate::skip::Skip,
    /// Problems already reported, for those every member of a cycle would find.
    reported: BTreeSet<String>,
    /// Inline schemas by their shape (docs left out), so identical ones share a type.
    inline_by_shape: HashMap<Vec<u8>, TypeId>,
    /// Inline types used from more than one place.
    shared: BTreeSet<TypeId>,
    /// Shared inline types whose places document them differently: no one place's words
    /// describe them all.
    mixed_docs: BTreeSet<TypeId>,
    /// Inline types being defined: a use of one of them is a use inside itself.
    defining: BTreeSet<TypeId>,
}

impl<'a> Types<'a> {
    pub(super) fn new(file: &Path, api: &'a OpenAPI, skip: &'a crate::skip::Skip) -> Self {
        Types {
            file: file.to_path_buf(),
            api,
            components: HashMap::new(),
            types: Vec::new(),
            names: Namespace::for_types(),
            problems: Vec::new(),
            resolving: BTreeSet::new(),
            skip,
            reported: BTreeSet::new(),
            inline_by_shape: HashMap::new(),
            shared: BTreeSet::new(),
            mixed_docs: BTreeSet::new(),
            defining: BTreeSet::new(),
        }
    }

    pub(super) fn file(&self) -> &Path {
        &self.file
    }

    pub(super) fn problem(&mut self, d: Diagnostic) {
        self.problems.push(d);
    }

    /// Names every component schema, then defines each.
    pub(super) fn declare_components(&mut self) {
        let Some(components) = &self.api.components else {
            return;
        };
        for key in components.schemas.keys() {
            let id = self.reserve(key);
            self.components.insert(key.clone(), id);
        }
        for (key, schema) in &components.schemas {
            let id = self.components[key];
            let pointer = join("#/components/schemas", key);
            if self.skip.contains(&pointer) {
                let name = self.name_of(id).to_string();
                let doc = Some(
                    "Any JSON: clientgen skipped this schema (`--skip-unsupported`).".to_string(),
                );
                self.types[id.index()] = Some(TypeDef {
                    name,
                    doc,
                    kind: TypeKind::Alias(Ty::Any),
                });
                continue;
            }
            self.resolving.insert(key.clone());
            let def = self.define(id, RefOr::from(schema), &pointer);
            self.resolving.remove(key);
            self.types[id.index()] = Some(def);
        }
    }

    /// Claims a unique type name and a slot.
    pub(super) fn reserve(&mut self, raw: &str) -> TypeId {
        let name = self.names.claim(&naming::camel(raw, "Type"));
        self.types.push(Some(TypeDef {
            name,
            doc: None,
            kind: TypeKind::Alias(Ty::Any),
        }));
        TypeId(self.types.len() - 1)
    }

    /// Declares a type that is not a schema (parameters, per-status responses).
    pub(super) fn add(&mut self, raw_name: &str, doc: Option<String>, kind: TypeKind) -> TypeId {
        let id = self.reserve(raw_name);
        if let Some(Some(def)) = self.types.get_mut(id.index()) {
            def.doc = doc;
            def.kind = kind;
        }
        id
    }

    /// Whether `ty` names a struct.
    pub(super) fn is_struct(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Named(id) => {
                matches!(
                    self.types.get(id.index()),
                    Some(Some(TypeDef {
                        kind: TypeKind::Struct(_),
                        ..
                    }))
                )
            }
            _ => false,
        }
    }

    pub(super) fn name_of(&self, id: TypeId) -> &str {
        self.types[id.index()]
            .as_ref()
            .map_or("", |d| d.name.as_str())
    }

    /// Follows a `$ref` to a component schema.
    fn resolve_ref(&mut self, reference: &str, pointer: &str) -> Option<(String, &'a Schema)> {
        let Some(key) = reference.strip_prefix("#/components/schemas/") else {
            self.problems.push(
                Diagnostic::new(
                    &self.file,
                    pointer,
                    format!("unsupported reference `{reference}`"),
                )
                .hint("refer to a schema under #/components/schemas"),
            );
            return None;
        };
        let key = unescape(key);
        if self.skip.contains(&join("#/components/schemas", &key)) {
            // Left out (`--skip-unsupported`): any JSON, whatever it refers to.
            return None;
        }
        let api = self.api;
        let found = api.components.as_ref().and_then(|c| c.schemas.get(&key));
        match found {
            Some(ReferenceOr::Item(schema)) => Some((key, schema)),
            Some(ReferenceOr::Reference { reference: next }) => {
                if !self.resolving.insert(key.clone()) {
                    // Every member of the cycle finds it: report it once.
                    let members: Vec<&String> = self.resolving.iter().collect();
                    let cycle = format!("cycle:{members:?}");
                    if self.reported.insert(cycle) {
                        self.problems.push(
                            Diagnostic::new(
                                &self.file,
                                pointer,
                                format!("`{reference}` is part of a cycle of references that never reaches a schema"),
                            )
                            .hint("make one of the schemas in the cycle a real schema instead of a `$ref`"),
                        );
                    }
                    return None;
                }
                let next = next.clone();
                let result = self.resolve_ref(&next, &join("#/components/schemas", &key));
                self.resolving.remove(&key);
                result
            }
            None => {
                self.problems.push(
                    Diagnostic::new(
                        &self.file,
                        pointer,
                        format!("`{reference}` refers to nothing"),
                    )
                    .hint("define the schema under #/components/schemas or fix the name"),
                );
                None
            }
        }
    }

    /// The schema behind a reference or inline schema, with its component key if any.
    fn deref(&mut self, schema: RefOr<'a>, pointer: &str) -> Option<(Option<String>, &'a Schema)> {
        match schema {
            RefOr::Item(s) => Some((None, s)),
            RefOr::Ref(r) => self.resolve_ref(r, pointer).map(|(k, s)| (Some(k), s)),
        }
    }

    /// The definition of a named type.
    fn define(&mut self, id: TypeId, schema: RefOr<'a>, pointer: &str) -> TypeDef {
        let name = self.name_of(id).to_string();
        let kind = match schema {
            RefOr::Ref(reference) => TypeKind::Alias(self.ty_of_ref(reference, pointer)),
            RefOr::Item(s) => match self.kind(s, &name, pointer) {
                Some(kind) => kind,
                None => TypeKind::Alias(self.ty_inline(s, &name, pointer)),
            },
        };
        let mut doc = match schema {
            RefOr::Item(s) => doc_with_annotations(s),
            RefOr::Ref(_) => None,
        };
        if let (RefOr::Item(s), TypeKind::Alias(Ty::Any)) = (schema, &kind) {
            if matches!(shape(s), Shape::AllOf(parts) if parts.len() > 1) {
                let note = "Read as any JSON value: this `allOf` combines a schema that is not \
                            an object (a `oneOf`, a string...) with others, which no Rust type \
                            here merges.";
                doc = Some(match doc {
                    Some(d) => format!("{d}\n\n{note}"),
                    None => note.to_string(),
                });
            }
        }
        TypeDef { name, doc, kind }
    }

    /// A declared type for schemas that need one (objects with properties, enums, `oneOf`,
    /// `allOf`), or `None` for schemas that are a plain Rust type.
    fn kind(&mut self, schema: &'a Schema, name: &str, pointer: &str) -> Option<TypeKind> {
        match shape(schema) {
            Shape::Object {
                properties,
                required,
                additional,
            } if !properties.is_empty() => Some(TypeKind::Struct(self.structure(
                &[(properties, required, pointer.to_string())],
                additional,
                name,
                pointer,
            ))),
            Shape::String(values) if !values.is_empty() => {
                Some(TypeKind::Enum(self.enumeration(schema, &values)))
            }
            Shape::Integer(_, values) if !values.is_empty() => {
                Some(TypeKind::IntEnum(self.int_enumeration(schema, &values)))
            }
            Shape::OneOf(alternatives) if alternatives.len() > 1 => {
                let pointer = join(pointer, oneof_key(schema));
                match self.tagged(schema, alternatives, name, &pointer) {
                    Some(tagged) => Some(TypeKind::Tagged(tagged)),
                    None => Some(TypeKind::OneOf(self.one_of(alternatives, name, &pointer))),
                }
            }
            // One schema with annotations is that schema: an alias (see `ty_inline`).
            Shape::AllOf(parts) if parts.len() > 1 && substantive_part(parts).is_none() => {
                self.all_of(parts, name, &join(pointer, "allOf"))
            }
            _ => None,
        }
    }

    fn ty_of_ref(&mut self, reference: &str, pointer: &str) -> Ty {
        let skipped = reference
            .strip_prefix("#/components/schemas/")
            .map(unescape)
            .filter(|key| self.skip.contains(&join("#/components/schemas", key)))
            .and_then(|key| self.components.get(&key));
        if let Some(&id) = skipped {
            return Ty::Named(id);
        }
        match self.resolve_ref(reference, pointer) {
            Some((key, _)) => Ty::Named(self.components[&key]),
            None => Ty::Any,
        }
    }

    /// The Rust type of a use of `schema`; inline schemas that need a declaration get one named
    /// after `hint`.
    pub(super) fn ty(&mut self, schema: RefOr<'a>, hint: &str, pointer: &str) -> Ty {
        match schema {
            RefOr::Ref(reference) => self.ty_of_ref(reference, pointer),
            RefOr::Item(s) => self.ty_inline(s, hint, pointer),
        }
    }

    fn ty_inline(&mut self, schema: &'a Schema, hint: &str, pointer: &str) -> Ty {
        // `allOf: [{$ref: X}, {description: ...}]` is how OpenAPI 3.0 documents a use of X.
        if let Shape::AllOf(parts) = shape(schema) {
            if let Some((i, single)) = substantive_part(parts) {
                let pointer = join(&join(pointer, "allOf"), &i.to_string());
                return self.ty(RefOr::from(single), hint, &pointer);
            }
        }
        match shape(schema) {
            Shape::Object {
                properties,
                additional,
                ..
            } if properties.is_empty() => match additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let value = RefOr::from(value.as_ref());
                    Ty::Map(Box::new(self.ty(
                        value,
                        &format!("{hint}Value"),
                        &join(pointer, "additionalProperties"),
                    )))
                }
                _ => Ty::Object,
            },
            Shape::Array(items) => match items {
                Some(items) => Ty::Vec(Box::new(self.ty(
                    RefOr::from(items),
                    &format!("{hint}Item"),
                    &join(pointer, "items"),
                ))),
                None => Ty::Vec(Box::new(Ty::Any)),
            },
            Shape::String(values) if values.is_empty() => Ty::String,
            Shape::Integer(format, values) if values.is_empty() => match format {
                Some(IntegerFormat::Int32) => Ty::I32,
                _ => Ty::I64,
            },
            Shape::Number(format) => match format {
                Some(NumberFormat::Float) => Ty::F32,
                _ => Ty::F64,
            },
            Shape::Boolean => Ty::Bool,
            Shape::Binary => Ty::Bytes,
            Shape::OneOf([single]) | Shape::AllOf([single]) => {
                let key = oneof_key(schema);
                self.ty(RefOr::from(single), hint, &join(&join(pointer, key), "0"))
            }
            Shape::Any | Shape::OneOf([]) | Shape::AllOf([]) => Ty::Any,
            _ => {
                // Large specs repeat the same inline schema hundreds of times (GitHub's
                // `read`/`write` permission enum, 900 times): one type serves them all.
                let shape_key = dedupe_key(schema);
                if let Some(&id) = self.inline_by_shape.get(&shape_key) {
                    self.shared.insert(id);
                    // (A type still being defined is a use inside itself: same place, same doc.)
                    let first_doc = self.types[id.index()].as_ref().and_then(|d| d.doc.as_ref());
                    if !self.defining.contains(&id) && first_doc != doc_of(schema).as_ref() {
                        self.mixed_docs.insert(id);
                    }
                    return Ty::Named(id);
                }
                let id = self.reserve(hint);
                // Known before it is defined: a schema that contains itself (through `allOf`
                // parts that are merged in) refers to this type instead of defining it again.
                self.inline_by_shape.insert(shape_key, id);
                self.defining.insert(id);
                let def = self.define(id, RefOr::Item(schema), pointer);
                self.defining.remove(&id);
                self.types[id.index()] = Some(def);
                Ty::Named(id)
            }
        }
    }

    /// A struct from one or more property lists (several for a merged `allOf`).
    fn structure(
        &mut self,
        parts: &[(&'a Properties, &'a [String], String)],
        additional: Option<&'a AdditionalProperties>,
        name: &str,
        pointer: &str,
    ) -> Struct {
        let mut names = Namespace::default();
        let mut fields: Vec<(Field, bool)> = Vec::new();
        for (properties, _, part_pointer) in parts {
            for (wire, property) in properties.iter() {
                if fields.iter().any(|(f, _)| &f.wire == wire) {
                    continue;
                }
                let field_pointer = join(&join(part_pointer, "properties"), wire);
                let rust = names.claim(&naming::snake(wire, "field"));
                let property = RefOr::from(property);
                let hint = format!("{name}{}", naming::camel(wire, "Field"));
                let ty = self.ty(property, &hint, &field_pointer);
                let (doc, nullable, one_way) = match property {
                    RefOr::Item(s) => (
                        doc_with_annotations(s),
                        s.schema_data.nullable
                            || annotation_parts(s).any(|a| a.schema_data.nullable),
                        one_way(s),
                    ),
                    RefOr::Ref(r) => match self.resolve_ref(r, &field_pointer) {
                        Some((_, s)) => (None, s.schema_data.nullable, one_way(s)),
                        None => (None, false, false),
                    },
                };
                let field = Field {
                    wire: wire.clone(),
                    name: rust,
                    doc,
                    ty,
                    required: false,
                    nullable,
                    boxed: false,
                };
                fields.push((field, one_way));
            }
        }
        // A property is required when any part of an `allOf` requires it, unless only one
        // direction carries it (`readOnly` or `writeOnly`).
        let fields = fields
            .into_iter()
            .map(|(mut field, one_way)| {
                field.required = !one_way
                    && parts
                        .iter()
                        .any(|(_, required, _)| required.contains(&field.wire));
                field
            })
            .collect();
        let additional = match additional {
            Some(AdditionalProperties::Any(true)) => Some(Ty::Any),
            Some(AdditionalProperties::Schema(value)) => {
                let value = RefOr::from(value.as_ref());
                Some(self.ty(
                    value,
                    &format!("{name}Value"),
                    &join(pointer, "additionalProperties"),
                ))
            }
            _ => None,
        }
        .map(|ty| (names.claim("additional_properties"), ty));
        Struct { fields, additional }
    }

    fn enumeration(&mut self, schema: &Schema, values: &[String]) -> Enum {
        let (ext_names, ext_docs) = enum_labels(&schema.schema_data.extensions, values.len());
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        for (i, value) in values.iter().enumerate() {
            if variants.iter().any(|v: &EnumVariant| &v.wire == value) {
                continue;
            }
            let raw = ext_names.as_ref().map_or(value.as_str(), |n| n[i].as_str());
            variants.push(EnumVariant {
                wire: value.clone(),
                name: names.claim(&naming::camel(raw, "Value")),
                doc: ext_docs
                    .as_ref()
                    .map(|d| d[i].clone())
                    .filter(|d| !d.is_empty()),
            });
        }
        let default = match &schema.schema_data.default {
            Some(serde_json::Value::String(d)) => variants.iter().position(|v| &v.wire == d),
            _ => None,
        };
        Enum {
            variants,
            default,
            other: names.claim("Other"),
        }
    }

    fn int_enumeration(&mut self, schema: &Schema, values: &[i64]) -> IntEnum {
        let (ext_names, ext_docs) = enum_labels(&schema.schema_data.extensions, values.len());
        let mut names = Namespace::default();
        let mut variants: Vec<IntVariant> = Vec::new();
        for (i, value) in values.iter().enumerate() {
            if variants.iter().any(|v| v.value == *value) {
                continue;
            }
            let raw = ext_names
                .as_ref()
                .map_or_else(|| value.to_string(), |n| n[i].clone());
            variants.push(IntVariant {
                value: *value,
                name: names.claim(&naming::camel(&raw, "Value")),
                doc: ext_docs
                    .as_ref()
                    .map(|d| d[i].clone())
                    .filter(|d| !d.is_empty()),
            });
        }
        IntEnum {
            variants,
            other: names.claim("Other"),
        }
    }

    /// A `oneOf` whose alternatives are told apart by one string property: the spec's
    /// `discriminator`, or a property every alternative pins to one distinct value.
    fn tagged(
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
            let (key, alt) =
                self.deref(RefOr::from(alternative), &join(pointer, &i.to_string()))?;
            let constants = self.constant_properties(alt);
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
    fn constant_properties(&mut self, schema: &'a Schema) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let Shape::Object { properties, .. } = shape(schema) else {
            return out;
        };
        for (name, property) in properties {
            let property_schema = match RefOr::from(property) {
                RefOr::Item(s) => Some(s),
                RefOr::Ref(r) => self.resolve_ref(r, "#").map(|(_, s)| s),
            };
            if let Some(Shape::String(values)) = property_schema.map(shape) {
                if let [only] = values.as_slice() {
                    out.push((name.clone(), only.clone()));
                }
            }
        }
        out
    }

    fn one_of(
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
            let ty = self.ty(alternative, &format!("{name}{variant_name}"), &alt_pointer);
            variants.push(Variant {
                name: variant_name,
                doc,
                ty: Some(ty),
                boxed: false,
            });
        }
        variants
    }

    /// Merges the object parts of an `allOf` into one struct.
    fn all_of(
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
                0,
            );
        }
        if !mergeable {
            // A union (or a value that is not an object) combined with other schemas: no
            // struct holds it, so it is read as any JSON value rather than refused.
            return Some(TypeKind::Alias(Ty::Any));
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
        depth: usize,
    ) -> bool {
        if depth > 64 {
            self.problems.push(Diagnostic::new(
                &self.file,
                pointer,
                "`allOf` nests more than 64 levels deep",
            ));
            return true;
        }
        let (key, schema) = match self.deref(part, pointer) {
            Some(found) => found,
            None => return true,
        };
        let own_pointer = match &key {
            Some(k) => join("#/components/schemas", k),
            None => pointer.to_string(),
        };
        if let Some(k) = &key {
            if !self.resolving.insert(format!("allOf:{k}")) {
                self.problems.push(Diagnostic::new(
                    &self.file,
                    pointer,
                    format!("schema `{k}` includes itself through `allOf`"),
                ));
                return true;
            }
        }
        let mut mergeable = true;
        match shape(schema) {
            Shape::Object {
                properties,
                required,
                additional: extra,
            } => {
                objects.push((properties, required, own_pointer.clone()));
                if extra.is_some() {
                    *additional = extra;
                }
            }
            Shape::AllOf(inner) => {
                for (i, p) in inner.iter().enumerate() {
                    let p_pointer = join(&join(&own_pointer, "allOf"), &i.to_string());
                    mergeable &= self.collect_object_parts(
                        RefOr::from(p),
                        &p_pointer,
                        objects,
                        additional,
                        depth + 1,
                    );
                }
            }
            Shape::Any => {}
            _ => mergeable = false,
        }
        if let Some(k) = &key {
            self.resolving.remove(&format!("allOf:{k}"));
        }
        mergeable
    }

    /// The declared types, with boxes placed on cycles, and every problem found.
    pub(super) fn finish(mut self) -> (Vec<TypeDef>, Vec<Diagnostic>) {
        let mut problems = self.problems;
        // A schema that is only itself (`A: {allOf: [{$ref: A}]}`) has no shape at all.
        let mut keys: Vec<(&String, &TypeId)> = self.components.iter().collect();
        keys.sort();
        for (key, &start) in keys {
            let mut current = start;
            for _ in 0..self.types.len() {
                match self
                    .types
                    .get(current.index())
                    .and_then(Option::as_ref)
                    .map(|d| &d.kind)
                {
                    Some(TypeKind::Alias(Ty::Named(next))) => current = *next,
                    _ => break,
                }
                if current == start {
                    problems.push(
                        Diagnostic::new(
                            &self.file,
                            join("#/components/schemas", key),
                            format!("schema `{key}` is defined as itself and has no shape"),
                        )
                        .hint("give the schema properties or a type, or refer to another schema"),
                    );
                    break;
                }
            }
        }
        for &id in &self.mixed_docs {
            if let Some(Some(def)) = self.types.get_mut(id.index()) {
                def.doc = None;
            }
        }
        // A shared enum is named by its values rather than by the first place that used it.
        for &id in &self.shared {
            let Some(Some(def)) = self.types.get_mut(id.index()) else {
                continue;
            };
            let TypeKind::Enum(e) = &def.kind else {
                continue;
            };
            let values: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
            if (2..=4).contains(&values.len())
                && values.iter().map(|v| v.len()).sum::<usize>() <= 32
            {
                let raw = values.join(" or ");
                def.name = self.names.claim(&naming::camel(&raw, "Value"));
                let listed: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                def.doc = Some(format!("One of {}.", listed.join(", ")));
            }
        }
        let mut types: Vec<TypeDef> = self.types.into_iter().flatten().collect();
        break_alias_cycles(&mut types);
        place_boxes(&mut types);
        box_large_variants(&mut types);
        (types, problems)
    }
}

/// What makes two inline schemas the same type: everything but their documentation (title,
/// description, examples, external docs). Every field of the schema types is named below, so a
/// field that `openapiv3` adds is a compile error here, not two different schemas merged.
fn dedupe_key(schema: &Schema) -> Vec<u8> {
    let mut key = Vec::with_capacity(256);
    schema_key(schema, &mut key);
    key
}

/// Appends `value` as JSON (self-delimiting) and a separator.
fn json_key(out: &mut Vec<u8>, value: &impl serde::Serialize) {
    if serde_json::to_writer(&mut *out, value).is_err() {
        // Only a non-finite number fails; it is marked rather than left out.
        out.push(b'!');
    }
    out.push(b',');
}

fn ref_key<S: std::borrow::Borrow<Schema>>(r: &ReferenceOr<S>, out: &mut Vec<u8>) {
    match r {
        ReferenceOr::Reference { reference } => {
            out.push(b'$');
            json_key(out, reference);
        }
        ReferenceOr::Item(schema) => schema_key(schema.borrow(), out),
    }
}

fn optional_ref_key<S: std::borrow::Borrow<Schema>>(r: Option<&ReferenceOr<S>>, out: &mut Vec<u8>) {
    match r {
        Some(r) => ref_key(r, out),
        None => out.push(b'-'),
    }
}

fn tagged_key(tag: u8, value: &impl serde::Serialize, out: &mut Vec<u8>) {
    out.push(tag);
    json_key(out, value);
}

fn list_key<S: std::borrow::Borrow<Schema>>(tag: u8, list: &[ReferenceOr<S>], out: &mut Vec<u8>) {
    out.extend([tag, b'(']);
    for item in list {
        ref_key(item, out);
    }
    out.push(b')');
}

fn object_key(
    properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
    additional: Option<&AdditionalProperties>,
    out: &mut Vec<u8>,
) {
    out.push(b'{');
    for (name, property) in properties {
        json_key(out, name);
        ref_key(property, out);
    }
    out.push(b'}');
    match additional {
        None => out.push(b'-'),
        Some(AdditionalProperties::Any(any)) => json_key(out, any),
        Some(AdditionalProperties::Schema(schema)) => ref_key(schema.as_ref(), out),
    }
}

fn schema_key(schema: &Schema, out: &mut Vec<u8>) {
    let Schema {
        schema_data,
        schema_kind,
    } = schema;
    let SchemaData {
        nullable,
        read_only,
        write_only,
        deprecated,
        external_docs: _,
        example: _,
        title: _,
        description: _,
        discriminator,
        default,
        extensions,
    } = schema_data;
    json_key(
        out,
        &(
            nullable,
            read_only,
            write_only,
            deprecated,
            discriminator,
            default,
            extensions,
        ),
    );
    match schema_kind {
        // Scalar types hold no schemas and no documentation: written whole.
        SchemaKind::Type(Type::String(t)) => tagged_key(b'S', t, out),
        SchemaKind::Type(Type::Number(t)) => tagged_key(b'N', t, out),
        SchemaKind::Type(Type::Integer(t)) => tagged_key(b'I', t, out),
        SchemaKind::Type(Type::Boolean(t)) => tagged_key(b'B', t, out),
        SchemaKind::Type(Type::Object(ObjectType {
            properties,
            required,
            additional_properties,
            min_properties,
            max_properties,
        })) => {
            out.push(b'O');
            json_key(out, &(required, min_properties, max_properties));
            object_key(properties, additional_properties.as_ref(), out);
        }
        SchemaKind::Type(Type::Array(ArrayType {
            items,
            min_items,
            max_items,
            unique_items,
        })) => {
            out.push(b'A');
            json_key(out, &(min_items, max_items, unique_items));
            optional_ref_key(items.as_ref(), out);
        }
        SchemaKind::OneOf { one_of } => list_key(b'1', one_of, out),
        SchemaKind::AllOf { all_of } => list_key(b'&', all_of, out),
        SchemaKind::AnyOf { any_of } => list_key(b'|', any_of, out),
        SchemaKind::Not { not } => {
            out.push(b'!');
            ref_key(not, out);
        }
        SchemaKind::Any(AnySchema {
            typ,
            pattern,
            multiple_of,
            exclusive_minimum,
            exclusive_maximum,
            minimum,
            maximum,
            properties,
            required,
            additional_properties,
            min_properties,
            max_properties,
            items,
            min_items,
            max_items,
            unique_items,
            enumeration,
            format,
            min_length,
            max_length,
            one_of,
            all_of,
            any_of,
            not,
        }) => {
            out.push(b'*');
            json_key(
                out,
                &(
                    typ,
                    pattern,
                    multiple_of,
                    exclusive_minimum,
                    exclusive_maximum,
                    minimum,
                    maximum,
                    required,
                    min_properties,
                    max_properties,
                ),
            );
            json_key(
                out,
                &(
                    min_items,
                    max_items,
                    unique_items,
                    enumeration,
                    format,
                    min_length,
                    max_length,
                ),
            );
            object_key(properties, additional_properties.as_ref(), out);
            optional_ref_key(items.as_ref(), out);
            list_key(b'1', one_of, out);
            list_key(b'&', all_of, out);
            list_key(b'|', any_of, out);
            optional_ref_key(not.as_deref(), out);
        }
    }
}

/// Whether a property travels only in requests or only in responses.
fn one_way(schema: &Schema) -> bool {
    schema.schema_data.read_only || schema.schema_data.write_only
}

/// The `oneOf`/`anyOf`/`allOf` keyword a schema uses, for pointers.
fn oneof_key(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::AnyOf { .. } => "anyOf",
        SchemaKind::AllOf { .. } => "allOf",
        SchemaKind::Any(a) if !a.any_of.is_empty() => "anyOf",
        SchemaKind::Any(a) if !a.all_of.is_empty() => "allOf",
        _ => "oneOf",
    }
}

fn shape_label(schema: &Schema) -> &'static str {
    match shape(schema) {
        Shape::Object { .. } => "Object",
        Shape::Array(_) => "Array",
        Shape::String(_) => "String",
        Shape::Integer(..) => "Integer",
        Shape::Number(_) => "Number",
        Shape::Boolean => "Boolean",
        Shape::Binary => "Bytes",
        Shape::OneOf(_) | Shape::AllOf(_) | Shape::Any => "Value",
    }
}

/// The doc comment of a schema: its title and description.
pub(super) fn doc_of(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    match (&data.title, &data.description) {
        (Some(t), Some(d)) if !d.trim().is_empty() => Some(format!("{t}\n\n{d}")),
        (_, Some(d)) if !d.trim().is_empty() => Some(d.clone()),
        (Some(t), _) if !t.trim().is_empty() => Some(t.clone()),
        _ => None,
    }
}

/// [`doc_of`], or else the doc of the parts that annotate an `allOf` of one schema.
fn doc_with_annotations(schema: &Schema) -> Option<String> {
    doc_of(schema).or_else(|| annotation_parts(schema).find_map(doc_of))
}

/// The `x-enum-varnames` and `x-enum-descriptions` of an enum with `count` values, when they
/// list one entry per value.
pub(super) fn enum_labels(
    extensions: &IndexMap<String, serde_json::Value>,
    count: usize,
) -> (Option<Vec<String>>, Option<Vec<String>>) {
    (
        string_list(extensions.get("x-enum-varnames"), count),
        string_list(extensions.get("x-enum-descriptions"), count),
    )
}

fn string_list(value: Option<&serde_json::Value>, len: usize) -> Option<Vec<String>> {
    let list: Vec<String> = value?
        .as_array()?
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect::<Option<_>>()?;
    (list.len() == len).then_some(list)
}

/// Unescapes a JSON pointer segment.
pub(super) fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// An alias that mentions itself (`type Tree = Vec<Tree>`) becomes a newtype struct.
fn break_alias_cycles(types: &mut [TypeDef]) {
    let through_aliases = |kind: &TypeKind| match kind {
        TypeKind::Alias(_) => walk::child_ids(kind).collect(),
        _ => Vec::new(),
    };
    for start in (0..types.len()).map(TypeId) {
        if !matches!(types[start].kind, TypeKind::Alias(_)) {
            continue;
        }
        let mut stack = through_aliases(&types[start].kind);
        let mut seen = vec![false; types.len()];
        let mut cyclic = false;
        while let Some(id) = stack.pop() {
            if id == start {
                cyclic = true;
                break;
            }
            if std::mem::replace(&mut seen[id.index()], true) {
                continue;
            }
            stack.extend(through_aliases(&types[id].kind));
        }
        if cyclic && let TypeKind::Alias(target) = &types[start].kind {
            types[start].kind = TypeKind::Newtype(target.clone());
        }
    }
}

/// Boxes every use in place of a type that leads back to the type using it (in a struct or a
/// union: other types are never part of a cycle).
fn place_boxes(types: &mut [TypeDef]) {
    // Measured before any box is placed: every use in place, boxed or not yet.
    let edges: Vec<Vec<TypeId>> = types
        .iter()
        .map(|def| {
            walk::children(&def.kind)
                .into_iter()
                .filter(|(_, held)| *held != walk::Held::InMap)
                .filter_map(|(ty, _)| walk::named(ty))
                .collect()
        })
        .collect();
    let reaches = |from: TypeId, to: TypeId| -> bool {
        let mut seen = vec![false; edges.len()];
        let mut stack = vec![from];
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if std::mem::replace(&mut seen[n.index()], true) {
                continue;
            }
            stack.extend(edges[n.index()].iter().copied());
        }
        false
    };
    for (owner, def) in types.iter_mut().enumerate() {
        let owner = TypeId(owner);
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    if let Ty::Named(target) = field.ty {
                        field.boxed = reaches(target, owner);
                    }
                }
            }
            TypeKind::OneOf(variants) => {
                for variant in variants {
                    if let Some(Ty::Named(target)) = variant.ty {
                        variant.boxed = reaches(target, owner);
                    }
                }
            }
            TypeKind::Tagged(tagged) => {
                for variant in &mut tagged.variants {
                    if let Ty::Named(target) = variant.ty {
                        variant.boxed = reaches(target, owner);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A union whose largest payload is this many bytes larger than the next one boxes it (clippy's
/// `large_enum_variant` warns at 200 bytes; the estimate below is rough, hence the margin).
const LARGE_VARIANT: usize = 128;

/// Boxes the payloads that make a union much larger than its other cases, largest first, as a
/// person writing the enum would; payloads of similar sizes stay unboxed.
fn box_large_variants(types: &mut [TypeDef]) {
    // A union's size depends on the unions it holds by value, so those are settled first: each
    // round settles the unions that hold no unsettled union, measured with what is settled.
    let mut settled: Vec<bool> = types
        .iter()
        .map(|def| union_cases(&def.kind).is_none())
        .collect();
    // Marks of the walks of `holds_unsettled`, one number per walk, so none clears them.
    let mut seen = vec![0usize; types.len()];
    let mut walk = 0;
    while settled.iter().any(|s| !s) {
        let mut ready = Vec::new();
        for id in (0..types.len()).map(TypeId) {
            if !settled[id.index()] {
                walk += 1;
                if !holds_unsettled(types, id, &settled, &mut seen, walk) {
                    ready.push(id);
                }
            }
        }
        // (Unions hold each other by value only through boxes, so some are always ready; if
        // not, the rest is settled together.)
        let round: Vec<TypeId> = if ready.is_empty() {
            (0..types.len())
                .filter(|&id| !settled[id])
                .map(TypeId)
                .collect()
        } else {
            ready
        };
        box_round(types, &round);
        for id in round {
            settled[id.index()] = true;
        }
    }
}

/// Whether union `id` holds, by value (not through a box, a `Vec` or a map), a union other
/// than itself that is not settled yet.
fn holds_unsettled(
    types: &[TypeDef],
    id: TypeId,
    settled: &[bool],
    seen: &mut [usize],
    walk: usize,
) -> bool {
    let mut stack: Vec<TypeId> = walk::held_in_place(&types[id].kind).collect();
    while let Some(next) = stack.pop() {
        if std::mem::replace(&mut seen[next.index()], walk) == walk {
            continue;
        }
        if next != id && !settled[next.index()] {
            return true;
        }
        stack.extend(walk::held_in_place(&types[next].kind));
    }
    false
}

/// The cases of a union (`oneOf`, tagged, per-status): each payload (`None` for a case
/// without one) and whether it is boxed; `None` for a type that is no union. (A tagged union
/// also holds the JSON of an unknown tag, [`UNKNOWN_TAG`] bytes, never boxed.)
fn union_cases(kind: &TypeKind) -> Option<Vec<(Option<&Ty>, bool)>> {
    match kind {
        TypeKind::OneOf(variants) => {
            Some(variants.iter().map(|v| (v.ty.as_ref(), v.boxed)).collect())
        }
        TypeKind::ByStatus(variants) => Some(
            variants
                .iter()
                .map(|v| (v.payload.as_ref().map(|p| &p.ty), v.boxed))
                .collect(),
        ),
        TypeKind::Tagged(tagged) => Some(
            tagged
                .variants
                .iter()
                .map(|v| (Some(&v.ty), v.boxed))
                .collect(),
        ),
        _ => None,
    }
}

/// The size of the `serde_json::Value` a tagged union keeps for an unknown tag.
const UNKNOWN_TAG: usize = 80;

/// Boxes case `i` of a union.
fn box_case(kind: &mut TypeKind, i: usize) {
    match kind {
        TypeKind::OneOf(variants) => variants[i].boxed = true,
        TypeKind::ByStatus(variants) => variants[i].boxed = true,
        TypeKind::Tagged(tagged) => tagged.variants[i].boxed = true,
        _ => {}
    }
}

/// Boxes the large cases of the unions `round`, measured as the types are now.
fn box_round(types: &mut [TypeDef], round: &[TypeId]) {
    let mut sizes: Vec<Option<usize>> = vec![None; types.len()];
    // (Every type is unmarked again when its size is known.)
    let mut visiting = vec![false; types.len()];
    for id in (0..types.len()).map(TypeId) {
        size_of_type(types, id, &mut sizes, &mut visiting);
    }
    for &id in round {
        let Some(cases) = union_cases(&types[id].kind) else {
            continue;
        };
        let count = cases.len();
        // (payload size, boxed) of each case, then which to box.
        let mut measured: Vec<(usize, bool)> = cases
            .into_iter()
            .map(|(ty, boxed)| {
                let size = ty.map_or(8, |ty| size_of_ty(types, ty, &mut sizes, &mut visiting));
                (size, boxed)
            })
            .collect();
        if matches!(types[id].kind, TypeKind::Tagged(_)) {
            measured.push((UNKNOWN_TAG, false));
        }
        for i in largest_to_box(&measured).into_iter().filter(|&i| i < count) {
            box_case(&mut types[id].kind, i);
        }
    }
}

/// The cases to box, given each case's payload size and whether it is boxed already: the
/// largest, while it is [`LARGE_VARIANT`] bytes or more above the next largest.
fn largest_to_box(cases: &[(usize, bool)]) -> Vec<usize> {
    let mut sizes: Vec<(usize, usize)> = cases
        .iter()
        .enumerate()
        .map(|(i, &(size, boxed))| (if boxed { 8 } else { size }, i))
        .collect();
    let mut boxed = Vec::new();
    loop {
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        match sizes.as_slice() {
            [(first, i), (second, _), ..] if first - second >= LARGE_VARIANT => {
                boxed.push(*i);
                sizes[0].0 = 8;
            }
            _ => return boxed,
        }
    }
}

/// A rough size in bytes of a value of type `id` on a 64-bit target (as `size_of` would say,
/// give or take padding and niches).
fn size_of_type(
    types: &[TypeDef],
    id: TypeId,
    sizes: &mut Vec<Option<usize>>,
    visiting: &mut Vec<bool>,
) -> usize {
    if let Some(size) = sizes[id.index()] {
        return size;
    }
    if std::mem::replace(&mut visiting[id.index()], true) {
        // A cycle goes through a box somewhere.
        return 8;
    }
    let size = match &types[id].kind {
        TypeKind::Struct(s) => {
            let fields: usize = s
                .fields
                .iter()
                .map(|f| {
                    let inner = if f.boxed {
                        8
                    } else {
                        size_of_ty(types, &f.ty, sizes, visiting)
                    };
                    // An `Option` around a type without a spare bit pattern adds a word.
                    let options = usize::from(!f.required) + usize::from(f.nullable);
                    let niche =
                        f.boxed || matches!(f.ty, Ty::String | Ty::Vec(_) | Ty::Bytes | Ty::Map(_));
                    if niche {
                        inner + 8 * options.saturating_sub(1)
                    } else {
                        inner + 8 * options
                    }
                })
                .sum();
            fields + if s.additional.is_some() { 24 } else { 0 }
        }
        TypeKind::OneOf(_) | TypeKind::ByStatus(_) | TypeKind::Tagged(_) => {
            let unknown = matches!(types[id].kind, TypeKind::Tagged(_)).then_some(UNKNOWN_TAG);
            let cases = union_cases(&types[id].kind).unwrap_or_default();
            8 + cases
                .into_iter()
                .map(|(ty, boxed)| match (ty, boxed) {
                    (None, _) => 0,
                    (Some(_), true) => 8,
                    (Some(ty), false) => size_of_ty(types, ty, sizes, visiting),
                })
                .chain(unknown)
                .max()
                .unwrap_or(0)
        }
        TypeKind::Enum(_) => 24,
        TypeKind::IntEnum(_) => 16,
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => size_of_ty(types, ty, sizes, visiting),
        TypeKind::Params(fields) | TypeKind::WithHeaders(_, fields) => 32 * fields.len(),
    };
    visiting[id.index()] = false;
    sizes[id.index()] = Some(size);
    size
}

fn size_of_ty(
    types: &[TypeDef],
    ty: &Ty,
    sizes: &mut Vec<Option<usize>>,
    visiting: &mut Vec<bool>,
) -> usize {
    match ty {
        Ty::Bool => 1,
        Ty::I32 | Ty::F32 => 4,
        Ty::I64 | Ty::F64 => 8,
        Ty::String | Ty::Vec(_) | Ty::Bytes | Ty::Map(_) => 24,
        // serde_json's `Value` and `Map` with `preserve_order` (an `IndexMap`).
        Ty::Any | Ty::Object => 80,
        Ty::Named(id) => size_of_type(types, *id, sizes, visiting),
    }
}

#[cfg(test)]
mod tests {
    use super::{Ty, TypeDef, TypeId, TypeKind, box_large_variants, largest_to_box};
    use crate::model::{Field, Struct, Variant};

    fn strukt(name: &str, fields: Vec<Ty>) -> TypeDef {
        let fields = fields
            .into_iter()
            .enumerate()
            .map(|(i, ty)| Field {
                wire: format!("f{i}"),
                name: format!("f{i}"),
                doc: None,
                ty,
                required: true,
                nullable: false,
                boxed: false,
            })
            .collect();
        TypeDef {
            name: name.into(),
            doc: None,
            kind: TypeKind::Struct(Struct {
                fields,
                additional: None,
            }),
        }
    }

    fn union(name: &str, cases: Vec<Ty>) -> TypeDef {
        let variants = cases
            .into_iter()
            .enumerate()
            .map(|(i, ty)| Variant {
                name: format!("V{i}"),
                doc: None,
                ty: Some(ty),
                boxed: false,
            })
            .collect();
        TypeDef {
            name: name.into(),
            doc: None,
            kind: TypeKind::OneOf(variants),
        }
    }

    fn boxed(def: &TypeDef) -> Vec<bool> {
        match &def.kind {
            TypeKind::OneOf(variants) => variants.iter().map(|v| v.boxed).collect(),
            _ => Vec::new(),
        }
    }

    /// Two structs that look alike until the unions inside one of them are boxed: the outer
    /// union is settled in a later round, as Stripe's `PaymentSource` was.
    #[test]
    fn unions_are_settled_after_the_unions_they_hold() {
        let mut types = vec![
            // 0: the outer union, declared first, so measured before the inner one is boxed.
            union("Outer", vec![Ty::Named(TypeId(1)), Ty::Named(TypeId(2))]),
            // 1: a struct of four inner unions (each 8 + 400 bytes until boxed).
            strukt("HoldsUnions", vec![Ty::Named(TypeId(3)); 4]),
            // 2: a struct of 1,200 bytes.
            strukt("Plain", vec![Ty::String; 50]),
            // 3: the inner union: a string, or a 400-byte struct.
            union("Inner", vec![Ty::String, Ty::Named(TypeId(4))]),
            strukt("Big", vec![Ty::String; 16]),
        ];
        box_large_variants(&mut types);
        assert_eq!(boxed(&types[3]), [false, true]);
        // Once `Inner` is boxed, `HoldsUnions` is 4 x 32 bytes: `Plain` is the large case.
        assert_eq!(boxed(&types[0]), [false, true]);
    }

    #[test]
    fn only_payloads_far_larger_than_the_rest_are_boxed() {
        // Similar sizes stay as they are, however large.
        assert!(largest_to_box(&[(400, false), (380, false), (24, false)]).is_empty());
        // One far larger: boxed.
        assert_eq!(largest_to_box(&[(24, false), (400, false)]), [1]);
        // Two large ones, far apart: both (after the first, the second is far above the rest).
        assert_eq!(
            largest_to_box(&[(700, false), (500, false), (8, false)]),
            [0, 1]
        );
        // Already boxed (for a cycle): counts as a pointer.
        assert!(largest_to_box(&[(900, true), (24, false)]).is_empty());
    }
}
