//! The JSON Lines decoder: one record per line (LF, with an optional CR before it), blank
//! lines skipped, a record separator (U+001E, RFC 7464 JSON text sequences) before a record
//! skipped too. A last record without its newline is complete at the end of the stream.

use std::collections::VecDeque;

use super::line::{LineSink, split};
use super::{Event, FrameError};

/// The RFC 7464 record separator.
const RECORD_SEPARATOR: u8 = 0x1E;

/// Frames JSON Lines from chunks of bytes.
#[derive(Debug)]
pub struct LinesDecoder {
    limit: usize,
    /// The bytes of a line still arriving.
    pending: Vec<u8>,
    index: usize,
}

/// Where complete lines go: the records, counted.
struct Records<'a> {
    limit: usize,
    index: &'a mut usize,
    out: &'a mut VecDeque<Event<String>>,
}

impl LinesDecoder {
    /// A decoder bounding each line to `limit` bytes.
    pub fn new(limit: usize) -> Self {
        LinesDecoder {
            limit,
            pending: Vec::new(),
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
        chunk: &[u8],
        out: &mut VecDeque<Event<String>>,
    ) -> Result<(), FrameError> {
        let find_end = |bytes: &[u8]| memchr::memchr(b'\n', bytes).map(|end| (end, 1));
        let mut records = Records {
            limit: self.limit,
            index: &mut self.index,
            out,
        };
        split(&mut self.pending, chunk, find_end, &mut records).map_err(|_| FrameError::TooLarge {
            index: self.index,
            limit: self.limit,
        })
    }

    /// The stream has ended: a last line without its newline is a record.
    pub fn finish(&mut self, out: &mut VecDeque<Event<String>>) -> Result<(), FrameError> {
        let last = std::mem::take(&mut self.pending);
        let mut records = Records {
            limit: self.limit,
            index: &mut self.index,
            out,
        };
        records.line(&last);
        Ok(())
    }
}

impl LineSink for Records<'_> {
    fn room(&self) -> usize {
        self.limit
    }

    /// One complete line: a record unless blank.
    fn line(&mut self, mut line: &[u8]) {
        if let [rest @ .., b'\r'] = line {
            line = rest;
        }
        if let [RECORD_SEPARATOR, rest @ ..] = line {
            line = rest;
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            let record = String::from_utf8_lossy(line).into_owned();
            self.out.push_back(Event::new(record));
            *self.index += 1;
        }
    }
}
