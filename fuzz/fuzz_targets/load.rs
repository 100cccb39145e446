//! Arbitrary bytes as spec text (YAML, or JSON when it starts with `{`) into
//! `clientgen::__private::load::load_str`. Any outcome but a panic, an abort or a hang is fine,
//! as long as every problem says where it is: a JSON pointer, a line and column (text that does
//! not parse has no nodes to point at), or why it has neither.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(problems) = clientgen::__private::load::load_str(Path::new("fuzz.yaml"), &text) {
        for d in problems.iter() {
            assert!(d.says_where(), "a diagnostic that says nothing of where it is: {d}");
        }
    }
});
