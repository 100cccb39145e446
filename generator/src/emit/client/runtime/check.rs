//! The runtime's own check: `client.rs`, `send_once.rs`, `pages.rs`, `bearer.rs`, `stream.rs`,
//! `tracing.rs` and `middleware.rs` compiled and linted in the
//! generator's tests, beside stand-ins for what a client defines around them (its `Client`,
//! `Error` and `retry` module); and the names they define held against `naming::reserved`.

// A stand-in's parts, and the runtime's items, are used only once a client calls them.
#![allow(dead_code, unused_macros)]

use crate::naming::reserved::{self, Helper};
use quote::ToTokens;
use std::collections::BTreeSet;
use std::time::Duration;

// The runtime's text is what clients get: rustfmt would change its tokens (`client.rs`).
#[rustfmt::skip]
#[path = "client.rs"]
mod client;
#[rustfmt::skip]
#[path = "send_once.rs"]
mod send_once;
#[rustfmt::skip]
#[path = "pages.rs"]
mod pages;
#[rustfmt::skip]
#[path = "bearer.rs"]
mod bearer;
#[rustfmt::skip]
#[path = "stream.rs"]
mod stream;
#[rustfmt::skip]
#[path = "tracing.rs"]
mod traced;
#[rustfmt::skip]
#[path = "middleware.rs"]
mod middleware;
// The file part of multipart bodies, which `types` holds beside the schemas.
#[path = "events_oracle.rs"]
mod events_oracle;
#[path = "../../types/file_part.rs"]
mod file_part;

/// The fields of a client's `Client` the runtime reads.
struct Client {
    http: reqwest::Client,
    timeout: Duration,
    max_body_size: usize,
    retry: Option<retry::RetryPolicy>,
    hooks: Vec<RequestHook>,
}

/// A request hook, as a client's `Client` holds it.
type RequestHook = std::sync::Arc<
    dyn Fn(&mut reqwest::Request) -> Result<(), Box<dyn std::error::Error + Send + Sync>>
        + Send
        + Sync,
>;

