//! JSON Schema `pattern`s are ECMA-262 regular expressions; the `regex` crate reads another
//! dialect. Most syntax means the same in both, but a few escapes do not: `\d`, `\w` and `\b`
//! are ASCII in ECMA and Unicode in `regex` (so `^\d+$` would accept Arabic-Indic digits), `\s`
//! is a slightly different set, and `.` stops at four line terminators in ECMA, one in `regex`.
//! [`to_rust`] rewrites those into what ECMA means. The generator checks the rewritten pattern
//! when it generates, and the server compiles the same rewrite, so both agree.

/// ECMA-262's `\s`: WhiteSpace and LineTerminator, as `regex` class items.
const SPACE: &str =
    r"\t\n\x0B\x0C\r \xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";

/// ECMA-262's `\w`.
const WORD: &str = "A-Za-z0-9_";

/// ECMA-262's `\d`.
const DIGIT: &str = "0-9";

/// `source` (an ECMA-262 pattern) as a `regex` crate pattern that matches the same strings.
/// Escapes `regex` reads alike are copied; what neither knows is left for `regex` to refuse.
pub fn to_rust(source: &str) -> String {
    let mut rust = String::with_capacity(source.len() + 16);
    let mut in_class = false;
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(escaped) => rust.push_str(&escape(escaped, in_class)),
                None => rust.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                rust.push('[');
            }
            ']' if in_class => {
                in_class = false;
                rust.push(']');
            }
            '.' if !in_class => rust.push_str(r"[^\n\r\x{2028}\x{2029}]"),
            // `regex` treats `[` inside a class as a nested class and `&&`, `--`, `~~` as
            // set operations; in ECMA they are literals.
            '[' | '&' | '-' | '~' if in_class && is_set_syntax(c, chars.peek()) => {
                rust.push('\\');
                rust.push(c);
            }
            other => rust.push(other),
        }
    }
    rust
}

/// Whether `c` (inside a class) would be read by `regex` as nested-class or set syntax.
fn is_set_syntax(c: char, next: Option<&char>) -> bool {
    match c {
        '[' => true,
        '&' | '~' => next == Some(&c),
        '-' => next == Some(&'-'),
        _ => false,
    }
}

/// One escape (`\` then `escaped`) as `regex` should read it.
fn escape(escaped: char, in_class: bool) -> String {
    let class = |items: &str, negated: bool| match (in_class, negated) {
        (true, false) => items.to_string(),
        // A negated set inside a class: a nested class, which `regex` reads as a union.
        (true, true) => format!("[^{items}]"),
        (false, false) => format!("[{items}]"),
        (false, true) => format!("[^{items}]"),
    };
    match escaped {
        'd' => class(DIGIT, false),
        'D' => class(DIGIT, true),
        'w' => class(WORD, false),
        'W' => class(WORD, true),
        's' => class(SPACE, false),
        'S' => class(SPACE, true),
        // Inside a class ECMA's `\b` is a backspace.
        'b' if in_class => r"\x08".to_string(),
        'b' => r"(?-u:\b)".to_string(),
        'B' => r"(?-u:\B)".to_string(),
        other => format!("\\{other}"),
    }
}

#[cfg(test)]
mod tests;
