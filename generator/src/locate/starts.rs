//! Where libyaml says a node starts, from the span the event parser gives it.
//!
//! Both put most nodes at the start of their first token (anchor, tag or content). They differ
//! where a node has no token of its own, or where saphyr's token is not where libyaml's is:
//!
//! - an empty value (`key:`, `-` alone, `{key: }`): libyaml puts it right after the `:` or `-`
//!   before it, or in a flow collection at the `,` `}` or `]` after it; saphyr at the `:`, or after
//!   the `-` and the spaces and comment that follow it;
//! - a block scalar (`|`, `>`): libyaml at its indicator, saphyr at its first line of content;
//! - a sequence that is a mapping's value without indentation (`key:` then `- a`): libyaml at its
//!   first `-`, saphyr after it.
//!
//! A node with an anchor or a tag starts at that in both, whatever its content.

use saphyr_parser::{Event, ScalarStyle, Span};

use super::marks::{Marks, is_break};

/// Where a node stands in its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// The document's root.
    Root,
    /// A mapping key.
    Key,
    /// A mapping value.
    Value,
    /// A sequence item.
    Item,
}

/// The character index of the node of `event`, as libyaml places it. `previous_end` is where
/// the event before it ended.
pub(super) fn start_index(
    marks: &mut Marks<'_>,
    event: &Event<'_>,
    span: Span,
    role: Role,
    previous_end: usize,
) -> usize {
    let start = span.start.index();
    match event {
        Event::Scalar(text, ScalarStyle::Plain, 0, None) if text.is_empty() => {
            empty_value(marks, start, role)
        }
        Event::Scalar(_, ScalarStyle::Literal | ScalarStyle::Folded, 0, None) => {
            // Between the event before and the header: spaces, comments and indicators.
            let (offset, first) = next_token(marks.text_from(previous_end), true);
            match first {
                Some('|' | '>') => previous_end + offset,
                _ => start,
            }
        }
        Event::SequenceStart(0, None) if role == Role::Value => {
            trailing_dash(marks.line_before(start)).map_or(start, |back| start.saturating_sub(back))
        }
        _ => start,
    }
}

/// An empty value (saphyr's span is empty, at the `:` or after the `-`).
fn empty_value(marks: &mut Marks<'_>, start: usize, role: Role) -> usize {
    match role {
        Role::Item => trailing_dash(marks.line_before(start))
            .map_or(start, |back| start.saturating_sub(back) + 1),
        Role::Value if marks.text_from(start).starts_with(':') => {
            let after = start + 1;
            // A flow collection goes on with `,`, `}` or `]`, which no block token starts with.
            match next_token(marks.text_from(after), false) {
                (offset, Some(',' | '}' | ']')) => after + offset,
                _ => after,
            }
        }
        _ => start,
    }
}

/// The offset (in characters) and first character of the first token of `text`: spaces, tabs,
/// line breaks and comments are skipped, as libyaml skips them between two tokens, and with
/// `indicators` the indicators `-`, `:` and `?` as well.
fn next_token(text: &str, indicators: bool) -> (usize, Option<char>) {
    let mut in_comment = false;
    let mut chars = text.chars().peekable();
    let mut offset = 0;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let skipped_indicator = indicators && matches!(c, '-' | ':' | '?') && ends_token(next);
        if is_break(c, next) {
            in_comment = false;
        } else if c == '#' {
            // Where a token may start, `#` starts a comment (libyaml's `scan_to_next_token`).
            in_comment = true;
        } else if !in_comment && !skipped_indicator && !matches!(c, ' ' | '\t' | '\r') {
            return (offset, Some(c));
        }
        offset += 1;
    }
    (offset, None)
}

/// When the last token of `line` is a block `-` indicator (comments aside), how many characters
/// before the end of `line` it is.
fn trailing_dash(line: &str) -> Option<usize> {
    let mut dash = None;
    let mut token_start = true;
    let mut chars = line.chars().enumerate().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, next)| next);
        if c == '#' && token_start {
            break;
        }
        if matches!(c, ' ' | '\t') {
            token_start = true;
            continue;
        }
        if token_start {
            dash = (c == '-' && ends_token(next)).then_some(at);
        }
        token_start = false;
    }
    dash.map(|at| line.chars().count() - at)
}

/// Whether an indicator followed by `next` is a token of its own (not the start of a scalar
/// such as `-1`).
fn ends_token(next: Option<char>) -> bool {
    next.is_none_or(|next| matches!(next, ' ' | '\t' | '\r' | '\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_start_after_spaces_comments_and_indicators() {
        assert_eq!(next_token(" # note\n  , b}", false), (10, Some(',')));
        assert_eq!(next_token("  ", false), (2, None));
        assert_eq!(next_token(": |", false), (0, Some(':')));
        assert_eq!(next_token(":\n- # c\n  >-", true), (10, Some('>')));
        assert_eq!(next_token(" -1", true), (1, Some('-')));
    }

    #[test]
    fn a_line_may_end_with_a_dash() {
        assert_eq!(trailing_dash("- "), Some(2));
        assert_eq!(trailing_dash("  - -   # note -"), Some(12));
        assert_eq!(trailing_dash("  -"), Some(1));
        assert_eq!(trailing_dash("- key: "), None);
        assert_eq!(trailing_dash("- -1 "), None);
        assert_eq!(trailing_dash("a#- "), None);
    }
}
