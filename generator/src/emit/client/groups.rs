//! A client grouped by tag (`--tag-features`): one module per group, behind the group's
//! feature, holding the sub-client `client.<group>()` returns and the group's operations as its
//! methods; and the `#[cfg]` of what the groups share, so that a crate built with one feature
//! compiles no helper only other groups call.

use super::super::operations::{self, MethodNames, Uses};
use crate::emit::tokens::ident;
use crate::emit::{cfg_features, cfg_predicate};
use crate::model::{Api, Groups};
use proc_macro2::TokenStream;
use quote::quote;

/// What each group's methods use, for the `#[cfg]` of what they share; empty when the client
/// is not grouped.
#[derive(Default)]
pub(crate) struct Gates {
    /// By group: its feature and what its methods use.
    per_group: Vec<(String, Uses)>,
}

impl Gates {
    /// The `#[cfg]` of an item the groups for which `used` holds need: nothing when the client
    /// is not grouped or every group needs it.
    pub(crate) fn cfg(&self, used: impl Fn(&Uses) -> bool) -> TokenStream {
        match self.users(used) {
            Some(users) => cfg_features(users),
            None => TokenStream::new(),
        }
    }

    /// The features of the groups for which `used` holds; `None` when that is every group (or
    /// the client is not grouped), so that nothing needs gating.
    fn users(&self, used: impl Fn(&Uses) -> bool) -> Option<Vec<&str>> {
        let users: Vec<&str> = self
            .per_group
            .iter()
            .filter(|(_, uses)| used(uses))
            .map(|(feature, _)| feature.as_str())
            .collect();
        (users.len() != self.per_group.len()).then_some(users)
    }
}

impl Gates {
    /// `#[cfg_attr(not(..), allow(dead_code))]` for an item that is always compiled but only the
    /// groups for which `used` holds call: `Client::authorize`, which reads the credentials the
    /// constructors take whatever the features (nothing when every group calls it).
    pub(crate) fn allow_unused(&self, used: impl Fn(&Uses) -> bool) -> TokenStream {
        let Some(users) = self.users(used) else {
            return TokenStream::new();
        };
        let predicate = cfg_predicate(users);
        match predicate {
            Some(predicate) => quote!(#[cfg_attr(not(#predicate), allow(dead_code))]),
            None => quote!(#[allow(dead_code)]),
        }
    }
}

/// One module per group, and what each uses; `uses` gets the union.
pub(super) fn modules(api: &Api, groups: &Groups, uses: &mut Uses) -> (TokenStream, Gates) {
    let mut gates = Gates::default();
    let mut modules = Vec::new();
    for (index, group) in groups.groups.iter().enumerate() {
        let mut group_uses = Uses::default();
        group_uses.retries = uses.retries;
        let methods: Vec<TokenStream> = api
            .operations
            .iter()
            .enumerate()
            .filter(|(op, _)| groups.of_operation[*op] == index)
            .map(|(i, op)| {
                let names = MethodNames {
                    name: &groups.methods[i],
                    with: groups.with_methods[i].as_deref(),
                    stream: groups.stream_methods[i].as_deref(),
                    owner: &group.type_name,
                    fetch: groups.fetch_methods[i].as_ref(),
                };
                operations::method(api, op, &names, &mut group_uses)
            })
            .collect();
        uses.absorb(&group_uses);
        let feature = &group.name;
        let module = ident(feature);
        let accessor = ident(feature);
        let name = ident(&group.type_name);
        let what = match &group.tag {
            Some(tag) => format!("tagged `{tag}`"),
            None => "without tags".to_string(),
        };
        let type_doc = format!(" The operations {what} (Cargo feature `{feature}`).");
        let accessor_doc = format!(" The operations {what}.");
        modules.push(quote! {
            #[cfg(feature = #feature)]
            mod #module {
                use super::*;

                #[doc = #type_doc]
                ///
                /// It dereferences to the [`Client`] it came from.
                #[derive(Debug, Clone, Copy)]
                pub struct #name<'a> {
                    client: &'a Client,
                }

                impl std::ops::Deref for #name<'_> {
                    type Target = Client;
                    fn deref(&self) -> &Client {
                        self.client
                    }
                }

                impl Client {
                    #[doc = #accessor_doc]
                    pub fn #accessor(&self) -> #name<'_> {
                        #name { client: self }
                    }
                }

                impl #name<'_> {
                    #(#methods)*
                }
            }

            #[cfg(feature = #feature)]
            pub use #module::#name;
        });
        gates.per_group.push((feature.clone(), group_uses));
    }
    // `Client::authorize` is compiled whenever the credentials are (see `Gates::allow_unused`),
    // and so is what it calls.
    if uses.authorize {
        let mut authorizing = Uses::default();
        authorizing.authorize = true;
        let _ = super::authorize(api, &mut authorizing);
        for (_, group_uses) in &mut gates.per_group {
            group_uses.absorb_helpers(&authorizing);
        }
    }
    (quote!(#(#modules)*), gates)
}
