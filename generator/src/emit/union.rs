//! The `Deserialize` of an untagged union whose members are several structs.
//!
//! serde's `untagged` takes the first member that parses. Two structs whose fields are all
//! optional (or one whose required fields are a subset of the other's) both parse the same
//! object, so the first one wins and re-encoding drops the fields only the other declares:
//! `{"timeout": 2}` read as the member without `timeout` comes back `{}`. Here every member is
//! tried and the value goes to the one that declares most of the object's keys (the first of
//! those, so members keep the spec's order of preference); a member that declares every key,
//! or keeps the undeclared ones in its map, is taken at once. Members are judged by the keys
//! they declare, not by encoding them back, so a union only ever read needs no `Serialize`.

use super::tokens::{Scope, ident, ty};
use crate::model::{Api, Ty, TypeKind, Variant, walk};
use proc_macro2::TokenStream;
use quote::quote;

/// The wire names of the properties a struct member declares; `None` when the member keeps
/// every key (a map, a struct with `additionalProperties`, a union) or is no struct.
fn declared_keys<'a>(api: &'a Api, payload: &Ty) -> Option<Vec<&'a str>> {
    match &api.types[walk::named(payload)?].kind {
        TypeKind::Struct(s) if s.additional.is_none() => {
            Some(s.fields.iter().map(|f| f.wire.as_str()).collect())
        }
        _ => None,
    }
}

/// Whether the union has two or more struct members that may read the same object.
pub fn needs_best_member(api: &Api, variants: &[Variant]) -> bool {
    variants
        .iter()
        .filter(|v| {
            v.ty.as_ref()
                .is_some_and(|t| declared_keys(api, t).is_some())
        })
        .count()
        >= 2
}

/// `impl Deserialize` for the union `name`: every member tried, the one that keeps most of
/// the object's keys taken.
pub fn best_member_deserialize(
    api: &Api,
    name: &proc_macro2::Ident,
    variants: &[Variant],
) -> TokenStream {
    let no_match = format!("data did not match any variant of untagged enum {name}");
    let tries = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let Some(payload) = &v.ty else {
            return quote! {
                if value.is_null() {
                    return Ok(Self::#variant);
                }
            };
        };
        let payload_ty = ty(api, payload, Scope::Types);
        let make = if v.boxed {
            quote!(Self::#variant(Box::new(member)))
        } else {
            quote!(Self::#variant(member))
        };
        let kept = match declared_keys(api, payload) {
            Some(wires) => quote!(keys.iter().filter(|k| [#(#wires),*].contains(k)).count()),
            None => quote!(keys.len()),
        };
        quote! {
            if let Ok(member) = <#payload_ty as serde::Deserialize>::deserialize(&value) {
                let kept = #kept;
                if kept == keys.len() {
                    return Ok(#make);
                }
                if best.as_ref().is_none_or(|(most, _)| kept > *most) {
                    best = Some((kept, #make));
                }
            }
        }
    });
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let keys: Vec<&str> = value
                    .as_object()
                    .map(|object| object.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                let mut best: Option<(usize, Self)> = None;
                #(#tries)*
                best.map(|(_, member)| member)
                    .ok_or_else(|| serde::de::Error::custom(#no_match))
            }
        }
    }
}
