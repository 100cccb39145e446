//! Every file of the flagship client, and the build-step module, pinned as insta snapshots.
//! A snapshot is a spec of the output: read each diff before accepting it.

use clientgen::workspace::find_clients;
use clientgen_tests::workspace_root;

fn flagship() -> clientgen::Output {
    let clients = find_clients(&workspace_root()).expect("the workspace lists its clients");
    let client = clients
        .iter()
        .find(|c| c.name.as_deref() == Some("cronofy-smart-invites"))
        .expect("the flagship client is listed in Cargo.toml");
    client
        .generator()
        .generate()
        .expect("the flagship spec generates")
}

#[test]
fn flagship_crate_files() {
    let output = flagship();
    let names: Vec<String> = output
        .files
        .keys()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "Cargo.toml",
            "src/client.rs",
            "src/error.rs",
            "src/lib.rs",
            "src/retry.rs",
            "src/types.rs",
            "src/webhooks.rs"
        ]
    );
    for (path, text) in &output.files {
        let name = path.display().to_string().replace(['/', '.'], "_");
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn flagship_build_step_module() {
    let spec = workspace_root().join("spec/smart_invites.yaml");
    let output = clientgen::Generator::new(spec)
        .display_root(workspace_root())
        .generate_module("smart_invites.rs")
        .expect("the flagship spec generates");
    let text = &output.files[std::path::Path::new("smart_invites.rs")];
    syn::parse_file(text).expect("the module parses as Rust");
    insta::assert_snapshot!("build_step_smart_invites_rs", text);
}

#[test]
fn generation_is_byte_identical_run_to_run() {
    let first = flagship();
    let second = flagship();
    assert_eq!(first.files, second.files);
}
