//! The hook a caller runs on each request just before it is sent: a header added late, an auth
//! token refreshed, a signature over the request made.

use std::fmt;
use std::sync::Arc;

/// A function run on every attempt's request just before it is sent (after the client's own
/// headers, the idempotency key and the body are set), so a signature or a refreshed token is
/// made anew for each retry. Shared by the client's clones and views.
#[derive(Clone)]
pub struct RequestHook(Arc<dyn Fn(&mut reqwest::Request) + Send + Sync>);

impl RequestHook {
    /// A hook running `hook`.
    pub fn new(hook: impl Fn(&mut reqwest::Request) + Send + Sync + 'static) -> Self {
        RequestHook(Arc::new(hook))
    }

    /// Runs the hook on `request`.
    pub(super) fn run(&self, request: &mut reqwest::Request) {
        (self.0)(request)
    }
}

impl fmt::Debug for RequestHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RequestHook")
    }
}
