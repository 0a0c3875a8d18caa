//! `pattern` (an ECMA-262 regular expression) to a generator of matching strings and a matcher.
//!
//! The Rust regex crates read `\d` and `\w` as Unicode classes (`٣` is a digit there), while
//! JSON Schema patterns are ECMA-262, where they are ASCII: generating from the pattern as
//! written would produce values the schema refuses. They are rewritten to their ASCII classes
//! first. proptest cannot generate anchors, and a string matching the whole pattern matches
//! it anchored or not, so a leading `^` and trailing `$` are dropped for generation only.

use proptest::prelude::*;

/// A compiled `pattern`.
pub struct Pattern {
    /// The pattern with ECMA-262 classes made explicit.
    rust: String,
    /// Whether a string satisfies the pattern (unanchored search, as JSON Schema says).
    matcher: regex::Regex,
}

impl Pattern {
    /// Compiles `ecma`; constructs this module cannot translate are errors.
    pub fn new(ecma: &str) -> Result<Pattern, String> {
        let rust = ascii_classes(ecma)?;
        let matcher = regex::Regex::new(&rust).map_err(|e| format!("pattern `{ecma}`: {e}"))?;
        Ok(Pattern { rust, matcher })
    }

    /// Whether `text` satisfies the pattern.
    pub fn is_match(&self, text: &str) -> bool {
        self.matcher.is_match(text)
    }

    /// Strings matching the pattern. Each is checked against the matcher too, so a
    /// translation mistake here shows up as a test failure rather than as invalid values.
    pub fn strategy(&self) -> Result<BoxedStrategy<String>, String> {
        let body = self.rust.strip_prefix('^').unwrap_or(&self.rust);
        let body = match body.strip_suffix('$') {
            Some(inner) if !inner.ends_with('\\') => inner,
            _ => body,
        };
        let generator = proptest::string::string_regex(body)
            .map_err(|e| format!("pattern `{}`: cannot generate from it: {e}", self.rust))?;
        let matcher = self.matcher.clone();
        Ok(generator
            .prop_filter("generated text matches its pattern", move |text| {
                matcher.is_match(text)
            })
            .boxed())
    }
}

/// Rewrites `\d`, `\D`, `\w`, `\W` to the ASCII classes ECMA-262 gives them (inside a
/// character class too); `\s`, `\b`, `\p` and other Unicode-sensitive escapes are refused.
fn ascii_classes(ecma: &str) -> Result<String, String> {
    let mut out = String::with_capacity(ecma.len());
    let mut in_class = false;
    let mut chars = ecma.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(escaped) = chars.next() else {
                    return Err(format!("pattern `{ecma}` ends in a backslash"));
                };
                let (inside, outside) = match escaped {
                    'd' => ("0-9", "[0-9]"),
                    'D' if !in_class => ("", "[^0-9]"),
                    'w' => ("A-Za-z0-9_", "[A-Za-z0-9_]"),
                    'W' if !in_class => ("", "[^A-Za-z0-9_]"),
                    's' | 'S' | 'b' | 'B' | 'p' | 'P' | 'u' | 'c' | 'D' | 'W' => {
                        return Err(format!(
                            "pattern `{ecma}`: `\\{escaped}` is not translated to ECMA-262 here"
                        ));
                    }
                    other => {
                        out.push('\\');
                        out.push(other);
                        continue;
                    }
                };
                out.push_str(if in_class { inside } else { outside });
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_become_ascii() {
        assert_eq!(
            ascii_classes(r"^-?(?:0|[1-9]\d*)$").expect("translates"),
            "^-?(?:0|[1-9][0-9]*)$"
        );
        assert_eq!(ascii_classes(r"[\d.]").expect("translates"), "[0-9.]");
        let pattern = Pattern::new(r"^\d+$").expect("compiles");
        assert!(pattern.is_match("123"));
        assert!(
            !pattern.is_match("١٢٣"),
            "Arabic-Indic digits are not ECMA `\\d`"
        );
    }
}
