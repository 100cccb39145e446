//! Where the node a JSON pointer names sits in the text it was read from: line, column and the
//! source line, found only when there is something to report.
//!
//! The document is read by serde (`serde_yaml`, `serde_json`), which keeps no positions. When
//! diagnostics are told, each file they name is read a second time by a reader that keeps
//! them, and the pointers are followed through it in one pass, without building a tree: JSON
//! by `serde_json`'s raw values (slices of the text, see `json.rs`), anything else by
//! `saphyr-parser`'s events. A spec without problems
//! pays nothing. Hostile text cannot hurt: nesting deeper than [`MAX_DEPTH`] ends the pass
//! (the deepest node reached is shown), text larger than [`MAX_BYTES`] is not parsed again,
//! aliases are not expanded, and a text the parser refuses shows the nodes found before.

mod json;

use super::{Diagnostic, Located, Mark, Place, unescape_segment};
use saphyr_parser::{Event, Marker, Parser, Span};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Deepest nesting followed. Well past any spec; the parser itself keeps its state on the heap.
const MAX_DEPTH: usize = 512;
/// Largest text parsed a second time, in bytes.
const MAX_BYTES: usize = 64 * 1024 * 1024;
/// Longest source line shown whole; a longer one (a minified JSON file) is cut around the mark.
const MAX_LINE: usize = 240;

/// Where the nodes brought into a document from elsewhere came from: a node at `at` in `file`
/// was copied from `from` in `from_file` (see `load/bundle.rs`). Files are named as in
/// diagnostics.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    links: Vec<Origin>,
}

#[derive(Debug, Clone)]
struct Origin {
    file: PathBuf,
    at: String,
    from_file: PathBuf,
    from: String,
}

impl Origins {
    /// Records that the node at `at` in `file` is a copy of the node at `from` in `from_file`.
    pub fn link(&mut self, file: &Path, at: &str, from_file: &Path, from: &str) {
        self.links.push(Origin {
            file: file.to_path_buf(),
            at: at.to_string(),
            from_file: from_file.to_path_buf(),
            from: from.to_string(),
        });
    }

    /// The file and pointer a node was read from: links followed while one covers it (a copy
    /// of a copy), at most as many times as there are links.
    fn source(&self, file: &Path, pointer: &str) -> (PathBuf, String) {
        let (mut file, mut pointer) = (file.to_path_buf(), pointer.to_string());
        for _ in 0..=self.links.len() {
            let covering = self
                .links
                .iter()
                .filter(|o| o.file == file && covers(&o.at, &pointer))
                .max_by_key(|o| o.at.len());
            let Some(origin) = covering else { break };
            pointer = format!("{}{}", origin.from, &pointer[origin.at.len()..]);
            file.clone_from(&origin.from_file);
        }
        (file, pointer)
    }
}

