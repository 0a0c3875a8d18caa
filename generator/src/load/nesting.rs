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

/// The byte offset where flow nesting first exceeds `limit`; `None` when it never does. Works
/// on bytes: every character that matters is ASCII, and no byte of a multi-byte UTF-8 character
/// is.
pub(super) fn flow_depth_exceeds(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut scan = Scan::default();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte == b'\n' {
            at += 1;
            scan.newline(at);
            continue;
        }
        if let Some(parent_indent) = scan.block_scalar_indent {
            if !scan.at_line_start || (byte != b' ' && at - scan.line_start > parent_indent) {
                // Block scalar content (or the rest of its header line).
                at = end_of_line(bytes, at);
                continue;
            }
            if byte == b' ' {
                at += 1;
                continue;
            }
            // A line indented no more than the parent ends the block scalar.
            scan.block_scalar_indent = None;
            scan.indent = at - scan.line_start;
        }
        if matches!(byte, b' ' | b'\t' | b'\r') {
            if scan.at_line_start {
                scan.indent += 1;
            }
            scan.push(b' ');
            at += 1;
            continue;
        }
        let line_began = std::mem::replace(&mut scan.at_line_start, false);
        let in_flow = scan.flow_depth > 0;
        let node_start = line_began
            || (scan.previous == b' ' && matches!(scan.before_previous, b':' | b'-' | b'?'))
            || (in_flow && matches!(scan.previous, b' ' | b'[' | b'{' | b',' | b':' | b'?'));
        match byte {
            b'#' if scan.previous == b' ' => {
                at = end_of_line(bytes, at);
                continue;
            }
            b'"' | b'\'' if node_start => {
                at = scan.skip_quoted(bytes, at);
                scan.push(byte);
                continue;
            }
            b'|' | b'>' if !in_flow && node_start => scan.block_scalar_indent = Some(scan.indent),
            b'[' | b'{' if in_flow || node_start => {
                scan.flow_depth += 1;
                if scan.flow_depth > limit {
                    return Some(at);
                }
            }
            b']' | b'}' if in_flow => scan.flow_depth -= 1,
            _ if byte.is_ascii_alphanumeric() => {
                // Plain text, the bulk of any document: skip the run at once.
                while bytes.get(at + 1).is_some_and(u8::is_ascii_alphanumeric) {
                    at += 1;
                }
            }
            _ => {}
        }
        scan.push(byte);
        at += 1;
    }
    None
}

/// The offset of the next line break at or after `at` (or the end).
pub(super) fn end_of_line(bytes: &[u8], at: usize) -> usize {
    bytes[at..]
        .iter()
        .position(|&byte| byte == b'\n')
        .map_or(bytes.len(), |offset| at + offset)
}

/// The scanner's context.
struct Scan {
    /// Offset where the current line starts.
    line_start: usize,
    /// Spaces before the first significant character of the current line.
    indent: usize,
    at_line_start: bool,
    flow_depth: usize,
    /// The last significant byte (`b' '` for any whitespace), and the one before it.
    previous: u8,
    before_previous: u8,
    /// Inside a block scalar: the indentation of the line that opened it.
    block_scalar_indent: Option<usize>,
}

impl Default for Scan {
    fn default() -> Self {
        Scan {
            line_start: 0,
            indent: 0,
            at_line_start: true,
            flow_depth: 0,
            previous: b' ',
            before_previous: b' ',
            block_scalar_indent: None,
        }
    }
}

impl Scan {
    fn newline(&mut self, line_start: usize) {
        self.line_start = line_start;
        self.indent = 0;
        self.at_line_start = true;
        self.previous = b' ';
        self.before_previous = b' ';
    }

    /// Records a significant byte (runs of whitespace count once).
    fn push(&mut self, byte: u8) {
        if byte != b' ' || self.previous != b' ' {
            self.before_previous = self.previous;
            self.previous = byte;
        }
    }

    /// Skips the quoted scalar starting at `at` (which may span lines); returns the offset after
    /// its closing quote.
    fn skip_quoted(&mut self, bytes: &[u8], at: usize) -> usize {
        let quote = bytes[at];
        let mut at = at + 1;
        while let Some(&byte) = bytes.get(at) {
            at += 1;
            match byte {
                b'\n' => self.line_start = at,
                b'\\' if quote == b'"' => {
                    if bytes.get(at) == Some(&b'\n') {
                        self.line_start = at + 1;
                    }
                    at += 1;
                }
                b'\'' if quote == b'\'' && bytes.get(at) == Some(&b'\'') => at += 1,
                _ if byte == quote => return at,
                _ => {}
            }
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_over(text: &str, limit: usize) -> Option<(usize, usize)> {
        flow_depth_exceeds(text, limit).map(|at| crate::diagnostics::line_column_at(text, at))
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
