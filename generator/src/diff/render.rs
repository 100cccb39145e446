//! How the Rust API names a type and lists its members, for comparing two clients.

use crate::model::{Api, Field, Presence, Ty, TypeDef, TypeId, TypeKind};

/// The declared type `id` of `api`. This and [`ids`] are the only places that know what a
/// [`TypeId`] is (an index today), so a change of its representation is a change here.
pub(super) fn def(api: &Api, id: TypeId) -> &TypeDef {
    &api.types[id]
}

/// Every type id of `api`.
pub(super) fn ids(api: &Api) -> impl Iterator<Item = TypeId> {
    (0..api.types.len()).map(TypeId)
}

/// A type as the Rust code names it.
pub(super) fn rust(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::String => "String".into(),
        Ty::Bool => "bool".into(),
        Ty::I32 => "i32".into(),
        Ty::I64 => "i64".into(),
        Ty::F32 => "f32".into(),
        Ty::F64 => "f64".into(),
        Ty::Any => "serde_json::Value".into(),
        Ty::Object => "serde_json::Map<String, serde_json::Value>".into(),
        Ty::Vec(inner) => format!("Vec<{}>", rust(api, inner)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", rust(api, inner)),
        Ty::Nullable(inner) => format!("Option<{}>", rust(api, inner)),
        Ty::Named(id) => def(api, *id).name.clone(),
        Ty::Bytes => "Vec<u8>".into(),
        Ty::File => crate::naming::reserved::FILE_PART.into(),
        Ty::Formatted(format) => format!("Parsed<{}>", format.rust_path()),
        Ty::External(path) => path.clone(),
    }
}

/// A field's value type, without the `Option` of optional fields.
pub(super) fn field_ty(api: &Api, field: &Field) -> String {
    let ty = rust(api, &field.ty);
    let ty = if field.boxed {
        format!("Box<{ty}>")
    } else {
        ty
    };
    if field.presence == Presence::RequiredNullable {
        format!("Option<{ty}>")
    } else {
        ty
    }
}

pub(super) fn optional(field: &Field) -> bool {
    !field.presence.required()
}

pub(super) fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "string enum",
        TypeKind::OneOf(_) => "union",
        TypeKind::Tagged(_) => "tagged union",
        TypeKind::IntEnum(_) => "integer enum",
        TypeKind::Alias(_) => "type alias",
        TypeKind::Newtype(_) => "newtype",
        TypeKind::Params(_) => "parameter struct",
        TypeKind::ByStatus(_) => "per-status enum",
        TypeKind::WithHeaders(..) => "struct with headers",
    }
}

/// The members of a type (fields or variants with their types), to compare and to tell a
/// renamed type.
pub(super) fn members(api: &Api, kind: &TypeKind) -> Vec<(String, String)> {
    let fields = |fields: &[Field]| {
        fields
            .iter()
            .map(|f| {
                let opt = if optional(f) { "?" } else { "" };
                (f.name.clone(), format!("{}{opt}", field_ty(api, f)))
            })
            .collect::<Vec<_>>()
    };
    match kind {
        TypeKind::Struct(s) => {
            let mut out = fields(&s.fields);
            if let Some((name, ty)) = &s.additional {
                out.push((name.clone(), format!("BTreeMap<String, {}>", rust(api, ty))));
            }
            out
        }
        TypeKind::Params(f) => fields(f),
        TypeKind::WithHeaders(body, headers) => {
            let mut out = fields(headers);
            if let Some(body) = body {
                out.push(("body".into(), rust(api, body)));
            }
            out
        }
        TypeKind::Enum(e) => e
            .variants
            .iter()
            .map(|v| (v.name.clone(), String::new()))
            .chain([(e.other.clone(), "String".to_string())])
            .collect(),
        TypeKind::IntEnum(e) => e
            .variants
            .iter()
            .map(|v| (v.name.clone(), String::new()))
            .chain([(e.other.clone(), "i64".to_string())])
            .collect(),
        TypeKind::OneOf(v) => v
            .iter()
            .map(|v| {
                let ty = v.ty.as_ref().map(|t| rust(api, t)).unwrap_or_default();
                (v.name.clone(), ty)
            })
            .collect(),
        TypeKind::ByStatus(v) => v
            .iter()
            .map(|v| {
                let ty = v.held().map(|t| rust(api, t)).unwrap_or_default();
                (v.name.clone(), ty)
            })
            .collect(),
        TypeKind::Tagged(t) => t
            .variants
            .iter()
            .map(|v| (v.name.clone(), rust(api, &v.ty)))
            .chain([(t.other.clone(), "serde_json::Value".to_string())])
            .collect(),
        TypeKind::Alias(t) | TypeKind::Newtype(t) => vec![(String::new(), rust(api, t))],
    }
}

pub(super) fn is_struct(kind: &TypeKind) -> bool {
    matches!(
        kind,
        TypeKind::Struct(_) | TypeKind::Params(_) | TypeKind::WithHeaders(..)
    )
}
