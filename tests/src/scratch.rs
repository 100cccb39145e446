//! The one place where tests compile generated crates (`evolution`, `injection`, `properties`,
//! `tag_features`): every `cargo` they run builds into one shared target folder,
//! `<target>/generated-crates` (the target folder this test binary was built in, so a fresh
//! `CARGO_TARGET_DIR` starts it fresh too; `CLIENTGEN_CRATES_TARGET_DIR` names another, which
//! `scripts/bench/tag-features.sh` also reads). Each scratch crate is a workspace of its own with
//! this repository's `Cargo.lock` and the same profile ([`PROFILE`]), so reqwest,
//! rustls, aws-lc-sys and tokio resolve to the same versions with the same profile and are built
//! once for all of them, offline. Concurrent `cargo` runs wait for each other on the folder's lock.
//!
//! Every scratch build leaves the generated crate's default TLS backend out
//! (`--no-default-features`, or `default-features = false` where a user crate depends on it):
//! the tests talk plain HTTP on loopback, and `rustls` on aws-lc-rs builds a C library
//! (aws-lc-sys) that would be built a second time here, with this folder's profile. The TLS
//! features are built by the workspace itself (`generated/` and the clients of `tests/build.rs`
//! use the default) and listed by the TLS backends test in `tag_features.rs`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::workspace_root;

/// The profile of every scratch workspace (in its root manifest), the same for all of them so
/// that their dependencies are shared (debug info left out: nothing here is debugged).
pub const PROFILE: &str = "[profile.dev]\ndebug = false\n";

/// The shared target folder of every scratch crate (see the module docs).
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CLIENTGEN_CRATES_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    // A test binary is `<target>/debug/deps/<name>-<hash>`.
    let built_in = std::env::current_exe().ok().and_then(|exe| {
        let deps = exe.parent()?;
        (deps.file_name()? == "deps").then(|| deps.parent()?.parent().map(Path::to_path_buf))?
    });
    built_in
        .unwrap_or_else(|| workspace_root().join("target"))
        .join("generated-crates")
}

/// A folder for the scratch crate (or workspace) `name`: `src/<name>` of the shared target
/// folder, created if missing. Its files are kept, so a warm check rebuilds nothing.
pub fn crate_dir(name: &str) -> PathBuf {
    let dir = target_dir().join("src").join(name);
    std::fs::create_dir_all(&dir).expect("the target folder is writable");
    dir
}

/// Makes the package at `dir` a scratch workspace: its manifest made the root of a workspace
/// of its own with [`PROFILE`] (once), and this repository's `Cargo.lock` beside it.
pub fn make_workspace(dir: &Path) -> std::io::Result<()> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)?;
    let tail = format!("\n[workspace]\n\n{PROFILE}");
    if !text.ends_with(&tail) {
        write_if_changed(&manifest, &format!("{text}{tail}"))?;
    }
    copy_lock(dir)
}

/// Copies this repository's `Cargo.lock` into the scratch workspace `dir` (the versions the
/// local registry already holds, so that `--offline` finds them).
pub fn copy_lock(dir: &Path) -> std::io::Result<()> {
    let lock = std::fs::read_to_string(workspace_root().join("Cargo.lock"))?;
    write_if_changed(&dir.join("Cargo.lock"), &lock)
}

/// Writes `text` to `path` unless it holds it already (unchanged files keep their times, so a
/// warm check rebuilds nothing).
pub fn write_if_changed(path: &Path, text: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}

/// `cargo <subcommand> --offline` in `dir`, building into the shared target folder, without
/// the flags of the build that runs the tests.
pub fn cargo(dir: &Path, subcommand: &str) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(dir)
        .args([subcommand, "--offline"])
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS");
    command
}
