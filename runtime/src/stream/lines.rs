//! The JSON Lines decoder: one record per line (LF, with an optional CR before it), blank
//! lines skipped, a record separator (U+001E, RFC 7464 JSON text sequences) before a record
//! skipped too. A last record without its newline is complete at the end of the stream.

use std::collections::VecDeque;

use super::{Event, FrameError};

/// The RFC 7464 record separator.
const RECORD_SEPARATOR: u8 = 0x1E;

/// Frames JSON Lines from chunks of bytes.
#[derive(Debug)]
pub struct LinesDecoder {
    limit: usize,
    line: Vec<u8>,
    index: usize,
}

impl LinesDecoder {
    /// A decoder bounding each line to `limit` bytes.
    pub fn new(limit: usize) -> Self {
        LinesDecoder {
            limit,
            line: Vec::new(),
            index: 0,
        }
    }

    /// The index of the next record.
    pub fn index(&self) -> usize {
        self.index
    }

    /// Reads `chunk`, appending each record it completes to `out`.
    pub fn push(
        &mut self,
        mut chunk: &[u8],
        out: &mut VecDeque<Event<String>>,
    ) -> Result<(), FrameError> {
        while let Some(end) = chunk.iter().position(|&b| b == b'\n') {
            self.extend(&chunk[..end])?;
            chunk = &chunk[end + 1..];
            self.complete(out);
        }
        self.extend(chunk)
    }

    /// The stream has ended: a last line without its newline is a record.
    pub fn finish(&mut self, out: &mut VecDeque<Event<String>>) -> Result<(), FrameError> {
        self.complete(out);
        Ok(())
    }

    fn extend(&mut self, bytes: &[u8]) -> Result<(), FrameError> {
        if self.line.len() + bytes.len() > self.limit {
            return Err(FrameError::TooLarge {
                index: self.index,
                limit: self.limit,
            });
        }
        self.line.extend_from_slice(bytes);
        Ok(())
    }

    fn complete(&mut self, out: &mut VecDeque<Event<String>>) {
        let mut line = self.line.as_slice();
        if let [rest @ .., b'\r'] = line {
            line = rest;
        }
        if let [RECORD_SEPARATOR, rest @ ..] = line {
            line = rest;
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            out.push_back(Event::new(String::from_utf8_lossy(line).into_owned()));
            self.index += 1;
        }
        self.line.clear();
    }
}
