//! The `types` module: one Rust item per declared type.

mod builders;
mod compact;
mod derives;
mod object;

pub use compact::STRINGS_MACRO;
pub use object::MACRO as OBJECT_MACRO;

use super::tokens::{Scope, doc_or, ident, ty, uses_map};
use super::union::{best_member_deserialize, needs_best_member};
use crate::model::walk::{self, Held};
use crate::model::{
    Api, Enum, Field, IntEnum, Presence, SerdeUse, StatusVariant, Struct, Tagged, Ty, TypeDef,
    TypeKind, Variant,
};
use builders::builders;
use compact::{compact, compact_enumeration, compact_structure, fields_helper, uses_fields_helper};
use derives::Derives;
use proc_macro2::TokenStream;
use quote::quote;

/// The items of the `types` module: [`head`], the items of every type, [`tail`].
#[cfg(test)]
pub fn module(api: &Api) -> TokenStream {
    let (head, items, tail) = (head(api), items(api, 0..api.types.len()), tail(api));
    quote! {
        #head
        #items
        #tail
    }
}

/// What comes before the types: the imports they share.
pub fn head(api: &Api) -> TokenStream {
    let map_in = |id: usize| {
        let t = &api.types[id];
        let declared = walk::children(&t.kind)
            .into_iter()
            .any(|(ty, held)| held == Held::InMap || uses_map(ty));
        declared
            || matches!(&t.kind, TypeKind::Struct(s) if s.additional.is_some() && compact(api, api.serde[id]))
    };
    let object = object::definition(api);
    let strings = compact::strings_definition(api);
    let needs_map = (0..api.types.len()).any(map_in);
    let map = if needs_map {
        // In a client grouped by tag, only with the features of the types that name it.
        let cfg = super::types_cfg(api, map_in);
        quote!(
            #cfg
            use std::collections::BTreeMap;
        )
    } else {
        TokenStream::new()
    };
    quote!(#map #object #strings)
}

/// The items of the types whose ids are in `ids`, in order.
pub fn items(api: &Api, ids: impl IntoIterator<Item = usize>) -> TokenStream {
    let items = ids.into_iter().map(|id| {
        let def = &api.types[id];
        super::gate_items(&super::type_cfg(api, id), item(api, def, api.serde[id]))
    });
    quote!(#(#items)*)
}

/// What comes after the types: the helpers they share.
pub fn tail(api: &Api) -> TokenStream {
    let fields_helper = uses_fields_helper(api).then(|| fields_helper(api));
    let tells = |id: usize| match &api.types[id].kind {
        TypeKind::Struct(s) => {
            api.serde[id].deserialize
                && !compact(api, api.serde[id])
                && (s.fields.iter()).any(|f| f.presence == Presence::OptionalNullable)
        }
        _ => false,
    };
    let tells_absent_from_null = (0..api.types.len()).any(tells);
    let present = tells_absent_from_null.then(|| {
        let cfg = super::types_cfg(api, tells);
        quote! {
            #cfg
            /// Reads a field that is present (possibly `null`) as `Some`; an absent field stays
            /// `None` through `#[serde(default)]`.
            fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
            where
                D: serde::Deserializer<'de>,
                T: serde::Deserialize<'de>,
            {
                <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
            }
        }
    });
    let formats = super::formats::items(api);
    let files = api.file_part.then(|| file_part(api));
    quote! {
        #present
        #fields_helper
        #formats
        #files
    }
}

/// The file part of multipart bodies ([`Ty::File`]), as `types/file_part.rs` writes it, with
/// the features of the types that hold one.
fn file_part(api: &Api) -> TokenStream {
    // The generator's own text, which the runtime's check compiles.
    let file = syn::parse_file(include_str!("types/file_part.rs"))
        .expect("the file part is Rust (client/runtime/check.rs)");
    let holds = |id: usize| match &api.types[id].kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .any(|f| walk::layers(&f.ty).any(|layer| *layer == Ty::File)),
        _ => false,
    };
    let cfg = super::types_cfg(api, holds);
    let items = file.items.iter().map(|item| quote!(#cfg #item));
    quote!(#(#items)*)
}

fn item(api: &Api, def: &TypeDef, serde: SerdeUse) -> TokenStream {
    let name = ident(&def.name);
    let fallback = match &def.kind {
        TypeKind::Params(_) => format!("Parameters of `{}`.", def.name),
        _ => format!("The `{}` schema.", def.name),
    };
    let docs = doc_or(def.doc.as_deref(), &fallback);
    let derives = Derives::of(api, def, serde);
    let extra = extra_derives(api, def, &derives);
    let derive = derives.attribute();
    // Each template writes its item after these: the doc, the settings' derives, its own.
    let docs = quote!(#docs #extra #derive);
    let by_hand = derives.deserialize_by_hand;
    match &def.kind {
        TypeKind::Struct(s) if by_hand => compact_structure(api, &docs, &name, s, serde),
        TypeKind::Struct(s) => structure(api, &docs, &name, s),
        TypeKind::Enum(e) if by_hand => compact_enumeration(&docs, &name, e, serde),
        TypeKind::Enum(e) => enumeration(&docs, &name, e),
        TypeKind::OneOf(variants) if by_hand => {
            let deserialize = best_member_deserialize(api, &name, variants);
            let union = one_of(api, &docs, &name, variants, &derives);
            quote!(#union #deserialize)
        }
        TypeKind::OneOf(variants) => one_of(api, &docs, &name, variants, &derives),
        TypeKind::Tagged(tagged) => tagged_union(api, &docs, &name, tagged, serde),
        TypeKind::IntEnum(e) => int_enumeration(&docs, &name, e, serde),
        TypeKind::Alias(target) => {
            let target = ty(api, target, Scope::Types);
            quote! {
                #docs
                pub type #name = #target;
            }
        }
        TypeKind::Newtype(inner) => {
            let inner = ty(api, inner, Scope::Types);
            quote! {
                #docs
                #[serde(transparent)]
                pub struct #name(pub #inner);
            }
        }
        TypeKind::Params(fields) => params(api, &docs, &name, fields),
        TypeKind::ByStatus(variants) => by_status(api, &docs, &name, variants),
        TypeKind::WithHeaders(body, headers) => {
            with_headers(api, &docs, &name, body.as_ref(), headers)
        }
    }
}

/// The `#[derive]` the settings add to a schema type (`derive`, `derive-for`), after its doc;
/// nothing for an alias or a type that is not a schema.
fn extra_derives(api: &Api, def: &TypeDef, built_in: &Derives) -> Option<TokenStream> {
    let schema_type = matches!(
        def.kind,
        TypeKind::Struct(_)
            | TypeKind::Enum(_)
            | TypeKind::OneOf(_)
            | TypeKind::Tagged(_)
            | TypeKind::IntEnum(_)
            | TypeKind::Newtype(_)
    );
    let own = api.derives.get(&def.name).into_iter().flatten();
    let mut derives: Vec<&String> = api.derive_all.iter().chain(own).collect();
    // What the type derives already (or implements by hand) is not derived twice.
    let mut seen = std::collections::BTreeSet::new();
    derives.retain(|d| {
        let name = d.rsplit("::").next().unwrap_or(d).trim();
        !built_in.has(name) && seen.insert(name)
    });
    if !schema_type || derives.is_empty() {
        return None;
    }
    let paths = derives.iter().map(|d| super::tokens::rust_path(d));
    Some(quote!(#[derive(#(#paths),*)]))
}

/// The type of a field as declared: the `Option`s of its [`Presence`], `Box` when it closes a
/// cycle.
fn field_ty(api: &Api, field: &Field) -> TokenStream {
    field_ty_in(api, field, Scope::Types)
}

/// The type of a field as `scope` names it: its value type, boxed when it breaks a cycle, in
/// the `Option`s its presence asks for.
pub(super) fn field_ty_in(api: &Api, field: &Field, scope: Scope) -> TokenStream {
    let mut inner = ty(api, &field.ty, scope);
    if field.boxed {
        inner = quote!(Box<#inner>);
    }
    (0..field.presence.options()).fold(inner, |inner, _| quote!(Option<#inner>))
}

/// A field's doc: its own, else the description of the type it holds, else `fallback`.
fn field_doc(api: &Api, field: &Field, fallback: &str) -> TokenStream {
    let own = field.doc.as_deref().filter(|d| !d.trim().is_empty());
    // (Not through an `Option` of an array's items or a map's values.)
    let held = walk::layers(&field.ty)
        .take_while(|layer| !matches!(layer, Ty::Nullable(_)))
        .find_map(|layer| match layer {
            Ty::Named(id) => api.types.get(id.index())?.doc.as_deref(),
            _ => None,
        });
    doc_or(own.or(held), fallback)
}

/// Which `#[serde]` attributes a struct's fields carry.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FieldAttrs {
    /// For derived `Serialize` and `Deserialize`.
    Derived,
    /// For a derived `Serialize` only (`Deserialize` is written out).
    SerializeOnly,
    /// None: no serde derive on the struct.
    None,
}

/// The field declarations of a struct, and its map of undeclared properties.
fn struct_fields(
    api: &Api,
    s: &Struct,
    attrs: FieldAttrs,
) -> (Vec<TokenStream>, Option<TokenStream>) {
    let serde = attrs != FieldAttrs::None;
    let fields = s
        .fields
        .iter()
        .map(|f| {
            let field_docs = field_doc(api, f, &format!("The `{}` property.", f.wire));
            let field_name = ident(&f.name);
            let field_type = field_ty(api, f);
            let rename = (serde && f.name != f.wire).then(|| {
                let wire = &f.wire;
                quote!(#[serde(rename = #wire)])
            });
            let skip = match (attrs, f.presence) {
                (FieldAttrs::None, _) | (_, Presence::Required | Presence::RequiredNullable) => {
                    TokenStream::new()
                }
                // Absent stays `None`; `null` becomes `Some(None)`.
                (FieldAttrs::Derived, Presence::OptionalNullable) => quote! {
                    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
                },
                _ => quote!(#[serde(skip_serializing_if = "Option::is_none")]),
            };
            quote! {
                #field_docs
                #rename
                #skip
                pub #field_name: #field_type,
            }
        })
        .collect();
    let additional = s.additional.as_ref().map(|(field, value)| {
        let field = ident(field);
        let value = ty(api, value, Scope::Types);
        let flatten = serde.then(|| quote!(#[serde(flatten)]));
        quote! {
            /// Properties the schema does not list.
            #flatten
            pub #field: BTreeMap<String, #value>,
        }
    });
    (fields, additional)
}

fn structure(api: &Api, docs: &TokenStream, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let (fields, additional) = struct_fields(api, s, FieldAttrs::Derived);
    let builders = if !object::applies(api, s) {
        builders(
            api,
            name,
            &s.fields,
            s.additional.as_ref().map(|(f, _)| f.as_str()),
        )
    } else if s.fields.is_empty() {
        TokenStream::new()
    } else {
        object::invocation(api, name, s, false)
    };
    quote! {
        #docs
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #builders
    }
}

/// The known variants of a string enum; `renames` adds the serde names of their values.
fn enum_variants(e: &Enum, renames: bool) -> Vec<TokenStream> {
    e.variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let variant_docs = doc_or(v.doc.as_deref(), &format!("`{}`", v.wire));
            let variant = ident(&v.name);
            let wire = &v.wire;
            let rename = renames.then(|| quote!(#[serde(rename = #wire)]));
            let is_default = (e.default == Some(i)).then(|| quote!(#[default]));
            quote! {
                #variant_docs
                #rename
                #is_default
                #variant,
            }
        })
        .collect()
}

fn enumeration(docs: &TokenStream, name: &proc_macro2::Ident, e: &Enum) -> TokenStream {
    let variants = enum_variants(e, true);
    let other = ident(&e.other);
    quote! {
        #docs
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know; kept as received.
            #[serde(untagged)]
            #other(String),
        }
    }
}

fn variant_payload(api: &Api, v: &Variant) -> Option<TokenStream> {
    payload_tokens(api, v.ty.as_ref(), v.boxed)
}

fn payload_tokens(api: &Api, payload: Option<&Ty>, boxed: bool) -> Option<TokenStream> {
    let payload = ty(api, payload?, Scope::Types);
    Some(if boxed {
        quote!((Box<#payload>))
    } else {
        quote!((#payload))
    })
}

fn one_of(
    api: &Api,
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    variants: &[Variant],
    derives: &Derives,
) -> TokenStream {
    let variants = variants.iter().map(|v| {
        let variant_docs = doc_or(v.doc.as_deref(), &format!("The `{}` case.", v.name));
        let variant = ident(&v.name);
        let payload = variant_payload(api, v);
        quote! {
            #variant_docs
            #variant #payload,
        }
    });
    // (No serde derive at all when `Deserialize` is written out and `Serialize` not needed.)
    let untagged = derives.serde().then(|| quote!(#[serde(untagged)]));
    quote! {
        #docs
        #untagged
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn by_status(
    api: &Api,
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    statuses: &[StatusVariant],
) -> TokenStream {
    let variants = statuses.iter().map(|v| {
        let variant_docs = doc_or(v.doc.as_deref(), &format!("The `{}` response.", v.name));
        let variant = ident(&v.name);
        // (A status with headers holds their struct, which holds the body.)
        let payload = payload_tokens(api, v.held(), v.boxed);
        quote! {
            #variant_docs
            #variant #payload,
        }
    });
    // The structs of the statuses with headers are built as the struct of a schema is (their
    // fields are not the user's to set directly: `#[non_exhaustive]`).
    let built = statuses
        .iter()
        .filter_map(|v| status_builders(api, v.headers_type()?));
    quote! {
        #docs
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
        #(#built)*
    }
}

/// `new` and the setters of the struct of a status's body and headers (`id`), for users who
/// answer with one (a typed mock, a test double): `new(body)` (`new()` without a body) sets no
/// header.
fn status_builders(api: &Api, id: crate::model::TypeId) -> Option<TokenStream> {
    let TypeKind::WithHeaders(body, headers) = &api.types[id].kind else {
        return None;
    };
    let name = ident(&api.types[id].name);
    let Some(body) = body else {
        let fields = headers.iter().map(|f| {
            let field = ident(&f.name);
            quote!(#field: None,)
        });
        let setters = builders(api, &name, headers, None);
        return Some(quote! {
            impl #name {
                /// The response without any header (set each with the method named after it).
                // (No `Default`: a response is built as the status it answers, not assumed.)
                #[allow(clippy::new_without_default)]
                pub fn new() -> Self {
                    Self { #(#fields)* }
                }
            }
            #setters
        });
    };
    let body = Field {
        wire: "body".to_string(),
        name: "body".to_string(),
        doc: None,
        ty: body.clone(),
        presence: Presence::Required,
        boxed: false,
    };
    let fields: Vec<Field> = std::iter::once(body)
        .chain(headers.iter().cloned())
        .collect();
    Some(builders(api, &name, &fields, None))
}

fn params(
    api: &Api,
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    fields: &[Field],
) -> TokenStream {
    let declared = fields.iter().map(|f| {
        let field_docs = field_doc(api, f, &format!("The `{}` parameter.", f.wire));
        let field_name = ident(&f.name);
        let field_type = field_ty(api, f);
        quote! {
            #field_docs
            pub #field_name: #field_type,
        }
    });
    let builders = builders(api, name, fields, None);
    quote! {
        #docs
        #[non_exhaustive]
        pub struct #name {
            #(#declared)*
        }
        #builders
    }
}

/// A union told apart by a property. It serializes as the chosen object (which carries the
/// property); it deserializes by reading the property first, and keeps objects with a value the
/// spec does not list in the catch-all variant.
fn tagged_union(
    api: &Api,
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    tagged: &Tagged,
    serde: SerdeUse,
) -> TokenStream {
    let untagged = serde.serialize.then(|| quote!(#[serde(untagged)]));
    let other = ident(&tagged.other);
    let property = &tagged.property;
    let other_doc = format!(
        " An object whose `{property}` this version of the client does not know; kept as received."
    );
    let other_doc = quote!(#[doc = #other_doc]);
    let variants = tagged.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let payload = ty(api, &v.ty, Scope::Types);
        let payload = if v.boxed {
            quote!(Box<#payload>)
        } else {
            payload
        };
        let variant_docs = doc_or(None, &format!("`{property}: {}`", v.tag));
        quote! {
            #variant_docs
            #variant(#payload),
        }
    });
    let arms = tagged.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let tag = &v.tag;
        if v.boxed {
            quote!(Some(#tag) => serde_json::from_value(value).map(|v| Self::#variant(Box::new(v))),)
        } else {
            quote!(Some(#tag) => serde_json::from_value(value).map(Self::#variant),)
        }
    });
    let deserialize = serde.deserialize.then(|| {
        quote! {
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                    let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                    let parsed = match tag.as_deref() {
                        #(#arms)*
                        _ => return Ok(Self::#other(value)),
                    };
                    parsed.map_err(serde::de::Error::custom)
                }
            }
        }
    });
    quote! {
        #docs
        #untagged
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #other_doc
            #other(serde_json::Value),
        }

        #deserialize
    }
}

/// An integer enum, converted through `i64` so unknown values are kept.
fn int_enumeration(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    e: &IntEnum,
    serde: SerdeUse,
) -> TokenStream {
    let from = serde.deserialize.then(|| quote!(from = "i64",));
    let into = serde.serialize.then(|| quote!(into = "i64",));
    let other = ident(&e.other);
    let variants = e.variants.iter().map(|v| {
        let variant_docs = doc_or(v.doc.as_deref(), &format!("`{}`", v.value));
        let variant = ident(&v.name);
        quote! {
            #variant_docs
            #variant,
        }
    });
    let from_arms = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = proc_macro2::Literal::i64_unsuffixed(v.value);
        quote!(#value => #name::#variant,)
    });
    let into_arms = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = proc_macro2::Literal::i64_unsuffixed(v.value);
        quote!(#name::#variant => #value,)
    });
    quote! {
        #docs
        #[serde(#from #into)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know; kept as received.
            #other(i64),
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_arms)*
                    other => #name::#other(other),
                }
            }
        }

        impl From<#name> for i64 {
            fn from(value: #name) -> Self {
                match value {
                    #(#into_arms)*
                    #name::#other(other) => other,
                }
            }
        }
    }
}

/// A success body with the response headers the spec declares.
fn with_headers(
    api: &Api,
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    body: Option<&crate::model::Ty>,
    headers: &[Field],
) -> TokenStream {
    let body = body.map(|t| {
        let t = ty(api, t, Scope::Types);
        quote! {
            /// The response body.
            pub body: #t,
        }
    });
    let fields = headers.iter().map(|f| {
        let field_docs = doc_or(
            f.doc.as_deref(),
            &format!("The `{}` header, when sent.", f.wire),
        );
        let field_name = ident(&f.name);
        let field_type = field_ty(api, f);
        quote! {
            #field_docs
            pub #field_name: #field_type,
        }
    });
    quote! {
        #docs
        #[non_exhaustive]
        pub struct #name {
            #body
            #(#fields)*
        }
    }
}
