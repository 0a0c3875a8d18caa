//! An Oppen printer that decides breaks the way prettyplease does, for expressions laid out
//! whole (`layout/expr.rs`) rather than by a rule per shape.
//!
//! The input is a list of tokens: text, possible breaks, and boxes around them. A box is
//! consistent (when it does not fit, every break directly in it breaks) or inconsistent (each
//! break breaks only when what follows it, up to the next break, does not fit). What decides
//! is each token's size, worked out the way prettyplease's scanner works it out: a box counts
//! its text and what follows it up to the next break, a break counts up to the next break at
//! its own level. prettyplease streams and marks as infinite whatever already overflows; sized
//! here once the whole list is known, the sizes lead to the same choices.

use std::fmt::Write as _;

/// Spaces per depth of nesting.
pub(super) const INDENT: isize = 4;

/// The widest line when the printer has a choice.
const MARGIN: isize = 89;

/// The room every line has after its indentation, however deep.
const MIN_SPACE: isize = 60;

/// A size no line has room for (prettyplease's own, so sums stay the same).
const INFINITE: isize = 0xffff;

/// A place where the line may break.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Break {
    /// Added to the box's indentation on the next line.
    pub offset: isize,
    /// Spaces printed when the line does not break here.
    pub blank: usize,
    /// Printed before the line break when it breaks (a trailing comma, an opening brace).
    pub pre_break: Option<char>,
    /// Printed at the start of the next line when it breaks (a closing brace).
    pub post_break: &'static str,
    /// Printed when it does not break (the comma after a match arm).
    pub no_break: Option<char>,
    /// Dropped when it comes right before the end of its box.
    pub if_nonempty: bool,
    /// Never breaks.
    pub never: bool,
}

#[derive(Debug, Clone)]
enum Token {
    Text(String),
    Break(Break),
    Begin { offset: isize, consistent: bool },
    End,
}

/// Tokens being collected, with their sizes worked out as they come.
#[derive(Debug, Default)]
pub(super) struct Printer {
    tokens: Vec<Token>,
    /// Each token's size; negative while unknown (minus where it started).
    sizes: Vec<isize>,
    /// Tokens whose size is still open: boxes begun, their breaks, ends met.
    open: Vec<usize>,
    /// The width of everything so far.
    total: isize,
}

impl Printer {
    /// Text that never breaks.
    pub fn word(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let size = isize::try_from(text.len()).unwrap_or(INFINITE);
        self.tokens.push(Token::Text(text.to_string()));
        self.sizes.push(size);
        self.total += size;
    }

    /// A box whose breaks all break when it does not fit, indented `offset` on new lines.
    pub fn cbox(&mut self, offset: isize) {
        self.begin(offset, true);
    }

    /// A box whose breaks break one by one, as needed.
    pub fn ibox(&mut self, offset: isize) {
        self.begin(offset, false);
    }

    fn begin(&mut self, offset: isize, consistent: bool) {
        self.open.push(self.tokens.len());
        self.tokens.push(Token::Begin { offset, consistent });
        self.sizes.push(-self.total);
    }

    /// A possible break.
    pub fn brk(&mut self, token: Break) {
        self.settle(0);
        self.open.push(self.tokens.len());
        self.tokens.push(Token::Break(token));
        self.sizes.push(-self.total);
        self.total += isize::try_from(token.blank).unwrap_or(INFINITE);
    }

    /// A break printing nothing when it does not break.
    pub fn zerobreak(&mut self) {
        self.brk(Break::default());
    }

    /// A break printing a space when it does not break.
    pub fn space(&mut self) {
        self.brk(Break {
            blank: 1,
            ..Break::default()
        });
    }

    /// A break that always breaks (it never fits).
    pub fn hardbreak(&mut self) {
        self.brk(Break {
            blank: usize::try_from(INFINITE).unwrap_or(usize::MAX),
            ..Break::default()
        });
    }

    /// `,` then a space, or for the last of a list a comma printed only when the list breaks.
    pub fn trailing_comma(&mut self, last: bool) {
        self.comma_after(last, 0);
    }

    /// As [`Printer::trailing_comma`], the last break a space when it does not break.
    pub fn trailing_comma_or_space(&mut self, last: bool) {
        self.comma_after(last, 1);
    }

    /// `,` then a space; for the last, a break of `blank` spaces printing its comma only when
    /// it breaks.
    fn comma_after(&mut self, last: bool, blank: usize) {
        if last {
            self.brk(Break {
                blank,
                pre_break: Some(','),
                ..Break::default()
            });
        } else {
            self.word(",");
            self.space();
        }
    }

    /// Shifts the indentation after the last break (a closing line one depth out).
    pub fn offset(&mut self, offset: isize) {
        if let Some(Token::Break(token)) = self.tokens.last_mut() {
            token.offset += offset;
        }
    }

    /// Ends the current box.
    pub fn end(&mut self) {
        if self.drop_trailing_break() {
            return;
        }
        self.open.push(self.tokens.len());
        self.tokens.push(Token::End);
        self.sizes.push(-1);
    }

    /// Ends the current box, which breaks when wider than `max` whatever room is left.
    pub fn end_with_max_width(&mut self, max: usize) {
        let max = isize::try_from(max).unwrap_or(INFINITE);
        let mut depth = 1;
        for &index in self.open.iter().rev() {
            match self.tokens.get(index) {
                Some(Token::Begin { .. }) => {
                    depth -= 1;
                    if depth == 0 {
                        let size = self.sizes.get(index).copied().unwrap_or_default();
                        if size < 0 && size + self.total > max {
                            self.tokens.push(Token::Text(String::new()));
                            self.sizes.push(INFINITE);
                            self.total += INFINITE;
                        }
                        break;
                    }
                }
                Some(Token::End) => depth += 1,
                _ => {}
            }
        }
        self.end();
    }

