//! Event streams: Server-Sent Events (`text/event-stream`) and JSON Lines
//! (`application/jsonl`, `application/x-ndjson`, `application/json-seq`), framed from
//! arbitrary chunks of bytes, one event at a time, each within a size limit. The framing is
//! shared by the client (reading a response) and the server (writing one).
//!
//! The decoders are our own rather than a crate's: the maintained SSE parsers keep no bound
//! on an event's size (a server that never sends a blank line grows memory without end),
//! do not say which event failed, and would be one more dependency carried into every crate
//! that streams; the whole of the framing is two small state machines.

mod line;
pub mod lines;
pub mod sse;

use std::time::Duration;

/// The default bound on one event's size (its data and the line being read): 16 MiB.
pub const DEFAULT_EVENT_LIMIT: usize = 16 * 1024 * 1024;

/// One event of a stream: its data, typed, and for Server-Sent Events the fields beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The `event:` field, when the server named the event (`None` is the default,
    /// `message`).
    pub event: Option<String>,
    /// The data: the `data:` lines of an SSE event, or one JSON Lines record, decoded.
    pub data: T,
    /// The last `id:` the stream set (SSE), carried by every event after it, as the
    /// standard says.
    pub id: Option<String>,
    /// The `retry:` field of this event (SSE): how long the server asks a client to wait
    /// before reconnecting.
    pub retry: Option<Duration>,
}

impl<T> Event<T> {
    /// An event holding `data` and nothing else.
    pub fn new(data: T) -> Self {
        Event {
            event: None,
            data,
            id: None,
            retry: None,
        }
    }

    /// The event named `name` (SSE `event:`).
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.event = Some(name.into());
        self
    }

    /// The event with `id` (SSE `id:`).
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The event with a reconnection delay (SSE `retry:`).
    pub fn with_retry(mut self, retry: Duration) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The same event with its data changed by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Event<U> {
        Event {
            event: self.event,
            data: f(self.data),
            id: self.id,
            retry: self.retry,
        }
    }
}

/// How a stream is framed on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// Server-Sent Events.
    Sse,
    /// One JSON value per line (JSON Lines, NDJSON); a leading record separator (RFC 7464
    /// `application/json-seq`) is skipped.
    Lines,
}

/// Why a stream's bytes could not be framed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    /// An event (or the line being read) grew beyond the limit.
    TooLarge {
        /// The event's index, from 0.
        index: usize,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The stream ended inside an event: data had arrived but not the blank line (or
    /// newline) that completes it.
    Truncated {
        /// The index of the unfinished event.
        index: usize,
    },
}

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FrameError::TooLarge { index, limit } => {
                write!(f, "event {index} is larger than the limit of {limit} bytes")
            }
            FrameError::Truncated { index } => {
                write!(f, "the stream ended inside event {index}")
            }
        }
    }
}

impl std::error::Error for FrameError {}

/// Frames a stream of either kind, chunk by chunk.
#[derive(Debug)]
pub enum Decoder {
    /// Server-Sent Events.
    Sse(sse::SseDecoder),
    /// JSON Lines.
    Lines(lines::LinesDecoder),
}

impl Decoder {
    /// A decoder for `framing` bounding each event to `limit` bytes.
    pub fn new(framing: Framing, limit: usize) -> Self {
        match framing {
            Framing::Sse => Decoder::Sse(sse::SseDecoder::new(limit)),
            Framing::Lines => Decoder::Lines(lines::LinesDecoder::new(limit)),
        }
    }

    /// Reads `chunk`, appending every event it completes to `out`.
    pub fn push(
        &mut self,
        chunk: &[u8],
        out: &mut std::collections::VecDeque<Event<String>>,
    ) -> Result<(), FrameError> {
        match self {
            Decoder::Sse(decoder) => decoder.push(chunk, out),
            Decoder::Lines(decoder) => decoder.push(chunk, out),
        }
    }

    /// The stream has ended: appends a last event that needs no terminator (a final JSON
    /// line without its newline), or refuses an unfinished one.
    pub fn finish(
        &mut self,
        out: &mut std::collections::VecDeque<Event<String>>,
    ) -> Result<(), FrameError> {
        match self {
            Decoder::Sse(decoder) => decoder.finish(),
            Decoder::Lines(decoder) => decoder.finish(out),
        }
    }

    /// How many events have been completed so far: the index of the next one.
    pub fn index(&self) -> usize {
        match self {
            Decoder::Sse(decoder) => decoder.index(),
            Decoder::Lines(decoder) => decoder.index(),
        }
    }
}

/// How a client decodes one event: from its `event:` name (if any) and its data.
pub type DecodeEvent<T> = fn(Option<&str>, &str) -> Result<T, String>;

/// Decodes an event's data as JSON.
pub fn json_data<T: serde::de::DeserializeOwned>(_: Option<&str>, data: &str) -> Result<T, String> {
    serde_json::from_str(data).map_err(|error| error.to_string())
}

/// Keeps an event's data as text.
pub fn text_data(_: Option<&str>, data: &str) -> Result<String, String> {
    Ok(data.to_string())
}

/// Decodes an event whose type its `event:` name chooses: `T` is an enum tagged by `event`
/// with its value in `data` (`{"event": "delta", "data": …}`), the SSE event read as that
/// object (an unnamed event is a `message`, as the standard says). Data that is not JSON is
/// the text of a variant holding a `String`.
pub fn named_data<T: serde::de::DeserializeOwned>(
    event: Option<&str>,
    data: &str,
) -> Result<T, String> {
    let name = serde_json::to_string(event.unwrap_or("message")).map_err(|e| e.to_string())?;
    let as_json = format!("{{\"event\":{name},\"data\":{data}}}");
    let first = match serde_json::from_str(&as_json) {
        Ok(value) => return Ok(value),
        Err(error) => error.to_string(),
    };
    let text = serde_json::to_string(data).map_err(|e| e.to_string())?;
    serde_json::from_str(&format!("{{\"event\":{name},\"data\":{text}}}"))
        .map_err(|_| format!("event `{}`: {first}", event.unwrap_or("message")))
}

#[cfg(test)]
mod tests;