/// A client's `Error`, with the variants the runtime makes.
enum Error<E> {
    InvalidRequest {
        reason: String,
    },
    Transport(reqwest::Error),
    Api {
        status: reqwest::StatusCode,
        body: Option<E>,
        text: String,
    },
    BodyTooLarge {
        status: reqwest::StatusCode,
        limit: usize,
    },
    UnexpectedBody {
        status: reqwest::StatusCode,
        text: String,
        source: serde_json::Error,
    },
    NotUtf8 {
        status: reqwest::StatusCode,
        bytes: Vec<u8>,
        source: std::str::Utf8Error,
    },
    Pagination {
        reason: String,
    },
    Credentials {
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    Hook {
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    Middleware {
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl<E> Error<E> {
    /// The status of an answer, as a client's `Error::status`.
    fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Error::Api { status, .. } | Error::BodyTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// A client's `retry` module, as `send` calls it.
mod retry {
    use std::time::Duration;

    #[derive(Clone, Copy)]
    pub(super) struct RetryPolicy;

    impl RetryPolicy {
        pub(super) fn delay(&self, _: u32, retry_after: Option<Duration>) -> Option<Duration> {
            retry_after
        }
    }

    pub(super) fn retryable_status(status: reqwest::StatusCode) -> bool {
        status.is_server_error()
    }

    pub(super) fn retry_after(_: &reqwest::header::HeaderMap) -> Option<Duration> {
        None
    }
}

/// The `Client` of `send_once.rs` (another type, as `send` is defined again), with the
/// `receive` and `open_streamed` it calls.
mod once {
    use super::Error;

    pub(super) struct Client;

    pub(super) type Received = (reqwest::StatusCode, reqwest::header::HeaderMap, Vec<u8>);

    impl Client {
        pub(super) async fn receive<E>(
            &self,
            _: reqwest::RequestBuilder,
        ) -> Result<Received, Error<E>> {
            Ok((
                reqwest::StatusCode::OK,
                reqwest::header::HeaderMap::new(),
                Vec::new(),
            ))
        }

        pub(super) async fn open_streamed<E>(
            &self,
            _: reqwest::RequestBuilder,
        ) -> Result<reqwest::Response, Error<E>> {
            Err(Error::InvalidRequest {
                reason: String::new(),
            })
        }
    }
}

/// The `Client` of `bearer.rs` (another type, as `send` is defined again): the fields its
/// token fetch reads, `exchange` and `exchange_streamed` (the `send` and `send_streamed` of
/// `client.rs` renamed) and `renew` (which the
/// generator writes for the client's schemes).
mod tokened {
    use super::Error;
    use std::time::Duration;

    pub(super) struct Client {
        pub(super) http: reqwest::Client,
        pub(super) base_url: String,
        pub(super) timeout: Duration,
    }

    pub(super) type Received = (reqwest::StatusCode, reqwest::header::HeaderMap, Vec<u8>);

    impl Client {
        pub(super) async fn exchange<E>(
            &self,
            _: reqwest::RequestBuilder,
            _: bool,
        ) -> Result<Received, Error<E>> {
            Ok((
                reqwest::StatusCode::OK,
                reqwest::header::HeaderMap::new(),
                Vec::new(),
            ))
        }

        pub(super) async fn exchange_streamed<E>(
            &self,
            _: reqwest::RequestBuilder,
            _: bool,
        ) -> Result<reqwest::Response, Error<E>> {
            Err(Error::InvalidRequest {
                reason: String::new(),
            })
        }

        pub(super) async fn renew<E>(
            &self,
            _: &reqwest::header::HeaderValue,
        ) -> Result<Option<reqwest::header::HeaderValue>, Error<E>> {
            Ok(None)
        }
    }
}

/// The `Client` of `middleware.rs` (another type, as its fields differ): the fields
/// `with_middleware` sets.
mod stacked {
    pub(super) struct Client {
        pub(super) http: reqwest::Client,
        pub(super) middleware: reqwest_middleware::ClientWithMiddleware,
    }
}

/// The names of the items of `text` of one kind: free functions, types (aliases, structs and
/// enums), the methods of `impl Client`, and the functions nested in those.
#[derive(Default)]
struct Defined {
    functions: BTreeSet<String>,
    aliases: BTreeSet<String>,
    methods: BTreeSet<String>,
    nested: BTreeSet<String>,
    /// The items of the module `style`, and the variants of its enum.
    style: BTreeSet<String>,
}

fn defined(text: &str) -> Defined {
    let mut out = Defined::default();
    let file = syn::parse_file(text).unwrap();
    for item in file.items {
        match item {
            syn::Item::Fn(f) => {
                out.functions.insert(f.sig.ident.to_string());
            }
            syn::Item::Type(t) => {
                out.aliases.insert(t.ident.to_string());
            }
            // (`bearer.rs`'s types, and their methods.)
            syn::Item::Struct(t) => {
                out.aliases.insert(t.ident.to_string());
            }
            syn::Item::Enum(t) => {
                out.aliases.insert(t.ident.to_string());
            }
            syn::Item::Impl(block) if !super::is_client(&block.self_ty) => {}
            syn::Item::Impl(block) => {
                for item in block.items {
                    if let syn::ImplItem::Fn(method) = item {
                        out.methods.insert(method.sig.ident.to_string());
                        for stmt in method.block.stmts {
                            if let syn::Stmt::Item(syn::Item::Fn(f)) = stmt {
                                out.nested.insert(f.sig.ident.to_string());
                            }
                        }
                    }
                }
            }
            syn::Item::Mod(m) if m.ident == "style" => {
                for item in m.content.into_iter().flat_map(|(_, items)| items) {
                    match item {
                        syn::Item::Fn(f) => out.style.insert(f.sig.ident.to_string()),
                        syn::Item::Type(t) => out.style.insert(t.ident.to_string()),
                        syn::Item::Enum(e) => {
                            out.style
                                .extend(e.variants.iter().map(|v| v.ident.to_string()));
                            out.style.insert(e.ident.to_string())
                        }
                        other => panic!("an item of no known kind: {}", other.to_token_stream()),
                    };
                }
            }
            syn::Item::Use(_) => {}
            other => panic!("an item of no known kind: {}", other.to_token_stream()),
        }
    }
    out
}

fn set<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    names.into_iter().map(String::from).collect()
}

#[test]
fn the_helpers_are_the_free_functions_of_the_runtime() {
    let runtime = defined(super::CLIENT);
    assert_eq!(runtime.functions, set(Helper::ALL.map(Helper::name)));
    assert!(defined(super::SEND_ONCE).functions.is_empty());
}

#[test]
fn the_runtime_defines_only_reserved_methods_types_and_nested_functions() {
    let middleware = include_str!("middleware.rs");
    for text in [super::CLIENT, super::SEND_ONCE, super::BEARER, middleware] {
        let runtime = defined(text);
        let methods = set(reserved::CLIENT_METHODS.iter().copied());
        assert!(runtime.methods.is_subset(&methods), "{:?}", runtime.methods);
        let types = set(reserved::CLIENT_TYPES.iter().copied());
        assert!(runtime.aliases.is_subset(&types), "{:?}", runtime.aliases);
        let nested = set(reserved::NESTED_HELPERS.iter().copied());
        assert!(runtime.nested.is_subset(&nested), "{:?}", runtime.nested);
    }
}

#[test]
fn the_helpers_each_helper_calls_are_those_its_body_names() {
    let mut items = syn::parse_file(super::CLIENT).unwrap().items;
    let reach = super::reach(&mut items);
    for helper in Helper::ALL {
        let calls: BTreeSet<Helper> = Helper::ALL
            .into_iter()
            .filter(|h| *h != helper && reach[helper.name()].contains(h.name()))
            .collect();
        assert_eq!(
            calls,
            helper.calls().iter().copied().collect(),
            "{helper:?}"
        );
    }
}

#[test]
fn each_style_has_its_function_in_the_module_style() {
    use crate::emit::operations::style_function;
    use crate::model::Style;
    let runtime = defined(super::CLIENT);
    let styles = [
        Style::Simple,
        Style::Label,
        Style::Matrix,
        Style::Form,
        Style::SpaceDelimited,
        Style::PipeDelimited,
        Style::DeepObject,
    ];
    for style in styles {
        assert!(runtime.style.contains(style_function(style)), "{style:?}");
    }
    assert_eq!(runtime.style, set(reserved::STYLE_MODULE.iter().copied()));
}
