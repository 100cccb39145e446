//! The `retry` module: an opt-in policy for resending requests that are safe to repeat.
//! Emitted only when the spec has such operations.

use proc_macro2::TokenStream;
use quote::quote;

/// The items of the `retry` module.
pub fn module() -> TokenStream {
    quote! {
        use std::time::Duration;

        /// When and how a request that is safe to repeat is sent again.
        ///
        /// Off unless set with `Client::with_retry`. Only operations safe to repeat are retried:
        /// `GET`, `HEAD` and `OPTIONS`, and operations the spec marks idempotent. A retry follows
        /// a `429`, a `5xx` or a failure to connect, after a delay that doubles from
        /// `initial_backoff` up to `max_backoff` with random jitter, or after the server's
        /// `Retry-After` (in seconds) when it sends one, up to `max_retry_after`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct RetryPolicy {
            /// How many times a request is sent again at most.
            pub max_retries: u32,
            /// The delay before the first retry.
            pub initial_backoff: Duration,
            /// The longest delay between two attempts.
            pub max_backoff: Duration,
            /// The longest `Retry-After` honoured; a longer one ends the retries.
            pub max_retry_after: Duration,
        }

        impl Default for RetryPolicy {
            /// Three retries, from 500 ms up to 30 s apart, honouring `Retry-After` up to 60 s.
            fn default() -> Self {
                RetryPolicy {
                    max_retries: 3,
                    initial_backoff: Duration::from_millis(500),
                    max_backoff: Duration::from_secs(30),
                    max_retry_after: Duration::from_secs(60),
                }
            }
        }

        impl RetryPolicy {
            /// The delay before retry number `attempt` (from 0), or `None` to stop: the server's
            /// `Retry-After` when given, otherwise capped exponential backoff with full jitter.
            pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Option<Duration> {
                if attempt >= self.max_retries {
                    return None;
                }
                if let Some(wait) = retry_after {
                    return (wait <= self.max_retry_after).then_some(wait);
                }
                let ceiling = self
                    .initial_backoff
                    .saturating_mul(2u32.saturating_pow(attempt))
                    .min(self.max_backoff);
                Some(ceiling.mul_f64(jitter()))
            }
        }

        /// Whether a response status is worth a retry.
        pub(crate) fn retryable_status(status: reqwest::StatusCode) -> bool {
            status == reqwest::StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
        }

        /// `Retry-After` as a number of seconds (the HTTP-date form is not used).
        pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
            let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
            value.trim().parse::<u64>().ok().map(Duration::from_secs)
        }

        /// A number in [0.5, 1): random enough to spread clients apart, without a dependency.
        fn jitter() -> f64 {
            use std::hash::{BuildHasher, Hasher};
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            0.5 + (hasher.finish() >> 11) as f64 / (1u64 << 54) as f64
        }
    }
}
