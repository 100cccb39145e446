//! The `streaming` fixture's client, and the event parser of the clients' runtime
//! (`generator/src/emit/client/runtime/stream.rs`) compiled alone, beside a stand-in of a
//! client's `Error`, for the parser benchmark.

/// The client `build.rs` generates.
pub mod streaming {
    include!(concat!(env!("OUT_DIR"), "/streaming.rs"));
}

/// A client's `Error`, with the variants the runtime's module `streams` makes (its `super`).
#[allow(dead_code)]
pub enum Error<E> {
    Transport(reqwest::Error),
    Api(E),
    BodyTooLarge {
        status: reqwest::StatusCode,
        limit: usize,
    },
    UnexpectedBody {
        status: reqwest::StatusCode,
        text: String,
        source: serde_json::Error,
    },
}

/// The runtime's module `streams`, as a client has it (`{op}_stream`).
#[allow(dead_code, clippy::all)]
#[rustfmt::skip]
#[path = "../../../../generator/src/emit/client/runtime/stream.rs"]
mod streams;

/// The runtime's event parser.
pub mod runtime {
    use super::streams;

    /// Feeds `chunks` to the runtime's parser; the data of every event, as text.
    pub fn parse(chunks: &[bytes::Bytes]) -> Vec<String> {
        let mut parser = streams::EventParser::default();
        let mut out = Vec::new();
        for chunk in chunks {
            parser.feed(chunk, &mut |_, _, data| {
                out.push(String::from_utf8(data).unwrap_or_default());
            });
        }
        out
    }
}
