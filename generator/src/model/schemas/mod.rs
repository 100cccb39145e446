//! JSON schemas to Rust types: structs, forward-compatible enums, untagged `oneOf` enums and
//! aliases. Component schemas are named first (in document order), inline schemas get names from
//! where they appear, and fields are boxed only where a cycle of types needs it.
//!
//! Here: the type builder and its references. Beside it: the shape view of a schema
//! ([`mod@shape`]), `oneOf`/`allOf` composition ([`compose`]), the key that makes identical inline
//! schemas one type ([`dedupe`]), and the layout of the finished types ([`layout`]: cycles and
//! boxes).

mod compose;
mod dedupe;
mod layout;
mod merge;
mod shape;

use crate::refs;

use dedupe::dedupe_key;
use merge::same_schema;
pub(super) use shape::RefOr;
use shape::{
    Properties, Shape, annotation_parts, oneof_key, properties_beside, shape, string_format,
    substantive_part,
};

use super::{
    Enum, EnumVariant, Field, IntEnum, IntVariant, Origin, Presence, Struct, Ty, TypeDef, TypeId,
    TypeKind,
};
use crate::diagnostics::{Diagnostic, join, unescape_segment};
use crate::naming::{self, Namespace};
use crate::settings::Settings;
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, ReferenceOr, Schema};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Builds the types of one spec.
pub(super) struct Types<'a> {
    file: PathBuf,
    api: &'a OpenAPI,
    /// Component schema key -> its type.
    components: HashMap<String, TypeId>,
    /// Every type by id; a reserved one is a placeholder until it is defined.
    types: Vec<TypeDef>,
    names: Namespace,
    problems: Vec<Diagnostic>,
    /// Component schemas whose `allOf` is being merged, to catch one that includes itself.
    merging: BTreeSet<String>,
    skip: &'a crate::skip::Skip,
    /// Inline schemas by their shape (docs left out), so identical ones share a type.
    inline_by_shape: HashMap<Vec<u8>, TypeId>,
    /// Inline types used from more than one place.
    shared: BTreeSet<TypeId>,
    /// Shared inline types whose places document them differently: no one place's words
    /// describe them all.
    mixed_docs: BTreeSet<TypeId>,
    /// Inline types being defined: a use of one of them is a use inside itself.
    defining: BTreeSet<TypeId>,
    /// The struct merged from object definitions of one value (`allOf` members defining it
    /// again), by the pointers of the definitions.
    merged: HashMap<Vec<String>, TypeId>,
    /// Whether the struct being built merges the members of a `oneOf`/`anyOf` (properties
    /// beside a union): definitions of one property there are alternatives, not a conjunction.
    alternatives: bool,
    /// The user's settings: typed formats, replacements, renames.
    settings: &'a Settings,
}

impl<'a> Types<'a> {
    pub(super) fn new(
        file: &Path,
        api: &'a OpenAPI,
        skip: &'a crate::skip::Skip,
        settings: &'a Settings,
    ) -> Self {
        Types {
            file: file.to_path_buf(),
            api,
            components: HashMap::new(),
            types: Vec::new(),
            names: Namespace::for_types(),
            problems: Vec::new(),
            merging: BTreeSet::new(),
            skip,
            inline_by_shape: HashMap::new(),
            shared: BTreeSet::new(),
            mixed_docs: BTreeSet::new(),
            defining: BTreeSet::new(),
            merged: HashMap::new(),
            alternatives: false,
            settings,
        }
    }

