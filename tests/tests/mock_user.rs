//! A user's crate outside the workspace (`tests/mock-user/`, as the README's "Testing code that
//! calls the client" sets one up) tests its own functions through the flagship client's typed
//! mock server: a typed body, a spec example as the answer, and strict mode failing a request
//! the spec does not allow with its pointer. One `cargo test` in the tests' shared scratch
//! folder (`clientgen_tests::scratch`).

use clientgen_tests::{scratch, workspace_root};

#[test]
fn a_users_crate_tests_its_code_with_the_typed_mock_server() {
    let source = workspace_root().join("tests/mock-user");
    let dir = scratch::crate_dir("mock-user");
    let client = workspace_root().join("generated/cronofy-smart-invites");
    for file in ["Cargo.toml", "src/lib.rs", "tests/invites.rs"] {
        let text = std::fs::read_to_string(source.join(file)).expect("the user's crate is there");
        // The client's path, made absolute for the crate's new place; without its TLS backend,
        // as every scratch build (the mock server speaks plain HTTP).
        let text = text.replace(
            "\"../../generated/cronofy-smart-invites\"",
            &format!(
                "{:?}, default-features = false",
                client.display().to_string()
            ),
        );
        scratch::write_if_changed(&dir.join(file), &text).expect("written");
    }
    scratch::make_workspace(&dir).expect("the crate is made a workspace of its own");
    let result = scratch::cargo(&dir, "test").output().expect("cargo runs");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(result.status.success(), "the user's tests fail:\n{log}");
    for test in [
        "lists_the_recipients_who_accepted ... ok",
        "sends_the_invite_it_is_given ... ok",
        "strict_mode_fails_a_request_the_spec_does_not_allow - should panic ... ok",
        "test result: ok. 3 passed",
    ] {
        assert!(log.contains(test), "`{test}` is not in:\n{log}");
    }
}
