//! Work on several threads: stages 3 and 4 for `types.rs` on every core (the types are emitted
//! and formatted in chunks, each thread taking the next chunk until none is left, so that no
//! thread ever holds the tokens or the syntax tree of the whole file: a large client's
//! `types.rs` is most of its output), and the threads the other stages start.

use crate::model::Api;
use crate::{emit, format};
use proc_macro2::TokenStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::{Scope, ScopedJoinHandle};
use std::time::{Duration, Instant};

/// Stack of every thread started here: as much as a main thread has, since deeply nested
/// schemas recurse as deeply in serde, syn and prettyplease on a helper thread as on the
/// caller's.
const STACK: usize = 8 * 1024 * 1024;

/// Starts `f` on a thread of `scope`; `None` when no thread can be started, and the caller
/// does the work itself.
pub fn spawn<'scope, T: Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    f: impl FnOnce() -> T + Send + 'scope,
) -> Option<ScopedJoinHandle<'scope, T>> {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn_scoped(scope, f)
        .ok()
}

/// Runs `a` on a helper thread and `b` on this one, and returns both results; runs both here
/// when no thread can be started. A panic in `a` goes on in this thread.
pub fn join<RA: Send, RB>(a: impl FnOnce() -> RA + Send, b: impl FnOnce() -> RB) -> (RA, RB) {
    let a = std::sync::Mutex::new(Some(a));
    let take = |a: &std::sync::Mutex<Option<_>>| a.lock().unwrap_or_else(|e| e.into_inner()).take();
    std::thread::scope(|scope| {
        let helper = spawn(scope, || take(&a).map(|a| a()));
        let rb = b();
        let ra = match helper.map(|h| h.join()) {
            Some(Ok(Some(ra))) => ra,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            // The helper never started (or found nothing to do): `a` is still here.
            Some(Ok(None)) | None => match take(&a) {
                Some(a) => a(),
                None => unreachable!("`a` is taken once, by the helper or here"),
            },
        };
        (ra, rb)
    })
}

/// Threads worth starting for work in `parts` pieces: one per core, at most [`MAX_THREADS`].
pub fn threads_for(parts: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_THREADS)
        .min(parts.max(1))
}

/// Types per chunk: enough to keep the per-chunk overhead small, few enough that the chunks
/// spread evenly over the threads and one chunk's tokens are little memory.
const CHUNK: usize = 48;

/// Most threads used, whatever the machine has.
const MAX_THREADS: usize = 8;

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

/// The formatted `types.rs` of `api`, which starts with `head` (module docs and imports), and
/// the result of `other`, which this thread runs first while the others start on the types.
/// `header` is the `@generated` header.
pub fn types_file<R>(
    api: &Api,
    head: TokenStream,
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
    (assemble(api, head, header, all, threads_used), result)
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

/// The head, the chunks in order, the shared helpers, under the header.
fn assemble(
    api: &Api,
    head: TokenStream,
    header: &str,
    mut done: Done,
    threads: usize,
) -> Result<TypesFile, String> {
    let start = Instant::now();
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
