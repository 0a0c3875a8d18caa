//! The generated fixture-API client against a loopback server that fails on purpose: a create
//! whose spec declares `Idempotency-Key` is retried with one key (made up or given) and the same
//! body; a GET is retried on 503; a success's status, headers and request id are at hand through
//! `with_response`, and an error names its request id. Retry waits are milliseconds; no test
//! bounds elapsed time.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use dolfin_fixture_api::client::{Client, Error, RetryPolicy};
use dolfin_fixture_api::operations::{create_customer, get_customer};
use dolfin_fixture_api::types::CustomerInput;
use uuid::Uuid;

const ORGANISATION: Uuid = Uuid::from_u128(0x0192_4e5f_7a3b_7c2d_9e8f_1a2b_3c4d_5e6f);
const CUSTOMER: Uuid = Uuid::from_u128(42);

/// A request the server saw: its idempotency key and body.
#[derive(Clone, Debug, PartialEq)]
struct Seen {
    key: Option<String>,
    body: bytes::Bytes,
}

/// The customer the server answers with, as JSON.
fn customer_json() -> String {
    serde_json::json!({
        "id": CUSTOMER,
        "name": "Acme",
        "currency": "EUR",
        "paymentTermsDays": 30,
        "createdAt": "2026-11-27T12:00:00Z",
    })
    .to_string()
}

/// Answers the `n`th request (from 0) with a 503 while `n < failures`, then as the fixture API
/// would: 201 with a `Location` for a POST, 404 for a GET of another customer, 200 otherwise.
/// Every answer names request id `req-{n}`.
fn answer(n: usize, failures: usize, head: &http::request::Parts) -> axum::response::Response {
    let response = http::Response::builder()
        .header("x-request-id", format!("req-{n}"))
        .header("content-type", "application/json");
    let (response, body) = if n < failures {
        (
            response.status(503).header("retry-after", "0"),
            "{}".to_string(),
        )
    } else if head.method == http::Method::POST {
        let location = format!("/customers/{CUSTOMER}");
        (
            response.status(201).header("location", location),
            customer_json(),
        )
    } else if head.uri.path().ends_with(&CUSTOMER.to_string()) {
        (response.status(200), customer_json())
    } else {
        let problem = r#"{"title": "Customer.NotFound", "status": 404}"#;
        (
            response
                .status(404)
                .header("content-type", "application/problem+json"),
            problem.to_string(),
        )
    };
    response
        .body(axum::body::Body::from(body))
        .expect("a valid response")
}

/// A server failing the first `failures` requests; returns a client of it (retrying up to four
/// times, milliseconds apart) and the requests seen.
async fn failing(failures: usize) -> (Client, Arc<Mutex<Vec<Seen>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let recorder = seen.clone();
    let router = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let recorder = recorder.clone();
        async move {
            let (head, body) = request.into_parts();
            let body = axum::body::to_bytes(body, usize::MAX)
                .await
                .expect("the body arrives");
            let key = head
                .headers
                .get("idempotency-key")
                .and_then(|value| value.to_str().ok())
                .map(str::to_string);
            let mut seen = recorder.lock().unwrap();
            let response = answer(seen.len(), failures, &head);
            seen.push(Seen { key, body });
            response
        }
    });
    let base_url = support::serve(router).await;
    let policy = RetryPolicy::new()
        .max_attempts(4)
        .initial_delay(Duration::from_millis(2))
        .max_delay(Duration::from_millis(20));
    let client = Client::builder(base_url)
        .retry(policy)
        .build()
        .expect("builds");
    (client, seen)
}

fn input() -> CustomerInput {
    serde_json::from_value(serde_json::json!({"name": "Acme", "currency": "EUR"}))
        .expect("a customer input")
}

/// Runs `call` behind a generous guard, so a hang fails the test instead of stalling it.
async fn guarded<T>(call: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), call)
        .await
        .expect("the call ends")
}

#[tokio::test]
async fn a_create_is_retried_with_one_made_up_key_and_the_same_body() {
    let (client, seen) = failing(2).await;
    let params = create_customer::Params {
        x_dolfin_organisation_id: ORGANISATION,
        idempotency_key: None,
    };
    let created = guarded(client.create_customer(&input(), &params).with_response())
        .await
        .expect("the third attempt creates");
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(created.request_id(), Some("req-2"));
    let create_customer::SuccessResponse::Created(customer, headers) = created.into_inner();
    assert_eq!((customer.id, customer.name.as_str()), (CUSTOMER, "Acme"));
    assert_eq!(headers.location, format!("/customers/{CUSTOMER}"));

    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    let key = seen[0].key.clone().expect("a key was made up");
    assert!(
        Uuid::parse_str(&key).is_ok_and(|uuid| uuid.get_version_num() == 4),
        "{key}"
    );
    assert!(seen.iter().all(|request| request == &seen[0]), "{seen:?}");
}

#[tokio::test]
async fn a_given_key_is_the_one_every_attempt_sends() {
    let (client, seen) = failing(1).await;
    let params = create_customer::Params {
        x_dolfin_organisation_id: ORGANISATION,
        idempotency_key: Some("order-17".to_string()),
    };
    guarded(client.create_customer(&input(), &params))
        .await
        .expect("the second attempt creates");
    let keys: Vec<Option<String>> = seen.lock().unwrap().iter().map(|s| s.key.clone()).collect();
    assert_eq!(
        keys,
        [Some("order-17".to_string()), Some("order-17".to_string())]
    );
}

#[tokio::test]
async fn a_read_is_retried_and_an_error_names_its_request_id() {
    let (client, seen) = failing(3).await;
    let params = get_customer::Params {
        x_dolfin_organisation_id: ORGANISATION,
    };
    let customer = guarded(client.get_customer(CUSTOMER, &params))
        .await
        .expect("the fourth attempt reads");
    assert_eq!(customer.id, CUSTOMER);
    assert_eq!(seen.lock().unwrap().len(), 4);

    let error = guarded(client.get_customer(Uuid::from_u128(7), &params))
        .await
        .expect_err("no such customer");
    assert!(
        matches!(
            &error,
            Error::Status {
                response: get_customer::ErrorResponse::NotFound(_),
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.request_id(), Some("req-4"));
    assert!(error.to_string().contains("request id req-4"), "{error}");
    assert_eq!(seen.lock().unwrap().len(), 5);
}
