//! The `error` module: the one error type every operation returns.

use proc_macro2::TokenStream;
use quote::quote;

/// The items of the `error` module; with `paged`, the variant `Pagination` of the streams of
/// paginated operations; with `credentials`, the variant of a token that could not be had (a
/// client with bearer tokens that expire); with `middleware`, the variant of a middleware that
/// failed ([`middleware`]).
pub fn module(paged: bool, credentials: bool, middleware: bool) -> TokenStream {
    let Middleware {
        variant: middleware_variant,
        status: middleware_status,
        display: display_middleware,
        source: middleware_source,
    } = self::middleware(middleware);
    let pagination = paged.then(|| {
        quote! {
            /// A stream of pages (`_stream`) cannot go on: the server named the same next page
            /// twice (which would loop for ever), or a next page's URL that is not one.
            Pagination {
                /// What is wrong, naming the page.
                reason: String,
            },
        }
    });
    let credentials_variant = credentials.then(|| {
        quote! {
            /// No token could be had for the request: the token provider, or the token endpoint,
            /// failed.
            Credentials {
                /// Why.
                source: Box<dyn std::error::Error + Send + Sync>,
            },
        }
    });
    let no_status_page = paged.then(|| quote!(| Error::Pagination { .. }));
    let no_status_credentials = credentials.then(|| quote!(| Error::Credentials { .. }));
    let display_page = paged.then(|| {
        quote!(Error::Pagination { reason } => write!(f, "the pages cannot be followed: {reason}"),)
    });
    let display_credentials = credentials.then(
        || quote!(Error::Credentials { source } => write!(f, "could not get a token: {source}"),),
    );
    let source =
        credentials.then(|| quote!(Error::Credentials { source } => Some(source.as_ref()),));
    quote! {
        use std::fmt;

        /// An error from a call to the API.
        ///
        /// `E` is the operation's error enum (`types::GetPetError` for `get_pet`): one variant
        /// per error status the spec documents, holding its body when it documents one.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error<E = ()> {
            /// A parameter cannot be sent as given (a header value with a line break, say).
            InvalidRequest {
                /// What is wrong, naming the parameter.
                reason: String,
            },
            /// The request could not be sent, or the response could not be read.
            Transport(reqwest::Error),
            /// The server answered with a status the operation does not document as a success.
            Api {
                /// The HTTP status.
                status: reqwest::StatusCode,
                /// The body, parsed as the spec documents it for this status; `None` when the spec
                /// documents no body for it.
                body: Option<E>,
                /// The body as received (invalid UTF-8 replaced).
                text: String,
            },
            /// The response body is larger than the client accepts (`Client::with_max_body_size`).
            BodyTooLarge {
                /// The HTTP status.
                status: reqwest::StatusCode,
                /// The limit, in bytes.
                limit: usize,
            },
            /// The response body did not match what the spec describes.
            UnexpectedBody {
                /// The HTTP status.
                status: reqwest::StatusCode,
                /// The body as received (invalid UTF-8 replaced).
                text: String,
                /// Why it did not match.
                source: serde_json::Error,
            },
            /// A text response body that is not UTF-8.
            NotUtf8 {
                /// The HTTP status.
                status: reqwest::StatusCode,
                /// The body as received.
                bytes: Vec<u8>,
                /// Where the UTF-8 is broken.
                source: std::str::Utf8Error,
            },
            /// A request hook (`Client::with_hook`) failed: the request was not sent.
            Hook {
                /// Why.
                source: Box<dyn std::error::Error + Send + Sync>,
            },
            #pagination
            #credentials_variant
            #middleware_variant
        }

        impl<E> Error<E> {
            /// The HTTP status, when a response was received.
            pub fn status(&self) -> Option<reqwest::StatusCode> {
                match self {
                    Error::InvalidRequest { .. } | Error::Hook { .. } #no_status_page #no_status_credentials => None,
                    Error::Transport(e) => e.status(),
                    Error::Api { status, .. }
                    | Error::BodyTooLarge { status, .. }
                    | Error::UnexpectedBody { status, .. }
                    | Error::NotUtf8 { status, .. } => Some(*status),
                    #middleware_status
                }
            }
        }

        impl<E> fmt::Display for Error<E> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    Error::InvalidRequest { reason } => write!(f, "invalid request: {reason}"),
                    Error::Transport(e) => write!(f, "request failed: {e}"),
                    Error::BodyTooLarge { status, limit } => {
                        write!(f, "the response body (status {status}) is larger than {limit} bytes")
                    }
                    Error::Api { status, .. } => write!(f, "the server answered {status}"),
                    Error::UnexpectedBody { status, source, .. } => {
                        write!(f, "unexpected response body (status {status}): {source}")
                    }
                    Error::NotUtf8 { status, source, .. } => {
                        write!(f, "the text response body (status {status}) is not UTF-8: {source}")
                    }
                    Error::Hook { source } => write!(f, "a request hook failed: {source}"),
                    #display_page
                    #display_credentials
                    #display_middleware
                }
            }
        }

        impl<E: fmt::Debug> std::error::Error for Error<E> {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Error::Transport(e) => Some(e),
                    Error::InvalidRequest { .. } | Error::Api { .. } | Error::BodyTooLarge { .. } #no_status_page => None,
                    Error::UnexpectedBody { source, .. } => Some(source),
                    Error::NotUtf8 { source, .. } => Some(source),
                    Error::Hook { source } => Some(source.as_ref()),
                    #source
                    #middleware_source
                }
            }
        }
    }
}

/// The arms of the variant `Middleware`, each compiled with the feature `middleware` only.
#[derive(Default)]
struct Middleware {
    variant: TokenStream,
    status: TokenStream,
    display: TokenStream,
    source: TokenStream,
}

/// The variant `Middleware` of a client with the setting `middleware`, and its arms: a
/// middleware of the stack given to `Client::with_middleware` failed (reqwest's own errors
/// through the stack stay `Transport`).
fn middleware(on: bool) -> Middleware {
    if !on {
        return Middleware::default();
    }
    let cfg = quote!(#[cfg(feature = "middleware")]);
    Middleware {
        variant: quote! {
            /// A middleware of the stack given to `Client::with_middleware` failed.
            #cfg
            Middleware {
                /// Why.
                source: Box<dyn std::error::Error + Send + Sync>,
            },
        },
        status: quote!(#cfg Error::Middleware { .. } => None,),
        display: quote!(#cfg Error::Middleware { source } => write!(f, "a middleware failed: {source}"),),
        source: quote!(#cfg Error::Middleware { source } => Some(source.as_ref()),),
    }
}
