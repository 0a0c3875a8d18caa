//! The Server-Sent Events decoder: the WHATWG HTML "event stream interpretation", fed
//! arbitrary chunks.
//!
//! Lines end at CRLF, LF or CR; a CR that ends one chunk may have its LF in the next, so the
//! decoder remembers it. Bytes are kept until their line is complete and only then read as
//! UTF-8, so a character split across chunks arrives whole. A UTF-8 byte order mark at the
//! very start is skipped.

use std::collections::VecDeque;
use std::time::Duration;

use super::{Event, FrameError};

/// Frames Server-Sent Events from chunks of bytes.
#[derive(Debug)]
pub struct SseDecoder {
    limit: usize,
    /// The bytes of the line being read.
    line: Vec<u8>,
    /// The last chunk ended with CR: an LF starting the next one belongs to that line end.
    after_cr: bool,
    /// The first line is still to come (it may start with a byte order mark).
    at_start: bool,
    /// The event being assembled.
    data: String,
    has_data: bool,
    event: Option<String>,
    retry: Option<Duration>,
    /// The last event id set; it outlives events, as the standard says.
    last_id: Option<String>,
    /// Whether any field of the current event has been read (for `finish`).
    pending: bool,
    index: usize,
}

impl SseDecoder {
    /// A decoder bounding each event (data plus the line being read) to `limit` bytes.
    pub fn new(limit: usize) -> Self {
        SseDecoder {
            limit,
            line: Vec::new(),
            after_cr: false,
            at_start: true,
            data: String::new(),
            has_data: false,
            event: None,
            retry: None,
            last_id: None,
            pending: false,
            index: 0,
        }
    }

    /// The index of the next event.
    pub fn index(&self) -> usize {
        self.index
    }

    /// Reads `chunk`, appending each event it completes to `out`.
    pub fn push(
        &mut self,
        mut chunk: &[u8],
        out: &mut VecDeque<Event<String>>,
    ) -> Result<(), FrameError> {
        // An empty chunk must not forget a pending CR.
        if chunk.is_empty() {
            return Ok(());
        }
        if std::mem::take(&mut self.after_cr) && chunk[0] == b'\n' {
            chunk = &chunk[1..];
        }
        while let Some(end) = memchr::memchr2(b'\r', b'\n', chunk) {
            let skip = match (chunk[end], chunk.get(end + 1)) {
                (b'\r', Some(b'\n')) => 2,
                (b'\r', None) => {
                    self.after_cr = true;
                    1
                }
                _ => 1,
            };
            if self.line.is_empty() {
                // The whole line is in this chunk: read in place, not copied.
                self.check_size(end)?;
                self.read_line(&chunk[..end], out);
            } else {
                self.extend_line(&chunk[..end])?;
                let line = std::mem::take(&mut self.line);
                self.read_line(&line, out);
                self.line = line;
                self.line.clear();
            }
            chunk = &chunk[end + skip..];
        }
        self.extend_line(chunk)
    }

    /// The stream has ended: an event whose blank line never came is refused (the standard
    /// drops it silently; a typed client would then miss the truncation).
    pub fn finish(&mut self) -> Result<(), FrameError> {
        let unread_field = !self.line.is_empty() && self.line[0] != b':';
        if self.pending || unread_field {
            return Err(FrameError::Truncated { index: self.index });
        }
        Ok(())
    }

    fn extend_line(&mut self, bytes: &[u8]) -> Result<(), FrameError> {
        self.check_size(bytes.len())?;
        self.line.extend_from_slice(bytes);
        Ok(())
    }

    /// Refuses `more` bytes when the event would grow beyond the limit.
    fn check_size(&self, more: usize) -> Result<(), FrameError> {
        if self.data.len() + self.line.len() + more > self.limit {
            return Err(FrameError::TooLarge {
                index: self.index,
                limit: self.limit,
            });
        }
        Ok(())
    }

    fn read_line(&mut self, mut line: &[u8], out: &mut VecDeque<Event<String>>) {
        if std::mem::take(&mut self.at_start) {
            // The mark arrives whole here, however the chunks split it.
            line = line.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line[0] == b':' {
            // A comment: keep-alives are sent this way.
            return;
        }
        let text = String::from_utf8_lossy(line);
        let (field, value) = match text.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (text.as_ref(), ""),
        };
        match field {
            "data" => {
                // One allocation for a one-line event, the common case.
                self.data.reserve(value.len() + 1);
                self.data.push_str(value);
                self.data.push('\n');
                self.has_data = true;
                self.pending = true;
            }
            "event" => {
                self.event = Some(value.to_string());
                self.pending = true;
            }
            "id" if !value.contains('\0') => {
                self.last_id = Some(value.to_string()).filter(|id| !id.is_empty());
                self.pending = true;
            }
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok().map(Duration::from_millis);
                self.pending = true;
            }
            _ => {}
        }
    }

    /// A blank line: the event is complete. One without data is no event (the standard's
    /// rule), only its `event:` name is forgotten.
    fn dispatch(&mut self, out: &mut VecDeque<Event<String>>) {
        let retry = self.retry.take();
        let event = self.event.take();
        self.pending = false;
        if !self.has_data {
            return;
        }
        self.has_data = false;
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        out.push_back(Event {
            event: event.filter(|name| !name.is_empty()),
            data,
            id: self.last_id.clone(),
            retry,
        });
        self.index += 1;
    }
}