/// Whether `pointer` is `prefix` or a node under it.
fn covers(prefix: &str, pointer: &str) -> bool {
    pointer
        .strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Gives every diagnostic without a place the place of its node: the text of each file is
/// asked of `text_of` once (`None`: it cannot be read), nodes brought in from another file are
/// shown in that file.
pub fn locate_with(
    diagnostics: &mut [Diagnostic],
    origins: &Origins,
    text_of: &mut dyn FnMut(&Path) -> Option<String>,
) {
    // file -> (diagnostic index, pointer in that file)
    let mut by_file: BTreeMap<PathBuf, Vec<(usize, String)>> = BTreeMap::new();
    for (i, d) in diagnostics.iter_mut().enumerate() {
        if d.located.is_some() {
            continue;
        }
        if d.pointer.is_empty() && d.line_column.is_none() {
            d.located = Some(Located::Nowhere(
                "the problem is the whole file's, not one node's".to_string(),
            ));
            continue;
        }
        let (file, pointer) = if d.pointer.is_empty() {
            (d.file.clone(), String::new())
        } else {
            origins.source(&d.file, &d.pointer)
        };
        by_file.entry(file).or_default().push((i, pointer));
    }
    for (file, wanted) in by_file {
        let text = text_of(&file);
        let text = match &text {
            Some(t) if t.len() <= MAX_BYTES => t.strip_prefix('\u{feff}').unwrap_or(t),
            Some(_) => {
                let why = "the file is too large to be read again for its lines";
                for (i, _) in wanted {
                    diagnostics[i].located = Some(Located::Nowhere(why.to_string()));
                }
                continue;
            }
            None => {
                let why = "the file cannot be read again to show the line";
                for (i, _) in wanted {
                    diagnostics[i].located = Some(Located::Nowhere(why.to_string()));
                }
                continue;
            }
        };
        let lines = Lines::new(text);
        let pointers: Vec<Option<Vec<String>>> = wanted.iter().map(|(_, p)| segments(p)).collect();
        let needed: Vec<&[String]> = pointers.iter().flatten().map(Vec::as_slice).collect();
        let found = if needed.is_empty() {
            Vec::new()
        } else {
            find(text, &needed)
        };
        let mut found = found.into_iter();
        for ((i, _), segments) in wanted.into_iter().zip(&pointers) {
            let d = &mut diagnostics[i];
            let place = match segments {
                // A syntax error: its line and column.
                None => d.line_column.and_then(|(line, column)| {
                    let column = column.saturating_sub(1);
                    lines.place(&file, line, column, Some(column + 1))
                }),
                Some(_) => found.next().flatten().and_then(|node| {
                    let span = match (d.mark, node.exact) {
                        (Mark::Value, true) => node.value,
                        // A key, or the nearest node that exists: its key where it has one.
                        _ => node.key.unwrap_or(node.value),
                    };
                    let end = (span.end.line() == span.start.line()).then(|| span.end.col());
                    lines.place(&file, span.start.line(), span.start.col(), end)
                }),
            };
            d.located = Some(match place {
                Some(place) => Located::At(place),
                None if segments.is_some() => Located::Nowhere(
                    "the file holds no node to show (it is empty, or not read as YAML 1.2)"
                        .to_string(),
                ),
                None => Located::Nowhere("the line is past the end of the file".to_string()),
            });
        }
    }
}

/// `text` with every `\\uXXXX` escape of a UTF-16 surrogate (JSON writes a character beyond
/// the 16-bit range as a pair of them; YAML refuses them) replaced by `\\u003F` (`?`), of the
/// same length, so that every position stays where it was.
fn without_surrogates(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let is_surrogate = |at: usize| {
        let hex = bytes.get(at + 2..at + 6)?;
        let hex = std::str::from_utf8(hex).ok()?;
        let unit = u16::from_str_radix(hex, 16).ok()?;
        Some((0xD800..=0xDFFF).contains(&unit))
    };
    let mut out: Option<Vec<u8>> = None;
    let mut at = 0;
    while let Some(found) = bytes[at..].iter().position(|&b| b == b'\\') {
        let escape = at + found;
        if bytes.get(escape + 1) == Some(&b'u') && is_surrogate(escape) == Some(true) {
            let out = out.get_or_insert_with(|| bytes.to_vec());
            out[escape..escape + 6].copy_from_slice(b"\\u003F");
            at = escape + 6;
        } else {
            // The escaped character, whatever it is, is not the start of another escape.
            at = escape + 2;
        }
        if at >= bytes.len() {
            break;
        }
    }
    match out {
        // Only ASCII replaced ASCII: the text is still UTF-8.
        Some(out) => Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string())),
        None => Cow::Borrowed(text),
    }
}

/// The segments of a pointer (`#/a/b~1c` -> `a`, `b/c`); `None` for no pointer.
fn segments(pointer: &str) -> Option<Vec<String>> {
    let path = pointer.strip_prefix('#').unwrap_or(pointer);
    if pointer.is_empty() {
        return None;
    }
    Some(if path.is_empty() {
        Vec::new()
    } else {
        path.trim_start_matches('/')
            .split('/')
            .map(unescape_segment)
            .collect()
    })
}

/// The start of each line of a text, to show one.
struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The place at `line` (1-based) and `column` (0-based, in characters), marking up to
    /// `end` (a column of the same line) or the end of the line.
    fn place(&self, file: &Path, line: usize, column: usize, end: Option<usize>) -> Option<Place> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let rest = &self.text[start..];
        let text = rest.split('\n').next().unwrap_or_default();
        let text = text.strip_suffix('\r').unwrap_or(text);
        let byte = |col: usize| {
            text.char_indices()
                .nth(col)
                .map_or(text.len(), |(byte, _)| byte)
        };
        let from = byte(column);
        let to = match end {
            Some(end) if end > column => byte(end),
            _ => from + text[from..].trim_end().len(),
        };
        // At least one character, where there is one.
        let to = if to > from {
            to
        } else {
            text[from..]
                .chars()
                .next()
                .map_or(from, |c| from + c.len_utf8())
        };
        let (mut text, mut marked, mut left_out) = (text.to_string(), from..to, 0);
        if text.len() > MAX_LINE {
            (text, marked, left_out) = cut(&text, marked);
        }
        Some(Place {
            file: file.to_path_buf(),
            line,
            column: column + 1,
            text,
            left_out,
            marked,
        })
    }
}

