//! Small pieces shared by the emitters: identifiers, doc attributes and type syntax.

use crate::model::{Api, Ty};
use crate::naming;
use crate::text::{rustdoc_markdown, sanitize};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier, raw (`r#type`) when it is a keyword.
pub fn ident(name: &str) -> Ident {
    if naming::is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// `#[doc = "..."]` lines for `text`, one per line, so prettyplease prints `///` comments.
pub fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let text = text.trim();
    if text.is_empty() {
        return TokenStream::new();
    }
    let mut kept: Vec<&str> = Vec::new();
    for line in text.lines() {
        // One blank line between paragraphs at most.
        if line.trim().is_empty() && kept.last().is_none_or(|l| l.trim().is_empty()) {
            continue;
        }
        kept.push(line);
    }
    let lines = rustdoc_markdown(&kept).into_iter().map(|line| {
        let line = sanitize(line.trim_end());
        let line = if line.is_empty() {
            line
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// [`doc`] as a further paragraph: a blank doc line, then the text; nothing without text.
pub fn doc_paragraph(text: Option<&str>) -> TokenStream {
    let lines = doc(text);
    if lines.is_empty() {
        lines
    } else {
        quote!(#[doc = ""] #lines)
    }
}

/// Like [`doc`], with `fallback` when the spec gives no text (generated crates deny missing docs).
pub fn doc_or(text: Option<&str>, fallback: &str) -> TokenStream {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => doc(Some(text)),
        None => doc(Some(fallback)),
    }
}

/// Where a type is written from: inside the `types` module or next to it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside `types`.
    Types,
    /// In a sibling module (`types::Name`).
    Sibling,
}

/// The Rust syntax of a type use.
pub fn ty(api: &Api, ty: &Ty, scope: Scope) -> TokenStream {
    match ty {
        Ty::String => quote!(String),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F32 => quote!(f32),
        Ty::F64 => quote!(f64),
        Ty::Any => quote!(serde_json::Value),
        Ty::Object => quote!(serde_json::Map<String, serde_json::Value>),
        Ty::Bytes => quote!(Vec<u8>),
        Ty::File => {
            let name = ident(crate::naming::reserved::FILE_PART);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Sibling => quote!(types::#name),
            }
        }
        Ty::Vec(inner) => {
            let inner = self::ty(api, inner, scope);
            quote!(Vec<#inner>)
        }
        Ty::Nullable(inner) => {
            let inner = self::ty(api, inner, scope);
            quote!(Option<#inner>)
        }
        Ty::Map(inner) => {
            let inner = self::ty(api, inner, scope);
            match scope {
                Scope::Types => quote!(BTreeMap<String, #inner>),
                Scope::Sibling => quote!(std::collections::BTreeMap<String, #inner>),
            }
        }
        Ty::Named(id) => {
            let name = ident(&api.types[*id].name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Sibling => quote!(types::#name),
            }
        }
        Ty::Formatted(format) => {
            let inner = rust_path(format.rust_path());
            let parsed = ident(crate::naming::reserved::PARSED);
            match scope {
                Scope::Types => quote!(#parsed<#inner>),
                Scope::Sibling => quote!(types::#parsed<#inner>),
            }
        }
        Ty::External(path) => rust_path(path),
    }
}

/// The tokens of a Rust path the settings give (checked as a path when read).
pub fn rust_path(path: &str) -> TokenStream {
    // A path that does not parse was refused with the settings; `Any` keeps output valid.
    syn::parse_str::<syn::Path>(path)
        .map(|p| quote!(#p))
        .unwrap_or_else(|_| quote!(serde_json::Value))
}

/// Whether a type mentions a map (so `types` needs `use std::collections::BTreeMap`).
pub fn uses_map(ty: &Ty) -> bool {
    crate::model::walk::layers(ty).any(|layer| matches!(layer, Ty::Map(_)))
}
