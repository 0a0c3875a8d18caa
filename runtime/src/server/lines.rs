//! A JSON Lines request body as it arrives: the handler reads typed items while the client is
//! still sending, so an upload of any length takes the memory of one line. Each line is bounded
//! (the router's body limit applies to a line, not to the whole stream), decoded, and checked
//! when the item type has assertions; the first bad line ends the stream with its index.

use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;

use super::super::stream::{Event, FrameError, lines::LinesDecoder};

/// The body's bytes as axum hands them over.
type Chunks = Pin<Box<dyn Stream<Item = Result<bytes::Bytes, axum::Error>> + Send>>;

/// An item's own checks (`Validate`, through `validate::check_item`).
type CheckItem<T> = fn(&T) -> Result<(), String>;

/// The items of a JSON Lines request body, in order, as they arrive. Dropping it stops
/// reading the body.
pub struct Lines<T> {
    /// `None` once the body has ended or failed.
    chunks: Option<Chunks>,
    decoder: LinesDecoder,
    ready: VecDeque<Event<String>>,
    check: Option<CheckItem<T>>,
    /// What ended the body early, reported once the lines framed before it are read.
    failure: Option<LineError>,
    items: PhantomData<fn() -> T>,
}

/// Why a line of the body is not an item, or why the body stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// The line's index (from 0, blank lines not counted); `None` when the connection failed.
    pub index: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            Some(index) => write!(f, "line {index} of the body: {}", self.message),
            None => write!(f, "the body: {}", self.message),
        }
    }
}

impl std::error::Error for LineError {}

impl<T> Lines<T> {
    /// The items of `body`, each line within `line_limit` bytes.
    pub fn new(body: axum::body::Body, line_limit: usize) -> Self {
        Lines {
            chunks: Some(Box::pin(body.into_data_stream())),
            decoder: LinesDecoder::new(line_limit.max(1)),
            ready: VecDeque::new(),
            check: None,
            failure: None,
            items: PhantomData,
        }
    }

    /// Checks each item with `check` (its assertions) before handing it over.
    pub fn checking(mut self, check: CheckItem<T>) -> Self {
        self.check = Some(check);
        self
    }

    /// Ends the stream with `error` (its last item): nothing after it is read.
    fn fail(&mut self, error: LineError) -> Result<T, LineError> {
        self.chunks = None;
        self.ready.clear();
        Err(error)
    }
}

impl<T: serde::de::DeserializeOwned> Lines<T> {
    /// The next framed line, typed and checked; `None` when none is framed yet.
    fn next_ready(&mut self) -> Option<Option<Result<T, LineError>>> {
        let line = self.ready.pop_front()?;
        let index = self.decoder.index() - self.ready.len() - 1;
        let item = serde_json::from_str::<T>(&line.data).map_err(|error| error.to_string());
        let checked = item.and_then(|item| match self.check {
            Some(check) => check(&item).map(|()| item),
            None => Ok(item),
        });
        Some(match checked {
            Ok(item) => Some(Ok(item)),
            Err(message) => Some(self.fail(LineError {
                index: Some(index),
                message,
            })),
        })
    }
}

impl<T> fmt::Debug for Lines<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lines")
            .field("next_index", &(self.decoder.index() - self.ready.len()))
            .field("ended", &self.chunks.is_none())
            .finish_non_exhaustive()
    }
}

// Nothing is pinned in place (the body is boxed and pinned on its own).
impl<T> Unpin for Lines<T> {}

impl<T: serde::de::DeserializeOwned> Stream for Lines<T> {
    type Item = Result<T, LineError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.next_ready() {
                return Poll::Ready(item);
            }
            let Some(chunks) = this.chunks.as_mut() else {
                return Poll::Ready(this.failure.take().map(Err));
            };
            let framed = match chunks.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => this.decoder.push(&chunk, &mut this.ready),
                Poll::Ready(Some(Err(error))) => {
                    // The lines complete before the failure are still items.
                    this.chunks = None;
                    this.failure = Some(LineError {
                        index: None,
                        message: error.to_string(),
                    });
                    continue;
                }
                Poll::Ready(None) => {
                    this.chunks = None;
                    this.decoder.finish(&mut this.ready)
                }
            };
            if let Err(error) = framed {
                let (index, message) = match error {
                    FrameError::TooLarge { index, limit } => {
                        (index, format!("longer than the limit of {limit} bytes"))
                    }
                    FrameError::Truncated { index } => (index, "cut short".to_string()),
                };
                return Poll::Ready(Some(this.fail(LineError {
                    index: Some(index),
                    message,
                })));
            }
        }
    }
}

#[cfg(test)]
mod tests;
