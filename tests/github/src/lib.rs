//! What the tests of GitHub's generated client (`tests/`) share: a loopback server and GitHub's
//! JSON. The client itself is written into `target/client` by `scripts/github/check.sh`
//! (`clientgen generate`) from GitHub's public description.

pub mod payloads;
pub mod server;

pub use server::{Reply, Request, Server};
