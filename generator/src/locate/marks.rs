//! Line and column of a character of YAML text, counted the way libyaml counts them.
//!
//! The event parser reports positions as character indices; the line and column we print must
//! stay the ones serde_norway (libyaml, YAML 1.1) reported before, in every text it accepts. So
//! they are counted here rather than taken from the parser (a YAML 1.2 parser, which does not
//! break lines at NEL, LS and PS): a line break is `\n`, `\r\n`, a lone `\r`, U+0085, U+2028 or
//! U+2029, and columns count characters.

/// A cursor over a text that turns character indices into libyaml's positions (and text). Walks
/// forward only: asked for indices in increasing order (as the parser's events come), the whole
/// text is walked at most once.
pub(super) struct Marks<'t> {
    text: &'t str,
    /// Character index of the cursor.
    index: usize,
    /// Byte offset of the cursor.
    byte: usize,
    /// 0-based line of the cursor.
    line: usize,
    /// 0-based column (in characters) of the cursor.
    column: usize,
}

impl<'t> Marks<'t> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'t str) -> Self {
        Marks {
            text,
            index: 0,
            byte: 0,
            line: 0,
            column: 0,
        }
    }

    /// The 1-based line and column of the character at `index` (the end of the text for an
    /// index past it).
    pub fn line_column(&mut self, index: usize) -> (usize, usize) {
        self.seek(index);
        (self.line + 1, self.column + 1)
    }

    /// The text from character `index` on.
    pub fn text_from(&mut self, index: usize) -> &'t str {
        self.seek(index);
        self.rest()
    }

    /// The text of the line of character `index`, up to that character.
    pub fn line_before(&mut self, index: usize) -> &'t str {
        self.seek(index);
        let before = self.text.get(..self.byte).unwrap_or_default();
        // The line's text is the last `column` characters before the cursor.
        let start = match self.column.checked_sub(1) {
            None => before.len(),
            Some(back) => before
                .char_indices()
                .rev()
                .nth(back)
                .map_or(0, |(at, _)| at),
        };
        before.get(start..).unwrap_or_default()
    }

    /// The text from the cursor on.
    fn rest(&self) -> &'t str {
        self.text.get(self.byte..).unwrap_or_default()
    }

    /// Moves the cursor to character `index` (from the start again when it is behind, which the
    /// walk avoids: it asks in the order of the text).
    fn seek(&mut self, index: usize) {
        if index < self.index {
            *self = Marks::new(self.text);
        }
        let mut chars = self.rest().chars().peekable();
        while self.index < index {
            let Some(c) = chars.next() else {
                break;
            };
            if is_break(c, chars.peek().copied()) {
                self.line += 1;
                self.column = 0;
            } else {
                self.column += 1;
            }
            self.index += 1;
            self.byte += c.len_utf8();
        }
    }
}

/// Whether `c` (followed by `next`) ends a line for libyaml. The `\r` of `\r\n` does not: the
/// `\n` does.
pub(super) fn is_break(c: char, next: Option<char>) -> bool {
    match c {
        '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => true,
        '\r' => next != Some('\n'),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_where_libyaml_breaks_them() {
        let text = "ab\r\ncé\rd\u{2028}e\u{85}f";
        let mut marks = Marks::new(text);
        assert_eq!(marks.line_column(1), (1, 2));
        assert_eq!(marks.line_column(4), (2, 1), "\\r\\n is one break");
        assert_eq!(marks.line_column(6), (2, 3), "columns count characters");
        assert_eq!(marks.line_column(7), (3, 1), "a lone \\r breaks");
        assert_eq!(marks.line_column(9), (4, 1), "LS breaks");
        assert_eq!(marks.line_column(11), (5, 1), "NEL breaks");
        assert_eq!(marks.line_column(0), (1, 1), "the cursor may step back");
        assert_eq!(marks.line_column(99), (5, 2), "past the end: the end");
        assert_eq!(marks.text_from(5), "é\rd\u{2028}e\u{85}f");
        assert_eq!(marks.line_before(6), "cé");
        assert_eq!(marks.line_before(7), "");
    }
}
