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

/// Where the entries of a YAML text are, by the cut: what [`Section`]s are found by. Worked out
/// once per text, before the pointers are known (the pipeline does it while lowering settles),
/// and owning no part of the text.
#[derive(Debug)]
pub(crate) struct SectionIndex {
    lines: Vec<Line>,
    parts: Vec<Part>,
    /// Each chunk's entry lines and the line after its last.
    chunks: Vec<(Vec<usize>, usize)>,
}

impl SectionIndex {
    /// The index of `text`; `None` when the text is not cut (no block mapping at the root, a
    /// document marker, a possible anchor).
    pub(crate) fn of(text: &str) -> Option<SectionIndex> {
        let limits = Limits {
            max_depth: MAX_YAML_DEPTH,
            max_string: MAX_STRING_BYTES,
            budget: usize::MAX,
        };
        if may_hold_anchor(text) {
            return None;
        }
        let lines = lines(text);
        let (parts, chunks) = cut(text, &lines, limits, SECTION_BYTES)?;
        let chunks = chunks
            .into_iter()
            .map(|chunk: Chunk<'_>| (chunk.starts, chunk.end_line))
            .collect();
        Some(SectionIndex {
            lines,
            parts,
            chunks,
        })
    }

    /// The [`Section`] of each pointer's node (given as its tokens) in `text`, the text this
    /// index is of, found by the keys on the lines entries start on; `None` where the cut does
    /// not narrow it down (the key is not written plainly or in simple quotes). A key is found
    /// by its text alone: the caller reads the section to confirm it.
    pub(crate) fn sections(&self, text: &str, pointers: &[Vec<String>]) -> Vec<Option<Section>> {
        pointers
            .iter()
            .map(|tokens| section_of(text, &self.lines, &self.parts, &self.chunks, tokens))
            .collect()
    }
}

fn section_of(
    text: &str,
    lines: &[Line],
    mut parts: &[Part],
    chunks: &[(Vec<usize>, usize)],
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
                    let (starts, end_line) = chunks.get(*index)?;
                    for (at, &start) in starts.iter().enumerate() {
                        let line = lines.get(start)?;
                        if starts_with_key(text.get(line.start..line.end)?, token) {
                            let end = starts.get(at + 1).copied();
                            return section((start, end.unwrap_or(*end_line)), depth);
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
