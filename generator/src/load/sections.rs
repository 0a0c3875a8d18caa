//! Narrowing the search for a pointer's node down to the lines of one entry of a large YAML
//! text, by the cut (`cut`): the spec is read once more to locate warnings, and one entry's
//! lines parse in a fraction of the time the whole text takes.

use super::MAX_STRING_BYTES;
use super::MAX_YAML_DEPTH;
use super::cut::{Chunk, Line, Part, cut, lines, may_hold_anchor};
use super::value::Limits;

/// Where, by the cut, the node a pointer names lies: within the lines of one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Section {
    /// Byte offset of the entry's first line.
    pub start: usize,
    /// Byte offset past its last line (and its break).
    pub end: usize,
    /// The 0-based line the entry starts on.
    pub first_line: usize,
    /// How many of the pointer's tokens lead to the mapping the entry is in: the next one is
    /// the entry's key.
    pub depth: usize,
}

/// Entries this small are not cut further when narrowing pointers down to a section.
const SECTION_BYTES: usize = 4 << 10;

/// The [`Section`] of each pointer's node (given as its tokens) in a YAML text, found by the
/// keys on the lines entries start on; `None` where the cut does not narrow it down (the text
/// is not cut, or the key is not written plainly or in simple quotes). A key is found by its
/// text alone: the caller reads the section to confirm it.
pub(crate) fn sections(text: &str, pointers: &[Vec<String>]) -> Vec<Option<Section>> {
    let limits = Limits {
        max_depth: MAX_YAML_DEPTH,
        max_string: MAX_STRING_BYTES,
        budget: usize::MAX,
    };
    let lines = lines(text);
    let Some((parts, chunks)) = (!may_hold_anchor(text))
        .then(|| cut(text, &lines, limits, SECTION_BYTES))
        .flatten()
    else {
        return vec![None; pointers.len()];
    };
    pointers
        .iter()
        .map(|tokens| section_of(text, &lines, &parts, &chunks, tokens))
        .collect()
}

fn section_of(
    text: &str,
    lines: &[Line],
    mut parts: &[Part],
    chunks: &[Chunk<'_>],
    tokens: &[String],
) -> Option<Section> {
    let section = |(first, end): (usize, usize), depth: usize| {
        Some(Section {
            start: lines.get(first)?.start,
            end: lines.get(end).map_or(text.len(), |line| line.start),
            first_line: first,
            depth,
        })
    };
    // The deepest entry found so far on the pointer's way.
    let mut found = None;
    'tokens: for (depth, token) in tokens.iter().enumerate() {
        for part in parts {
            match part {
                Part::Nested {
                    key,
                    parts: nested,
                    lines: entry,
                } if key == token => {
                    found = section(*entry, depth);
                    parts = nested;
                    continue 'tokens;
                }
                Part::Nested { .. } => {}
                Part::Entries(index) => {
                    let chunk = chunks.get(*index)?;
                    for (at, &start) in chunk.starts.iter().enumerate() {
                        let line = lines.get(start)?;
                        if starts_with_key(&text[line.start..line.end], token) {
                            let end = chunk.starts.get(at + 1).copied();
                            return section((start, end.unwrap_or(chunk.end_line)), depth);
                        }
                    }
                }
            }
        }
        break;
    }
    found
}

/// Whether an entry's first line starts with `key` and its `:`, the key written plainly or in
/// quotes without escapes.
fn starts_with_key(line: &str, key: &str) -> bool {
    let line = line.trim_start_matches(' ');
    let after = |rest: Option<&str>| {
        rest.and_then(|rest| rest.strip_prefix(':'))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\r']))
    };
    let quoted = |quote: char| {
        !key.contains(quote)
            && !key.contains('\\')
            && after(
                line.strip_prefix(quote)
                    .and_then(|rest| rest.strip_prefix(key))
                    .and_then(|rest| rest.strip_prefix(quote)),
            )
    };
    after(line.strip_prefix(key)) || quoted('"') || quoted('\'')
}
