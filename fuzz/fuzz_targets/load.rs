//! Arbitrary bytes as spec text (YAML, or JSON when it starts with `{`) into
//! `clientgen::__private::load::load_str`. Any outcome but a panic, an abort or a hang is fine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(problems) = clientgen::__private::load::load_str(Path::new("fuzz.yaml"), &text) {
        for d in problems.iter() {
            assert!(
                d.pointer.starts_with('#'),
                "diagnostic without a JSON pointer: {d}"
            );
        }
    }
});
