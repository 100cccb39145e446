//! The event parser of `stream.rs` against the WHATWG HTML standard's own examples, and against
//! an independent implementation: the npm package `eventsource-parser` run with node
//! (`scripts/oracles/eventsource-parser.mjs`), on the same bytes cut in two at every position
//! and fed byte by byte. The package is installed from the npm registry into
//! `target/oracles/eventsource-parser` on first use; without node or npm the test says so
//! loudly and passes, but not under CI (`CI=true`), where it fails.

use super::stream::EventParser;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The version of `eventsource-parser` checked against.
const VERSION: &str = "3.1.1";

/// An event as read: its type (`None` for `message`), its last event ID, its data.
type Read = (Option<String>, String, String);

/// The events of `pieces` fed one after the other.
fn parse(pieces: &[&[u8]]) -> Vec<Read> {
    let mut parser = EventParser::default();
    let mut events = Vec::new();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    for piece in pieces {
        parser.feed(piece, &mut |event, id, data| {
            let event = (!event.is_empty()).then(|| text(event));
            events.push((event, text(id), text(&data)));
        });
    }
    events
}

/// `text` cut at every position and fed byte by byte: each reading with how it was cut.
fn readings(bytes: &[u8]) -> Vec<(String, Vec<Read>)> {
    let mut out: Vec<(String, Vec<Read>)> = (0..=bytes.len())
        .map(|at| {
            let (a, b) = bytes.split_at(at);
            (format!("cut at {at}"), parse(&[a, b]))
        })
        .collect();
    let single: Vec<&[u8]> = bytes.chunks(1).collect();
    out.push(("byte by byte".to_string(), parse(&single)));
    out
}

/// The data of the events of `text`, however it is cut (each reading checked).
fn data_of(text: &str) -> Vec<String> {
    let readings = readings(text.as_bytes());
    let first: Vec<String> = readings[0].1.iter().map(|e| e.2.clone()).collect();
    for (how, events) in &readings {
        let data: Vec<String> = events.iter().map(|e| e.2.clone()).collect();
        assert_eq!(data, first, "{text:?} {how}");
    }
    first
}

/// The examples of the standard's section "Event stream interpretation", with the events it
/// says they give.
#[test]
fn the_standards_examples_give_the_events_it_says() {
    // "two events ... data 'YHOO\n+2\n10'".
    assert_eq!(
        data_of("data: YHOO\ndata: +2\ndata: 10\n\n"),
        ["YHOO\n+2\n10"]
    );
    // Four blocks: a comment, then events "first event" (id 1), "second event" (id reset to
    // empty), and " third event" never dispatched (no blank line after it).
    let stream = ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n";
    let events = &readings(stream.as_bytes())[0].1;
    assert_eq!(
        events,
        &[
            (None, "1".to_string(), "first event".to_string()),
            (None, String::new(), "second event".to_string()),
        ]
    );
    // "The first block fires events with the data set to the empty string, as would the last
    // block if it was followed by a blank line. The middle block fires an event with the data
    // set to a single newline character."
    assert_eq!(data_of("data\n\ndata\ndata\n\ndata:"), ["", "\n"]);
    // "two identical events": the space after the colon is dropped.
    assert_eq!(data_of("data:test\n\ndata: test\n\n"), ["test", "test"]);
}

/// What the standard adds around those: line ends, the BOM, ids, names and UTF-8.
#[test]
fn line_ends_bom_ids_names_and_utf8_as_the_standard_says() {
    assert_eq!(
        data_of("data: a\r\rdata: b\r\n\r\ndata: c\n\n"),
        ["a", "b", "c"]
    );
    // One BOM at the start is skipped; a second is data.
    assert_eq!(data_of("\u{feff}\u{feff}data: x\n\n"), Vec::<String>::new());
    assert_eq!(data_of("\u{feff}data: x\n\n"), ["x"]);
    // A multi-byte character cut anywhere, and bytes that are not UTF-8, replaced.
    assert_eq!(data_of("data: é🦀\n\n"), ["é🦀"]);
    let events = &readings(b"data: a\xffb\n\n")[0].1;
    assert_eq!(events[0].2, "a\u{fffd}b");
    // An id with NUL is ignored; the last event ID is kept by later events.
    let stream = "id: 1\ndata: a\n\nid: 2\0\ndata: b\n\nevent: add\ndata: c\n\n";
    let events = &readings(stream.as_bytes())[0].1;
    assert_eq!(
        events,
        &[
            (None, "1".to_string(), "a".to_string()),
            (None, "1".to_string(), "b".to_string()),
            (Some("add".to_string()), "1".to_string(), "c".to_string()),
        ]
    );
}

