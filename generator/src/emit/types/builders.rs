//! How users build a generated struct: `Type::new(required..)` taking the fields that must be
//! given (each as `impl Into<T>`), and one setter per field, `fn field(self, value: impl Into<T>)
//! -> Self`, which sets `Some` for an optional field. Structs are `#[non_exhaustive]`, so this is
//! the only way to build one outside the crate, and a new optional field breaks nobody. A struct
//! whose fields may all be absent derives `Default` instead of having `new`. Names come from
//! [`naming::field_setters`] and [`reserved::CONSTRUCTOR`].

use crate::emit::tokens::{Scope, doc_or, ident, ty};
use crate::model::{Api, Field};
use crate::naming::{self, reserved};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Whether `new` takes this field ([`crate::model::Presence::given`]). (A required nullable
/// field is `Option<T>` and starts `None`, as it does under `Default`.)
fn takes(field: &Field) -> bool {
    field.presence.given()
}

/// Whether the struct gets `Default` rather than `new`: no field must be given.
pub fn defaults(fields: &[Field]) -> bool {
    !fields.iter().any(takes)
}

/// The value a constructor argument or setter takes: `impl Into<String>` for `String` and so on.
fn value_ty(api: &Api, field: &Field) -> TokenStream {
    let t = ty(api, &field.ty, Scope::Types);
    quote!(impl Into<#t>)
}

/// What the field holds once `value` (an `impl Into<T>`) is given.
fn stored(field: &Field, value: &Ident) -> TokenStream {
    let mut inner = quote!(#value.into());
    if field.boxed {
        inner = quote!(Box::new(#inner));
    }
    (0..field.presence.options()).fold(inner, |inner, _| quote!(Some(#inner)))
}

/// `impl Name { new, setters }` for a struct with `fields` (and a map of undeclared properties
/// named `additional`, which starts empty).
pub fn builders(
    api: &Api,
    name: &Ident,
    fields: &[Field],
    additional: Option<&str>,
) -> TokenStream {
    let constructor = (!defaults(fields)).then(|| {
        let new = ident(reserved::CONSTRUCTOR);
        // Each argument is named after its field, as a binding (`foo_` for a field `foo`).
        let arg = |f: &Field| ident(&naming::as_binding(f.name.clone()));
        let args = fields.iter().filter(|f| takes(f)).map(|f| {
            let arg = arg(f);
            let arg_ty = value_ty(api, f);
            quote!(#arg: #arg_ty)
        });
        let inits = fields.iter().map(|f| {
            let field = ident(&f.name);
            if takes(f) {
                let value = stored(f, &arg(f));
                quote!(#field: #value)
            } else {
                quote!(#field: None)
            }
        });
        let rest = additional.map(|field| {
            let field = ident(field);
            quote!(#field: Default::default(),)
        });
        let mut allows = Vec::new();
        if fields.iter().filter(|f| takes(f)).count() > 7 {
            allows.push(quote!(clippy::too_many_arguments));
        }
        // A type named `New` (a schema's name is the spec's to choose).
        if naming::snake(&name.to_string(), "") == reserved::CONSTRUCTOR {
            allows.push(quote!(clippy::self_named_constructors));
        }
        let allow = (!allows.is_empty()).then(|| quote!(#[allow(#(#allows),*)]));
        quote! {
            /// The fields that must be given; the others start unset (set them with the
            /// methods named after them).
            #allow
            pub fn #new(#(#args),*) -> Self {
                Self { #(#inits,)* #rest }
            }
        }
    });
    let names = naming::field_setters(fields.iter().map(|f| f.name.as_str()));
    let setters = fields.iter().zip(names).map(|(f, setter)| {
        let setter = ident(&setter);
        let field = ident(&f.name);
        let value = ident("value");
        let value_ty = value_ty(api, f);
        let stored = stored(f, &value);
        let doc = if f.wire.is_empty() {
            "Sets the property whose name is empty.".to_string()
        } else {
            format!("Sets `{}`.", f.wire)
        };
        let doc = doc_or(None, &doc);
        quote! {
            #doc
            pub fn #setter(mut self, #value: #value_ty) -> Self {
                self.#field = #stored;
                self
            }
        }
    });
    if constructor.is_none() && fields.is_empty() {
        return TokenStream::new();
    }
    quote! {
        impl #name {
            #constructor
            #(#setters)*
        }
    }
}
