//! Diagnostics as rustc shows its errors, through `annotate-snippets` (rustc's own renderer):
//!
//! ```text
//! error: spec.yaml: #/paths/~1a/get/responses: not a valid OpenAPI document: invalid type: ...
//!  --> spec.yaml:6:18
//!   |
//! 6 |       responses: 7
//!   |                  ^
//!   |
//!   = help: compare this node with the OpenAPI specification of the document's version
//! ```

use super::{Diagnostic, Located, Origins, locate_with};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::path::Path;

/// How a diagnostic is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Severity {
    /// Generation stops.
    Error,
    /// Accepted, with a word.
    Warning,
    /// Left out (`--skip-unsupported`).
    Skipped,
}

/// Plain text, or with a terminal's colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Style {
    /// No escape codes: files, pipes, a build script's `cargo:warning` lines, tests.
    Plain,
    /// ANSI colours, for a terminal (the caller checks it is one and that `NO_COLOR` is unset).
    Colored,
}

impl Style {
    /// Colours when `stream` is a terminal and `NO_COLOR` is unset or empty
    /// (<https://no-color.org>); plain text otherwise.
    pub fn for_terminal(stream: &impl std::io::IsTerminal) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if stream.is_terminal() && !no_color {
            Style::Colored
        } else {
            Style::Plain
        }
    }
}

pub(super) fn render(d: &Diagnostic, severity: Severity, style: Style) -> String {
    let level = match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Skipped => Level::WARNING.with_name("skipped"),
    };
    let headline = d.headline();
    let mut group = Group::with_title(level.primary_title(headline.as_str()));
    let (shown, source);
    match &d.located {
        Some(Located::At(place)) => {
            shown = place.file.display().to_string();
            // The part of a long line left out is given back as spaces, so that the column is
            // counted right; the renderer leaves them out again.
            let pad = " ".repeat(place.left_out);
            source = format!("{pad}{}", place.text);
            let marked = place.marked.start + pad.len()..place.marked.end + pad.len();
            group = group.element(
                Snippet::source(source.as_str())
                    .line_start(place.line)
                    .path(shown.as_str())
                    .annotation(AnnotationKind::Primary.span(marked)),
            );
        }
        Some(Located::Nowhere(why)) => {
            group = group.element(Level::NOTE.message(format!("no line to show: {why}")));
        }
        None => {}
    }
    group = group.element(Level::HELP.message(d.hint.as_str()));
    let renderer = match style {
        Style::Plain => Renderer::plain(),
        Style::Colored => Renderer::styled(),
    };
    renderer.render(&[group])
}

/// The error at `pointer` in the text of `file` told as [`Diagnostic`]s are (plain text):
/// `file:line:column`, the source line with the node marked, the message and the hint. For
/// problems found outside a spec's own stages (an overlay file), so that every problem reads
/// the same. A pointer that names nothing in `text` marks the nearest node that exists.
pub fn snippet(file: &Path, text: &str, pointer: &str, message: &str, hint: &str) -> String {
    let mut d = [Diagnostic::new(file, pointer, message, hint)];
    locate_with(&mut d, &Origins::default(), &mut |_| Some(text.to_string()));
    d[0].render(Severity::Error, Style::Plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";

    #[test]
    fn a_problem_is_shown_at_its_line_as_rustc_shows_errors() {
        let text = snippet(
            Path::new("spec.yaml"),
            SPEC,
            "#/paths/~1a/get/responses",
            "not a valid OpenAPI document: invalid type: integer `7`",
            "compare this node with the specification",
        );
        assert_eq!(
            text,
            "error: spec.yaml: #/paths/~1a/get/responses: not a valid OpenAPI document: invalid type: integer `7`\n \
             --> spec.yaml:6:18\n  \
             |\n\
             6 |       responses: 7\n  \
             |                  ^\n  \
             |\n  \
             = help: compare this node with the specification"
        );
    }

    #[test]
    fn warnings_skipped_nodes_and_problems_without_a_line_say_so() {
        let mut d = Diagnostic::new(Path::new("spec.yaml"), "#/info", "odd", "look");
        locate_with(
            std::slice::from_mut(&mut d),
            &Origins::default(),
            &mut |_| Some(SPEC.to_string()),
        );
        let warning = d.render(Severity::Warning, Style::Plain);
        assert!(
            warning.starts_with("warning: spec.yaml: #/info: odd\n"),
            "{warning}"
        );
        assert!(
            warning.contains("2 | info: {title: t, version: '1'}"),
            "{warning}"
        );
        let skipped = d.render(Severity::Skipped, Style::Plain);
        assert!(
            skipped.starts_with("skipped: spec.yaml: #/info: odd\n"),
            "{skipped}"
        );
        let mut empty = Diagnostic::new(Path::new("empty.yaml"), "#", "no document", "write one");
        locate_with(
            std::slice::from_mut(&mut empty),
            &Origins::default(),
            &mut |_| Some(String::new()),
        );
        let text = empty.to_string();
        assert!(
            text.contains("= note: no line to show: the file holds no node"),
            "{text}"
        );
        assert!(text.contains("= help: write one"), "{text}");
    }

    #[test]
    fn colours_only_when_asked() {
        let mut d = Diagnostic::new(Path::new("spec.yaml"), "#/info", "odd", "look");
        locate_with(
            std::slice::from_mut(&mut d),
            &Origins::default(),
            &mut |_| Some(SPEC.to_string()),
        );
        assert!(!d.render(Severity::Error, Style::Plain).contains('\x1b'));
        assert!(d.render(Severity::Error, Style::Colored).contains('\x1b'));
    }
}
