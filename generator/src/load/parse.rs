//! Reading the text: YAML or JSON, with the nesting checked before a parser sees it.

use super::strict;
use crate::diagnostics::{Diagnostic, Diagnostics, Located};
use std::path::Path;

/// YAML is a superset of JSON, but JSON files are read with the JSON parser (faster, and its
/// errors are the ones JSON users expect).
pub(super) fn parse_document(file: &Path, text: &str) -> Result<serde_json::Value, Diagnostics> {
    let text = without_bom(text);
    if is_json(file, text) {
        // serde_json itself stops at 128 levels, before any later stage could overflow its
        // stack; the bracket scan below is for the YAML reader.
        return serde_json::from_str::<strict::Strict<false>>(text)
            .map(|strict| strict.0)
            .map_err(|e| {
                let hint = if e.to_string().contains("recursion limit") {
                    "the document nests too deeply; no OpenAPI document needs this depth"
                } else {
                    "fix the JSON at this line and column"
                };
                let mut d = Diagnostic::new(file, "", format!("invalid JSON: {e}"), hint);
                d.line_column = Some((e.line(), e.column()));
                d.into()
            });
    }
    check_nesting(file, text)?;
    serde_yaml::from_str::<strict::Strict<true>>(text)
        .map(|strict| strict.0)
        .map_err(|e| {
            let message = e.to_string();
            let hint = if message.contains("repetition limit") {
                "YAML anchors and aliases here expand into more nodes than a spec can hold; write the nodes out or use `$ref`"
            } else if message.contains("recursion limit") {
                "the document nests too deeply; no OpenAPI document needs this depth"
            } else if message.contains("duplicate key") {
                "a key appears twice in one mapping: keep one"
            } else if message.contains("expected a string") {
                "a mapping key must be text: quote it"
            } else {
                "fix the YAML at this line and column"
            };
            let mut d = Diagnostic::new(file, "", format!("invalid YAML: {message}"), hint);
            d.line_column = e.location().map(|l| (l.line(), l.column()));
            if d.line_column.is_none() {
                // No place in the text: the problem is the whole document's.
                d.pointer = "#".to_string();
                d.located = Some(Located::Nowhere(
                    "no single line is at fault; the problem is the whole document's".to_string(),
                ));
            }
            Diagnostics::from(d)
        })
}

/// `text` without its byte order mark: editors on Windows start UTF-8 files with one, and
/// neither parser skips it.
pub(super) fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Whether `text` (without its byte order mark) is read as JSON: a `.json` file, or text that
/// starts as a JSON object does.
pub(super) fn is_json(file: &Path, text: &str) -> bool {
    file.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('{')
}

/// Refuses brackets nested deeper than any spec needs before a parser spends time on them
/// (YAML parsers slow down badly on thousands of nested flow collections).
pub(super) fn check_nesting(file: &Path, text: &str) -> Result<(), Diagnostics> {
    const MAX_DEPTH: usize = 200;
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut escaped = false;
    let (mut line, mut column) = (1usize, 0usize);
    for byte in text.bytes() {
        column += 1;
        if byte == b'\n' {
            line += 1;
            column = 0;
        }
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if byte == b'\\' && q == b'"' {
                    escaped = true;
                } else if byte == q {
                    quote = None;
                }
            }
            None => match byte {
                b'"' | b'\'' => quote = Some(byte),
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        let mut d = Diagnostic::new(
                            file,
                            "",
                            format!("brackets nest more than {MAX_DEPTH} levels deep"),
                            "no OpenAPI document needs this depth; check the file is the spec",
                        );
                        d.line_column = Some((line, column));
                        return Err(d.into());
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                b'\n' => {}
                _ => {}
            },
        }
        if byte == b'\n' && quote == Some(b'\'') {
            // A single-quoted YAML scalar may span lines; a stray apostrophe in a plain scalar
            // (`it's`) must not hide the rest of the file, so quotes end at line ends.
            quote = None;
        }
    }
    Ok(())
}
