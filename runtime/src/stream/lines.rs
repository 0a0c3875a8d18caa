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
        while let Some(end) = memchr::memchr(b'\n', chunk) {
            if self.line.is_empty() {
                // The whole line is in this chunk: read in place, not copied.
                self.check_size(end)?;
                self.record(&chunk[..end], out);
            } else {
                self.extend(&chunk[..end])?;
                let line = std::mem::take(&mut self.line);
                self.record(&line, out);
                self.line = line;
                self.line.clear();
            }
            chunk = &chunk[end + 1..];
        }
        self.extend(chunk)
    }

    /// The stream has ended: a last line without its newline is a record.
    pub fn finish(&mut self, out: &mut VecDeque<Event<String>>) -> Result<(), FrameError> {
        self.complete(out);
        Ok(())
    }

    fn extend(&mut self, bytes: &[u8]) -> Result<(), FrameError> {
        self.check_size(bytes.len())?;
        self.line.extend_from_slice(bytes);
        Ok(())
    }

    /// Refuses `more` bytes when the line would grow beyond the limit.
    fn check_size(&self, more: usize) -> Result<(), FrameError> {
        if self.line.len() + more > self.limit {
            return Err(FrameError::TooLarge {
                index: self.index,
                limit: self.limit,
            });
        }
        Ok(())
    }

    /// The line read so far is complete (the stream ended).
    fn complete(&mut self, out: &mut VecDeque<Event<String>>) {
        let line = std::mem::take(&mut self.line);
        self.record(&line, out);
    }

    /// One complete line: a record unless blank.
    fn record(&mut self, mut line: &[u8], out: &mut VecDeque<Event<String>>) {
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
    }
}
