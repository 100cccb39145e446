//! The tests that compile generated crates with `cargo` (and the property tests, which generate
//! hundreds of documents): every crate they write is a workspace of its own in one scratch area
//! with one shared target folder (`clientgen_tests::scratch`), so the clients' dependencies are
//! built once. A binary of their own, so that the machine they load does not slow the timed tests
//! of the other binaries. Each former test file is a module, so
//! `cargo test -p clientgen-tests --test compiling evolution::` runs one of them.

mod evolution;
mod injection;
mod mock_user;
mod properties;
mod tag_features;
