//! Two clients of the same GitHub types (`Issue`, `FullRepository`, `PullRequest`, and what they
//! hold): `compact`, selected large enough (over `clientgen::__private::model::LARGE` types) for the
//! large-client shape, whose `Deserialize` impls are written out over a shared reader, and
//! `derived`, three operations only, whose types derive `Deserialize`.

use std::path::PathBuf;

fn main() {
    let spec = std::env::var_os("CLIENTGEN_GITHUB_SPEC")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../../../target/corpus/cache/specs/github.json"));
    println!("cargo:rerun-if-env-changed=CLIENTGEN_GITHUB_SPEC");
    println!(
        "cargo:rustc-env=GITHUB_SPEC={}",
        spec.canonicalize().unwrap_or(spec.clone()).display()
    );
    let operations = ["repos/get", "issues/get", "pulls/get"];
    let generator = clientgen::Generator::new(&spec).operations(operations);
    let clients = [
        clientgen::build::Builder::from(generator.clone().tags(["issues", "pulls"]))
            .file_name("compact.rs"),
        clientgen::build::Builder::from(generator).file_name("derived.rs"),
    ];
    for client in clients {
        if let Err(e) = client.generate() {
            eprintln!(
                "{e}\n(fetch the spec with `bash scripts/corpus/run.sh --fetch-only github`, or set CLIENTGEN_GITHUB_SPEC)"
            );
            std::process::exit(1);
        }
    }
}