/// A long line cut to the part around `marked`; how many characters are left out before it.
fn cut(text: &str, marked: std::ops::Range<usize>) -> (String, std::ops::Range<usize>, usize) {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let from = floor(marked.start.saturating_sub(MAX_LINE / 3));
    let marked_end = floor(marked.end.min(marked.start + MAX_LINE / 3).min(text.len()));
    let to = floor((marked_end + MAX_LINE / 3).min(text.len()));
    let left_out = text[..from].chars().count();
    let kept = text[from..to].to_string();
    (
        kept,
        marked.start - from..marked_end.max(marked.start) - from,
        left_out,
    )
}

/// A node found for a pointer: the nearest one that exists.
#[derive(Debug, Clone, Copy)]
struct Found {
    /// The key it is under, in a mapping.
    key: Option<Span>,
    /// The value: a scalar, or from the start of a collection to its end.
    value: Span,
    /// Whether it is the node named, not an ancestor.
    exact: bool,
}

/// One node of the pointers' tree: a segment of one or more pointers.
#[derive(Default)]
struct Step {
    children: Vec<(String, usize)>,
    /// How many of the pointers end here.
    ends: usize,
    key: Option<Span>,
    start: Option<Marker>,
    end: Option<Marker>,
    /// Its value has been read to its end: every pointer through it is resolved.
    settled: bool,
}

/// A collection being read.
struct Frame {
    /// Its step in the pointers' tree, if a pointer goes through it.
    step: Option<usize>,
    kind: Kind,
}

enum Kind {
    Mapping {
        /// The key read, waiting for its value: the step it leads to, and where it is.
        key: Option<(Option<usize>, Span)>,
    },
    Sequence {
        index: usize,
    },
}

/// The nearest existing node of each pointer (`None` where not even the document's root was
/// found).
fn find(text: &str, pointers: &[&[String]]) -> Vec<Option<Found>> {
    find_by(text, pointers, true)
}

/// [`find`], reading JSON as JSON when `json_first` (else as YAML, which it also is: the tests
/// hold each reader to the other).
fn find_by(text: &str, pointers: &[&[String]], json_first: bool) -> Vec<Option<Found>> {
    let mut steps = vec![Step::default()];
    for pointer in pointers {
        let mut at = 0;
        for segment in *pointer {
            at = match steps[at].children.iter().find(|(s, _)| s == segment) {
                Some(&(_, next)) => next,
                None => {
                    steps.push(Step::default());
                    let next = steps.len() - 1;
                    steps[at].children.push((segment.clone(), next));
                    next
                }
            };
        }
        steps[at].ends += 1;
    }
    if !(json_first && json::read(text, &mut steps)) {
        read(&without_surrogates(text), &mut steps, pointers.len());
    }
    pointers
        .iter()
        .map(|pointer| {
            let mut at = 0;
            let mut nearest = None;
            for (depth, segment) in std::iter::once(None)
                .chain(pointer.iter().map(Some))
                .enumerate()
            {
                if let Some(segment) = segment {
                    match steps[at].children.iter().find(|(s, _)| s == segment) {
                        Some(&(_, next)) => at = next,
                        None => break,
                    }
                }
                let step = &steps[at];
                let Some(start) = step.start else { break };
                nearest = Some(Found {
                    key: step.key,
                    value: Span::new(start, step.end.unwrap_or(start)),
                    exact: depth == pointer.len(),
                });
            }
            nearest
        })
        .collect()
}

