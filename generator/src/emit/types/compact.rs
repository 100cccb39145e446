//! The compact `Deserialize` of a large client's types: one function reading a JSON object
//! through a small shared reader instead of serde's derive (see [`compact`]).

use super::{
    Api, Enum, Field, FieldAttrs, SerdeUse, Struct, TokenStream, TypeKind, builders, enum_variants,
    ident, quote, struct_fields,
};

/// Whether a type's `Deserialize` is written out compactly instead of derived. In a large client
/// (see [`crate::model::LARGE`]), serde's derive is most of what the compiler checks: a derived
/// `Deserialize` of a struct brings a field enum, two visitors and their impls; the compact one
/// is one function reading a JSON object through [`fields_helper`].
pub(super) fn compact(api: &Api, serde: SerdeUse) -> bool {
    serde.deserialize && api.compact_serde
}

/// Whether some struct of the module uses the compact `Deserialize`.
pub(super) fn uses_fields_helper(api: &Api) -> bool {
    api.types
        .iter()
        .enumerate()
        .any(|(id, t)| matches!(t.kind, TypeKind::Struct(_)) && compact(api, api.serde[id]))
}

/// The reader the compact `Deserialize` impls share, with just the methods they call.
pub(super) fn fields_helper(api: &Api) -> TokenStream {
    let compact_structs: Vec<&Struct> = api
        .types
        .iter()
        .enumerate()
        .filter(|(id, _)| compact(api, api.serde[*id]))
        .filter_map(|(_, t)| match &t.kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        })
        .collect();
    let any_field =
        |test: fn(&Field) -> bool| compact_structs.iter().any(|s| s.fields.iter().any(test));
    let required = any_field(|f| f.required && !f.nullable).then(|| {
        quote! {
            /// A property that must be present.
            fn required<T: serde::de::DeserializeOwned, E: serde::de::Error>(&mut self, key: &'static str) -> Result<T, E> {
                match self.0.remove(key) {
                    Some(value) => T::deserialize(value).map_err(|e| E::custom(format_args!("`{key}`: {e}"))),
                    None => Err(E::missing_field(key)),
                }
            }
        }
    });
    let optional = any_field(|f| f.required == f.nullable || (!f.required && !f.nullable)).then(|| {
        quote! {
            /// A property that may be absent or `null`.
            fn optional<T: serde::de::DeserializeOwned, E: serde::de::Error>(&mut self, key: &'static str) -> Result<Option<T>, E> {
                match self.0.remove(key) {
                    None | Some(serde_json::Value::Null) => Ok(None),
                    Some(value) => T::deserialize(value).map(Some).map_err(|e| E::custom(format_args!("`{key}`: {e}"))),
                }
            }
        }
    });
    let nullable = any_field(|f| !f.required && f.nullable).then(|| {
        quote! {
            /// A property where absent (`None`) and `null` (`Some(None)`) differ.
            fn nullable<T: serde::de::DeserializeOwned, E: serde::de::Error>(&mut self, key: &'static str) -> Result<Option<Option<T>>, E> {
                match self.0.remove(key) {
                    None => Ok(None),
                    Some(serde_json::Value::Null) => Ok(Some(None)),
                    Some(value) => T::deserialize(value).map(|v| Some(Some(v))).map_err(|e| E::custom(format_args!("`{key}`: {e}"))),
                }
            }
        }
    });
    let rest = compact_structs.iter().any(|s| s.additional.is_some()).then(|| {
        quote! {
            /// The properties not taken yet.
            fn rest<T: serde::de::DeserializeOwned, E: serde::de::Error>(self) -> Result<BTreeMap<String, T>, E> {
                self.0
                    .into_iter()
                    .map(|(key, value)| T::deserialize(value).map(|v| (key, v)).map_err(E::custom))
                    .collect()
            }
        }
    });
    quote! {
        /// The properties of a JSON object, taken one by one by the compact `Deserialize` impls
        /// of this module. Properties nobody takes are ignored.
        struct Fields(serde_json::Map<String, serde_json::Value>);

        impl Fields {
            fn read<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <serde_json::Map<String, serde_json::Value> as serde::Deserialize>::deserialize(deserializer).map(Fields)
            }

            #required
            #optional
            #nullable
            #rest
        }
    }
}

/// A struct whose `Deserialize` is written out (see [`compact`]).
pub(super) fn compact_structure(
    api: &Api,
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    s: &Struct,
    serde: SerdeUse,
) -> TokenStream {
    let default = builders::defaults(&s.fields).then(|| quote!(Default,));
    let serialize = serde.serialize;
    let derive_serialize = serialize.then(|| quote!(serde::Serialize));
    let attrs = if serialize {
        FieldAttrs::SerializeOnly
    } else {
        FieldAttrs::None
    };
    let (fields, additional) = struct_fields(api, s, attrs);
    let builders = builders(
        api,
        name,
        &s.fields,
        s.additional.as_ref().map(|(f, _)| f.as_str()),
    );
    let reads = s.fields.iter().map(|f| {
        let field_name = ident(&f.name);
        let wire = &f.wire;
        match (f.required, f.nullable) {
            (true, false) => quote!(#field_name: fields.required(#wire)?,),
            (false, true) => quote!(#field_name: fields.nullable(#wire)?,),
            _ => quote!(#field_name: fields.optional(#wire)?,),
        }
    });
    let rest = s.additional.as_ref().map(|(field, _)| {
        let field = ident(field);
        quote!(#field: fields.rest()?,)
    });
    // Unused when every property is taken by name and none is left over.
    let binding = if s.fields.is_empty() && s.additional.is_none() {
        quote!(let _fields)
    } else {
        quote!(let mut fields)
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default #derive_serialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #builders

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #binding = Fields::read(deserializer)?;
                Ok(Self {
                    #(#reads)*
                    #rest
                })
            }
        }
    }
}

/// A string enum whose `Deserialize` is written out (see [`compact`]).
pub(super) fn compact_enumeration(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    e: &Enum,
    serde: SerdeUse,
) -> TokenStream {
    let default = e.default.map(|_| quote!(Default,));
    let serialize = serde.serialize;
    let derive_serialize = serialize.then(|| quote!(serde::Serialize));
    let variants = enum_variants(e, serialize);
    let other = ident(&e.other);
    let untagged = serialize.then(|| quote!(#[serde(untagged)]));
    let arms = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(#wire => Self::#variant,)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #default #derive_serialize)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know; kept as received.
            #untagged
            #other(String),
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                Ok(match value.as_str() {
                    #(#arms)*
                    _ => Self::#other(value),
                })
            }
        }
    }
}
