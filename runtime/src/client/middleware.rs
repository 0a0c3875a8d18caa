//! Requests sent through a `reqwest_middleware::ClientWithMiddleware` (feature `middleware`):
//! its middleware chain sees each attempt's request, after the client's own headers, the
//! idempotency key and the `on_request` hook are set on it.
//!
//! Retries stay the client's own ([`super::RetryPolicy`]): each attempt goes through the chain
//! once. A chain that retries too (reqwest-retry) would multiply the attempts, so a client
//! given one should say `RetryPolicy::none()`. A reqwest error the chain passes on is read by
//! the policy as any transport failure; an error of the middleware's own is returned at once as
//! [`super::Error::Middleware`].

use reqwest_middleware::ClientWithMiddleware;

use super::http::{Execute, Executing, HttpClient};

impl Execute for ClientWithMiddleware {
    fn execute(&self, request: reqwest::Request) -> Executing<'_> {
        Box::pin(async move {
            ClientWithMiddleware::execute(self, request)
                .await
                .map_err(|error| match error {
                    reqwest_middleware::Error::Reqwest(error) => error.into(),
                    reqwest_middleware::Error::Middleware(error) => error.into(),
                })
        })
    }
}

impl From<ClientWithMiddleware> for HttpClient {
    /// Requests are still built with a `reqwest::Client` of the runtime's defaults (building
    /// sends nothing: the chain's own client sends them, with its settings).
    fn from(middleware: ClientWithMiddleware) -> Self {
        HttpClient {
            reqwest: super::default_http_client(),
            middleware: Some(std::sync::Arc::new(middleware)),
        }
    }
}

#[cfg(test)]
mod tests;
