//! Stages 3 and 4 for `types.rs` on every core: the types are emitted and formatted in chunks,
//! each thread taking the next chunk until none is left, so that no thread ever holds the tokens
//! or the syntax tree of the whole file (a large client's `types.rs` is most of its output).

use crate::model::Api;
use crate::threads::{spawn, threads_for};
use crate::{emit, format};
use proc_macro2::TokenStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Types per chunk: enough to keep the per-chunk overhead small, few enough that the chunks
/// spread evenly over the threads and one chunk's tokens are little memory.
const CHUNK: usize = 48;

/// `types.rs` (and the files of its submodules), and how it was made.
pub struct TypesFile {
    /// The formatted file.
    pub text: String,
    /// The formatted files of the parts after the first (see [`Parts`]), in order.
    pub parts: Vec<String>,
    /// Emitting, summed over the threads.
    pub emit: Duration,
    /// Formatting, summed over the threads.
    pub format: Duration,
    /// The threads that took part, this one included.
    pub threads: usize,
}

/// How the types are spread over files: `of(id)` is the part of the type `id`, 0 for `types.rs`
/// itself, `k` for the file that starts with `heads[k - 1]` (a submodule of `types`).
pub struct Parts<'a> {
    /// The part of each type id.
    pub of: &'a (dyn Fn(usize) -> usize + Sync),
    /// The head (docs and imports) of each part after the first.
    pub heads: Vec<TokenStream>,
}

/// The formatted `types.rs` of `api`, which starts with `head` (module docs and imports), and
/// the result of `other`, which this thread runs first while the others start on the types.
/// `header` is the `@generated` header.
pub fn types_file<R>(
    api: &Api,
    head: TokenStream,
    parts: Parts,
    header: &str,
    other: impl FnOnce() -> R,
) -> (Result<TypesFile, String>, R) {
    let count = parts.heads.len() + 1;
    let (done, threads, result) = chunks(api, parts.of, count, format::unparse, other);
    match done {
        Ok(done) => (
            assemble(api, head, parts.heads, header, done, threads),
            result,
        ),
        Err(e) => (Err(e), result),
    }
}

/// The body of the `types` module of a client printed as one module (for a build script's
/// `include!`): its head, its types and its helpers, printed one level in (see
/// [`format::unparse_in_module`]), and the result of `other`, which this thread runs first.
pub fn types_module_body<R>(
    api: &Api,
    other: impl FnOnce() -> R,
) -> (Result<TypesFile, String>, R) {
    let (done, threads, result) = chunks(api, &|_| 0, 1, format::unparse_in_module, other);
    let body = done.and_then(|mut done| {
        let start = Instant::now();
        let (head, tail) = (emit::types_head(api), emit::types_tail(api));
        let emitted = Instant::now();
        done.texts.sort_by_key(|(chunk, _, _)| *chunk);
        let mut text = format::unparse_in_module(head)?;
        for (_, _, chunk) in done.texts {
            text.push_str(&chunk?);
        }
        text.push_str(&format::unparse_in_module(tail)?);
        Ok(TypesFile {
            text,
            parts: Vec::new(),
            emit: done.emit + (emitted - start),
            format: done.format + emitted.elapsed(),
            threads,
        })
    });
    (body, result)
}

/// The types of `api`, emitted and printed with `print` in chunks by every core (part `of(id)`
/// of `count` for the type `id`), and the result of `other`, which this thread runs first while
/// the others start on the types; with the number of threads that took part.
fn chunks<R>(
    api: &Api,
    of: &(dyn Fn(usize) -> usize + Sync),
    count: usize,
    print: fn(TokenStream) -> Result<String, String>,
    other: impl FnOnce() -> R,
) -> (Result<Done, String>, usize, R) {
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
            for part in 0..count {
                let mine = ids.clone().filter(|id| of(*id) == part);
                let mine: Vec<usize> = mine.collect();
                if mine.is_empty() {
                    continue;
                }
                let start = Instant::now();
                let tokens = emit::types_items(api, mine);
                let emitted = Instant::now();
                let text = print(tokens);
                done.format += emitted.elapsed();
                done.emit += emitted - start;
                done.texts.push((chunk, part, text));
            }
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
            Err(_) => {
                return (
                    Err("a thread formatting the types panicked".into()),
                    threads_used,
                    result,
                );
            }
        }
    }
    (Ok(all), threads_used, result)
}

/// What one thread did: texts by chunk number and part, and the time it spent.
#[derive(Default)]
struct Done {
    texts: Vec<(usize, usize, Result<String, String>)>,
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

/// The head, the chunks in order, the shared helpers, under the header; each further part
/// its head and its chunks in order.
fn assemble(
    api: &Api,
    head: TokenStream,
    heads: Vec<TokenStream>,
    header: &str,
    mut done: Done,
    threads: usize,
) -> Result<TypesFile, String> {
    let start = Instant::now();
    let tail = emit::types_tail(api);
    let emitted = Instant::now();
    done.texts.sort_by_key(|(chunk, part, _)| (*part, *chunk));
    let mut bodies = vec![format::unparse(head)?];
    for head in heads {
        bodies.push(format::unparse(head)?);
    }
    for (_, part, text) in done.texts {
        let text = text?;
        match bodies.get_mut(part) {
            Some(body) => body.push_str(&text),
            None => return Err(format!("types: part {part} has no file")),
        }
    }
    bodies[0].push_str(&format::unparse(tail)?);
    let mut texts = bodies.iter().map(|body| format::finish(header, body));
    let text = texts.next().unwrap_or_default();
    Ok(TypesFile {
        text,
        parts: texts.collect(),
        emit: done.emit + (emitted - start),
        format: done.format + emitted.elapsed(),
        threads,
    })
}
