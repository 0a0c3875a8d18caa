//! Pure work over a slice, split between this thread and one more: the machines oasgen runs on
//! in CI and in build scripts often have two cores, and the stages before emitting otherwise
//! use one.

/// Below this many items the second thread costs more than it saves.
const MIN_ITEMS: usize = 256;

/// `items` mapped by `work`, in order: the second half on a thread of its own (with the deep
/// stack, as the work may recurse as deep as the document nests), the first here. On one
/// thread when the slice is short or no thread can be started.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if items.len() < MIN_ITEMS {
        return items.iter().map(&work).collect();
    }
    let (first, second) = items.split_at(items.len() / 2);
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .name("oasgen-helper".into())
            .stack_size(crate::deep_stack::STACK_BYTES)
            .spawn_scoped(scope, || second.iter().map(&work).collect::<Vec<R>>());
        let mut done: Vec<R> = first.iter().map(&work).collect();
        match helper.map(|helper| helper.join()) {
            Ok(Ok(rest)) => done.extend(rest),
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            // No thread: the second half here too.
            Err(_) => done.extend(second.iter().map(&work)),
        }
        done
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn maps_in_order_on_either_side_of_the_threshold() {
        for length in [0, 1, super::MIN_ITEMS - 1, super::MIN_ITEMS, 1_001] {
            let items: Vec<usize> = (0..length).collect();
            let expected: Vec<String> = items.iter().map(|item| format!("#{item}")).collect();
            assert_eq!(super::map(&items, |item| format!("#{item}")), expected);
        }
    }
}
