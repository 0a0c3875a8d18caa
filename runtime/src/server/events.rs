//! Streamed answers: a handler returns [`Events`], the router writes them as Server-Sent
//! Events (axum's `Sse`, each event flushed as it comes, a keep-alive comment every 15 s of
//! silence) or as JSON Lines. When the client disconnects, the body is dropped, and with it
//! the handler's stream.

use std::pin::Pin;

use axum::body::Body;
use axum::http::StatusCode;
use axum::response::sse::{self, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::{Stream, StreamExt};

use super::super::stream::{Event, lines::LinesDecoder};
use super::{Rejection, reject, with_content_type};

/// The events of a streamed answer, in order: any `Stream` of [`Event`]s (or of bare data,
/// through [`Events::from_data`]) that is `Send`.
pub struct Events<T> {
    inner: Pin<Box<dyn Stream<Item = Event<T>> + Send>>,
}

impl<T> Events<T> {
    /// The events `stream` yields.
    pub fn new(stream: impl Stream<Item = Event<T>> + Send + 'static) -> Self {
        Events {
            inner: Box::pin(stream),
        }
    }

    /// One event per item of `stream`, holding the item as data and nothing else.
    pub fn from_data(stream: impl Stream<Item = T> + Send + 'static) -> Self
    where
        T: 'static,
    {
        Events::new(stream.map(Event::new))
    }
}

impl<T> std::fmt::Debug for Events<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Events(..)")
    }
}

/// How a server writes one event's data: its text, and the `event:` name it chooses (which
/// replaces the event's own), or why it cannot be written.
pub type EncodeEvent<T> = fn(&T) -> Result<(Option<String>, String), String>;

/// An event's data as JSON text.
pub fn json_text<T: serde::Serialize>(data: &T) -> Result<(Option<String>, String), String> {
    serde_json::to_string(data)
        .map(|text| (None, text))
        .map_err(|error| error.to_string())
}

/// An event's data that is text already.
// `&String`, not `&str`: it is the `fn(&T)` encoder of `Events<String>`.
#[allow(clippy::ptr_arg)]
pub fn plain_text(data: &String) -> Result<(Option<String>, String), String> {
    Ok((None, data.clone()))
}

/// An enum tagged by `event` with its value in `data`: the tag becomes the event's name, the
/// value its data (text as it is, anything else as JSON).
pub fn named_text<T: serde::Serialize>(data: &T) -> Result<(Option<String>, String), String> {
    let value = serde_json::to_value(data).map_err(|error| error.to_string())?;
    let serde_json::Value::Object(mut object) = value else {
        return Err("a named event is not an object".to_string());
    };
    let name = match object.remove("event") {
        Some(serde_json::Value::String(name)) => Some(name),
        _ => return Err("a named event has no `event` name".to_string()),
    };
    let data = match object.remove("data") {
        Some(serde_json::Value::String(text)) => text,
        Some(other) => other.to_string(),
        None => String::new(),
    };
    Ok((name, data))
}

/// The answer writing `events` as Server-Sent Events, each event's data written by `encode`,
/// then the `terminator` event, if the API has one.
/// An event whose data cannot be encoded ends the stream (the status has been sent). An event
/// whose data is empty text is not seen by readers (axum writes no `data:` line for it).
pub fn sse_response<T: 'static>(
    status: StatusCode,
    events: Events<T>,
    encode: EncodeEvent<T>,
    terminator: Option<&'static str>,
) -> Response {
    let frames = events.inner.map(move |mut event| {
        let (name, data) = encode(&event.data)?;
        if name.is_some() {
            event.event = name;
        }
        Ok::<_, String>(sse_event(&event, &data))
    });
    // The API's own end-of-stream event (`data: [DONE]`), after the handler's last.
    let end = futures::stream::iter(terminator.map(|text| Ok(sse::Event::default().data(text))));
    let frames = frames.chain(end);
    let mut response = Sse::new(frames)
        .keep_alive(KeepAlive::new())
        .into_response();
    *response.status_mut() = status;
    response
}

/// The answer writing `events` as JSON Lines: each event's data, then a newline.
pub fn lines_response<T: 'static>(
    status: StatusCode,
    content_type: &'static str,
    events: Events<T>,
    encode: EncodeEvent<T>,
) -> Response {
    let lines = events.inner.map(move |event| {
        let (_, mut line) = encode(&event.data)?;
        // A record must stay one line: JSON text has no raw newline; other text loses its own.
        line.retain(|c| c != '\n' && c != '\r');
        line.push('\n');
        Ok::<_, String>(line)
    });
    with_content_type(status, content_type, Body::from_stream(lines))
}

/// Decodes a JSON Lines request body (read whole, within the router's body limit): one item a
/// line, blank lines skipped. A line that is not an item is refused with its index.
pub fn json_lines_body<T: serde::de::DeserializeOwned>(
    body: &bytes::Bytes,
) -> Result<Vec<T>, Rejection> {
    let mut decoder = LinesDecoder::new(body.len().max(1));
    let mut lines = std::collections::VecDeque::new();
    let framed = decoder
        .push(body, &mut lines)
        .and_then(|()| decoder.finish(&mut lines));
    framed.map_err(|error| reject(StatusCode::BAD_REQUEST, error.to_string()))?;
    lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            serde_json::from_str(&line.data).map_err(|error| {
                reject(
                    StatusCode::BAD_REQUEST,
                    format!("line {index} of the body: {error}"),
                )
            })
        })
        .collect()
}

/// axum's event for `event`. axum refuses (by panicking) a CR in data and a line end in a
/// name or id, which SSE cannot carry: data lines end at CR, LF or CRLF alike, so each is
/// written as LF; names and ids are one line, so their line ends become spaces.
fn sse_event<T>(event: &Event<T>, data: &str) -> sse::Event {
    let one_line = |text: &str| text.replace(['\r', '\n'], " ");
    let mut frame = sse::Event::default().data(data.replace("\r\n", "\n").replace('\r', "\n"));
    if let Some(name) = &event.event {
        frame = frame.event(one_line(name));
    }
    if let Some(id) = &event.id {
        frame = frame.id(one_line(id));
    }
    if let Some(retry) = event.retry {
        frame = frame.retry(retry);
    }
    frame
}

#[cfg(test)]
mod tests;
