//! The checked-in clients under `generated/` must be exactly what their specs produce, byte for
//! byte (headers included; only line endings may differ, as a checkout may change them). When
//! they are not, this test rewrites them (as rust-analyzer's codegen tests do) and fails, naming
//! the command that regenerates them; under CI it only fails. This is what pins the flagship's
//! output, the runtime every client shares included: review a change to it in
//! `git diff generated/`.

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
        for d in &differences {
            stale.push(format!("{}\n{}", d.path.display(), d.diff));
        }
        // `compare_with` leaves out the `@generated` headers (a user's check must not fail on
        // the command line that made the files); here they are compared too.
        let headers = header_differences(&output, &client.out_dir());
        if differences.is_empty() && headers.is_empty() {
            continue;
        }
        stale.extend(headers);
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

/// The files of `output` whose text in `dir` differs from it other than in line endings (the
/// `@generated` headers, which `compare_with` leaves out), each with its first differing line.
fn header_differences(output: &clientgen::Output, dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for (path, expected) in &output.files {
        let Ok(actual) = std::fs::read_to_string(dir.join(path)) else {
            continue; // told by `compare_with`
        };
        let actual = actual.replace("\r\n", "\n");
        if actual == *expected {
            continue;
        }
        let line = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, e)| a != e)
            .map_or_else(
                || "the line count".to_string(),
                |i| format!("line {}", i + 1),
            );
        out.push(format!("{}\ndiffers at {line}", dir.join(path).display()));
    }
    out
}
