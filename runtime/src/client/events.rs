//! Responses read as event streams: the request is sent when the method's future is polled;
//! a 2xx answer becomes an [`EventStream`] of typed events, any other status is decoded whole
//! by the operation's error arms, as for every method.

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;

use super::super::stream::{DEFAULT_EVENT_LIMIT, DecodeEvent, Decoder, Event, Framing};
use super::retry::{Body, Reading};
use super::{Error, Failure, RequestBuilder, Response, ResponseHead};

/// The body's bytes as they arrive.
type Chunks = Pin<Box<dyn Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>;

/// How an operation decodes a response that is not its stream (an error status).
pub type ErrorDecoder<T, E> = fn(Response) -> Result<EventStream<T, E>, Error<E>>;

impl RequestBuilder {
    /// A JSON body with its boolean property `flag` set to `true` (the body's own way of
    /// asking for a stream, beside `Accept`), whatever the caller's value held.
    pub fn json_flagged<T: serde::Serialize + ?Sized>(
        self,
        content_type: &'static str,
        body: &T,
        flag: &str,
    ) -> Self {
        match serde_json::to_value(body) {
            Ok(mut value) => {
                if let Some(object) = value.as_object_mut() {
                    object.insert(flag.to_string(), serde_json::Value::Bool(true));
                }
                self.json(content_type, &value)
            }
            // `json` reports the encoding error.
            Err(_) => self.json(content_type, body),
        }
    }

    /// [`RequestBuilder::json_flagged`] for an optional body: `None` sends none.
    pub fn json_flagged_opt<T: serde::Serialize + ?Sized>(
        self,
        content_type: &'static str,
        body: Option<&T>,
        flag: &str,
    ) -> Self {
        match body {
            Some(body) => self.json_flagged(content_type, body, flag),
            None => self,
        }
    }

    /// Sends the request asking for `accept`; a 2xx answer is read as a stream of events
    /// framed by `framing`, each decoded by `decode` (the stream ends cleanly at an event
    /// whose data is `terminator`); any other answer is decoded whole by `errors`.
    pub async fn events<T, E>(
        self,
        accept: &'static str,
        framing: Framing,
        terminator: Option<&'static str>,
        decode: DecodeEvent<T>,
        errors: ErrorDecoder<T, E>,
    ) -> Result<EventStream<T, E>, Error<E>> {
        let sent = self
            .header("accept", accept)
            .dispatch(Reading::SuccessStreamed)
            .await?;
        let operation = sent.operation;
        let received = sent.received;
        let response = match received.body {
            Body::Unread(response) => response,
            body @ Body::Read(_) => {
                let body = body
                    .bytes()
                    .await
                    .map_err(|source| Failure::Transport { operation, source })?;
                let response = Response::new(
                    operation,
                    received.status,
                    received.headers,
                    body,
                    sent.request_id_header,
                );
                return errors(response);
            }
        };
        let head = ResponseHead::of(&received.headers, sent.request_id_header.as_ref());
        Ok(EventStream {
            operation,
            status: received.status,
            head,
            chunks: Some(Box::pin(response.bytes_stream())),
            decoder: Decoder::new(framing, DEFAULT_EVENT_LIMIT),
            limit: DEFAULT_EVENT_LIMIT,
            framing,
            ready: VecDeque::new(),
            decode,
            terminator,
            failure: None,
            errors: PhantomData,
        })
    }
}

