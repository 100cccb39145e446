//! The `error` module: the one error type every operation returns.

use proc_macro2::TokenStream;
use quote::quote;

/// The items of the `error` module.
pub fn module() -> TokenStream {
    quote! {
        use std::fmt;

        /// An error from a call to the API.
        ///
        /// `E` is the body the operation documents for its error statuses (`()` when it documents
        /// none).
        #[derive(Debug)]
        pub enum Error<E = ()> {
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
            /// The response body did not match what the spec describes.
            UnexpectedBody {
                /// The HTTP status.
                status: reqwest::StatusCode,
                /// The body as received (invalid UTF-8 replaced).
                text: String,
                /// Why it did not match.
                source: serde_json::Error,
            },
        }

        impl<E> Error<E> {
            /// The HTTP status, when a response was received.
            pub fn status(&self) -> Option<reqwest::StatusCode> {
                match self {
                    Error::Transport(e) => e.status(),
                    Error::Api { status, .. } | Error::UnexpectedBody { status, .. } => Some(*status),
                }
            }
        }

        impl<E> fmt::Display for Error<E> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    Error::Transport(e) => write!(f, "request failed: {e}"),
                    Error::Api { status, .. } => write!(f, "the server answered {status}"),
                    Error::UnexpectedBody { status, source, .. } => {
                        write!(f, "unexpected response body (status {status}): {source}")
                    }
                }
            }
        }

        impl<E: fmt::Debug> std::error::Error for Error<E> {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Error::Transport(e) => Some(e),
                    Error::Api { .. } => None,
                    Error::UnexpectedBody { source, .. } => Some(source),
                }
            }
        }
    }
}
