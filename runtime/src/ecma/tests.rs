//! Each rewrite is judged by what the compiled `regex` accepts, against what ECMA-262 says the
//! pattern means.

use super::to_rust;

fn matches(pattern: &str, text: &str) -> bool {
    let rust = to_rust(pattern);
    regex::Regex::new(&rust)
        .unwrap_or_else(|error| panic!("{pattern} → {rust} does not compile: {error}"))
        .is_match(text)
}

#[test]
fn digits_are_ascii_only() {
    assert!(matches(r"^\d+$", "0123456789"));
    // Arabic-Indic and fullwidth digits are `\d` in Unicode, not in ECMA.
    assert!(!matches(r"^\d+$", "٣٤"));
    assert!(!matches(r"^\d+$", "１２"));
    assert!(matches(r"^\D+$", "٣٤"));
    assert!(!matches(r"^\D$", "7"));
}

#[test]
fn word_characters_and_boundaries_are_ascii_only() {
    assert!(matches(r"^\w+$", "snake_case_42"));
    assert!(!matches(r"^\w+$", "café"));
    assert!(matches(r"^\W$", "é"));
    // `é` is not a word character in ECMA, so there is a boundary between `caf` and `é`.
    assert!(matches(r"caf\b", "café"));
    assert!(!matches(r"a\Bb", "a b"));
    assert!(matches(r"a\Bb", "ab"));
}

#[test]
fn spaces_are_ecma_s_set() {
    for space in [" ", "\t", "\u{a0}", "\u{feff}", "\u{2028}", "\u{3000}"] {
        assert!(matches(r"^\s$", space), "{space:?}");
    }
    // NEL is White_Space in Unicode but not in ECMA's `\s`.
    assert!(!matches(r"^\s$", "\u{85}"));
    assert!(matches(r"^\S$", "\u{85}"));
}

#[test]
fn the_dot_stops_at_every_ecma_line_terminator() {
    assert!(matches(r"^a.c$", "abc"));
    for terminator in ["\n", "\r", "\u{2028}", "\u{2029}"] {
        assert!(
            !matches(r"^a.c$", &format!("a{terminator}c")),
            "{terminator:?}"
        );
    }
    // An escaped dot is a dot.
    assert!(matches(r"^a\.c$", "a.c"));
    assert!(!matches(r"^a\.c$", "abc"));
}

#[test]
fn classes_hold_the_same_sets() {
    assert!(matches(r"^[\d.]+$", "3.14"));
    assert!(!matches(r"^[\d.]+$", "٣"));
    assert!(matches(r"^[^\d]+$", "abc"));
    assert!(!matches(r"^[^\d]+$", "a1"));
    assert!(matches(r"^[\D]$", "x"));
    assert!(!matches(r"^[\D]$", "1"));
    assert!(matches(r"^[\w-]+$", "kebab-case"));
    // Inside a class, `\b` is a backspace and `.` a dot.
    assert!(matches(r"^[\b]$", "\u{8}"));
    assert!(matches(r"^[.]$", "."));
    assert!(!matches(r"^[.]$", "x"));
}

#[test]
fn what_regex_reads_as_set_syntax_stays_literal() {
    assert!(matches(r"^[a&&b]+$", "a&&b"));
    assert!(matches(r"^[a--b]+$", "a-b"));
    assert!(matches(r"^[[a]+$", "[a"));
    assert!(matches(r"^[~~]+$", "~"));
}

#[test]
fn patterns_are_unanchored_and_other_escapes_are_copied() {
    assert!(matches(r"b", "abc"));
    assert!(matches(r"^\$\d+\.\d{2}$", "$12.50"));
    assert!(matches(r"^\u0041$", "A"));
    assert!(matches(r"^\\d$", r"\d"));
}
