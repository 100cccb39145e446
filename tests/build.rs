//! The build-step use of clientgen, as a user's build script would do it: the flagship client is
//! written into OUT_DIR and included by `src/lib.rs`.

fn main() {
    let spec = "../spec/smart_invites.yaml";
    if let Err(e) = clientgen::build::Builder::new(spec).generate() {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