    /// A box begun and at once ended around nothing but a break is dropped, break and all; so
    /// is a break meant only for a box with something in it.
    fn drop_trailing_break(&mut self) -> bool {
        let len = self.tokens.len();
        let Some(Token::Break(last)) = self.tokens.last() else {
            return false;
        };
        let blank = isize::try_from(last.blank).unwrap_or(INFINITE);
        let if_nonempty = last.if_nonempty;
        let after_begin = len >= 2 && matches!(self.tokens.get(len - 2), Some(Token::Begin { .. }));
        if after_begin {
            for _ in 0..2 {
                self.tokens.pop();
                self.sizes.pop();
                self.open.pop();
            }
            self.total -= blank;
            return true;
        }
        if if_nonempty {
            self.tokens.pop();
            self.sizes.pop();
            self.open.pop();
            self.total -= blank;
        }
        false
    }

    /// Gives sizes to the open tokens a break at `depth` closes: the breaks and boxes since
    /// the last break at the same level.
    fn settle(&mut self, mut depth: usize) {
        while let Some(&index) = self.open.last() {
            let (Some(token), Some(size)) = (self.tokens.get(index), self.sizes.get_mut(index))
            else {
                break;
            };
            match token {
                Token::Begin { .. } => {
                    if depth == 0 {
                        break;
                    }
                    self.open.pop();
                    *size += self.total;
                    depth -= 1;
                }
                Token::End => {
                    self.open.pop();
                    *size = 1;
                    depth += 1;
                }
                Token::Break(_) => {
                    self.open.pop();
                    *size += self.total;
                    if depth == 0 {
                        break;
                    }
                }
                Token::Text(_) => {
                    self.open.pop();
                }
            }
        }
    }

    /// The text printed, its first line starting at column `indent` (not written) and each
    /// later line indented as its boxes say; no newline after the last line.
    pub fn print(mut self, indent: usize) -> String {
        // What follows the tokens starts a line of its own (a hard break): every size is
        // known once it is scanned.
        self.hardbreak();
        self.tokens.pop();
        self.sizes.pop();
        let mut out = Output {
            text: String::new(),
            space: line_space(indent),
            indent,
            pending: 0,
            frames: Vec::new(),
        };
        for (token, size) in self.tokens.into_iter().zip(self.sizes) {
            out.token(token, size);
        }
        out.text
    }
}

/// The room a line indented by `indent` has.
fn line_space(indent: usize) -> isize {
    let indent = isize::try_from(indent).unwrap_or(INFINITE);
    (MARGIN - indent).max(MIN_SPACE)
}

/// How a box is printed: on one line, or broken at its indentation before it began.
#[derive(Debug, Clone, Copy)]
enum Frame {
    Fits,
    Broken { indent: usize, consistent: bool },
}

/// The printing state.
struct Output {
    text: String,
    /// Room left on the line.
    space: isize,
    indent: usize,
    /// Spaces owed before the next text (none are written at the end of a line).
    pending: usize,
    frames: Vec<Frame>,
}

impl Output {
    fn token(&mut self, token: Token, size: isize) {
        match token {
            Token::Text(text) => {
                self.flush_pending();
                self.text.push_str(&text);
                self.space -= isize::try_from(text.len()).unwrap_or(INFINITE);
            }
            Token::Begin { offset, consistent } => {
                if size > self.space {
                    self.frames.push(Frame::Broken {
                        indent: self.indent,
                        consistent,
                    });
                    self.indent = shifted(self.indent, offset);
                } else {
                    self.frames.push(Frame::Fits);
                }
            }
            Token::End => {
                if let Some(Frame::Broken { indent, .. }) = self.frames.pop() {
                    self.indent = indent;
                }
            }
            Token::Break(token) => self.brk(token, size),
        }
    }

    fn brk(&mut self, token: Break, size: isize) {
        let fits = token.never
            || match self.frames.last() {
                Some(Frame::Fits) => true,
                Some(Frame::Broken {
                    consistent: true, ..
                }) => false,
                Some(Frame::Broken {
                    consistent: false, ..
                })
                | None => size <= self.space,
            };
        if fits {
            self.pending += token.blank;
            self.space -= isize::try_from(token.blank).unwrap_or(INFINITE);
            // Written where the line stands: owed spaces stay owed.
            if let Some(no_break) = token.no_break {
                self.text.push(no_break);
                self.space -= 1;
            }
            return;
        }
        if let Some(pre_break) = token.pre_break {
            self.flush_pending();
            self.text.push(pre_break);
        }
        self.text.push('\n');
        let indent = shifted(self.indent, token.offset);
        self.pending = indent;
        self.space = line_space(indent);
        if !token.post_break.is_empty() {
            self.flush_pending();
            self.text.push_str(token.post_break);
            self.space -= isize::try_from(token.post_break.len()).unwrap_or(INFINITE);
        }
    }

    fn flush_pending(&mut self) {
        let _ = write!(self.text, "{:1$}", "", self.pending);
        self.pending = 0;
    }
}

/// `indent` moved by `offset` (never below the left edge).
fn shifted(indent: usize, offset: isize) -> usize {
    indent.saturating_add_signed(offset)
}
