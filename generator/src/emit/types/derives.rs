//! The traits each declared type derives, decided once per type: its item's `#[derive]` is
//! written from this, and a derive the settings add that the type has already is left out.

use super::compact::compact;
use super::{Api, SerdeUse, TokenStream, TypeDef, TypeKind, builders, needs_best_member, quote};

/// What one type derives, and whether it implements `Deserialize` by hand.
pub(super) struct Derives {
    /// The standard traits, in the order written.
    std: Vec<&'static str>,
    /// Whether `Serialize` is derived.
    serialize: bool,
    /// Whether `Deserialize` is derived.
    deserialize: bool,
    /// Whether `Deserialize` is written out instead: the compact one of a large client's
    /// structs and string enums, a union of several structs (the member that declares most
    /// keys), a union told apart by a property.
    pub(super) deserialize_by_hand: bool,
}

impl Derives {
    /// The derives of `def`, which needs the serde traits of `serde`.
    pub(super) fn of(api: &Api, def: &TypeDef, serde: SerdeUse) -> Derives {
        let common = vec!["Debug", "Clone", "PartialEq"];
        let (std, by_hand, serde) = match &def.kind {
            TypeKind::Struct(s) => {
                let mut std = common;
                std.extend(builders::defaults(&s.fields).then_some("Default"));
                (std, compact(api, serde), serde)
            }
            TypeKind::Enum(e) => {
                let mut std = common;
                std.extend(["Eq", "Hash"]);
                std.extend(e.default.map(|_| "Default"));
                (std, compact(api, serde), serde)
            }
            TypeKind::OneOf(variants) => {
                let by_hand = serde.deserialize && needs_best_member(api, variants);
                (common, by_hand, serde)
            }
            TypeKind::Tagged(_) => (common, serde.deserialize, serde),
            TypeKind::IntEnum(_) => {
                let std = vec!["Debug", "Clone", "Copy", "PartialEq", "Eq", "Hash"];
                (std, false, serde)
            }
            TypeKind::Newtype(_) => (common, false, serde),
            TypeKind::Params(fields) => {
                let mut std = common;
                std.extend(builders::defaults(fields).then_some("Default"));
                (std, false, SerdeUse::default())
            }
            TypeKind::ByStatus(_) | TypeKind::WithHeaders(..) => {
                (common, false, SerdeUse::default())
            }
            TypeKind::Alias(_) => (Vec::new(), false, SerdeUse::default()),
        };
        Derives {
            std,
            serialize: serde.serialize,
            deserialize: serde.deserialize && !by_hand,
            deserialize_by_hand: by_hand,
        }
    }

    /// The `#[derive(...)]` attribute; nothing for an alias.
    pub(super) fn attribute(&self) -> TokenStream {
        let std = self.std.iter().map(|t| quote::format_ident!("{t}"));
        let serialize = self.serialize.then(|| quote!(serde::Serialize));
        let deserialize = self.deserialize.then(|| quote!(serde::Deserialize));
        let all: Vec<TokenStream> = (std.map(|t| quote!(#t)))
            .chain(serialize)
            .chain(deserialize)
            .collect();
        if all.is_empty() {
            return TokenStream::new();
        }
        quote!(#[derive(#(#all),*)])
    }

    /// Whether some serde trait is derived (so that `#[serde]` attributes may be written).
    pub(super) fn serde(&self) -> bool {
        self.serialize || self.deserialize
    }

    /// Whether the type has `name` (the last segment of a trait's path) without settings. The
    /// serde traits count as had whether derived, written out or left out: they are clientgen's
    /// to decide.
    pub(super) fn has(&self, name: &str) -> bool {
        self.std.contains(&name) || matches!(name, "Serialize" | "Deserialize")
    }
}
