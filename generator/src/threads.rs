//! Threads for any stage: starting one with a main thread's stack, running two closures at
//! once, and how many threads a piece of work is worth. Nothing here knows what the work is.

use std::thread::{Scope, ScopedJoinHandle};

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

/// Most threads used, whatever the machine has.
const MAX_THREADS: usize = 8;
