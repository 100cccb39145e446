//! The key that makes two inline schemas one type.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, ObjectType, ReferenceOr, Schema, SchemaData,
    SchemaKind, Type,
};

/// What makes two inline schemas the same type: everything but their documentation (title,
/// description, examples, external docs). Every field of the schema types is named below, so a
/// field that `openapiv3` adds is a compile error here, not two different schemas merged.
pub(super) fn dedupe_key(schema: &Schema) -> Vec<u8> {
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
