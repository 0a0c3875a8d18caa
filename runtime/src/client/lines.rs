//! JSON Lines request bodies: items the caller has now (encoded at once, so a retried request
//! sends the same bytes again), or items a stream produces while the request is sent (each
//! encoded as the connection takes it: an upload of any length in the memory of one line; such
//! a body can be sent only once, so a failed attempt is not retried).

use std::pin::Pin;

use futures::{Stream, StreamExt};

use super::RequestBuilder;

/// The items of a JSON Lines body, one JSON value a line. Built from what holds them
/// (`Vec<T>`, `&[T]`, `&Vec<T>`, an array or a reference to one) with `.into()`, or from a
/// stream with [`LinesBody::stream`].
pub struct LinesBody<T> {
    source: Source<T>,
}

enum Source<T> {
    /// Every line, encoded now; or why an item could not be.
    Encoded(Result<Vec<u8>, String>),
    /// Items to encode as they are sent.
    Streamed(Pin<Box<dyn Stream<Item = T> + Send>>),
}

impl<T: serde::Serialize> LinesBody<T> {
    /// The lines of `items`, encoded now.
    pub fn items<'a>(items: impl IntoIterator<Item = &'a T>) -> Self
    where
        T: 'a,
    {
        let mut lines = Vec::new();
        for (index, item) in items.into_iter().enumerate() {
            if let Err(error) = serde_json::to_writer(&mut lines, item) {
                return LinesBody {
                    source: Source::Encoded(Err(format!("item {index}: {error}"))),
                };
            }
            lines.push(b'\n');
        }
        LinesBody {
            source: Source::Encoded(Ok(lines)),
        }
    }
}

impl<T> LinesBody<T> {
    /// The items `items` yields, each encoded and sent as the connection takes it (the stream
    /// is polled only as fast as the server reads). Sent once: a request with such a body is
    /// not retried.
    pub fn stream(items: impl Stream<Item = T> + Send + 'static) -> Self {
        LinesBody {
            source: Source::Streamed(Box::pin(items)),
        }
    }
}

impl<T: serde::Serialize> From<Vec<T>> for LinesBody<T> {
    fn from(items: Vec<T>) -> Self {
        LinesBody::items(&items)
    }
}

impl<T: serde::Serialize> From<&Vec<T>> for LinesBody<T> {
    fn from(items: &Vec<T>) -> Self {
        LinesBody::items(items)
    }
}

impl<T: serde::Serialize> From<&[T]> for LinesBody<T> {
    fn from(items: &[T]) -> Self {
        LinesBody::items(items)
    }
}

impl<T: serde::Serialize, const N: usize> From<&[T; N]> for LinesBody<T> {
    fn from(items: &[T; N]) -> Self {
        LinesBody::items(items)
    }
}

impl<T: serde::Serialize, const N: usize> From<[T; N]> for LinesBody<T> {
    fn from(items: [T; N]) -> Self {
        LinesBody::items(&items)
    }
}

/// Why a streamed item could not be encoded: ends the upload (reqwest reports it as the
/// request's failure).
#[derive(Debug)]
struct EncodeError(String);

impl std::fmt::Display for EncodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EncodeError {}

impl RequestBuilder {
    /// A JSON Lines body: each item on a line of its own.
    pub fn json_lines<T: serde::Serialize + 'static>(
        mut self,
        content_type: &'static str,
        body: impl Into<LinesBody<T>>,
    ) -> Self {
        let body = match body.into().source {
            Source::Encoded(Ok(lines)) => reqwest::Body::from(lines),
            Source::Encoded(Err(error)) => {
                self.error = Some(format!("cannot encode the body: {error}"));
                return self;
            }
            Source::Streamed(items) => {
                let lines = items.enumerate().map(|(index, item)| {
                    let mut line = serde_json::to_vec(&item).map_err(|error| {
                        EncodeError(format!("cannot encode item {index} of the body: {error}"))
                    })?;
                    line.push(b'\n');
                    Ok::<_, EncodeError>(bytes::Bytes::from(line))
                });
                reqwest::Body::wrap_stream(lines)
            }
        };
        self.inner = self
            .inner
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body);
        self
    }

    /// [`RequestBuilder::json_lines`] for an optional body: `None` sends none.
    pub fn json_lines_opt<T: serde::Serialize + 'static>(
        self,
        content_type: &'static str,
        body: Option<LinesBody<T>>,
    ) -> Self {
        match body {
            Some(body) => self.json_lines(content_type, body),
            None => self,
        }
    }
}

#[cfg(test)]
mod tests;
