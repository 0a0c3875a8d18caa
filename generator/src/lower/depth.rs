//! A bound on how deeply schemas nest while one is being lowered.
//!
//! Lowering recurses once per nested schema, and so do the type references it builds (and the
//! emitters and prettyplease after it). The loader bounds how deep one document nests, but
//! `$ref`s to schemas outside `components` are lowered where they are reached, so a chain of them
//! nests document after document. Counting here bounds all of it with one clear error.

use std::cell::Cell;
use std::rc::Rc;

use crate::diagnostics::Diagnostic;

/// How many schemas may be nested in one another (each level is one or two JSON levels; real
/// APIs stay under a few dozen).
pub(super) const MAX_SCHEMA_NESTING: usize = 256;

/// The current nesting, shared by the lowerer and the guards it hands out.
#[derive(Debug, Default)]
pub(super) struct Nesting(Rc<Cell<usize>>);

/// One level of nesting; leaving the scope that holds it leaves the level.
#[must_use = "the level is left when the guard is dropped"]
pub(super) struct Level(Rc<Cell<usize>>);

impl Nesting {
    /// Enters the schema at `pointer`, or refuses when that would nest too deep.
    pub fn enter(&self, pointer: &str) -> Result<Level, Diagnostic> {
        let depth = self.0.get();
        if depth >= MAX_SCHEMA_NESTING {
            return Err(Diagnostic::error(
                pointer,
                format!(
                    "schemas nest deeper than {MAX_SCHEMA_NESTING} levels (counting `$ref`s to schemas outside components)"
                ),
            ));
        }
        self.0.set(depth + 1);
        Ok(Level(Rc::clone(&self.0)))
    }
}

impl Drop for Level {
    fn drop(&mut self) {
        self.0.set(self.0.get().saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_left_when_dropped() {
        let nesting = Nesting::default();
        let levels: Vec<Level> = (0..MAX_SCHEMA_NESTING)
            .map(|_| nesting.enter("/a").expect("within the bound"))
            .collect();
        let error = nesting.enter("/deep").err().expect("one too many");
        assert_eq!(error.location.pointer, "/deep");
        drop(levels);
        assert!(nesting.enter("/a").is_ok());
    }
}
