//! The pages runtime (`runtime/pages.rs`) in a client's `client` module: the functions its
//! `_stream` methods call, each only when some method calls it (with the `#[cfg]` of the groups
//! that do, in a client grouped by tag).

use super::Gates;
use crate::emit::operations::{PageUses, Uses};
use proc_macro2::TokenStream;
use quote::quote;

/// The runtime's text, which its check compiles (`runtime/check.rs`).
const PAGES: &str = include_str!("runtime/pages.rs");

/// Whether a runtime function is called.
type Called = fn(&PageUses) -> bool;

/// The functions of the pages runtime `uses` calls.
pub(super) fn runtime(uses: &Uses, gates: &Gates) -> TokenStream {
    let used: [(&str, Called); 3] = [
        ("every_page", |p| p.every_page),
        ("next_link", |p| p.next_link),
        ("next_url", |p| p.next_url),
    ];
    if !used.iter().any(|(_, called)| called(&uses.pages)) {
        return TokenStream::new();
    }
    // The runtime is the generator's own text, which its check compiles.
    let file = syn::parse_file(PAGES).expect("the pages runtime is Rust (runtime/check.rs)");
    let functions = file.items.into_iter().filter_map(|item| match item {
        syn::Item::Fn(f) => Some(f),
        _ => None,
    });
    let kept = functions.filter_map(|f| {
        let (_, called) = used.iter().find(|(name, _)| f.sig.ident == name)?;
        called(&uses.pages).then(|| {
            let cfg = gates.cfg(|u| called(&u.pages));
            quote!(#cfg #f)
        })
    });
    quote!(#(#kept)*)
}