/// Reads the events of the first document, recording where each step of the tree is, until
/// every pointer is resolved, the document ends, or it nests too deeply.
fn read(text: &str, steps: &mut [Step], pointers: usize) {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut settled = 0;
    let mut root_seen = false;
    while let Some(Ok((event, span))) = parser.next_event() {
        let is_collection = match &event {
            Event::MappingStart(..) | Event::SequenceStart(..) => true,
            Event::Scalar(..) | Event::Alias(..) => false,
            Event::MappingEnd | Event::SequenceEnd => {
                let Some(frame) = stack.pop() else { return };
                if let Some(step) = frame.step {
                    steps[step].end = Some(span.end);
                    settled += settle(steps, step);
                }
                if settled == pointers {
                    return;
                }
                continue;
            }
            Event::DocumentEnd | Event::StreamEnd => return,
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => continue,
        };
        // Where the node is: the root, a key, a mapping's value, or an item.
        let (step, key) = match stack.last_mut() {
            None if root_seen => return,
            None => {
                root_seen = true;
                (Some(0), None)
            }
            Some(Frame {
                step: parent,
                kind: Kind::Mapping { key },
            }) => match key.take() {
                Some((step, key)) => (step, Some(key)),
                None => {
                    // A key: a text names a child; another key (a collection, an alias)
                    // names nothing a pointer can name.
                    let named = match &event {
                        Event::Scalar(name, ..) => parent.and_then(|p| child(steps, p, name)),
                        _ => None,
                    };
                    *key = Some((named, span));
                    if is_collection {
                        stack.push(Frame {
                            step: None,
                            kind: kind(&event),
                        });
                    }
                    continue;
                }
            },
            Some(Frame {
                step: parent,
                kind: Kind::Sequence { index },
            }) => {
                let step = parent.and_then(|p| {
                    steps[p]
                        .children
                        .iter()
                        .find(|(s, _)| s.parse() == Ok(*index))
                        .map(|&(_, c)| c)
                });
                *index += 1;
                (step, None)
            }
        };
        if let Some(step) = step {
            steps[step].key = key;
            steps[step].start = Some(span.start);
            if !is_collection {
                steps[step].end = Some(span.end);
                settled += settle(steps, step);
                if settled == pointers {
                    return;
                }
            }
        }
        if is_collection {
            if stack.len() >= MAX_DEPTH {
                return;
            }
            stack.push(Frame {
                step,
                kind: kind(&event),
            });
        }
    }
}

fn kind(event: &Event) -> Kind {
    match event {
        Event::SequenceStart(..) => Kind::Sequence { index: 0 },
        _ => Kind::Mapping { key: None },
    }
}

fn child(steps: &[Step], parent: usize, name: &str) -> Option<usize> {
    steps[parent]
        .children
        .iter()
        .find(|(s, _)| s == name)
        .map(|&(_, c)| c)
}

