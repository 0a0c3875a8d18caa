//! Reading a large YAML document in pieces, on two threads.
//!
//! libyaml reads about 25 MB/s, so a 4 MB platform spec spends most of its front stages here,
//! on one core. A block mapping's entries start on lines of one indentation, so a document in
//! block style (as generated specs are) can be cut at those lines into pieces that read as
//! mappings on their own: the top-level entries, and within an entry too large for one piece,
//! that entry's own entries (`paths`, then `components` and its `schemas`). The pieces are read
//! on two threads, each within the bounds of the document (from the depth it starts at), and
//! their mappings joined in order.
//!
//! A cut is tried, never trusted. A line at the cut indentation that looks like a key but is
//! not a new entry can only be inside a quoted scalar or a flow collection spanning lines (the
//! lines of block and plain scalars are indented deeper than their entry), which leaves the
//! piece before it unfinished, so that piece fails to read. Any failure (a piece that does not
//! read, a key in two pieces, an alias of another piece's anchor, nesting near the limit, the
//! budget spent) makes the caller read the whole text at once, which gives the exact error and
//! its position. Pieces either give the value the whole text gives, or nothing.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::de::DeserializeSeed;
use serde_json::{Map, Value};

use super::value::{Builder, Limits};

/// Below this size one read on one thread is as quick.
pub(crate) const MIN_BYTES: usize = 256 << 10;

/// How many pieces a document is cut into, about: enough for two threads to finish together.
const PIECES: usize = 32;

/// The value of a YAML `text`, read in pieces on two threads; `None` when the text cannot be
/// cut or a piece fails (the caller then reads it whole). `limits` are the whole document's.
pub(super) fn load(text: &str, limits: Limits) -> Option<Value> {
    load_in(text, limits, (text.len() / PIECES).max(1))
}

/// [`load`], with chunks of about `target` bytes.
pub(super) fn load_in(text: &str, limits: Limits, target: usize) -> Option<Value> {
    let (parts, chunks) = plan(text, limits, target)?;
    // Nesting near the parser's own limit is left to the whole read (its limit counts from the
    // document's root, a piece's parser from the piece's).
    let piece_limits = Limits {
        max_depth: limits.max_depth.saturating_sub(2),
        ..limits
    };
    let mut read: Vec<Option<Read>> = read_all(&chunks, piece_limits)?
        .into_iter()
        .map(Some)
        .collect();
    let mut spent = 0;
    let root = assemble(&parts, &mut read, &mut spent)?;
    (spent <= limits.budget).then_some(Value::Object(root))
}

/// How `text` is cut: the root mapping's parts, and the chunks they read; `None` when it is
/// not cut (no block mapping at the root, a document marker, a possible anchor).
fn plan(text: &str, limits: Limits, target: usize) -> Option<(Vec<Part>, Vec<Chunk<'_>>)> {
    // An alias in one piece of an anchor in another would fail that piece, but serde_norway
    // also bounds alias repetition per document, which pieces would not add up: texts with
    // anchors are read whole.
    if may_hold_anchor(text) {
        return None;
    }
    cut(text, &lines(text), limits, target)
}

/// [`plan`] of text already split into `lines`.
fn cut<'t>(
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
        max_depth: super::MAX_YAML_DEPTH,
        max_string: super::MAX_STRING_BYTES,
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

/// Whether `&` starts a node somewhere (after a space, a flow indicator or at a line's start,
/// and followed by a name): an anchor, or text that only looks like one.
fn may_hold_anchor(text: &str) -> bool {
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
enum Kind {
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
struct Line {
    /// Byte offset of its first byte.
    start: usize,
    /// Byte offset past its last byte, before the line break.
    end: usize,
    /// Leading spaces.
    indent: usize,
    kind: Kind,
}

fn lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 32);
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr_newline(bytes, start);
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

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&byte| byte == b'\n')
        .map_or(bytes.len(), |at| from + at)
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
enum Part {
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
struct Chunk<'t> {
    text: &'t str,
    depth: usize,
    /// The lines its entries start on.
    starts: Vec<usize>,
    /// The line after its last.
    end_line: usize,
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

/// A chunk's mapping and what it cost of the budget.
type Read = (Map<String, Value>, usize);

/// Reads every chunk, on this thread and one more; `None` when any fails.
fn read_all(chunks: &[Chunk<'_>], limits: Limits) -> Option<Vec<Read>> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let results: Mutex<Vec<(usize, Read)>> = Mutex::new(Vec::with_capacity(chunks.len()));
    let work = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            if index >= chunks.len() || failed.load(Ordering::Relaxed) {
                break;
            }
            match read_chunk(&chunks[index], limits) {
                Some(read) => done.push((index, read)),
                None => failed.store(true, Ordering::Relaxed),
            }
        }
        if let Ok(mut results) = results.lock() {
            results.extend(done);
        }
    };
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .name("oasgen-load".into())
            .stack_size(crate::deep_stack::STACK_BYTES)
            .spawn_scoped(scope, work);
        work();
        // A helper that could not start leaves its share to this thread, which took it.
        if let Ok(helper) = helper
            && helper.join().is_err()
        {
            failed.store(true, Ordering::Relaxed);
        }
    });
    let mut results = results.into_inner().ok()?;
    if failed.load(Ordering::Relaxed) || results.len() != chunks.len() {
        return None;
    }
    results.sort_unstable_by_key(|(index, _)| *index);
    Some(results.into_iter().map(|(_, read)| read).collect())
}

fn read_chunk(chunk: &Chunk<'_>, limits: Limits) -> Option<Read> {
    let builder = Builder::new(limits);
    let value = builder
        .at_depth(chunk.depth)
        .deserialize(serde_norway::Deserializer::from_str(chunk.text))
        .ok()?;
    match value {
        Value::Object(map) => Some((map, builder.spent())),
        _ => None,
    }
}

/// The mapping of `parts`, from the chunks' mappings (each taken once); `None` on a key found
/// in two parts. Adds to `spent` what the whole read charges for them (or a little more: each
/// chunk pays for entering its mapping, which the whole read enters once).
fn assemble(
    parts: &[Part],
    read: &mut [Option<Read>],
    spent: &mut usize,
) -> Option<Map<String, Value>> {
    let mut map = Map::new();
    for part in parts {
        match part {
            Part::Entries(index) => {
                let (entries, cost) = read.get_mut(*index)?.take()?;
                *spent += cost;
                for (key, value) in entries {
                    if map.insert(key, value).is_some() {
                        return None;
                    }
                }
            }
            Part::Nested { key, parts, .. } => {
                *spent += 1 + key.len();
                let value = Value::Object(assemble(parts, read, spent)?);
                if map.insert(key.clone(), value).is_some() {
                    return None;
                }
            }
        }
    }
    Some(map)
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

#[cfg(test)]
mod tests;
