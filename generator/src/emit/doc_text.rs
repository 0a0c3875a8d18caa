//! Spec markdown → rustdoc-safe markdown: no broken intra-doc links, no bare URLs, no stray
//! HTML, and no code block that rustdoc would compile as a Rust doctest.

/// The lines of a doc comment for a description, each with the space that follows `///`
/// (trailing whitespace trimmed); none for an empty one. What `tokens::docs` writes as
/// attributes and `text::Lines::docs` as comments.
pub fn doc_lines(text: Option<&str>) -> Vec<String> {
    let Some(text) = text.map(str::trim).filter(|text| !text.is_empty()) else {
        return Vec::new();
    };
    rustdoc_safe(text)
        .lines()
        .map(|line| format!(" {}", line.trim_end()))
        .collect()
}

/// Rewrites a spec description so that `cargo doc` and `cargo test --doc` on the generated crate
/// stay clean. Prose is kept; only markup rustdoc would misread changes.
pub fn rustdoc_safe(text: &str) -> String {
    let mut output = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence = &trimmed[..3];
            if in_fence {
                output.push(fence.to_string());
            } else {
                // A fence without a language (or a Rust one) would be compiled as a doctest.
                let language = trimmed[3..].trim();
                let language = if language.is_empty() || language.starts_with("rust") {
                    "text"
                } else {
                    language
                };
                output.push(format!("{fence}{language}"));
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            output.push(line.to_string());
            continue;
        }
        // Four spaces of indentation start an (implicit Rust) code block: keep at most three.
        let indent = line.len() - trimmed.len();
        let kept = " ".repeat(indent.min(3));
        output.push(format!("{kept}{}", escape_inline(trimmed)));
    }
    if in_fence {
        output.push("```".to_string());
    }
    output.join("\n")
}

/// Escapes brackets that are not links, wraps bare URLs, and escapes `<` that does not open an
/// autolink; text inside `code spans` is left alone.
fn escape_inline(line: &str) -> String {
    let mut output = String::with_capacity(line.len() + 8);
    let characters: Vec<char> = line.chars().collect();
    let mut index = 0;
    let mut in_code = false;
    while index < characters.len() {
        let character = characters[index];
        if character == '`' {
            in_code = !in_code;
        }
        if in_code || character == '`' {
            output.push(character);
            index += 1;
            continue;
        }
        match character {
            '[' => match link(&characters, index, &mut output) {
                Some(next) => {
                    index = next;
                    continue;
                }
                None => output.push_str("\\["),
            },
            ']' => output.push_str("\\]"),
            '<' => {
                let rest: String = characters[index + 1..].iter().take(8).collect();
                if rest.starts_with("http://") || rest.starts_with("https://") {
                    let end = characters[index..]
                        .iter()
                        .position(|&c| c == '>')
                        .map_or(characters.len() - 1, |offset| index + offset);
                    output.extend(&characters[index..=end]);
                    index = end + 1;
                    continue;
                }
                output.push_str("&lt;");
            }
            'h' if starts_url(&characters[index..]) => {
                index = bare_url(&characters, index, &mut output);
                continue;
            }
            other => output.push(other),
        }
        index += 1;
    }
    output
}

/// A markdown link starting at `index` (`[text](target)`): kept when its target is a URL or
/// an anchor, else only its text. Returns where the rest of the line starts; `None` when the
/// bracket opens no link.
fn link(characters: &[char], index: usize, output: &mut String) -> Option<usize> {
    let close = characters[index..]
        .iter()
        .position(|&c| c == ']')
        .map(|offset| index + offset)?;
    if !matches!(characters.get(close + 1), Some('(')) {
        return None;
    }
    let end = characters[close..]
        .iter()
        .position(|&c| c == ')')
        .map_or(characters.len() - 1, |offset| close + offset);
    let target: String = characters[(close + 2).min(end)..end].iter().collect();
    let external = ["http://", "https://", "mailto:", "#"]
        .iter()
        .any(|scheme| target.starts_with(scheme));
    if external {
        output.extend(&characters[index..=end]);
    } else {
        // Not a URL: rustdoc would resolve it as a Rust path (an intra-doc link into the spec
        // author's own code base). Keep the text only.
        output.extend(&characters[index + 1..close]);
    }
    Some(end + 1)
}

/// A bare URL starting at `index`, written as an autolink (`<https://…>`); returns where the
/// rest of the line starts.
fn bare_url(characters: &[char], index: usize, output: &mut String) -> usize {
    let end = characters[index..]
        .iter()
        .position(|c| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\''))
        .map_or(characters.len(), |offset| index + offset);
    // Trailing punctuation ends a sentence, not the URL.
    let mut url_end = end;
    while url_end > index && matches!(characters[url_end - 1], '.' | ',' | ';' | ':' | '!' | '?') {
        url_end -= 1;
    }
    output.push('<');
    output.extend(&characters[index..url_end]);
    output.push('>');
    url_end
}

fn starts_url(characters: &[char]) -> bool {
    let prefix: String = characters.iter().take(8).collect();
    prefix.starts_with("http://") || prefix.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_that_are_not_links_are_escaped() {
        assert_eq!(
            rustdoc_safe("see [the docs](https://x.io) and [note]"),
            "see [the docs](https://x.io) and \\[note\\]"
        );
        assert_eq!(rustdoc_safe("`a[0]` stays"), "`a[0]` stays");
        assert_eq!(
            rustdoc_safe("a [`User`](crate::views::User) here"),
            "a `User` here"
        );
        assert_eq!(
            rustdoc_safe("[top](#top) [mail](mailto:a@b.c)"),
            "[top](#top) [mail](mailto:a@b.c)"
        );
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            rustdoc_safe("Go to https://api.dolfinai.co."),
            "Go to <https://api.dolfinai.co>."
        );
        assert_eq!(rustdoc_safe("<https://x.io> kept"), "<https://x.io> kept");
    }

    #[test]
    fn html_and_generics_are_escaped() {
        assert_eq!(
            rustdoc_safe("a List<String> here"),
            "a List&lt;String> here"
        );
    }

    #[test]
    fn code_blocks_never_become_doctests() {
        assert_eq!(
            rustdoc_safe("```\nlet x = 1;\n```"),
            "```text\nlet x = 1;\n```"
        );
        assert_eq!(rustdoc_safe("```json\n{}\n```"), "```json\n{}\n```");
        assert_eq!(
            rustdoc_safe("text\n\n    indented code"),
            "text\n\n   indented code"
        );
        assert_eq!(rustdoc_safe("```\nunclosed"), "```text\nunclosed\n```");
    }
}