/// The events of a streamed response, typed, read as they arrive (the connection applies
/// backpressure: nothing is read ahead of the consumer but one chunk). Dropping the stream
/// closes the connection.
///
/// Each item is an [`Event`] (its data decoded, the SSE `event`, `id` and `retry` fields
/// beside it) or the error that ended the stream: `Decode` names the event's index (an event
/// that does not match its schema, one beyond the size limit, a stream cut inside an
/// event), `Transport` a connection lost. After an error the stream ends.
pub struct EventStream<T, E> {
    operation: &'static str,
    status: http::StatusCode,
    /// The headers, and the request id among them.
    head: ResponseHead,
    /// `None` once the body has ended, failed, or reached the terminator.
    chunks: Option<Chunks>,
    decoder: Decoder,
    limit: usize,
    framing: Framing,
    ready: VecDeque<Event<String>>,
    decode: DecodeEvent<T>,
    terminator: Option<&'static str>,
    /// What ended the body early, reported once the events framed before it are read.
    failure: Option<Error<E>>,
    errors: PhantomData<fn() -> E>,
}

impl<T, E> EventStream<T, E> {
    /// The response's status.
    pub fn status(&self) -> http::StatusCode {
        self.status
    }

    /// The response's headers.
    pub fn headers(&self) -> &http::HeaderMap {
        self.head.headers()
    }

    /// The request id the server gave, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.head.request_id()
    }

    /// Bounds each event to `bytes` (16 MiB unless set): a larger one ends the stream with
    /// an error instead of growing memory. Takes effect for events not yet begun.
    pub fn limit(mut self, bytes: usize) -> Self {
        if self.decoder.index() == 0 && self.ready.is_empty() {
            self.decoder = Decoder::new(self.framing, bytes);
        }
        self.limit = bytes;
        self
    }

    /// The event limit in force.
    pub fn event_limit(&self) -> usize {
        self.limit
    }

    /// A decode error; nothing after it is read.
    fn fail(&mut self, message: String, body: String) -> Error<E> {
        self.chunks = None;
        self.ready.clear();
        self.decode_error(message, body)
    }

    fn decode_error(&self, message: String, body: String) -> Error<E> {
        Failure::Decode {
            operation: self.operation,
            status: self.status,
            message,
            body,
            head: Box::new(self.head.clone()),
        }
        .into()
    }

    /// The next framed event, typed; `None` when none is framed yet.
    fn next_ready(&mut self) -> Option<Option<Result<Event<T>, Error<E>>>> {
        let raw = self.ready.pop_front()?;
        if self.terminator == Some(raw.data.as_str()) {
            // The clean end: the connection is closed, whatever follows is not read.
            self.chunks = None;
            self.ready.clear();
            self.failure = None;
            return Some(None);
        }
        let index = self.decoder.index() - self.ready.len() - 1;
        let decoded = match (self.decode)(raw.event.as_deref(), &raw.data) {
            Ok(data) => Ok(raw.map(|_| data)),
            Err(message) => {
                let excerpt = raw.data.chars().take(512).collect();
                Err(self.fail(format!("event {index}: {message}"), excerpt))
            }
        };
        Some(Some(decoded))
    }
}

// No field is pinned in place (the body is boxed and pinned on its own), so the stream moves
// freely whatever `T` and `E` are.
impl<T, E> Unpin for EventStream<T, E> {}

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<Event<T>, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.next_ready() {
                return Poll::Ready(item);
            }
            if let Some(failure) = this.failure.take() {
                return Poll::Ready(Some(Err(failure)));
            }
            let Some(chunks) = this.chunks.as_mut() else {
                return Poll::Ready(None);
            };
            // Events framed before a failure are still delivered, the failure after them.
            let framed = match chunks.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => this.decoder.push(&chunk, &mut this.ready),
                Poll::Ready(Some(Err(source))) => {
                    this.chunks = None;
                    let operation = this.operation;
                    this.failure = Some(Failure::Transport { operation, source }.into());
                    Ok(())
                }
                Poll::Ready(None) => {
                    this.chunks = None;
                    this.decoder.finish(&mut this.ready)
                }
            };
            if let Err(error) = framed {
                this.chunks = None;
                this.failure = Some(this.decode_error(error.to_string(), String::new()));
            }
        }
    }
}

impl<T, E> std::fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("events_read", &self.decoder.index())
            .finish_non_exhaustive()
    }
}
