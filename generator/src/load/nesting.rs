//! A quick scan for absurd `[`/`{` nesting in YAML text, before libyaml sees it.
//!
//! libyaml keeps one "simple key" slot per open flow collection and checks them all on every
//! token, so its time grows with (tokens × flow depth): 100 000 nested `[` take over half a
//! minute before the YAML parser's own depth limit (128) can refuse them, because that limit is
//! applied only after the whole event stream is read. This scan bounds the flow depth first.
//!
//! It is a heuristic, built to err towards *under*-counting (an under-count costs only time,
//! the parser still enforces its limit; an over-count would refuse a good document): brackets
//! count only in flow context or where a node starts (`key: [`, `- {`, line start), and quoted
//! scalars, comments and block scalars (`|`, `>`) are skipped.

/// Where flow nesting first exceeds `limit`, as 1-based (line, column); `None` when it never
/// does.
pub(super) fn flow_depth_exceeds(text: &str, limit: usize) -> Option<(usize, usize)> {
    let mut scan = Scan::default();
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        scan.column += 1;
        if let Some(indent) = scan.block_scalar_indent {
            if scan.at_line_start && c != '\n' {
                if c == ' ' {
                    continue;
                }
                // First non-space of a line: content goes on while it is more indented.
                if scan.column - 1 > indent {
                    scan.at_line_start = false;
                    continue;
                }
                scan.block_scalar_indent = None;
                scan.indent = scan.column - 1;
            } else if c != '\n' {
                continue;
            }
        }
        match c {
            '\n' => {
                scan.newline();
                continue;
            }
            ' ' | '\t' | '\r' => {
                if scan.at_line_start {
                    scan.indent += 1;
                }
                if scan.previous != ' ' {
                    scan.before_previous = scan.previous;
                    scan.previous = ' ';
                }
                continue;
            }
            _ => {}
        }
        let at_line_start = std::mem::replace(&mut scan.at_line_start, false);
        let in_flow = scan.flow_depth > 0;
        let node_start = at_line_start
            || scan.after_indicator()
            || (in_flow && " [{,:?".contains(scan.previous));
        match c {
            '#' if scan.previous == ' ' || at_line_start => {
                // A comment runs to the end of the line.
                while chars.next_if(|(_, next)| *next != '\n').is_some() {}
            }
            '"' | '\'' if node_start => {
                scan.skip_quoted(c, &mut chars);
            }
            '|' | '>' if !in_flow && node_start => {
                scan.block_scalar_indent = Some(scan.indent);
            }
            '[' | '{' if in_flow || node_start => {
                scan.flow_depth += 1;
                if scan.flow_depth > limit {
                    return Some((scan.line, scan.column));
                }
            }
            ']' | '}' if scan.flow_depth > 0 => scan.flow_depth -= 1,
            _ => {}
        }
        scan.before_previous = scan.previous;
        scan.previous = c;
    }
    None
}

/// The scanner's position and context.
struct Scan {
    line: usize,
    column: usize,
    indent: usize,
    at_line_start: bool,
    flow_depth: usize,
    /// The last significant character (`' '` for any whitespace), and the one before it.
    previous: char,
    before_previous: char,
    /// Inside a block scalar: the indentation of the line that opened it.
    block_scalar_indent: Option<usize>,
}

impl Default for Scan {
    fn default() -> Self {
        Scan {
            line: 1,
            column: 0,
            indent: 0,
            at_line_start: true,
            flow_depth: 0,
            previous: ' ',
            before_previous: ' ',
            block_scalar_indent: None,
        }
    }
}

impl Scan {
    fn newline(&mut self) {
        self.line += 1;
        self.column = 0;
        self.indent = 0;
        self.at_line_start = true;
        self.previous = ' ';
        self.before_previous = ' ';
    }

    /// Whether the text just before is `: `, `- ` or `? `, after which a block node starts.
    fn after_indicator(&self) -> bool {
        self.previous == ' ' && matches!(self.before_previous, ':' | '-' | '?')
    }

    /// Skips a quoted scalar (which may span lines) up to its closing quote.
    fn skip_quoted(
        &mut self,
        quote: char,
        chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    ) {
        while let Some((_, c)) = chars.next() {
            self.column += 1;
            match c {
                '\n' => {
                    self.line += 1;
                    self.column = 0;
                }
                '\\' if quote == '"' => {
                    if let Some((_, escaped)) = chars.next() {
                        self.column += 1;
                        if escaped == '\n' {
                            self.line += 1;
                            self.column = 0;
                        }
                    }
                }
                '\'' if quote == '\'' => {
                    if chars.next_if(|(_, next)| *next == '\'').is_some() {
                        self.column += 1;
                    } else {
                        return;
                    }
                }
                '"' if quote == '"' => return,
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_over(text: &str, limit: usize) -> Option<(usize, usize)> {
        flow_depth_exceeds(text, limit)
    }

    #[test]
    fn counts_flow_nesting() {
        assert_eq!(depth_over("a: [[[1]]]\n", 3), None);
        assert_eq!(depth_over("a: [[[[1]]]]\n", 3), Some((1, 7)));
        assert_eq!(depth_over("- {a: {b: [x]}}\n", 2), Some((1, 11)));
        assert_eq!(depth_over("[\n[\n[\n", 2), Some((3, 1)));
    }

    #[test]
    fn brackets_in_text_do_not_count() {
        let text = "a: see [1] and [[[\nb: '[[[['\nc: \"{{{\\\"{\"\nd: it's [[[\n# [[[[\ne: |\n  [[[[\n  {{{{\nf: x\n";
        assert_eq!(depth_over(text, 1), None);
        // Inside flow context, quotes start scalars after `,` and `[`.
        assert_eq!(depth_over("a: [']]]', \"]]\", [x]]\n", 1), Some((1, 18)));
    }

    #[test]
    fn block_scalars_end_at_a_less_indented_line() {
        let text = "a:\n  b: >\n    [[[[\n  c: [[[x]]]\n";
        assert_eq!(depth_over(text, 2), Some((4, 8)));
    }
}
