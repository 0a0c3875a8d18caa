//! `pattern` checks, in their own file because they need the `regex` crate, which a generated
//! crate depends on only when its API description has patterns.

use super::Check;

/// A `pattern` (ECMA-262, as JSON Schema says), compiled on first use as the `regex` crate pattern
/// that means the same. The generator only emits patterns that compile.
pub struct Pattern {
    source: &'static str,
    compiled: std::sync::OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    /// A pattern to compile when first needed.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: std::sync::OnceLock::new(),
        }
    }

    /// Whether `value` contains a match (JSON Schema patterns are not anchored).
    fn is_match(&self, value: &str) -> bool {
        // A pattern that does not compile (which the generator rules out) checks nothing
        // rather than refusing every request.
        self.compiled
            .get_or_init(|| {
                regex::Regex::new(&super::super::super::ecma::to_rust(self.source)).ok()
            })
            .as_ref()
            .is_none_or(|regex| regex.is_match(value))
    }
}

impl Check {
    /// `pattern`.
    pub fn pattern(&mut self, value: &str, pattern: &Pattern) {
        if !pattern.is_match(value) {
            self.report(format!("does not match the pattern {}", pattern.source));
        }
    }
}

#[cfg(test)]
mod tests;
