//! The generated clients at run time: against servers on loopback, oracles of what goes on the
//! wire, examples round-tripped through the generated types. One test binary (so the library
//! with every fixture client is linked once); each former test file is a module, so
//! `cargo test -p clientgen-tests --test clients style_table::` runs one of them.

mod support {
    //! What several modules share, included once.
    pub use clientgen_tests::examples::Example;
    pub mod examples_check;
    pub mod recorder;
}

mod client_faults;
mod examples;
mod hooks;
#[cfg(feature = "middleware")]
mod middleware;
mod mock;
mod multipart;
mod numbers;
mod pages;
mod prism;
mod request_encoding;
mod smart_invites_e2e;
#[cfg(feature = "tracing")]
mod spans;
mod streaming;
mod style_table;
mod tokens;
mod typed_formats;
mod uploads;
mod urls;
mod webhooks;
