//! Where a block-style YAML text can be cut: the lines its block mappings' entries start on,
//! read from the text alone (indentation, and what a line starts with), without parsing it.
//!
//! A block mapping's entries start on lines of one indentation, so a document in block style
//! (as generated specs are) can be cut at those lines into texts that read as mappings on their
//! own: the top-level entries, and within an entry too large for one piece, that entry's own
//! entries (`paths`, then `components` and its `schemas`). What the cut says is a guess to be
//! checked by parsing: `pieces` reads each piece (and reads the whole text on any doubt),
//! `sections` narrows the search for a pointer's node down to one entry's lines.

use serde::de::DeserializeSeed;
use serde_json::Value;

use super::nesting::end_of_line;
use super::value::{Builder, Limits};

/// How `text` is cut: the root mapping's parts, and the chunks they read; `None` when it is
/// not cut (no block mapping at the root, a document marker, a possible anchor).
pub(super) fn plan(
    text: &str,
    limits: Limits,
    target: usize,
) -> Option<(Vec<Part>, Vec<Chunk<'_>>)> {
    // An alias in one piece of an anchor in another would fail that piece, but serde_norway
    // also bounds alias repetition per document, which pieces would not add up: texts with
    // anchors are read whole.
    if may_hold_anchor(text) {
        return None;
    }
    cut(text, &lines(text), limits, target)
}

/// [`plan`] of text already split into `lines`.
pub(super) fn cut<'t>(
    text: &'t str,
    lines: &[Line],
    limits: Limits,
    target: usize,
) -> Option<(Vec<Part>, Vec<Chunk<'t>>)> {
    let first = lines.iter().position(|line| line.kind != Kind::Blank)?;
    let mut plan = Plan {
        text,
        lines,
        limits,
        target,
        chunks: Vec::new(),
    };
    let parts = plan.entries(first, lines.len(), 0, 0)?;
    Some((parts, plan.chunks))
}

/// Whether `&` starts a node somewhere (after a space, a flow indicator or at a line's start,
/// and followed by a name): an anchor, or text that only looks like one.
pub(super) fn may_hold_anchor(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(at, &byte)| {
        byte == b'&'
            && (at == 0 || matches!(bytes[at - 1], b' ' | b'\n' | b'[' | b'{' | b','))
            && bytes
                .get(at + 1)
                .is_some_and(|next| !matches!(next, b' ' | b'\n' | b'\r' | b'\t'))
    })
}

/// What a line is, as far as cutting goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Only spaces (or nothing).
    Blank,
    /// A comment line (or, inside a block scalar, text that looks like one).
    Comment,
    /// Starts like a mapping key: a plain or quoted scalar.
    Key,
    /// A document marker or directive at the start of a line: such texts are read whole.
    Marker,
    /// Anything else: a sequence item, a complex key, a flow collection, a tab.
    Other,
}

/// One line of the text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    /// Byte offset of its first byte.
    pub(super) start: usize,
    /// Byte offset past its last byte, before the line break.
    pub(super) end: usize,
    /// Leading spaces.
    pub(super) indent: usize,
    pub(super) kind: Kind,
}

pub(super) fn lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 32);
    let mut start = 0;
    while start < bytes.len() {
        let end = end_of_line(bytes, start);
        let line = &bytes[start..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let indent = line.iter().take_while(|&&byte| byte == b' ').count();
        let kind = match line.get(indent) {
            None => Kind::Blank,
            Some(b'#') => Kind::Comment,
            Some(_) if indent == 0 && is_marker(line) => Kind::Marker,
            Some(byte) if starts_key(*byte) => Kind::Key,
            Some(_) => Kind::Other,
        };
        lines.push(Line {
            start,
            end: start + line.len(),
            indent,
            kind,
        });
        start = end + 1;
    }
    lines
}

/// `---`, `...` or a `%` directive at the start of a line.
fn is_marker(line: &[u8]) -> bool {
    line.starts_with(b"---") || line.starts_with(b"...") || line.starts_with(b"%")
}

/// Whether a line whose first non-space byte is `byte` may start a mapping key: a plain scalar
/// (not an indicator) or a quoted one.
fn starts_key(byte: u8) -> bool {
    !matches!(
        byte,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'%'
            | b'@'
            | b'`'
            | b'\t'
    )
}

/// A part of a mapping, in the order of the text.
#[derive(Debug)]
pub(super) enum Part {
    /// Consecutive entries read together: the index of their chunk.
    Entries(usize),
    /// One entry whose own mapping is cut further: its key, that mapping's parts, and the lines
    /// the entry is on.
    Nested {
        key: String,
        parts: Vec<Part>,
        lines: (usize, usize),
    },
}

