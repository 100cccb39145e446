//! Schema strategies: a schema before component names are known, and its shapes.

use super::names::{any_name, enum_value, text};
use proptest::prelude::*;
use proptest::sample::select;
use std::collections::BTreeSet;

/// A schema before component names are known: references are indexes into the components.
#[derive(Debug, Clone)]
pub(super) enum Schema {
    String(Option<&'static str>),
    Integer(Option<&'static str>),
    Number(Option<&'static str>),
    Boolean,
    Any,
    Ref(usize),
    Enum(Vec<String>),
    IntEnum(Vec<i64>),
    Array(Box<Schema>),
    Map(Box<Schema>),
    Object(Vec<Prop>),
    /// Properties and `additionalProperties` together.
    OpenObject(Vec<Prop>, Extra),
    OneOf(Vec<usize>),
    /// `oneOf` of inline schemas (untagged variants, several of one type).
    OneOfInline(Vec<Schema>),
    /// `oneOf` of references to object components, told apart by a `discriminator` property
    /// (which the rendering adds, required, to each of those objects); mapping keys optional.
    Discriminated(Vec<usize>, String, Vec<String>),
    AnyOf(Vec<usize>),
    /// References (to object components) merged with an inline object.
    AllOf(Vec<usize>, Vec<Prop>),
    Nullable(Box<Schema>),
}

/// `additionalProperties` beside properties.
#[derive(Debug, Clone)]
pub(super) enum Extra {
    Any,
    Closed,
    Typed(Box<Schema>),
}

#[derive(Debug, Clone)]
pub(super) struct Prop {
    pub(super) name: String,
    pub(super) schema: Schema,
    pub(super) required: bool,
    pub(super) description: Option<String>,
    /// 0: plain; 1: readOnly; 2: writeOnly; 3: deprecated; 4: with a default of its type.
    pub(super) flag: u8,
}

pub(super) fn primitive() -> impl Strategy<Value = Schema> {
    prop_oneof![
        select(
            &[
                None,
                Some("date"),
                Some("date-time"),
                Some("uuid"),
                Some("byte"),
                Some("binary"),
                Some("email"),
                Some("uri"),
                Some("password"),
            ][..]
        )
        .prop_map(Schema::String),
        select(&[None, Some("int32"), Some("int64")][..]).prop_map(Schema::Integer),
        select(&[None, Some("float"), Some("double")][..]).prop_map(Schema::Number),
        Just(Schema::Boolean),
    ]
}

pub(super) fn string_enum() -> impl Strategy<Value = Schema> {
    prop::collection::vec(enum_value(), 1..7).prop_map(|values| {
        // Distinct values (JSON Schema asks for it); collisions after case conversion stay.
        let mut seen = BTreeSet::new();
        Schema::Enum(
            values
                .into_iter()
                .filter(|v| seen.insert(v.clone()))
                .collect(),
        )
    })
}

pub(super) fn int_enum() -> impl Strategy<Value = Schema> {
    prop::collection::btree_set(-3i64..1000, 1..5)
        .prop_map(|values| Schema::IntEnum(values.into_iter().collect()))
}

/// Property lists: names are random (so duplicates after case conversion are common), exact
/// duplicates are dropped as a JSON object would.
fn props(inner: impl Strategy<Value = Schema>, max: usize) -> impl Strategy<Value = Vec<Prop>> {
    let flag = prop_oneof![6 => Just(0u8), 1 => 1u8..5];
    prop::collection::vec((any_name(), inner, any::<bool>(), text(), flag), 0..max).prop_map(
        |list| {
            let mut seen = BTreeSet::new();
            list.into_iter()
                .filter(|(name, ..)| seen.insert(name.clone()))
                .map(|(name, schema, required, description, flag)| Prop {
                    name,
                    schema,
                    required,
                    description,
                    flag,
                })
                .collect()
        },
    )
}

fn refs() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0usize..64, 1..4)
}

/// Any schema, nested up to a few levels.
pub(super) fn schema() -> impl Strategy<Value = Schema> {
    let leaf = prop_oneof![
        4 => primitive(),
        3 => (0usize..64).prop_map(Schema::Ref),
        1 => string_enum(),
        1 => int_enum(),
        1 => Just(Schema::Any),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            2 => inner.clone().prop_map(|s| Schema::Array(Box::new(s))),
            1 => inner.clone().prop_map(|s| Schema::Map(Box::new(s))),
            2 => props(inner.clone(), 5).prop_map(Schema::Object),
            1 => (props(inner.clone(), 4), extra(inner.clone()))
                .prop_map(|(p, e)| Schema::OpenObject(p, e)),
            1 => prop::collection::vec(inner.clone(), 1..4).prop_map(Schema::OneOfInline),
            1 => inner.prop_map(|s| Schema::Nullable(Box::new(s))),
            1 => refs().prop_map(Schema::OneOf),
            1 => refs().prop_map(Schema::AnyOf),
        ]
    })
}

fn extra(inner: impl Strategy<Value = Schema>) -> impl Strategy<Value = Extra> {
    prop_oneof![
        Just(Extra::Any),
        Just(Extra::Closed),
        inner.prop_map(|s| Extra::Typed(Box::new(s))),
    ]
}

/// A component schema: mostly objects, also every other shape.
pub(super) fn component() -> impl Strategy<Value = Schema> {
    prop_oneof![
        6 => props(schema(), 7).prop_map(Schema::Object),
        2 => string_enum(),
        1 => int_enum(),
        2 => refs().prop_map(Schema::OneOf),
        1 => refs().prop_map(Schema::AnyOf),
        1 => (props(schema(), 5), extra(schema())).prop_map(|(p, e)| Schema::OpenObject(p, e)),
        1 => prop::collection::vec(schema(), 1..4).prop_map(Schema::OneOfInline),
        2 => (
            refs(),
            prop_oneof![
                select(&["kind", "type", "pet_type", "@type", "Kind", "self"][..])
                    .prop_map(str::to_string),
                any_name(),
            ],
            prop::collection::vec(enum_value(), 0..3),
        )
            .prop_map(|(r, property, mapping)| Schema::Discriminated(r, property, mapping)),
        2 => (refs(), props(schema(), 4)).prop_map(|(r, p)| Schema::AllOf(r, p)),
        1 => schema().prop_map(|s| Schema::Array(Box::new(s))),
        1 => schema().prop_map(|s| Schema::Map(Box::new(s))),
        1 => primitive(),
        1 => (0usize..64).prop_map(Schema::Ref),
        1 => props(schema(), 4).prop_map(|p| Schema::Nullable(Box::new(Schema::Object(p)))),
    ]
}
