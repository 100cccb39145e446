//! The checked-in clients under `generated/` must be exactly what their specs produce. When they
//! are not, this test rewrites them (as rust-analyzer's codegen tests do) and fails, naming the
//! command that regenerates them; under CI it only fails.

use clientgen::workspace::find_clients;
use clientgen_tests::workspace_root;

#[test]
fn generated_clients_are_up_to_date() {
    let clients = find_clients(&workspace_root()).expect("the workspace lists its clients");
    assert!(!clients.is_empty(), "Cargo.toml lists no clients");
    let in_ci = std::env::var_os("CI").is_some();
    let mut stale = Vec::new();
    for client in &clients {
        let output = client
            .generator()
            .generate()
            .expect("every listed spec generates");
        let differences = output.compare_with(&client.out_dir());
        if differences.is_empty() {
            continue;
        }
        for d in &differences {
            stale.push(format!("{}\n{}", d.path.display(), d.diff));
        }
        if !in_ci {
            output
                .write_to(&client.out_dir())
                .expect("the client folder is writable");
        }
    }
    assert!(
        stale.is_empty(),
        "generated clients are stale{}; regenerate with `cargo run -p clientgen` and commit:\n{}",
        if in_ci { "" } else { " (rewritten now)" },
        stale.join("\n")
    );
}