/// A text read on its own: consecutive entries of the mapping at `depth`.
#[derive(Debug)]
pub(super) struct Chunk<'t> {
    pub(super) text: &'t str,
    pub(super) depth: usize,
    /// The lines its entries start on.
    pub(super) starts: Vec<usize>,
    /// The line after its last.
    pub(super) end_line: usize,
}

/// How the text is cut.
struct Plan<'t, 'l> {
    text: &'t str,
    lines: &'l [Line],
    limits: Limits,
    /// The size a chunk grows to before the next entry starts another.
    target: usize,
    chunks: Vec<Chunk<'t>>,
}

impl<'t> Plan<'t, '_> {
    /// The parts of the block mapping on lines `from..to` whose entries start at `indent`,
    /// `depth` levels into the document; `None` when those lines do not look like one.
    fn entries(
        &mut self,
        from: usize,
        to: usize,
        indent: usize,
        depth: usize,
    ) -> Option<Vec<Part>> {
        let mut starts = Vec::new();
        for (index, line) in self.lines[from..to].iter().enumerate() {
            match line.kind {
                Kind::Blank | Kind::Comment => {}
                Kind::Marker => return None,
                Kind::Key | Kind::Other if line.indent < indent => return None,
                Kind::Key if line.indent == indent => starts.push(from + index),
                Kind::Key | Kind::Other => {
                    if starts.is_empty() {
                        return None;
                    }
                }
            }
        }
        starts.first()?;
        let mut parts = Vec::new();
        // Lines before the first entry are blank or comments: they go with it.
        let mut pending = from;
        for (index, &start) in starts.iter().enumerate() {
            let end = starts.get(index + 1).copied().unwrap_or(to);
            if self.bytes(start, end) <= self.target {
                if self.bytes(pending, end) >= self.target {
                    self.close(&mut parts, &starts, (pending, end), depth);
                    pending = end;
                }
                continue;
            }
            if let Some(nested) = self.nested(start, end, depth) {
                self.close(&mut parts, &starts, (pending, start), depth);
                parts.push(nested);
            } else {
                self.close(&mut parts, &starts, (pending, end), depth);
            }
            pending = end;
        }
        self.close(&mut parts, &starts, (pending, to), depth);
        Some(parts)
    }

    /// The entry on lines `start..end` cut into its own entries, when its first line is a key
    /// alone and the lines after it hold a block mapping.
    fn nested(&mut self, start: usize, end: usize, depth: usize) -> Option<Part> {
        let header = self.lines[start];
        let header_text = &self.text[header.start..header.end];
        if !header_text.trim_end().ends_with(':') {
            return None;
        }
        let key = header_key(header_text, self.limits)?;
        let body = start
            + 1
            + self.lines[start + 1..end]
                .iter()
                .position(|line| !matches!(line.kind, Kind::Blank | Kind::Comment))?;
        let indent = self.lines[body].indent;
        if indent <= header.indent || self.lines[body].kind != Kind::Key {
            return None;
        }
        let parts = self.entries(start + 1, end, indent, depth + 1)?;
        Some(Part::Nested {
            key,
            parts,
            lines: (start, end),
        })
    }

    /// Makes lines `from..to` (if any) a chunk of the mapping at `depth`.
    fn close(
        &mut self,
        parts: &mut Vec<Part>,
        starts: &[usize],
        (from, to): (usize, usize),
        depth: usize,
    ) {
        if from >= to {
            return;
        }
        let start = self.lines[from].start;
        // With the last line's break: a block scalar there keeps its final line break.
        let end = self
            .lines
            .get(to)
            .map_or(self.text.len(), |line| line.start);
        parts.push(Part::Entries(self.chunks.len()));
        let first = starts.partition_point(|&line| line < from);
        let last = starts.partition_point(|&line| line < to);
        self.chunks.push(Chunk {
            text: &self.text[start..end],
            depth,
            starts: starts[first..last].to_vec(),
            end_line: to,
        });
    }

    /// The bytes of lines `from..to`.
    fn bytes(&self, from: usize, to: usize) -> usize {
        if from >= to {
            return 0;
        }
        self.lines[to - 1].end - self.lines[from].start
    }
}

/// The key of an entry's first line (`  paths:`), as the loader reads keys.
fn header_key(header: &str, limits: Limits) -> Option<String> {
    let builder = Builder::new(limits);
    let value = builder
        .root()
        .deserialize(serde_norway::Deserializer::from_str(header))
        .ok()?;
    let Value::Object(map) = value else {
        return None;
    };
    let mut entries = map.into_iter();
    match (entries.next(), entries.next()) {
        (Some((key, Value::Null)), None) if key.len() <= limits.max_string => Some(key),
        _ => None,
    }
}
