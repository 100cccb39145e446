//! The event-stream parser of the clients' runtime against the crate eventsource-stream, on the
//! same bytes cut into the same chunks: OpenAI-like chat completion chunks. Rounds alternate
//! between the two; the medians and their ratio are printed (scripts/bench/streams.sh).
//!
//!   events [EVENTS] [CHUNK] [ROUNDS]      (defaults 200000, 4096, 15)

use bytes::Bytes;
use clientgen_streams_bench::runtime;
use eventsource_stream::Eventsource;
use futures_util::StreamExt;
use std::time::{Duration, Instant};

fn arg(n: usize, default: usize) -> usize {
    std::env::args()
        .nth(n)
        .map_or(default, |s| s.parse().expect("a number"))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (events, chunk, rounds) = (arg(1, 200_000), arg(2, 4096), arg(3, 15));
    let mut text = String::new();
    for i in 0..events {
        text.push_str(&format!(
            "data: {{\"id\":\"chatcmpl-{i}\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"token {i} é\"}},\"finish_reason\":null}}]}}\n\n"
        ));
    }
    let chunks: Vec<Bytes> = text
        .as_bytes()
        .chunks(chunk)
        .map(Bytes::copy_from_slice)
        .collect();
    let ours_once = || runtime::parse(&chunks);
    let theirs_once = || async {
        let stream = futures_util::stream::iter(
            chunks
                .iter()
                .cloned()
                .map(Ok::<Bytes, std::convert::Infallible>),
        );
        let data: Vec<String> = stream
            .eventsource()
            .map(|e| e.expect("an event").data)
            .collect()
            .await;
        data
    };
    assert_eq!(ours_once(), theirs_once().await, "the same events");
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let time_ours = || {
            let start = Instant::now();
            assert_eq!(std::hint::black_box(ours_once()).len(), events);
            start.elapsed()
        };
        if round % 2 == 0 {
            ours.push(time_ours());
        }
        let start = Instant::now();
        assert_eq!(std::hint::black_box(theirs_once().await).len(), events);
        theirs.push(start.elapsed());
        if round % 2 == 1 {
            ours.push(time_ours());
        }
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (a, b) = (median(&mut ours), median(&mut theirs));
    let mb = text.len() as f64 / 1e6;
    println!(
        "{events} events, {mb:.1} MB in {chunk}-byte chunks, median of {rounds}: runtime parser {a:.2?} ({:.0} MB/s), eventsource-stream 0.2 {b:.2?} ({:.0} MB/s): {:.2}x as fast",
        mb / a.as_secs_f64(),
        mb / b.as_secs_f64(),
        b.as_secs_f64() / a.as_secs_f64()
    );
}
