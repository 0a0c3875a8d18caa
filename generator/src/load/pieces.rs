//! Reading a large YAML document in pieces, on two threads.
//!
//! libyaml reads about 25 MB/s, so a 4 MB platform spec spends most of its front stages here,
//! on one core. The document is cut where `cut` says its block mappings' entries start; the
//! pieces are read on two threads, each within the bounds of the document (from the depth it
//! starts at), and their mappings joined in order.
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

use super::cut::{Chunk, Part, plan};
use super::value::{Builder, Limits};

/// Below this size one read on one thread is as quick.
pub(crate) const MIN_BYTES: usize = 64 << 10;

/// How many pieces a document is cut into, about: enough for two threads to finish together.
const PIECES: usize = 32;

/// The value of a YAML `text`, read in pieces of about `target` bytes on two threads; `None`
/// when the text cannot be cut or a piece fails (the caller then reads it whole). `limits` are
/// the whole document's.
pub(super) fn load_in(text: &str, limits: Limits, target: usize) -> Option<Value> {
    read_planned(plan(text, limits, target)?, limits)
}

/// How a document is cut: the parts it is joined from, and the chunks read.
pub(super) type Planned<'t> = (Vec<Part>, Vec<Chunk<'t>>);

/// The loader's cut of `text` (about [`PIECES`] pieces), made apart from the reading (the
/// caller scans the text for other things meanwhile); `None` when it cannot be cut.
pub(super) fn plan_pieces(text: &str, limits: Limits) -> Option<Planned<'_>> {
    plan(text, limits, (text.len() / PIECES).max(1))
}

/// The value of a document cut as `planned`, its pieces read on two threads; `None` when a
/// piece fails.
pub(super) fn read_planned((parts, chunks): Planned<'_>, limits: Limits) -> Option<Value> {
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

/// A chunk's mapping and what it cost of the budget.
type Read = (Map<String, Value>, usize);

/// Reads every chunk, on this thread and one more of the pool; `None` when any fails.
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
    // A chunk that panics the parser (a bug of its) on the other thread leaves the text to the
    // whole read; here, the panic goes on (the fuzzer's comparison of the two reads sees it).
    let guarded = || {
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).is_err() {
            failed.store(true, Ordering::Relaxed);
        }
    };
    crate::parallel::join(work, guarded);
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

#[cfg(test)]
mod tests;
