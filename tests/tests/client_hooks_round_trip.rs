//! The generated fixture-API client built with its `middleware` and `tracing` features: a
//! reqwest-middleware chain signs each attempt (the server sees both signatures of a retried
//! GET), and the call is one `oasgen.call` span naming the operation, method and path template,
//! with the last status and the number of attempts. Waits are milliseconds; no test bounds
//! elapsed time.

mod support;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dolfin_fixture_api::client::{Client, RetryPolicy};
use dolfin_fixture_api::operations::get_customer;
use reqwest_middleware::{Middleware, Next};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use uuid::Uuid;

const ORGANISATION: Uuid = Uuid::from_u128(7);
const CUSTOMER: Uuid = Uuid::from_u128(42);

/// Adds `x-signature: <n>` to the `n`th request it sees (from 1).
struct Signer(Arc<AtomicU32>);

#[async_trait::async_trait]
impl Middleware for Signer {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let count = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        let value = http::HeaderValue::from(count);
        request.headers_mut().insert("x-signature", value);
        next.run(request, extensions).await
    }
}

/// The fields of each `oasgen.call` span, as text; a span's id is its index plus one. Other
/// spans and events are not enabled, so never recorded.
#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<BTreeMap<String, String>>>>);

/// A span's fields, read into a map.
struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

impl Subscriber for Calls {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.name() == "oasgen.call"
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut fields = BTreeMap::new();
        attributes.record(&mut Fields(&mut fields));
        let mut calls = self.0.lock().unwrap();
        calls.push(fields);
        Id::from_u64(calls.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut calls = self.0.lock().unwrap();
        if let Some(fields) = calls.get_mut(span.into_u64() as usize - 1) {
            values.record(&mut Fields(fields));
        }
    }

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, _event: &Event<'_>) {}

    fn enter(&self, _span: &Id) {}

    fn exit(&self, _span: &Id) {}
}

/// A server that answers its first request 503 and the next ones with the customer; returns
/// its URL and the `x-signature` of each request it saw.
async fn busy_once() -> (String, Arc<Mutex<Vec<Option<String>>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let recorder = seen.clone();
    let router = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let recorder = recorder.clone();
        async move {
            let signature = request
                .headers()
                .get("x-signature")
                .and_then(|value| value.to_str().ok())
                .map(str::to_string);
            let mut seen = recorder.lock().unwrap();
            seen.push(signature);
            let (status, body) = if seen.len() == 1 {
                (503, "{}".to_string())
            } else {
                let customer = serde_json::json!({
                    "id": CUSTOMER, "name": "Acme", "currency": "EUR",
                    "paymentTermsDays": 30, "createdAt": "2026-11-27T12:00:00Z",
                });
                (200, customer.to_string())
            };
            http::Response::builder()
                .status(status)
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body))
                .expect("a valid response")
        }
    });
    (support::serve(router).await, seen)
}

#[tokio::test]
async fn a_middleware_signs_each_attempt_and_the_call_is_one_span() {
    let calls = Calls::default();
    // The test runtime runs every task on this thread, where `calls` is the default.
    let _default = tracing::subscriber::set_default(calls.clone());
    let (base_url, seen) = busy_once().await;
    let signed = Arc::new(AtomicU32::new(0));
    let chain = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(Signer(signed.clone()))
        .build();
    let policy = RetryPolicy::new()
        .max_attempts(3)
        .initial_delay(Duration::from_millis(2))
        .max_delay(Duration::from_millis(20));
    let client = Client::builder(base_url)
        .http_client(chain)
        .retry(policy)
        .build()
        .expect("builds");
    let params = get_customer::Params {
        x_dolfin_organisation_id: ORGANISATION,
    };
    let customer = tokio::time::timeout(
        Duration::from_secs(20),
        client.get_customer(CUSTOMER, &params),
    )
    .await
    .expect("the call ends")
    .expect("the second attempt answers");
    assert_eq!(customer.id, CUSTOMER);

    assert_eq!(signed.load(Ordering::SeqCst), 2);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen, [Some("1".to_string()), Some("2".to_string())]);

    let calls = calls.0.lock().unwrap().clone();
    assert_eq!(calls.len(), 1, "{calls:?}");
    let span = &calls[0];
    assert_eq!(span["operation"], "get_customer");
    assert_eq!(span["http.request.method"], "GET");
    assert_eq!(span["url.template"], "/customers/{customerId}");
    assert_eq!(span["http.response.status_code"], "200");
    assert_eq!(span["attempt"], "2");
}
