//! A large client's structs: after its declaration, a struct's constructor, setters and
//! `Deserialize` are one `object!` invocation of a row per field, and the `macro_rules! object`
//! that writes them out is defined once at the top of `types` (`object_macro.rs`). What the
//! compiler expands is what `builders.rs` and `compact.rs` write out for a small
//! client, item for item; the source is a fraction of it (the invocations are printed as
//! tables, a row a line: see `format::table`).

use super::{Api, Struct, TokenStream, TypeKind, ident, quote};
use crate::emit::tokens::{Scope, ty};
use crate::naming;

/// The text of `macro_rules! object` (with its doc), which `format` prints as it is written.
pub const MACRO: &str = include_str!("object_macro.rs");

/// Whether a struct's methods (and reader) are an `object!` invocation: in a large client,
/// where the size of `types` is most of what users compile, unless a property's name is empty
/// (a setter's doc quotes the name; the written-out form says what it is instead).
pub(super) fn applies(api: &Api, s: &Struct) -> bool {
    api.compact_serde && s.fields.iter().all(|f| !f.wire.is_empty())
}

/// Whether the type `id` invokes `object!`: a struct it [`applies`] to with something to write
/// (fields, or a `Deserialize` when `reads`).
fn invokes(api: &Api, id: usize) -> bool {
    match &api.types[id].kind {
        TypeKind::Struct(s) if applies(api, s) => {
            !s.fields.is_empty() || super::compact(api, api.serde[id])
        }
        _ => false,
    }
}

/// `macro_rules! object`, under the features of the structs that invoke it; nothing when none
/// does.
pub(super) fn definition(api: &Api) -> TokenStream {
    macro_definition(api, MACRO, |id| invokes(api, id))
}

/// One of the emitter's `macro_rules!` (`text`), under the features of the types `invokes`
/// selects; nothing when it selects none.
pub(super) fn macro_definition(
    api: &Api,
    text: &str,
    invokes: impl Fn(usize) -> bool,
) -> TokenStream {
    if !(0..api.types.len()).any(&invokes) {
        return TokenStream::new();
    }
    // The generator's own text, which the large fixtures compile (tests/build.rs).
    let file = syn::parse_file(text)
        .expect("the emitter's macro_rules! are Rust (tests/build.rs compiles them)");
    let cfg = crate::emit::types_cfg(api, invokes);
    let items = file.items.iter().map(|item| quote!(#cfg #item));
    quote!(#(#items)*)
}

/// `object! { Name: read { required.. } { others.. } ..rest }` for the struct `name`: `read`
/// when its `Deserialize` is written out.
pub(super) fn invocation(
    api: &Api,
    name: &proc_macro2::Ident,
    s: &Struct,
    read: bool,
) -> TokenStream {
    let setters = naming::field_setters(s.fields.iter().map(|f| f.name.as_str()));
    let mut required = Vec::new();
    let mut others = Vec::new();
    for (f, setter) in s.fields.iter().zip(&setters) {
        let field = ident(&f.name);
        let renamed = (*setter != f.name).then(|| {
            let setter = ident(setter);
            quote!(as #setter)
        });
        let kind = ident(match (f.presence.options(), f.boxed) {
            (0, false) => "req",
            (0, true) => "req_box",
            (1, false) => "opt",
            (1, true) => "opt_box",
            (_, false) => "opt2",
            (_, true) => "opt2_box",
        });
        let value = ty(api, &f.ty, Scope::Types);
        let wire = &f.wire;
        let len = proc_macro2::Literal::usize_unsuffixed(f.wire.len());
        let row = quote!(#field #renamed: #kind #value = #wire #len,);
        if f.presence.given() {
            required.push(row);
        } else {
            others.push(row);
        }
    }
    let read = read.then(|| quote!(: read));
    let rest = s.additional.as_ref().map(|(field, _)| {
        let field = ident(field);
        quote!(..#field)
    });
    quote! {
        object! {
            #name #read { #(#required)* } { #(#others)* } #rest
        }
    }
}
