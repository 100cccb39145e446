//! Stages 3 and 4 for `types.rs` on every core: the types are emitted and formatted in chunks,
//! each thread taking the next chunk until none is left, so that no thread ever holds the tokens
//! or the syntax tree of the whole file (a large client's `types.rs` is most of its output).

use crate::model::Api;
use crate::threads::{spawn, threads_for};
use crate::{emit, format};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Types per chunk: enough to keep the per-chunk overhead small, few enough that the chunks
/// spread evenly over the threads and one chunk's tokens are little memory.
const CHUNK: usize = 48;

/// `types.rs`, and how it was made.
pub struct TypesFile {
    /// The formatted file.
    pub text: String,
    /// Emitting, summed over the threads.
    pub emit: Duration,
    /// Formatting, summed over the threads.
    pub format: Duration,
    /// The threads that took part, this one included.
    pub threads: usize,
}

/// The formatted `types.rs` of `api`, and the result of `other`, which this thread runs first
/// while the others start on the types. `header` is the `@generated` header.
pub fn types_file<R>(
    api: &Api,
    header: &str,
    other: impl FnOnce() -> R,
) -> (Result<TypesFile, String>, R) {
    let chunks = api.types.len().div_ceil(CHUNK);
    let threads = threads_for(chunks);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Done::default();
        loop {
            let chunk = next.fetch_add(1, Ordering::Relaxed);
            if chunk >= chunks {
                return done;
            }
            let ids = chunk * CHUNK..((chunk + 1) * CHUNK).min(api.types.len());
            let start = Instant::now();
            let tokens = emit::types_items(api, ids);
            let emitted = Instant::now();
            let text = format::unparse(tokens);
            done.format += emitted.elapsed();
            done.emit += emitted - start;
            done.texts.push((chunk, text));
        }
    };
    let mut threads_used = 1;
    let (others, mine, result) = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).filter_map(|_| spawn(scope, work)).collect();
        threads_used += helpers.len();
        let result = other();
        let mine = work();
        let others: Vec<_> = helpers.into_iter().map(|h| h.join()).collect();
        (others, mine, result)
    });
    let mut all = mine;
    for done in others {
        match done {
            Ok(done) => all.absorb(done),
            Err(_) => return (Err("a thread formatting types.rs panicked".into()), result),
        }
    }
    (assemble(api, header, all, threads_used), result)
}

/// What one thread did: texts by chunk number, and the time it spent.
#[derive(Default)]
struct Done {
    texts: Vec<(usize, Result<String, String>)>,
    emit: Duration,
    format: Duration,
}

impl Done {
    fn absorb(&mut self, other: Done) {
        self.texts.extend(other.texts);
        self.emit += other.emit;
        self.format += other.format;
    }
}

/// The module docs and imports, the chunks in order, the shared helpers, under the header.
fn assemble(api: &Api, header: &str, mut done: Done, threads: usize) -> Result<TypesFile, String> {
    let start = Instant::now();
    let head = crate::module_doc(
        "The request and response types of the API.",
        emit::types_head(api),
    );
    let tail = emit::types_tail(api);
    let emitted = Instant::now();
    done.texts.sort_by_key(|(chunk, _)| *chunk);
    let mut body = format::unparse(head)?;
    for (_, text) in done.texts {
        body.push_str(&text?);
    }
    body.push_str(&format::unparse(tail)?);
    let text = format::finish(header, &body);
    Ok(TypesFile {
        text,
        emit: done.emit + (emitted - start),
        format: done.format + emitted.elapsed(),
        threads,
    })
}
