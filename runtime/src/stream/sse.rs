//! The Server-Sent Events decoder: the WHATWG HTML "event stream interpretation", fed
//! arbitrary chunks.
//!
//! Lines end at CRLF, LF or CR; a CR that ends one chunk may have its LF in the next, so the
//! decoder remembers it. Bytes are kept until their line is complete and only then read as
//! UTF-8, so a character split across chunks arrives whole. A UTF-8 byte order mark at the
//! very start is skipped.

use std::collections::VecDeque;
use std::time::Duration;

use super::line::{LineSink, split};
use super::{Event, FrameError};

/// Frames Server-Sent Events from chunks of bytes.
#[derive(Debug)]
pub struct SseDecoder {
    limit: usize,
    /// The bytes of a line still arriving.
    pending: Vec<u8>,
    /// The last chunk ended with CR: an LF starting the next one belongs to that line end.
    after_cr: bool,
    state: EventState,
}

/// The event being assembled, and what outlives it.
#[derive(Debug)]
struct EventState {
    /// The first line is still to come (it may start with a byte order mark).
    at_start: bool,
    data: String,
    has_data: bool,
    event: Option<String>,
    retry: Option<Duration>,
    /// The last event id set; it outlives events, as the standard says.
    last_id: Option<String>,
    /// Whether any field of the current event has been read (for `finish`).
    started: bool,
    index: usize,
}

/// Where complete lines go: the event state, and the queue of finished events.
struct Fields<'a> {
    limit: usize,
    state: &'a mut EventState,
    out: &'a mut VecDeque<Event<String>>,
}

impl SseDecoder {
    /// A decoder bounding each event (data plus the line being read) to `limit` bytes.
    pub fn new(limit: usize) -> Self {
        SseDecoder {
            limit,
            pending: Vec::new(),
            after_cr: false,
            state: EventState {
                at_start: true,
                data: String::new(),
                has_data: false,
                event: None,
                retry: None,
                last_id: None,
                started: false,
                index: 0,
            },
        }
    }

    /// The index of the next event.
    pub fn index(&self) -> usize {
        self.state.index
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
        // A CR ending the chunk ends a line; its LF, if any, starts the next chunk.
        self.after_cr = chunk.last() == Some(&b'\r');
        let find_end = |bytes: &[u8]| {
            memchr::memchr2(b'\r', b'\n', bytes).map(|end| match &bytes[end..] {
                [b'\r', b'\n', ..] => (end, 2),
                _ => (end, 1),
            })
        };
        let mut fields = Fields {
            limit: self.limit,
            state: &mut self.state,
            out,
        };
        split(&mut self.pending, chunk, find_end, &mut fields).map_err(|_| FrameError::TooLarge {
            index: self.state.index,
            limit: self.limit,
        })
    }

    /// The stream has ended: an event whose blank line never came is refused (the standard
    /// drops it silently; a typed client would then miss the truncation).
    pub fn finish(&mut self) -> Result<(), FrameError> {
        let unread_field = !self.pending.is_empty() && self.pending[0] != b':';
        if self.state.started || unread_field {
            return Err(FrameError::Truncated {
                index: self.state.index,
            });
        }
        Ok(())
    }
}

impl LineSink for Fields<'_> {
    fn room(&self) -> usize {
        self.limit.saturating_sub(self.state.data.len())
    }

    fn line(&mut self, line: &[u8]) {
        self.state.read_line(line, self.out);
    }
}

impl EventState {
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
                self.started = true;
            }
            "event" => {
                self.event = Some(value.to_string());
                self.started = true;
            }
            "id" if !value.contains('\0') => {
                self.last_id = Some(value.to_string()).filter(|id| !id.is_empty());
                self.started = true;
            }
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok().map(Duration::from_millis);
                self.started = true;
            }
            _ => {}
        }
    }

    /// A blank line: the event is complete. One without data is no event (the standard's
    /// rule), only its `event:` name is forgotten.
    fn dispatch(&mut self, out: &mut VecDeque<Event<String>>) {
        let retry = self.retry.take();
        let event = self.event.take();
        self.started = false;
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
