//! Running the pipeline on a pool of threads whose stacks fit the deepest document oasgen
//! accepts.
//!
//! Loading, the model, lowering, the emitters, syn and prettyplease all recurse once per nested
//! schema or type. The loader and `lower` bound that nesting (512 JSON levels, 256 schemas), but
//! what the bound costs in stack depends on the build (a debug build needs 8 to 16 MiB for 255
//! nested `items` through prettyplease), and the caller's thread may be a 2 MiB test thread. So
//! the public entry points run their work on threads of our own with stacks sized for the
//! bounds; the memory is only reserved, and touched as deep as a document actually goes.

use std::cell::Cell;
use std::sync::{Mutex, PoisonError};

/// Stack size of each thread of the pool: at least four times what a debug build needs at the
/// nesting bounds.
pub(crate) const STACK_BYTES: usize = 64 << 20;

thread_local! {
    /// Whether this thread is one [`run`] started (of its pool, or the lone one it falls back
    /// on), with a [`STACK_BYTES`] stack.
    static DEEP: Cell<bool> = const { Cell::new(false) };
}

/// Whether the current thread has a [`STACK_BYTES`] stack: work that needs one may be done
/// here rather than on a thread started for it.
pub(crate) fn on_deep_stack() -> bool {
    DEEP.with(Cell::get)
}

/// Runs `work` on the threads of a pool that lives as long as it does, each with a
/// [`STACK_BYTES`] stack, and returns its result (a panic in it resumes in the caller). The
/// stages split their work with [`crate::parallel::join`] among the same few threads, so each
/// stage reuses the memory the one before it freed: a thread started for one stage begins with
/// pages of its own, which the system must clear (on a VM, often supply) anew. Already on such a
/// thread, `work` runs right here; if no pool can be started, on one deep thread alone.
pub(crate) fn run<T: Send, F: FnOnce() -> T + Send>(work: F) -> T {
    if on_deep_stack() {
        return work();
    }
    let threads = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .max(2);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(STACK_BYTES)
        .thread_name(|number| format!("oasgen-{number}"))
        .start_handler(|_| DEEP.with(|deep| deep.set(true)))
        .build();
    match pool {
        Ok(pool) => pool.install(work),
        Err(_) => run_alone(work),
    }
}

/// Runs `work` on one thread with a [`STACK_BYTES`] stack (on the caller's if none can be
/// started): its stages then run one after the other.
fn run_alone<T: Send, F: FnOnce() -> T + Send>(work: F) -> T {
    let slot = Mutex::new(Some(work));
    let take = || slot.lock().unwrap_or_else(PoisonError::into_inner).take();
    let finished = std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("oasgen".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || {
                DEEP.with(|deep| deep.set(true));
                take().map(|work| work())
            })
            .ok()?;
        match handle.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    match finished {
        Some(result) => result,
        // The thread could not start, so the work is still in its slot.
        None => take()
            .map(|work| work())
            .expect("the work runs exactly once"),
    }
}

/// Whether the current thread is one of a pool [`run`] started (not the lone thread it falls
/// back on): work can then be shared with the pool's other threads.
pub(crate) fn in_pool() -> bool {
    on_deep_stack() && rayon::current_thread_index().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_on_a_deep_stack() {
        fn depth(n: usize) -> usize {
            let padding = std::hint::black_box([0u8; 1024]);
            if n == 0 {
                padding[0] as usize
            } else {
                1 + depth(n - 1) + padding[1] as usize
            }
        }
        // ~20 MiB of frames: far more than a test thread's 2 MiB.
        assert_eq!(run(|| depth(20_000)), 20_000);
        assert!(run(on_deep_stack));
        assert!(run(in_pool));
        assert!(run(rayon::current_num_threads) >= 2);
        // Run again from the pool: right there, on the same thread, not on a pool of its own.
        assert!(run(|| {
            let here = std::thread::current().id();
            run(|| std::thread::current().id() == here)
        }));
        assert!(!on_deep_stack());
        assert!(!in_pool());
    }
}
