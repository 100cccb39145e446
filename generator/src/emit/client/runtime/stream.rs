//! The runtime of `{op}_stream`, the module `streams` of a client whose spec streams a
//! response: the body read chunk by chunk and cut into items as they complete, so memory is
//! bounded by the largest item (an event, a line, a chunk), never by the body. `Chunks` yields
//! the chunks, `Events` the events of a `text/event-stream` (`EventParser`, the WHATWG HTML
//! standard's algorithm), `Lines` the lines of JSON lines or the records of a JSON text
//! sequence. The generator keeps the framings the client uses (`runtime.rs`).
//!
//! rustfmt leaves this file as it is written (`check.rs`), as `client.rs`.

use super::Error;

/// Reads the body of an error status into the operation's error.
pub(super) type ErrorBody<E> = fn(reqwest::StatusCode, Vec<u8>) -> Result<std::convert::Infallible, Error<E>>;

/// The next item a framing has complete (`None` until more of the body arrives); one that does
/// not read as the spec says is its bytes and why.
pub(super) type Next<T> = Option<Result<T, (Vec<u8>, serde_json::Error)>>;

/// How a body is cut into items.
pub(super) trait Framing {
    /// What the stream yields.
    type Item;
    /// The media types (essences) a success must have to be read so; any when empty.
    const MEDIA: &'static [&'static str];
    /// Takes the next chunk of the body.
    fn feed(&mut self, chunk: bytes::Bytes);
    /// The body has ended: what is left is the last item, if the framing allows one.
    fn finish(&mut self);
    /// The next item complete so far.
    fn next(&mut self) -> Next<Self::Item>;
    /// Whether the stream has ended before its body (a sentinel).
    fn ended(&self) -> bool {
        false
    }
}

/// Where a stream is.
enum State<R, F> {
    Start(R, F),
    Reading(reqwest::StatusCode, Option<reqwest::Response>, F),
    Done,
}

/// Yields the items `framing` cuts the body of the response `start` gets into (it sends the
/// request when the stream is first read, and `started` checks the response); an error, such
/// as an error status, is yielded alone. (Boxed, so that it is `Unpin`.)
pub(super) fn read<R, F, E>(
    framing: F,
    start: R,
) -> impl futures_util::Stream<Item = Result<F::Item, Error<E>>> + Unpin
where
    R: Future<Output = Result<reqwest::Response, Error<E>>>,
    F: Framing,
{
    Box::pin(futures_util::stream::unfold(State::Start(start, framing), |state| async move {
        let (status, mut response, mut framing) = match state {
            State::Start(start, framing) => match start.await {
                Ok(response) => (response.status(), Some(response), framing),
                Err(error) => return Some((Err(error), State::Done)),
            },
            State::Reading(status, response, framing) => (status, response, framing),
            State::Done => return None,
        };
        loop {
            match framing.next() {
                Some(Ok(item)) => return Some((Ok(item), State::Reading(status, response, framing))),
                Some(Err((bytes, source))) => {
                    let error = Error::UnexpectedBody { status, text: String::from_utf8_lossy(&bytes).into_owned(), source };
                    return Some((Err(error), State::Reading(status, response, framing)));
                }
                None if framing.ended() => return None,
                None => {}
            }
            match response.as_mut()?.chunk().await {
                Ok(Some(chunk)) => framing.feed(chunk),
                Ok(None) => {
                    response = None;
                    framing.finish();
                }
                Err(error) => return Some((Err(Error::Transport(error.without_url())), State::Done)),
            }
        }
    }))
}