    pub(super) fn settings(&self) -> &'a Settings {
        self.settings
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
        if self.settings.sets_formats() {
            // The wrapper of typed formats lives in `types` beside the schemas.
            self.names.take(naming::reserved::PARSED);
            self.names.take(naming::reserved::WIRE_TEXT);
        }
        if !self.settings.no_client() && super::files::sends_multipart(self.api) {
            self.names.take(naming::reserved::FILE_PART);
            self.names.take(naming::reserved::FILE_SOURCE);
        }
        for key in components.schemas.keys() {
            let raw = self.settings.schema_name(key).unwrap_or(key);
            let pointer = join("#/components/schemas", key);
            let id = self.reserve(raw, Origin::component(key, pointer));
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
                self.types[id] = TypeDef {
                    name,
                    doc,
                    kind: TypeKind::Alias(Ty::Any),
                    origin: self.types[id].origin.clone(),
                };
                continue;
            }
            if let Some(path) = self.settings.replacement(key) {
                let name = self.name_of(id).to_string();
                let note = format!(
                    "Replaced by `{path}` (setting `replace`), which must serialize and \
                     deserialize as the schema `{key}` does on the wire."
                );
                let doc = match schema {
                    ReferenceOr::Item(s) => doc_with_annotations(s),
                    ReferenceOr::Reference { .. } => None,
                };
                let doc = Some(match doc {
                    Some(d) => format!("{d}\n\n{note}"),
                    None => note,
                });
                self.types[id] = TypeDef {
                    name,
                    doc,
                    kind: TypeKind::Alias(Ty::External(path.to_string())),
                    origin: self.types[id].origin.clone(),
                };
                continue;
            }
            let def = self.define(id, RefOr::from(schema), &pointer);
            self.types[id] = def;
        }
    }

    /// The field name the settings give the property `wire` of the component schema at
    /// `pointer` (`rename-properties`, keyed `Schema.property`).
    fn renamed_property(&self, pointer: &str, wire: &str) -> Option<&'a str> {
        let segment = pointer.strip_prefix("#/components/schemas/")?;
        if segment.contains('/') {
            return None;
        }
        self.settings
            .property_name(&unescape_segment(segment), wire)
    }

    /// Claims a unique type name and a slot for a type from `origin`.
    fn reserve(&mut self, raw: &str, origin: Origin) -> TypeId {
        let name = self.names.claim(&naming::camel(raw, "Type"));
        self.types.push(TypeDef {
            name,
            doc: None,
            kind: TypeKind::Alias(Ty::Any),
            origin,
        });
        TypeId(self.types.len() - 1)
    }

    /// Declares a type that is not a schema (parameters, per-status responses), for the part
    /// of the spec at `pointer`.
    pub(super) fn add(
        &mut self,
        raw_name: &str,
        doc: Option<String>,
        kind: TypeKind,
        pointer: String,
    ) -> TypeId {
        let id = self.reserve(raw_name, Origin::inline(pointer));
        let def = &mut self.types[id];
        def.doc = doc;
        def.kind = kind;
        id
    }

    /// Whether `ty` names a struct.
    pub(super) fn is_struct(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Named(id) => {
                matches!(
                    self.types.get(id.index()),
                    Some(TypeDef {
                        kind: TypeKind::Struct(_),
                        ..
                    })
                )
            }
            _ => false,
        }
    }

    pub(super) fn name_of(&self, id: TypeId) -> &str {
        &self.types[id].name
    }

    /// Follows a `$ref` to a component schema (see [`refs`]); `None`, with the problem
    /// recorded, when it reaches none, and `None` too for a schema left out
    /// (`--skip-unsupported`): any JSON, whatever it refers to.
    fn resolve_ref(&mut self, reference: &str, pointer: &str) -> Option<(String, &'a Schema)> {
        let components = self.api.components.as_ref();
        let skip = self.skip;
        let left_out = |key: &str| skip.contains(&join("#/components/schemas", key));
        match refs::follow_unless::<Schema>(components, &self.file, reference, pointer, left_out) {
            Ok(refs::Reached::Entry(found)) => Some((found.key, found.item)),
            Ok(refs::Reached::LeftOut) => None,
            Err(unresolved) => {
                // (Every member of a cycle finds it, told the same way: the model keeps one.)
                self.problems.push(*unresolved.problem);
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
        let origin = self.types[id].origin.clone();
        TypeDef {
            name,
            doc,
            kind,
            origin,
        }
    }

    /// A declared type for schemas that need one (objects with properties, enums, `oneOf`,
    /// `allOf`), or `None` for schemas that are a plain Rust type.
    fn kind(&mut self, schema: &'a Schema, name: &str, pointer: &str) -> Option<TypeKind> {
        if let Some(outer) = properties_beside(schema) {
            return Some(self.beside(schema, outer, name, pointer));
        }
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
        let skipped = refs::key_of::<Schema>(reference)
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

    /// [`Self::ty`] for a value that is not a field (an array item, a map value, a union
    /// member): `Option<T>` when the schema allows `null` (OpenAPI 3.0's `nullable`, which 3.1's
    /// `type: [T, "null"]` and `{type: "null"}` branches become when the document is loaded).
    /// Any JSON holds `null` already.
    pub(super) fn ty_or_null(&mut self, schema: RefOr<'a>, hint: &str, pointer: &str) -> Ty {
        let ty = self.ty(schema, hint, pointer);
        if matches!(ty, Ty::Any) {
            return ty;
        }
        if self.allows_null(schema, pointer) {
            Ty::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    fn ty_inline(&mut self, schema: &'a Schema, hint: &str, pointer: &str) -> Ty {
        // Properties beside a composition make a struct of their own (see `beside`).
        if properties_beside(schema).is_some() {
            return self.declare_inline(schema, hint, pointer);
        }
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
                    Ty::Map(Box::new(self.ty_or_null(
                        value,
                        &format!("{hint}Value"),
                        &join(pointer, "additionalProperties"),
                    )))
                }
                _ => Ty::Object,
            },
            Shape::Array(items) => match items {
                Some(items) => Ty::Vec(Box::new(self.ty_or_null(
                    RefOr::from(items),
                    &format!("{hint}Item"),
                    &join(pointer, "items"),
                ))),
                None => Ty::Vec(Box::new(Ty::Any)),
            },
            Shape::String(values) if values.is_empty() => {
                match string_format(schema).and_then(|f| self.settings.typed(f)) {
                    Some(typed) => Ty::Formatted(typed),
                    None => Ty::String,
                }
            }
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
            _ => self.declare_inline(schema, hint, pointer),
        }
    }

    /// The declared type of an inline schema that needs one, shared with every identical
    /// inline schema.
    fn declare_inline(&mut self, schema: &'a Schema, hint: &str, pointer: &str) -> Ty {
        // Large specs repeat the same inline schema hundreds of times (GitHub's
        // `read`/`write` permission enum, 900 times): one type serves them all.
        let shape_key = dedupe_key(schema);
        if let Some(&id) = self.inline_by_shape.get(&shape_key) {
            self.shared.insert(id);
            // (A type still being defined is a use inside itself: same place, same doc.)
            let first_doc = self.types[id].doc.as_ref();
            if !self.defining.contains(&id) && first_doc != doc_of(schema).as_ref() {
                self.mixed_docs.insert(id);
            }
            return Ty::Named(id);
        }
        let id = self.reserve(hint, Origin::inline(pointer));
        // Known before it is defined: a schema that contains itself (through `allOf`
        // parts that are merged in) refers to this type instead of defining it again.
        self.inline_by_shape.insert(shape_key, id);
        self.defining.insert(id);
        let def = self.define(id, RefOr::Item(schema), pointer);
        self.defining.remove(&id);
        self.types[id] = def;
        Ty::Named(id)
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
        // Each property with its definitions, in the order first seen: an `allOf` part may
        // define again a property an earlier part defined.
        let mut definitions: IndexMap<&'a String, Vec<(RefOr<'a>, String)>> = IndexMap::new();
        for (properties, _, part_pointer) in parts {
            for (wire, property) in properties.iter() {
                let field_pointer = join(&join(part_pointer, "properties"), wire);
                let property = RefOr::from(property);
                let defs = definitions.entry(wire).or_default();
                if !defs.iter().any(|(d, _)| same_schema(*d, property)) {
                    defs.push((property, field_pointer));
                }
            }
        }
        let mut fields: Vec<(Field, bool)> = Vec::new();
        for (wire, defs) in definitions {
            let rust = match self.renamed_property(pointer, wire) {
                Some(chosen) => names.claim(&naming::snake(chosen, "field")),
                None => names.claim(&naming::snake(wire, "field")),
            };
            let hint = format!("{name}{}", naming::camel(wire, "Field"));
            let (ty, facts) = self.property(&defs, &hint);
            let (doc, nullable, one_way) = (facts.doc, facts.nullable, facts.one_way);
            let field = Field {
                wire: wire.clone(),
                name: rust,
                doc,
                ty,
                presence: Presence::new(false, nullable),
                boxed: false,
            };
            fields.push((field, one_way));
        }
        // A property is required when any part of an `allOf` requires it, unless only one
        // direction carries it (`readOnly` or `writeOnly`).
        let fields = fields
            .into_iter()
            .map(|(mut field, one_way)| {
                let required = !one_way
                    && (parts.iter()).any(|(_, required, _)| required.contains(&field.wire));
                field.presence = Presence::new(required, field.presence.nullable());
                field
            })
            .collect();
        let additional = match additional {
            Some(AdditionalProperties::Any(true)) => Some(Ty::Any),
            Some(AdditionalProperties::Schema(value)) => {
                let value = RefOr::from(value.as_ref());
                Some(self.ty_or_null(
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
    /// The declared types, with boxes placed on cycles, and every problem found.
    pub(super) fn finish(mut self) -> (Vec<TypeDef>, Vec<Diagnostic>) {
        let mut problems = self.problems;
        // A schema that is only itself (`A: {allOf: [{$ref: A}]}`) has no shape at all.
        let mut keys: Vec<(&String, &TypeId)> = self.components.iter().collect();
        keys.sort();
        for (key, &start) in keys {
            let mut current = start;
            for _ in 0..self.types.len() {
                match self.types.get(current.index()).map(|d| &d.kind) {
                    Some(TypeKind::Alias(Ty::Named(next))) => current = *next,
                    _ => break,
                }
                if current == start {
                    problems.push(Diagnostic::new(
                        &self.file,
                        join("#/components/schemas", key),
                        format!("schema `{key}` is defined as itself and has no shape"),
                        "give the schema properties or a type, or refer to another schema",
                    ));
                    break;
                }
            }
        }
        for &id in &self.mixed_docs {
            if let Some(def) = self.types.get_mut(id.index()) {
                def.doc = None;
            }
        }
        // A shared enum is named by its values rather than by the first place that used it.
        for &id in &self.shared {
            let Some(def) = self.types.get_mut(id.index()) else {
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
        let mut types = self.types;
        layout::lay_out(&mut types);
        (types, problems)
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
