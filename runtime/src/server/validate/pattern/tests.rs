//! `pattern` checks: unanchored as JSON Schema says, compiled once, harmless if uncompilable.

use super::{Check, Pattern};

fn violations(value: &str, pattern: &Pattern) -> Vec<String> {
    let mut check = Check::default();
    check.pattern(value, pattern);
    check.finish().err().unwrap_or_default()
}

#[test]
fn a_pattern_is_unanchored() {
    let pattern = Pattern::new("b");
    assert!(violations("abc", &pattern).is_empty());
    assert_eq!(
        violations("xyz", &pattern),
        ["value: does not match the pattern b"]
    );
}

#[test]
fn anchors_in_the_pattern_are_honoured() {
    let pattern = Pattern::new("^[A-Z]{3}$");
    assert!(violations("EUR", &pattern).is_empty());
    assert_eq!(violations("EURO", &pattern).len(), 1);
    assert_eq!(violations("xEUR", &pattern).len(), 1);
}

#[test]
fn a_static_pattern_serves_every_check() {
    // Generated code keeps its patterns in statics, compiled on first use.
    static CODE: Pattern = Pattern::new(r"^\d+$");
    assert!(violations("123", &CODE).is_empty());
    assert_eq!(violations("12a", &CODE).len(), 1);
}

#[test]
fn an_uncompilable_pattern_checks_nothing() {
    assert!(violations("anything", &Pattern::new("(")).is_empty());
}

#[test]
fn patterns_mean_what_ecma_262_says() {
    // JSON Schema patterns are ECMA-262: `\d` is ASCII there, Unicode in the regex crate.
    let digits = Pattern::new(r"^\d+$");
    assert!(violations("2026", &digits).is_empty());
    assert_eq!(violations("٢٠٢٦", &digits).len(), 1, "Arabic-Indic digits");
    let word = Pattern::new(r"^\w+$");
    assert_eq!(violations("naïve", &word).len(), 1);
}