/// The response that starts a stream: a success of one of the `media` types (any when empty)
/// is read on; an error status, or a success of another media type, is read whole (up to
/// `limit` bytes) into its error, by `error` for an error status.
pub(super) async fn started<E>(
    mut response: reqwest::Response,
    media: &[&str],
    limit: usize,
    error: ErrorBody<E>,
) -> Result<reqwest::Response, Error<E>> {
    let transport = |error: reqwest::Error| Error::Transport(error.without_url());
    let status = response.status();
    let essence = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(|value| value.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    let expected = match &essence {
        Some(essence) => media.is_empty() || media.contains(&essence.as_str()),
        None => true,
    };
    if status.is_success() && expected {
        return Ok(response);
    }
    if response.content_length().is_some_and(|length| length > limit as u64) {
        return Err(Error::BodyTooLarge { status, limit });
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if bytes.len() + chunk.len() > limit {
            return Err(Error::BodyTooLarge { status, limit });
        }
        bytes.extend_from_slice(&chunk);
    }
    if status.is_success() {
        let reason = format!("the response is `{}`, not `{}`", essence.unwrap_or_default(), media.join("` or `"));
        return Err(Error::UnexpectedBody {
            status,
            text: String::from_utf8_lossy(&bytes).into_owned(),
            source: <serde_json::Error as serde::de::Error>::custom(reason),
        });
    }
    match error(status, bytes) {
        Err(error) => Err(error),
        Ok(never) => match never {},
    }
}

/// The body's chunks as they arrive.
pub(super) struct Chunks(Option<bytes::Bytes>);

impl Chunks {
    pub(super) fn new() -> Self {
        Chunks(None)
    }
}

impl Framing for Chunks {
    type Item = bytes::Bytes;
    const MEDIA: &'static [&'static str] = &[];

    fn feed(&mut self, chunk: bytes::Bytes) {
        self.0 = Some(chunk);
    }

    fn finish(&mut self) {}

    fn next(&mut self) -> Next<bytes::Bytes> {
        self.0.take().map(Ok)
    }
}

/// The events of a `text/event-stream`, each one's data read by `decode`; an event whose
/// data is `sentinel` ends the stream.
pub(super) struct Events<T> {
    parser: EventParser,
    data: std::collections::VecDeque<Vec<u8>>,
    decode: fn(&str) -> Result<T, serde_json::Error>,
    sentinel: Option<&'static str>,
    ended: bool,
}

impl<T> Events<T> {
    pub(super) fn new(decode: fn(&str) -> Result<T, serde_json::Error>, sentinel: Option<&'static str>) -> Self {
        Events { parser: EventParser::default(), data: std::collections::VecDeque::new(), decode, sentinel, ended: false }
    }
}

impl<T> Framing for Events<T> {
    type Item = T;
    const MEDIA: &'static [&'static str] = &["text/event-stream"];

    fn feed(&mut self, chunk: bytes::Bytes) {
        let data = &mut self.data;
        self.parser.feed(&chunk, &mut |_, _, event_data| data.push_back(event_data));
    }

    // An event not ended by a blank line is dropped (the standard's "pending data").
    fn finish(&mut self) {}

    fn next(&mut self) -> Next<T> {
        let data = self.data.pop_front().filter(|_| !self.ended)?;
        // The standard decodes the stream as UTF-8, replacing what is not.
        let text = match String::from_utf8(data) {
            Ok(text) => text,
            Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
        };
        if self.sentinel == Some(text.as_str()) {
            self.ended = true;
            return None;
        }
        Some((self.decode)(&text).map_err(|source| (text.into_bytes(), source)))
    }

    fn ended(&self) -> bool {
        self.ended
    }
}

/// The event stream parser of the WHATWG HTML standard ("Parsing an event stream"), fed
/// chunk by chunk: lines end at CR, LF or CRLF (also across chunks), a leading BOM is skipped,
/// comments (`:`) and unknown fields are ignored, `data` lines are joined with LF, `event`
/// names the event, `id` (without NUL) sets the last event ID, which later events keep, and a
/// blank line dispatches the event unless it has no data. `retry` sets a reconnection time,
/// which a client that does not reconnect has no use for. Lines are bytes until an event is
/// dispatched, so a UTF-8 sequence split across chunks stays whole.
#[derive(Default)]
pub(super) struct EventParser {
    /// The start of a line that began in an earlier chunk.
    line: Vec<u8>,
    /// The last byte was a CR: a LF first in the next chunk ends no line.
    after_cr: bool,
    /// The first bytes, until there are three, to skip a byte order mark.
    head: Vec<u8>,
    /// Past the first three bytes.
    started: bool,
    data: Vec<u8>,
    event: Vec<u8>,
    id: Vec<u8>,
}

