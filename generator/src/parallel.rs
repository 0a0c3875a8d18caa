//! Work split between this thread and one more of the generation's pool: the machines oasgen
//! runs on in CI and in build scripts often have two cores, and the stages before emitting
//! otherwise use one.

/// Below this many items the second thread costs more than it saves.
const MIN_ITEMS: usize = 256;

/// `items` mapped by `work`, in order: the first half here, the second by another thread of the
/// pool when one is free (see [`join`]).
pub(crate) fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if items.len() < MIN_ITEMS {
        return items.iter().map(&work).collect();
    }
    let (first, second) = items.split_at(items.len() / 2);
    let (mut done, rest) = join(
        || first.iter().map(&work).collect::<Vec<R>>(),
        || second.iter().map(&work).collect::<Vec<R>>(),
    );
    done.extend(rest);
    done
}

/// `first()` and `second()`, at once when the caller is on a thread of the generation's pool
/// ([`crate::deep_stack::run`]): `first` here, `second` by whichever thread of the pool is free
/// first (this one, once done with `first`, if none is). Anywhere else, one after the other. A
/// panic in either resumes here.
pub(crate) fn join<A, B, RA, RB>(first: A, second: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    if crate::deep_stack::in_pool() {
        rayon::join(first, second)
    } else {
        (first(), second())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn maps_in_order_on_either_side_of_the_threshold() {
        for length in [0, 1, super::MIN_ITEMS - 1, super::MIN_ITEMS, 1_001] {
            let items: Vec<usize> = (0..length).collect();
            let expected: Vec<String> = items.iter().map(|item| format!("#{item}")).collect();
            assert_eq!(super::map(&items, |item| format!("#{item}")), expected);
            // And by the two threads of a pool.
            let mapped = crate::deep_stack::run(|| super::map(&items, |item| format!("#{item}")));
            assert_eq!(mapped, expected);
        }
    }

    #[test]
    fn joins_on_the_pool_and_off_it() {
        let both = || super::join(|| "first", || "second");
        assert_eq!(both(), ("first", "second"));
        assert_eq!(crate::deep_stack::run(both), ("first", "second"));
    }

    #[test]
    fn on_the_pool_the_two_sides_run_at_once_on_deep_stacks() {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::time::{Duration, Instant};
        let second_ran = AtomicBool::new(false);
        let (first, second) = crate::deep_stack::run(|| {
            super::join(
                // Waits for the second side: one after the other, it would wait in vain.
                || {
                    let start = Instant::now();
                    while !second_ran.load(Ordering::SeqCst)
                        && start.elapsed() < Duration::from_secs(20)
                    {
                        std::thread::yield_now();
                    }
                    second_ran.load(Ordering::SeqCst) && crate::deep_stack::on_deep_stack()
                },
                || {
                    second_ran.store(true, Ordering::SeqCst);
                    crate::deep_stack::on_deep_stack()
                },
            )
        });
        assert!(first, "the second side ran while the first waited");
        assert!(second, "the second side ran on a deep stack");
    }

    #[test]
    fn a_panic_on_either_side_reaches_the_caller() {
        for side in [0, 1] {
            let caught = std::panic::catch_unwind(|| {
                crate::deep_stack::run(|| {
                    super::join(
                        || assert_ne!(side, 0, "first side"),
                        || assert_ne!(side, 1, "second side"),
                    )
                })
            });
            assert!(caught.is_err(), "side {side}");
        }
    }
}
