//! The flagship client's files: which there are, the build-step module checked to be the same
//! items, and the same bytes run to run. Their text (the runtime every client shares included;
//! see `fixtures.rs`) is pinned by the checked-in `generated/cronofy-smart-invites/`, which
//! `staleness.rs` holds byte for byte: review a change to it in `git diff generated/`.

use clientgen::workspace::find_clients;
use clientgen_tests::workspace_root;

use crate::support::units;
use units::{Unit, render_units, units};

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
            "openapi.clientgen.json",
            "src/client.rs",
            "src/error.rs",
            "src/lib.rs",
            "src/mock.rs",
            "src/retry.rs",
            "src/types.rs",
            "src/webhooks.rs"
        ]
    );
}

/// The build step writes the flagship as one module of the same items as the crate's files (so
/// it is not pinned a second time): each `mod NAME` holds exactly the items of `src/NAME.rs`, and
/// the module re-exports what `src/lib.rs` re-exports.
#[test]
fn flagship_build_step_module_is_the_crate_files() {
    let spec = workspace_root().join("spec/smart_invites.yaml");
    // With the flagship's settings (`mock`).
    let output = clientgen::Generator::new(spec)
        .display_root(workspace_root())
        .mock(true)
        .generate_module("smart_invites.rs")
        .expect("the flagship spec generates");
    let module = units(&output.files[std::path::Path::new("smart_invites.rs")]);
    let crate_files = flagship();
    let mut expected = Vec::new();
    for (path, text) in &crate_files.files {
        let path = path.display().to_string();
        let Some(name) = path
            .strip_prefix("src/")
            .and_then(|p| p.strip_suffix(".rs"))
        else {
            continue;
        };
        let file_units = units(text);
        if name == "lib" {
            // The crate root declares its modules and re-exports; the module holds them inline.
            expected.extend(
                file_units
                    .into_iter()
                    .filter(|u| u.text.starts_with("pub use")),
            );
            continue;
        }
        expected.extend(file_units.into_iter().map(|u| Unit {
            module: if u.module.is_empty() {
                name.to_string()
            } else {
                format!("{name}::{}", u.module)
            },
            text: u.text,
        }));
    }
    let mut module = module;
    assert!(
        module.len() > 50,
        "the module has its items: {}",
        module.len()
    );
    module.sort();
    expected.sort();
    if module != expected {
        let only_module: Vec<&Unit> = module.iter().filter(|u| !expected.contains(u)).collect();
        let only_crate: Vec<&Unit> = expected.iter().filter(|u| !module.contains(u)).collect();
        panic!(
            "the build-step module and the crate files differ\n--- only in the module:\n{}\n--- only in the crate files:\n{}",
            render_units(only_module),
            render_units(only_crate)
        );
    }
}

#[test]
fn generation_is_byte_identical_run_to_run() {
    let first = flagship();
    let second = flagship();
    assert_eq!(first.files, second.files);
}