/// Streams for the oracle: the standard's examples and every feature the parser has, with the
/// edges a cut can fall on (CR before LF, multi-byte characters, the BOM).
const STREAMS: &[&[u8]] = &[
    b"data: YHOO\ndata: +2\ndata: 10\n\n",
    b": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n",
    b"data\n\ndata\ndata\n\ndata:",
    b"data:test\n\ndata: test\n\n",
    b"\xEF\xBB\xBFdata: bom\r\n\r\n",
    b"\xEF\xBB\xBF\xEF\xBB\xBFdata: two boms\n\n",
    b"event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\nevent: add\ndata: 113411\n\n",
    b"data: a\r\rdata: b\r\n\r\ndata: c\n\nid: 9\rdata: d\r\r",
    b"data: \xC3\xA9\xF0\x9F\xA6\x80 \xE2\x82\xAC\n\n",
    b"data: bad \xff\xfe utf-8 \xC3\n\ndata: cut \xF0\x9F\xA6\n\n",
    b"id: 1\ndata: a\n\nid: 2\x00\ndata: b\n\nid\ndata: c\n\n",
    b"retry: 1000\nretry: x\nfoo: bar\nfoo\ndata:x:y: z\n\n:comment\n:\n\nevent:\ndata\n\n",
    b"data: {\"id\":\"a\",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]\n\n",
    b"event: message_start\r\ndata: {\"type\":\"message_start\"}\r\n\r\nevent: ping\r\ndata: {}\r\n\r\n",
    b"\n\n\r\r\r\n\r\ndata:  two spaces\n\n data: leading space\n\n",
    b"data: no end",
];

/// Where node and npm put the package, under the target folder.
fn prefix() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/oracles/eventsource-parser")
}

/// Installs the package (once); `Err` says why it cannot be.
fn install(prefix: &Path) -> Result<(), String> {
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Err("node is not installed".to_string());
    }
    if prefix
        .join("node_modules/eventsource-parser/package.json")
        .exists()
    {
        return Ok(());
    }
    std::fs::create_dir_all(prefix).map_err(|e| e.to_string())?;
    let status = Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(prefix)
        .arg(format!("eventsource-parser@{VERSION}"))
        .status()
        .map_err(|e| format!("npm cannot run: {e}"))?;
    if !status.success() {
        return Err(format!("npm install eventsource-parser@{VERSION} failed"));
    }
    Ok(())
}

/// The package's readings of `STREAMS`, as the script prints them.
fn oracle(prefix: &Path) -> serde_json::Value {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/oracles/eventsource-parser.mjs");
    // The script imports the package from where it was installed.
    let copy = prefix.join("oracle.mjs");
    std::fs::copy(&script, &copy).expect("the oracle script is in scripts/oracles");
    let input = serde_json::to_string(
        &STREAMS
            .iter()
            .map(|bytes| base64(bytes))
            .collect::<Vec<_>>(),
    )
    .expect("strings are JSON");
    let mut child = Command::new("node")
        .arg(&copy)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    use std::io::Write as _;
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(input.as_bytes())
        .expect("node reads its input");
    let output = child.wait_with_output().expect("node runs");
    assert!(output.status.success(), "the oracle script failed");
    serde_json::from_slice(&output.stdout).expect("the oracle prints JSON")
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for group in bytes.chunks(3) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= group.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Every stream, cut at every position and byte by byte, gives the events the package gives:
/// the same types and data, and the same id wherever the event sets one (the package reports
/// an id only on the event that sets it; the standard keeps it for later events, as the test
/// above checks).
#[test]
fn events_match_eventsource_parser_at_every_cut() {
    let prefix = prefix();
    if let Err(why) = install(&prefix) {
        let message = format!(
            "the event-stream oracle cannot run: {why} (needs node and npm for eventsource-parser@{VERSION})"
        );
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
        eprintln!("\n!!!!!!!! SKIPPED: {message} !!!!!!!!\n");
        return;
    }
    let oracle = oracle(&prefix);
    let mut compared = 0;
    for (stream, theirs) in STREAMS
        .iter()
        .zip(oracle.as_array().expect("one entry a stream"))
    {
        let theirs = theirs.as_array().expect("readings");
        let ours = readings(stream);
        assert_eq!(ours.len(), theirs.len());
        for ((how, ours), theirs) in ours.iter().zip(theirs) {
            let theirs = theirs.as_array().expect("events");
            let context = format!("{:?} {how}", String::from_utf8_lossy(stream));
            // The package holds a CR that ends what it was fed until the next byte shows
            // whether a LF follows, so it never sees the last line of a stream that ends in CR;
            // the standard's line ends at that CR, and so does the parser's, which dispatches
            // the event it ends at once.
            let ours = match stream.ends_with(b"\r") && ours.len() == theirs.len() + 1 {
                true => &ours[..theirs.len()],
                false => &ours[..],
            };
            assert_eq!(ours.len(), theirs.len(), "{context}: {ours:?} / {theirs:?}");
            for (ours, theirs) in ours.iter().zip(theirs) {
                let event = theirs[0].as_str().map(str::to_string);
                assert_eq!(ours.0, event, "{context}");
                if let Some(id) = theirs[1].as_str() {
                    assert_eq!(ours.1, id, "{context}");
                }
                assert_eq!(Some(ours.2.as_str()), theirs[2].as_str(), "{context}");
                compared += 1;
            }
        }
    }
    assert!(compared > 1000, "{compared}");
}