impl EventParser {
    /// Reads `chunk`, calling `dispatch` with the type (empty for `message`), last event ID and
    /// data of each event it completes.
    pub(super) fn feed(&mut self, chunk: &[u8], dispatch: &mut impl FnMut(&[u8], &[u8], Vec<u8>)) {
        if !self.started {
            self.head.extend_from_slice(chunk);
            if self.head.len() < 3 {
                return;
            }
            self.started = true;
            let head = std::mem::take(&mut self.head);
            let bytes = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
            return self.lines(bytes, dispatch);
        }
        self.lines(chunk, dispatch);
    }

    fn lines(&mut self, mut bytes: &[u8], dispatch: &mut impl FnMut(&[u8], &[u8], Vec<u8>)) {
        if std::mem::take(&mut self.after_cr) && bytes.first() == Some(&b'\n') {
            bytes = &bytes[1..];
        }
        while let Some(at) = bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
            if self.line.is_empty() {
                self.line_done(&bytes[..at], dispatch);
            } else {
                let mut line = std::mem::take(&mut self.line);
                line.extend_from_slice(&bytes[..at]);
                self.line_done(&line, dispatch);
                line.clear();
                self.line = line;
            }
            let crlf = bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n');
            self.after_cr = bytes[at] == b'\r' && at + 1 == bytes.len();
            bytes = &bytes[at + 1 + usize::from(crlf)..];
        }
        self.line.extend_from_slice(bytes);
    }

    fn line_done(&mut self, line: &[u8], dispatch: &mut impl FnMut(&[u8], &[u8], Vec<u8>)) {
        if line.is_empty() {
            if self.data.is_empty() {
                self.event.clear();
                return;
            }
            self.data.pop();
            dispatch(&self.event, &self.id, std::mem::take(&mut self.data));
            self.event.clear();
            return;
        }
        let (field, value) = match line.iter().position(|&b| b == b':') {
            Some(0) => return,
            Some(at) => {
                let value = &line[at + 1..];
                (&line[..at], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &[][..]),
        };
        match field {
            b"data" => {
                self.data.extend_from_slice(value);
                self.data.push(b'\n');
            }
            b"event" => {
                self.event.clear();
                self.event.extend_from_slice(value);
            }
            b"id" if !value.contains(&0) => {
                self.id.clear();
                self.id.extend_from_slice(value);
            }
            _ => {}
        }
    }
}

/// JSON values one a line (JSON lines, NDJSON), or the records of a JSON text sequence (RFC
/// 7464: each after an `RS` byte), each read by `decode`; blank ones are skipped.
pub(super) struct Lines<T> {
    buffer: Vec<u8>,
    /// Where the buffer's next item starts.
    start: usize,
    /// Bytes before this are known to hold no separator.
    scanned: usize,
    separator: u8,
    ended: bool,
    decode: fn(&[u8]) -> Result<T, serde_json::Error>,
}

impl<T> Lines<T> {
    /// `records`: a JSON text sequence, else lines.
    pub(super) fn new(decode: fn(&[u8]) -> Result<T, serde_json::Error>, records: bool) -> Self {
        let separator = if records { 0x1E } else { b'\n' };
        Lines { buffer: Vec::new(), start: 0, scanned: 0, separator, ended: false, decode }
    }
}

impl<T> Framing for Lines<T> {
    type Item = T;
    const MEDIA: &'static [&'static str] = &["application/jsonl", "application/x-ndjson", "application/json-seq"];

    fn feed(&mut self, chunk: bytes::Bytes) {
        self.buffer.drain(..self.start);
        self.scanned -= self.start;
        self.start = 0;
        self.buffer.extend_from_slice(&chunk);
    }

    fn finish(&mut self) {
        self.ended = true;
    }

    fn next(&mut self) -> Next<T> {
        loop {
            let end = match self.buffer[self.scanned..].iter().position(|&b| b == self.separator) {
                Some(at) => self.scanned + at,
                None if self.ended && self.start < self.buffer.len() => self.buffer.len(),
                None => {
                    self.scanned = self.buffer.len();
                    return None;
                }
            };
            let item = self.buffer[self.start..end].trim_ascii();
            let decoded = (!item.is_empty()).then(|| (self.decode)(item).map_err(|e| (item.to_vec(), e)));
            self.start = (end + 1).min(self.buffer.len());
            self.scanned = self.start;
            if decoded.is_some() {
                return decoded;
            }
        }
    }
}
