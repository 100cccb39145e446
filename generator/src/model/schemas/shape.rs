//! The shape view of a schema: what Rust type it calls for, whatever way the spec wrote it.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

/// A schema or a reference to one, whatever the box around it.
#[derive(Clone, Copy)]
pub(in crate::model) enum RefOr<'a> {
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

pub(super) type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// What a schema describes, whichever way `openapiv3` parsed it.
pub(super) enum Shape<'a> {
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
pub(super) fn substantive_part(
    parts: &[ReferenceOr<Schema>],
) -> Option<(usize, &ReferenceOr<Schema>)> {
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
pub(super) fn annotation_parts(schema: &Schema) -> impl Iterator<Item = &Schema> {
    let parts = match shape(schema) {
        Shape::AllOf(parts) if substantive_part(parts).is_some() => parts,
        _ => &[],
    };
    parts.iter().filter_map(|part| match part {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { .. } => None,
    })
}

pub(super) fn shape(schema: &Schema) -> Shape<'_> {
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
            } else if any.typ.as_deref() == Some("object")
                // Object keywords beside another type (`type: string, additionalProperties:
                // true`, as GitHub writes) do not make the value an object: the type says.
                || (any.typ.is_none()
                    && (!any.properties.is_empty() || any.additional_properties.is_some()))
            {
                Shape::Object {
                    properties: &any.properties,
                    required: &any.required,
                    additional: any.additional_properties.as_ref(),
                }
            } else if any.typ.as_deref() == Some("array")
                || (any.typ.is_none() && any.items.is_some())
            {
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

/// The `format` of a string schema, if it has one (`date-time`, `uuid`, ...).
pub(super) fn string_format(schema: &Schema) -> Option<&str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match &s.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time"),
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date"),
            VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("byte"),
            VariantOrUnknownOrEmpty::Item(_) | VariantOrUnknownOrEmpty::Empty => None,
            VariantOrUnknownOrEmpty::Unknown(other) => Some(other),
        },
        SchemaKind::Any(any) if any.typ.as_deref() == Some("string") => any.format.as_deref(),
        _ => None,
    }
}

/// The properties written beside `allOf`, `oneOf` or `anyOf` in the same schema (which [`shape`]
/// does not show: it sees the composition), with their `required` list and
/// `additionalProperties`.
pub(super) fn properties_beside(
    schema: &Schema,
) -> Option<(&Properties, &[String], Option<&AdditionalProperties>)> {
    match &schema.schema_kind {
        SchemaKind::Any(any)
            if !any.properties.is_empty()
                && [&any.all_of, &any.one_of, &any.any_of]
                    .iter()
                    .any(|list| !list.is_empty()) =>
        {
            Some((
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
            ))
        }
        _ => None,
    }
}

/// Whether a property travels only in requests or only in responses.
pub(super) fn one_way(schema: &Schema) -> bool {
    schema.schema_data.read_only || schema.schema_data.write_only
}

/// The `oneOf`/`anyOf`/`allOf` keyword a schema uses, for pointers.
pub(super) fn oneof_key(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::AnyOf { .. } => "anyOf",
        SchemaKind::AllOf { .. } => "allOf",
        SchemaKind::Any(a) if !a.any_of.is_empty() => "anyOf",
        SchemaKind::Any(a) if !a.all_of.is_empty() => "allOf",
        _ => "oneOf",
    }
}

pub(super) fn shape_label(schema: &Schema) -> &'static str {
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
