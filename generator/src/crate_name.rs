//! Crate names of generated crates: which ones a crate builds warning-free under, and the
//! nearest such name to any text (a spec's file name, say).

/// What is wrong with a crate name: what Cargo refuses, what rustc's `non_snake_case` lint
/// warns about once `-` becomes `_` (upper case; `__` inside the name, leading and trailing
/// ones being allowed), and names no `use` line could reach.
pub fn problem(text: &str) -> Option<&'static str> {
    let snake = text.replace('-', "_");
    if text.is_empty() {
        Some("is empty")
    } else if !text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Some("may hold only ASCII letters, digits, `-` and `_`")
    } else if !text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        Some("must start with a letter or `_`")
    } else if text.chars().any(|c| c.is_ascii_uppercase()) {
        Some("has upper-case letters, which rustc warns about (non_snake_case)")
    } else if snake.trim_matches('_').contains("__") {
        Some("joins words with more than one `-` or `_`, which rustc warns about (non_snake_case)")
    } else if RESERVED_CRATE_NAMES.contains(&snake.as_str()) {
        Some("is a Rust keyword or a standard library crate, which no `use` line could name")
    } else {
        None
    }
}

/// Keywords (every edition's, reserved ones included) and the standard library's crates.
const RESERVED_CRATE_NAMES: &[&str] = &[
    "abstract",
    "alloc",
    "as",
    "async",
    "await",
    "become",
    "box",
    "break",
    "const",
    "continue",
    "core",
    "crate",
    "do",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "final",
    "fn",
    "for",
    "gen",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "macro",
    "match",
    "mod",
    "move",
    "mut",
    "override",
    "priv",
    "proc_macro",
    "pub",
    "ref",
    "return",
    "self",
    "static",
    "std",
    "struct",
    "super",
    "test",
    "trait",
    "true",
    "try",
    "type",
    "typeof",
    "unsafe",
    "unsized",
    "use",
    "virtual",
    "where",
    "while",
    "yield",
];

/// The nearest name [`problem`] accepts: ASCII letters and digits in lower case,
/// every run of anything else one `-`, a prefix before a leading digit, a suffix after a
/// reserved name.
pub fn normalized(text: &str) -> String {
    let mut name = String::new();
    let mut after_separator = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if after_separator && !name.is_empty() {
                name.push('-');
            }
            after_separator = false;
            name.push(c.to_ascii_lowercase());
        } else {
            after_separator = true;
        }
    }
    if name.is_empty() {
        return "api".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "api-");
    }
    if RESERVED_CRATE_NAMES.contains(&name.replace('-', "_").as_str()) {
        name.push_str("-api");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_rustc_would_warn_about_are_problems() {
        assert_eq!(problem("dolfin-api"), None);
        assert_eq!(problem("_private"), None);
        assert!(problem("My-Api").is_some());
        assert!(problem("my--api").is_some());
        assert!(problem("std").is_some());
        assert!(problem("").is_some());
        assert_eq!(normalized("My..API spec"), "my-api-spec");
        assert_eq!(normalized("2fa"), "api-2fa");
        assert_eq!(normalized("core"), "core-api");
    }
}
