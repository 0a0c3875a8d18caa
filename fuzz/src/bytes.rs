//! Byte-level mutations of the serialized text: what the loader (JSON and YAML parsers, UTF-8
//! and size checks) must survive.

use crate::rng::Rng;

/// Bytes worth inserting: JSON and YAML syntax, YAML anchors and tags, and bytes that make the
/// text invalid UTF-8.
const INTERESTING: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b",",
    b"\"",
    b"'",
    b"\n",
    b"\n  ",
    b" ",
    b"-",
    b"- ",
    b"&a ",
    b"*a",
    b"!!str ",
    b"!!binary ",
    b"<<: ",
    b"? ",
    b"|",
    b">",
    b"#",
    b"%YAML 1.2\n",
    b"---\n",
    b"...\n",
    b"\t",
    b"\\u0000",
    b"\\ud800",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"\0",
    b"1e999",
    b"-0",
    b"null",
    b"~",
];

/// The byte-level mutations, by name.
const NAMES: &[&str] = &[
    "truncate",
    "flip-bits",
    "insert",
    "delete-range",
    "duplicate-range",
];

/// Applies one random byte-level mutation to `text`; returns its name.
pub fn mutate(text: &mut Vec<u8>, rng: &mut Rng) -> &'static str {
    let choice = rng.below(NAMES.len());
    match choice {
        0 => text.truncate(rng.below(text.len() + 1)),
        1 => {
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(text.len());
                // Mostly the low seven bits: flipping the top bit of ASCII makes invalid UTF-8,
                // which the loader rejects first thing, and a few such cases are enough.
                let bit = if rng.chance(10) { 7 } else { rng.below(7) };
                if let Some(byte) = text.get_mut(at) {
                    *byte ^= 1 << bit;
                }
            }
        }
        2 => {
            let at = rng.below(text.len() + 1);
            let inserted = rng.pick(INTERESTING).copied().unwrap_or(b"");
            text.splice(at..at, inserted.iter().copied());
        }
        3 => {
            let (start, end) = range(text.len(), rng);
            text.drain(start..end);
        }
        _ => {
            let (start, end) = range(text.len(), rng);
            let copy = text.get(start..end).map(<[u8]>::to_vec).unwrap_or_default();
            let at = rng.below(text.len() + 1);
            text.splice(at..at, copy);
        }
    }
    NAMES.get(choice).copied().unwrap_or("byte")
}

/// A random range of at most 64 bytes within `0..length`, usually short.
fn range(length: usize, rng: &mut Rng) -> (usize, usize) {
    let start = rng.below(length + 1);
    let end = (start + 1 + rng.below(64)).min(length);
    (start, end.max(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mutation_runs_on_empty_and_tiny_texts() {
        let mut rng = Rng::new(4);
        for _ in 0..500 {
            let mut empty = Vec::new();
            mutate(&mut empty, &mut rng);
            let mut tiny = b"{}".to_vec();
            mutate(&mut tiny, &mut rng);
        }
    }

    #[test]
    fn mutations_change_text_and_are_deterministic() {
        let original = b"openapi: 3.1.0\ninfo:\n  title: x\n".to_vec();
        let run = |seed| {
            let mut rng = Rng::new(seed);
            let mut text = original.clone();
            let name = mutate(&mut text, &mut rng);
            (name, text)
        };
        assert_eq!(run(1), run(1));
        assert!((0..20).any(|seed| run(seed).1 != original));
    }
}
