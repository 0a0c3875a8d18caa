//! [`Call`], the future every operation method returns: the request, encoded when the method
//! was called, sent when first polled, then decoded into the operation's result, or, through
//! [`Call::with_response`], into the result with its status and headers.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{Error, Failure, Response, ResponseValue};

/// The sending of a request (retries included), boxed: one state machine, not one per
/// operation.
type Sending = Pin<Box<dyn Future<Output = Result<Response, Failure>> + Send>>;

/// An operation's request on its way: a `Send + 'static` future of the decoded body (or the
/// operation's [`Error`]). It borrows neither the client nor the arguments, and sends nothing
/// until first polled. `.with_response()` gives the status and headers as well.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<T, E> {
    sending: Sending,
    decode: fn(Response) -> Result<T, Error<E>>,
}

impl<T, E> Call<T, E> {
    /// The call of a request being sent by `sending`, whose response `decode` reads.
    pub(super) fn new(sending: Sending, decode: fn(Response) -> Result<T, Error<E>>) -> Self {
        Call { sending, decode }
    }

    /// The decoded body together with the response's status, headers and request id. The
    /// value is at hand through `Deref`; errors carry the same head.
    pub async fn with_response(self) -> Result<ResponseValue<T>, Error<E>> {
        let response = self.sending.await?;
        let status = response.status_code();
        let head = response.head();
        let value = (self.decode)(response)?;
        Ok(ResponseValue::new(value, status, head))
    }
}

impl<T, E> Future for Call<T, E> {
    type Output = Result<T, Error<E>>;

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        // `Call` is `Unpin` (a box and a function pointer): no pinning projection needed.
        let call = self.get_mut();
        match call.sending.as_mut().poll(context) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(response)) => Poll::Ready((call.decode)(response)),
            Poll::Ready(Err(failure)) => Poll::Ready(Err(Error::from(failure))),
        }
    }
}
