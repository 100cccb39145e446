//! The client of the `streaming` fixture (modelled on OpenAI's streaming operations).

fn main() {
    let spec = "../../fixtures/streaming.yaml";
    if let Err(e) = clientgen::build::Builder::new(spec)
        .file_name("streaming.rs")
        .generate()
    {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
