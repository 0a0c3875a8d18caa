//! Blank lines between items, as a person would put them (prettyplease writes items back to
//! back), written as the pieces of a file arrive.
//!
//! A module's text comes in pieces: runs of items printed by prettyplease, and items written
//! as text. They are written once, here, into the file's one buffer (header first), with the
//! blank lines put in on the way: joining the pieces, then separating, then prefixing the
//! header each copied a giant spec's 13 MB module whole, into pages the system had to clear.

use std::ops::Range;

/// A file being written: its header, then lines, with a blank line before each item that
/// follows another.
pub(super) struct Separated {
    text: String,
    /// The last line written, without its indentation, as a range of `text` (empty at first).
    previous: Range<usize>,
}

/// How an item's first line starts (after its indentation).
const ITEM_STARTS: &[&str] = &[
    "///",
    "#[",
    "pub ",
    "impl",
    "fn ",
    "async fn",
    "mod ",
    "const ",
    "struct ",
    "enum ",
    "type ",
    "trait ",
    "use ",
    "static ",
    "macro_rules!",
];

impl Separated {
    /// A file that starts with `// header` and a blank line (`None`: with no header), with room
    /// for `capacity` bytes of lines.
    pub(super) fn new(header: Option<&str>, capacity: usize) -> Self {
        let mut text = String::with_capacity(capacity + capacity / 16 + 64);
        if let Some(header) = header {
            text.push_str("// ");
            text.push_str(header);
            text.push_str("\n\n");
        }
        Separated {
            text,
            previous: 0..0,
        }
    }

    /// Writes each line of `lines`.
    pub(super) fn push_lines(&mut self, lines: &str) {
        for line in lines.lines() {
            self.push_line(line);
        }
    }

    /// Writes `line` (without its line break), after a blank line when it starts an item right
    /// after a line that ended one, or ends the file's inner docs.
    pub(super) fn push_line(&mut self, line: &str) {
        let current = without_indentation(line);
        let previous = &self.text[self.previous.clone()];
        let previous_ended_item = previous.ends_with('}') || previous.ends_with(';');
        // Asked only after a line that could end an item: most lines follow none.
        let starts_item = || ITEM_STARTS.iter().any(|start| current.starts_with(start));
        let both_uses = || {
            current.starts_with("use ") && previous.starts_with("use ")
                || current.starts_with("pub use ") && previous.starts_with("pub use ")
        };
        let after_inner_docs = previous.starts_with("//!") && !current.starts_with("//!");
        if after_inner_docs
            || (previous_ended_item && !previous.starts_with("//") && starts_item() && !both_uses())
        {
            self.text.push('\n');
        }
        let start = self.text.len() + (line.len() - current.len());
        self.text.push_str(line);
        self.previous = start..self.text.len();
        self.text.push('\n');
    }

    /// The file's text.
    pub(super) fn finish(self) -> String {
        self.text
    }
}

/// The lines of `text` with blank lines between items (no header): the rule applied to a whole.
#[cfg(test)]
pub(super) fn separate_items(text: &str) -> String {
    let mut separated = Separated::new(None, text.len());
    separated.push_lines(text);
    separated.finish()
}

/// `line` without its leading whitespace: the printer indents with spaces, skipped byte by
/// byte (a giant crate has hundreds of thousands of lines); anything else is trimmed as
/// `trim_start` trims it.
fn without_indentation(line: &str) -> &str {
    let spaces = line.bytes().take_while(|&byte| byte == b' ').count();
    let rest = line.get(spaces..).unwrap_or(line);
    match rest.as_bytes().first() {
        Some(byte) if !byte.is_ascii() || byte.is_ascii_whitespace() => rest.trim_start(),
        _ => rest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indentation_is_trimmed_as_trim_start_trims_it() {
        for line in [
            "",
            "   ",
            "    fn a() {",
            "x",
            " \t y",
            "  \u{a0}z",
            "\u{2003} w",
            "  é",
        ] {
            assert_eq!(without_indentation(line), line.trim_start(), "{line:?}");
        }
    }

    #[test]
    fn pieces_are_separated_as_their_whole_would_be() {
        let whole = "//! Inner.\nuse a::b;\nuse c::d;\n/// A.\npub struct A;\nimpl A {\n    fn f() {}\n    fn g() {}\n}\nconst X: u8 = 1;\n";
        let expected = "//! Inner.\n\nuse a::b;\nuse c::d;\n\n/// A.\npub struct A;\n\nimpl A {\n    fn f() {}\n\n    fn g() {}\n}\n\nconst X: u8 = 1;\n";
        assert_eq!(separate_items(whole), expected);
        // Cut anywhere between lines, written piece by piece after a header: the same lines.
        let lines: Vec<&str> = whole.split_inclusive('\n').collect();
        for cut in 0..=lines.len() {
            let mut separated = Separated::new(Some("h"), 0);
            separated.push_lines(&lines[..cut].concat());
            for line in &lines[cut..] {
                separated.push_line(line.trim_end_matches('\n'));
            }
            assert_eq!(
                separated.finish(),
                format!("// h\n\n{expected}"),
                "cut at {cut}"
            );
        }
    }
}
