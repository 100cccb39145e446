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

/// Whether some struct or string enum of the module uses the compact `Deserialize`.
pub(super) fn uses_fields_helper(api: &Api) -> bool {
    api.types.iter().enumerate().any(|(id, t)| {
        matches!(t.kind, TypeKind::Struct(_) | TypeKind::Enum(_)) && compact(api, api.serde[id])
    })
}

/// The reader the compact `Deserialize` impls share, with just the methods they call. It reads
/// the JSON object as it streams past, as serde's derive does: property names are borrowed from
/// the input when they can be, values go straight into their fields' types, and nothing is
/// buffered.
pub(super) fn fields_helper(api: &Api) -> TokenStream {
    // Each function is emitted when some compact struct calls it; in a client grouped by tag,
    // it is compiled only with the features of those structs.
    let compact_struct = |id: usize| match &api.types[id].kind {
        TypeKind::Struct(s) if compact(api, api.serde[id]) => Some(s),
        _ => None,
    };
    let calls = |test: &dyn Fn(&Struct) -> bool| {
        let ids = |id: usize| compact_struct(id).is_some_and(test);
        ((0..api.types.len()).any(ids)).then(|| crate::emit::types_cfg(api, ids))
    };
    let any_field = |test: fn(&Field) -> bool| calls(&|s| s.fields.iter().any(test));
    let put = any_field(|f| !f.presence.null_is_none()).map(|cfg| {
        quote! {
            #cfg
            /// Reads the value of the property `key`, whose name `object` has just read, into `slot`.
            #[inline]
            fn put<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(object: &mut A, slot: &mut Option<T>, key: &str) -> Result<(), A::Error> {
                let value = object
                    .next_value()
                    .map_err(|e| serde::de::Error::custom(format_args!("`{key}`: {e}")))?;
                *slot = Some(value);
                Ok(())
            }
        }
    });
    let put_nullable = any_field(|f| f.presence.null_is_none()).map(|cfg| {
        quote! {
            #cfg
            /// Like `put`, for a slot whose `None` is both absent and `null`.
            #[inline]
            fn put_nullable<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(object: &mut A, slot: &mut Option<T>, key: &str) -> Result<(), A::Error> {
                *slot = object
                    .next_value()
                    .map_err(|e| serde::de::Error::custom(format_args!("`{key}`: {e}")))?;
                Ok(())
            }
        }
    });
    // (`object!` calls it for one required property too.)
    let missing = calls(&|s| {
        let required = s.fields.iter().filter(|f| f.presence.given()).count();
        required > 1 || (required == 1 && super::object::applies(api, s))
    })
    .map(|cfg| {
        quote! {
            #cfg
            /// The error for the first required property of `properties` that is absent.
            fn missing<E: serde::de::Error>(properties: &[(bool, &'static str)]) -> E {
                let key = properties.iter().find_map(|&(absent, key)| absent.then_some(key));
                E::missing_field(key.unwrap_or_default())
            }
        }
    });
    let rest = calls(&|s| s.additional.is_some()).map(|cfg| {
        quote! {
            #cfg
            /// A property not declared, kept in `rest`.
            fn rest<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(object: &mut A, key: std::borrow::Cow<'de, str>, rest: &mut BTreeMap<String, T>) -> Result<(), A::Error> {
                let value = object
                    .next_value()
                    .map_err(|e| serde::de::Error::custom(format_args!("`{key}`: {e}")))?;
                rest.insert(key.into_owned(), value);
                Ok(())
            }
        }
    });
    let functions = calls(&|s| !s.fields.is_empty() || s.additional.is_some()).map(|cfg| {
        quote! {
            #cfg
            impl Fields<()> {
                #put
                #put_nullable
                #missing
                #rest
            }
        }
    });
    // The reader itself: every compact struct and string enum reads through it.
    let cfg = crate::emit::types_cfg(api, |id| {
        matches!(api.types[id].kind, TypeKind::Struct(_) | TypeKind::Enum(_))
            && compact(api, api.serde[id])
    });
    quote! {
        /// What the compact `Deserialize` impls of this module share: `Fields(PhantomData::<T>)`
        /// reads a `T` from a JSON object (each struct implements `Visitor` for it),
        /// `Fields<Cow<str>>` is a property name or a string enum's value (borrowed from the
        /// input when it can be), and the functions below take the properties. Properties
        /// nobody takes are skipped. A reader matches a property name's length first: that is
        /// one jump, after which only the names of that length are compared.
        #cfg
        struct Fields<T>(T);

        #cfg
        impl<'de> serde::Deserialize<'de> for Fields<std::borrow::Cow<'de, str>> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(Fields(()))
            }
        }

        #cfg
        impl<'de> serde::de::Visitor<'de> for Fields<()> {
            type Value = Fields<std::borrow::Cow<'de, str>>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Fields(std::borrow::Cow::Borrowed(v)))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Fields(std::borrow::Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Fields(std::borrow::Cow::Owned(v)))
            }
        }

        #functions
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
    let serialize = serde.serialize;
    let attrs = if serialize {
        FieldAttrs::SerializeOnly
    } else {
        FieldAttrs::None
    };
    let (fields, additional) = struct_fields(api, s, attrs);
    if super::object::applies(api, s) {
        let methods = super::object::invocation(api, name, s, true);
        return quote! {
            #docs
            #[non_exhaustive]
            pub struct #name {
                #(#fields)*
                #additional
            }
            #methods
        };
    }
    let builders = builders(
        api,
        name,
        &s.fields,
        s.additional.as_ref().map(|(f, _)| f.as_str()),
    );
    // One slot per property, a variable named by its position (property names could be
    // anything, even `object`), filled as the object streams past, then checked and moved into
    // the struct.
    let slot = |i: usize| quote::format_ident!("slot_{i}");
    // The slots' types are written out: inferring them from their uses costs the compiler more.
    // A required property's slot is an `Option` of its field; any other's is its field, whose
    // `None` already means absent.
    let lets = s.fields.iter().enumerate().map(|(i, f)| {
        let slot = slot(i);
        let field_type = super::field_ty(api, f);
        if f.presence.given() {
            quote!(let mut #slot: Option<#field_type> = None;)
        } else {
            quote!(let mut #slot: #field_type = None;)
        }
    });
    let arms = s.fields.iter().enumerate().map(|(i, f)| {
        let slot = slot(i);
        let wire = &f.wire;
        let len = proc_macro2::Literal::usize_unsuffixed(f.wire.len());
        // Absent or `null` is `None` (`null` is `Some(None)` when the two differ).
        let put = if f.presence.null_is_none() {
            quote!(put_nullable)
        } else {
            quote!(put)
        };
        quote!((#len, #wire) => Fields::#put(&mut object, &mut #slot, #wire),)
    });
    // Required properties are matched all at once, so that building the value has no early
    // return: a `?` per property costs the compiler a drop path each.
    let required: Vec<usize> = (s.fields.iter().enumerate())
        .filter(|(_, f)| f.presence.given())
        .map(|(i, _)| i)
        .collect();
    let bound = |i: usize| quote::format_ident!("value_{i}");
    let inits = s.fields.iter().enumerate().map(|(i, f)| {
        let field_name = ident(&f.name);
        let slot = slot(i);
        if f.presence.given() {
            let bound = bound(i);
            quote!(#field_name: #bound,)
        } else {
            quote!(#field_name: #slot,)
        }
    });
    let (rest_let, other, rest_init) = match &s.additional {
        Some((field, _)) => {
            let field = ident(field);
            (
                Some(quote!(let mut rest = BTreeMap::new();)),
                quote!(_ => Fields::rest(&mut object, key.0, &mut rest),),
                Some(quote!(#field: rest,)),
            )
        }
        None => (
            None,
            quote!(_ => object.next_value::<serde::de::IgnoredAny>().map(drop),),
            None,
        ),
    };
    let read = if s.fields.is_empty() && s.additional.is_none() {
        quote! {
            while object.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
        }
    } else {
        quote! {
            // One `?` per property read, not one per arm: each costs the compiler. The name's
            // length is matched first, which compiles to a jump: only names of that length are
            // compared.
            while let Some(key) = object.next_key::<Fields<std::borrow::Cow<'de, str>>>()? {
                let read = match (key.0.len(), key.0.as_ref()) {
                    #(#arms)*
                    #other
                };
                read?;
            }
        }
    };
    let value = quote! {
        Self::Value {
            #(#inits)*
            #rest_init
        }
    };
    let build = match required.as_slice() {
        [] => quote!(Ok(#value)),
        [i] => {
            let (slot, bound, wire) = (slot(*i), bound(*i), &s.fields[*i].wire);
            quote! {
                match #slot {
                    Some(#bound) => Ok(#value),
                    None => Err(serde::de::Error::missing_field(#wire)),
                }
            }
        }
        _ => {
            let slots = required.iter().map(|&i| slot(i));
            let bound: Vec<_> = required.iter().map(|&i| bound(i)).collect();
            let wires = required.iter().map(|&i| &s.fields[i].wire);
            quote! {
                match (#(#slots,)*) {
                    (#(Some(#bound),)*) => Ok(#value),
                    (#(#bound,)*) => Err(Fields::missing(&[#((#bound.is_none(), #wires)),*])),
                }
            }
        }
    };
    quote! {
        #docs
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #builders

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(Fields(std::marker::PhantomData::<Self>))
            }
        }

        impl<'de> serde::de::Visitor<'de> for Fields<std::marker::PhantomData<#name>> {
            type Value = #name;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut object: A) -> Result<Self::Value, A::Error> {
                #(#lets)*
                #rest_let
                #read
                #build
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
    let serialize = serde.serialize;
    let variants = enum_variants(e, serialize);
    let other = ident(&e.other);
    let untagged = serialize.then(|| quote!(#[serde(untagged)]));
    let rows = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(#wire => #variant,)
    });
    quote! {
        #docs
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know; kept as received.
            #untagged
            #other(String),
        }

        strings! {
            #name { #(#rows)* } else #other
        }
    }
}

/// The text of `macro_rules! strings` (with its doc), which `format` prints as it is written.
pub const STRINGS_MACRO: &str = include_str!("strings_macro.rs");

/// Whether the type `id` invokes `strings!`: a string enum whose `Deserialize` is written out.
fn invokes_strings(api: &Api, id: usize) -> bool {
    matches!(api.types[id].kind, TypeKind::Enum(_)) && compact(api, api.serde[id])
}

/// `macro_rules! strings`, under the features of the enums that invoke it; nothing when none
/// does.
pub(super) fn strings_definition(api: &Api) -> TokenStream {
    super::object::macro_definition(api, STRINGS_MACRO, |id| invokes_strings(api, id))
}
