//! Decoding large real responses with a large client's types (compact `Deserialize`) against the
//! same types with serde's derive: GitHub's `full-repository`, `issue` and `pull-request`
//! examples, each repeated into a JSON array of about 4 MB.
//!
//!   cargo bench --manifest-path tests/benches/decode/Cargo.toml
//!
//! Each group has `compact` and `derived`; criterion prints the throughput of each.

use clientgen_decode_bench::{GITHUB_SPEC, compact, derived, payload};
use criterion::{Criterion, Throughput};
use serde::de::DeserializeOwned;
use std::hint::black_box;

fn group<C: DeserializeOwned, D: DeserializeOwned>(c: &mut Criterion, name: &str, json: &str) {
    // Both must decode the example, or the comparison means nothing.
    if let Err(e) = serde_json::from_str::<Vec<C>>(json) {
        panic!("{name}: the compact types reject the example: {e}");
    }
    if let Err(e) = serde_json::from_str::<Vec<D>>(json) {
        panic!("{name}: the derived types reject the example: {e}");
    }
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(json.len() as u64));
    group.sample_size(20);
    group.bench_function("compact", |b| {
        b.iter(|| serde_json::from_str::<Vec<C>>(black_box(json)).map(|v| v.len()))
    });
    group.bench_function("derived", |b| {
        b.iter(|| serde_json::from_str::<Vec<D>>(black_box(json)).map(|v| v.len()))
    });
    group.finish();
}

fn main() {
    let text = std::fs::read_to_string(GITHUB_SPEC).expect("the spec the clients came from");
    let spec: serde_json::Value = serde_json::from_str(&text).expect("the spec is JSON");
    let size = 4 << 20;
    let mut c = Criterion::default().configure_from_args();
    group::<compact::types::FullRepository, derived::types::FullRepository>(
        &mut c,
        "full-repository",
        &payload(&spec, "full-repository", size),
    );
    group::<compact::types::Issue, derived::types::Issue>(
        &mut c,
        "issue",
        &payload(&spec, "issue", size),
    );
    group::<compact::types::PullRequest, derived::types::PullRequest>(
        &mut c,
        "pull-request",
        &payload(&spec, "pull-request", size),
    );
    c.final_summary();
}