/// Marks `step` and the steps under it resolved; the number of pointers that ends.
fn settle(steps: &mut [Step], step: usize) -> usize {
    let mut ended = 0;
    let mut pending = vec![step];
    while let Some(at) = pending.pop() {
        if steps[at].settled {
            continue;
        }
        steps[at].settled = true;
        ended += steps[at].ends;
        pending.extend(steps[at].children.iter().map(|&(_, c)| c));
    }
    ended
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The place of each pointer in `text`, marking `mark`: (line, column, marked text).
    fn places(text: &str, pointers: &[(&str, Mark)]) -> Vec<Located> {
        let mut diagnostics: Vec<Diagnostic> = pointers
            .iter()
            .map(|&(p, mark)| {
                let mut d = Diagnostic::new(Path::new("spec.yaml"), p, "m", "h");
                d.mark = mark;
                d
            })
            .collect();
        locate_with(&mut diagnostics, &Origins::default(), &mut |_| {
            Some(text.to_string())
        });
        diagnostics
            .into_iter()
            .map(|d| d.located.expect("located"))
            .collect()
    }

    fn at(located: &Located) -> (usize, usize, &str) {
        match located {
            Located::At(p) => (p.line, p.column, &p.text[p.marked.clone()]),
            Located::Nowhere(why) => panic!("not located: {why}"),
        }
    }

    const YAML: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a~b/{id}:\n    get:\n      responses: 7\n      tags: [x, 'y z']\n";

    #[test]
    fn values_keys_and_escaped_segments_are_found_in_yaml() {
        let found = places(
            YAML,
            &[
                ("#/paths/~1a~0b~1{id}/get/responses", Mark::Value),
                ("#/paths/~1a~0b~1{id}/get/responses", Mark::Key),
                ("#/paths/~1a~0b~1{id}/get/tags/1", Mark::Value),
                ("#/info/version", Mark::Value),
                ("#/info", Mark::Value),
            ],
        );
        assert_eq!(at(&found[0]), (6, 18, "7"));
        assert_eq!(at(&found[1]), (6, 7, "responses"));
        assert_eq!(at(&found[2]), (7, 17, "'y z'"));
        assert_eq!(at(&found[3]), (2, 27, "'1'"));
        assert_eq!(at(&found[4]), (2, 7, "{title: t, version: '1'}"));
    }

    #[test]
    fn a_missing_node_marks_the_key_of_the_nearest_that_exists() {
        let found = places(
            YAML,
            &[
                ("#/paths/~1a~0b~1{id}/get/operationId", Mark::Value),
                ("#/paths/~1a~0b~1{id}/get/tags/7", Mark::Value),
                ("#/nowhere/at/all", Mark::Value),
            ],
        );
        assert_eq!(at(&found[0]), (5, 5, "get"));
        assert_eq!(at(&found[1]), (7, 7, "tags"));
        // Only the root exists: its first line.
        assert_eq!(at(&found[2]).0, 1);
    }

    #[test]
    fn json_is_read_too() {
        let text = "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\"/a\": {\"get\": {\"responses\": 7}}}\n}\n";
        let found = places(
            text,
            &[
                ("#/paths/~1a/get/responses", Mark::Value),
                ("#/paths/~1a/get/responses", Mark::Key),
            ],
        );
        assert_eq!(at(&found[0]), (3, 41, "7"));
        assert_eq!(at(&found[1]), (3, 28, "\"responses\""));
    }

    /// JSON escapes a character past 16 bits as two surrogates, which YAML refuses: the nodes
    /// around them are still found, at their columns.
    #[test]
    fn json_surrogate_escapes_do_not_hide_the_document() {
        let text = "{\"a\": \"\\ud83d\\ude80 \\\\ud83d\", \"b\": 7}";
        let found = places(text, &[("#/b", Mark::Value)]);
        assert_eq!(at(&found[0]), (1, 36, "7"));
        assert_eq!(
            without_surrogates("\\ud83d\\\\ud83d\\n"),
            "\\u003F\\\\ud83d\\n"
        );
    }

    /// The JSON reader and the YAML reader (which reads JSON too, much slower) find every node
    /// of a JSON text at the same lines and columns, keys included.
    #[test]
    fn json_and_yaml_readers_agree_on_every_node() {
        let text = concat!(
            "{\n  \"openapi\": \"3.0.3\",\n",
            "  \"info\": {\"title\": \"caf\\u00e9 ü\", \"version\": \"1\"},\n",
            "  \"a\\\"b\": [1, {\"c\": [true, null]}, \"x\"],\n",
            "  \"paths\": {\"/a/{id}\": {\"get\": {\"responses\": {\"200\": {}}}}},\n",
            "  \"ünï\": {\"k\": -1.5e3}\n}\n"
        );
        let pointers = [
            "#",
            "#/openapi",
            "#/info",
            "#/info/title",
            "#/info/version",
            "#/a\"b",
            "#/a\"b/0",
            "#/a\"b/1",
            "#/a\"b/1/c",
            "#/a\"b/1/c/1",
            "#/a\"b/2",
            "#/a\"b/3",
            "#/paths/~1a~1{id}/get/responses/200",
            "#/paths/~1a~1{id}/put",
            "#/ünï/k",
            "#/missing/deeper",
        ];
        let segments: Vec<Vec<String>> = pointers.iter().filter_map(|p| segments(p)).collect();
        let needed: Vec<&[String]> = segments.iter().map(Vec::as_slice).collect();
        let shape = |found: Vec<Option<Found>>| -> Vec<_> {
            found
                .into_iter()
                .map(|f| {
                    f.map(|f| {
                        let at = |m: Marker| (m.line(), m.col());
                        let key = f.key.map(|k| (at(k.start), at(k.end)));
                        (key, at(f.value.start), at(f.value.end), f.exact)
                    })
                })
                .collect()
        };
        let by_json = shape(find_by(text, &needed, true));
        let by_yaml = shape(find_by(text, &needed, false));
        assert_eq!(by_json, by_yaml);
        // Not vacuous: the nodes are there, exactly where written.
        assert_eq!(by_json[3].map(|f| f.1), Some((3, 20)));
        assert_eq!(by_json[9].map(|f| (f.0, f.1)), Some((None, (4, 27))));
        assert!(by_json[13].is_some_and(|f| !f.3));
    }

    #[test]
    fn an_empty_file_has_no_node_to_show() {
        let found = places("", &[("#", Mark::Value)]);
        assert!(matches!(&found[0], Located::Nowhere(why) if why.contains("no node")));
    }

    #[test]
    fn aliases_are_not_followed_and_hostile_nesting_ends_the_pass() {
        let text = "a: &x {b: 1}\nc: *x\n";
        let found = places(text, &[("#/c/b", Mark::Value)]);
        assert_eq!(at(&found[0]), (2, 1, "c"));
        // Deeper than the pass follows, in block and flow style: the deepest node reached.
        let block: String = (0..2000)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect::<String>()
            + &" ".repeat(2000)
            + "v\n";
        let deep = format!("#{}", "/k".repeat(2000));
        let found = places(&block, &[(&deep, Mark::Value)]);
        assert_eq!(at(&found[0]).2, "k");
        let flow = format!("a: {}{}\n", "[".repeat(300), "]".repeat(300));
        let found = places(&flow, &[(&format!("#/a{}", "/0".repeat(300)), Mark::Value)]);
        assert_eq!(at(&found[0]).0, 1);
    }

    #[test]
    fn a_long_line_is_cut_around_the_mark() {
        let text = format!(
            "{{\"openapi\": \"3.0.3\", \"x\": \"{}\", \"paths\": 7, \"y\": \"{}\"}}",
            "a".repeat(1000),
            "b".repeat(1000)
        );
        let found = places(&text, &[("#/paths", Mark::Value)]);
        let Located::At(place) = &found[0] else {
            panic!("not located")
        };
        assert_eq!((place.line, place.column), (1, 1040));
        assert!(place.text.len() < MAX_LINE, "{}", place.text);
        assert_eq!(
            place.left_out + place.text[..place.marked.start].len(),
            1039
        );
        assert_eq!(&place.text[place.marked.clone()], "7");
        let shown = Diagnostic {
            located: Some(found[0].clone()),
            ..Diagnostic::new(Path::new("spec.yaml"), "#/paths", "m", "h")
        }
        .to_string();
        assert!(shown.contains("--> spec.yaml:1:1040\n"), "{shown}");
        assert!(
            shown.contains("aaa\", \"paths\": 7, \"y\": \"bbb"),
            "{shown}"
        );
    }

    /// A node brought in from another file is shown in that file, through a copy of a copy.
    #[test]
    fn a_node_from_a_referenced_file_is_shown_there() {
        let mut origins = Origins::default();
        let (main, parts, pet) = (
            Path::new("api/openapi.yaml"),
            Path::new("api/parts.yaml"),
            Path::new("api/pet.yaml"),
        );
        origins.link(main, "#/components/schemas/Pet", pet, "#/Pet");
        origins.link(main, "#/paths/~1a", parts, "#");
        origins.link(parts, "#/get/responses", pet, "#/Responses");
        let mut d = vec![
            Diagnostic::new(main, "#/components/schemas/Pet/type", "m", "h"),
            Diagnostic::new(main, "#/paths/~1a/get/responses/200", "m", "h"),
            Diagnostic::new(main, "#/paths/~1ab", "m", "h"),
        ];
        let pet_text = "Pet:\n  type: 7\nResponses:\n  '200': {}\n";
        let main_text = "paths:\n  /a: {$ref: 'parts.yaml'}\n  /ab: {}\n";
        locate_with(&mut d, &origins, &mut |file| match file.to_str() {
            Some("api/pet.yaml") => Some(pet_text.to_string()),
            Some("api/openapi.yaml") => Some(main_text.to_string()),
            _ => None,
        });
        let shown = |d: &Diagnostic| match &d.located {
            Some(Located::At(p)) => (p.file.clone(), p.line, p.column),
            other => panic!("{other:?}"),
        };
        assert_eq!(shown(&d[0]), (pet.to_path_buf(), 2, 9));
        assert_eq!(shown(&d[1]), (pet.to_path_buf(), 4, 10));
        assert_eq!(shown(&d[2]), (main.to_path_buf(), 3, 8));
    }
}
