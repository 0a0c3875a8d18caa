//! The router checks what the types cannot say (`tests/fixtures/assertions.yaml`): lengths,
//! patterns, bounds (inclusive and exclusive), `multipleOf`, item and property counts,
//! `uniqueItems`, through aliases, arrays, maps and nested types, in the path, the query, a
//! header and the body, and `null` in an optional field that is not nullable. A request that
//! breaks one gets 400 problem+json naming where, and never reaches the service; one on the
//! boundary is accepted.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use oasgen_tests::fixtures::assertions::operations::put_item;
use oasgen_tests::fixtures::assertions::server::{self, Assertions, RequestContext};
use serde_json::{Value, json};

/// Stores nothing: answers with the item it got, and counts the calls.
struct Echo {
    calls: Arc<AtomicUsize>,
}

impl Assertions for Echo {
    async fn put_item(&self, _: RequestContext, request: put_item::Request) -> put_item::Response {
        self.calls.fetch_add(1, Ordering::SeqCst);
        put_item::Response::Ok(request.body)
    }
}

struct Server {
    base_url: String,
    calls: Arc<AtomicUsize>,
    http: reqwest::Client,
}

impl Server {
    async fn start() -> Server {
        let calls = Arc::new(AtomicUsize::new(0));
        let router = server::router(Arc::new(Echo {
            calls: calls.clone(),
        }));
        Server {
            base_url: support::serve(router).await,
            calls,
            http: reqwest::Client::new(),
        }
    }

    /// Sends `body` to `PUT /items/{code}?{query}` and returns the status and the problem
    /// detail (empty for a success).
    async fn put(&self, code: &str, query: &str, body: &Value) -> (u16, String) {
        self.put_with(code, query, body, None).await
    }

    async fn put_with(
        &self,
        code: &str,
        query: &str,
        body: &Value,
        tag: Option<&str>,
    ) -> (u16, String) {
        let mut request = self
            .http
            .put(format!("{}/items/{code}?{query}", self.base_url))
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(tag) = tag {
            request = request.header("x-request-tag", tag);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let text = response.text().await.expect("a body");
        let detail = serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|problem| {
                problem
                    .get("detail")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .unwrap_or_default();
        (status, detail)
    }
}

/// An item on every boundary the schema draws.
fn boundary_item() -> Value {
    json!({
        "name": "n",
        "price": 0,
        "currency": "EUR",
        "quantity": "1",
        "note": null,
        "tags": ["ab", "cd", "ef"],
        "lines": [{"quantity": 1, "currency": "USD"}],
        "attributes": {"a": "xyz", "b": ""}
    })
}

fn with(field: &str, value: Value) -> Value {
    let mut item = boundary_item();
    item[field] = value;
    item
}

#[tokio::test]
async fn values_on_every_boundary_are_accepted() {
    let server = Server::start().await;
    let (status, detail) = server
        .put_with(
            "AB-1",
            "limit=1&ratio=0.5",
            &boundary_item(),
            Some("12345678"),
        )
        .await;
    assert_eq!((status, detail.as_str()), (200, ""));
    let (status, _) = server
        .put(
            "ZZ-007",
            "limit=100&ratio=0.999",
            &with("name", json!("a".repeat(20))),
        )
        .await;
    assert_eq!(status, 200);
    // Characters, not bytes: twenty non-ASCII letters fit in `maxLength: 20`.
    let (status, _) = server
        .put("AB-2", "", &with("name", json!("é".repeat(20))))
        .await;
    assert_eq!(status, 200);
    // Decimal multiples that binary floats cannot divide exactly (19.99 / 0.01 = 1998.99…98).
    for price in [19.99, 0.3, 1234.56] {
        let (status, detail) = server.put("AB-3", "", &with("price", json!(price))).await;
        assert_eq!((status, detail.as_str()), (200, ""), "price {price}");
    }
    // A property whose type is any value (an alias of `serde_json::Value`) admits `null`.
    let (status, detail) = server.put("AB-4", "", &with("meta", Value::Null)).await;
    assert_eq!((status, detail.as_str()), (200, ""));
    assert_eq!(server.calls.load(Ordering::SeqCst), 7);
}

#[tokio::test]
async fn each_violation_is_refused_with_its_location() {
    let server = Server::start().await;
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        (
            "ab-1",
            "",
            boundary_item(),
            "path/code: does not match the pattern",
        ),
        (
            "AB-1",
            "limit=0",
            boundary_item(),
            "query/limit: less than 1",
        ),
        (
            "AB-1",
            "limit=101",
            boundary_item(),
            "query/limit: greater than 100",
        ),
        (
            "AB-1",
            "ratio=0",
            boundary_item(),
            "query/ratio: not greater than 0",
        ),
        (
            "AB-1",
            "ratio=1",
            boundary_item(),
            "query/ratio: not less than 1",
        ),
        (
            "AB-1",
            "",
            with("name", json!("")),
            "body/name: shorter than 1 characters",
        ),
        (
            "AB-1",
            "",
            with("name", json!("a".repeat(21))),
            "body/name: longer than 20",
        ),
        (
            "AB-1",
            "",
            with("price", json!(-0.5)),
            "body/price: less than 0",
        ),
        (
            "AB-1",
            "",
            with("price", json!(1.005)),
            "body/price: not a multiple of 0.01",
        ),
        (
            "AB-1",
            "",
            with("currency", json!("eur")),
            "body/currency: does not match",
        ),
        (
            "AB-1",
            "",
            with("quantity", json!("0")),
            "body/quantity: less than 1",
        ),
        (
            "AB-1",
            "",
            with("note", json!("sixsix")),
            "body/note: longer than 5",
        ),
        (
            "AB-1",
            "",
            with("tags", json!([])),
            "body/tags: fewer than 1 items",
        ),
        (
            "AB-1",
            "",
            with("tags", json!(["ab", "cd", "ef", "gh"])),
            "body/tags: more than 3 items",
        ),
        (
            "AB-1",
            "",
            with("tags", json!(["ab", "ab"])),
            "body/tags: has repeated items",
        ),
        (
            "AB-1",
            "",
            with("tags", json!(["ab", "c"])),
            "body/tags/1: shorter than 2",
        ),
        (
            "AB-1",
            "",
            with("lines", json!([{"quantity": 1}, {"quantity": 0}])),
            "body/lines/1/quantity: less than 1",
        ),
        (
            "AB-1",
            "",
            with("lines", json!([{"quantity": 1, "currency": "usd"}])),
            "body/lines/0/currency: does not match",
        ),
        (
            "AB-1",
            "",
            with("attributes", json!({"a": "", "b": "", "c": ""})),
            "body/attributes: more than 2 properties",
        ),
        (
            "AB-1",
            "",
            with("attributes", json!({"a": "long"})),
            "body/attributes/a: longer than 3",
        ),
        // Optional but not nullable: absent is fine (see the boundary test), `null` is not.
        ("AB-1", "", with("tags", Value::Null), "invalid JSON body"),
        (
            "AB-1",
            "",
            with("quantity", Value::Null),
            "invalid JSON body",
        ),
    ];
    for (code, query, body, expected) in &cases {
        let (status, detail) = server.put(code, query, body).await;
        assert_eq!(status, 400, "{code} {query} {body}: {detail}");
        assert!(
            detail.contains(expected),
            "expected {expected:?} in {detail:?}"
        );
    }
    let (status, detail) = server
        .put_with("AB-1", "", &boundary_item(), Some("123456789"))
        .await;
    assert_eq!(status, 400);
    assert!(
        detail.contains("header/x-request-tag: longer than 8"),
        "{detail}"
    );
    assert_eq!(
        server.calls.load(Ordering::SeqCst),
        0,
        "no refused request reached the service"
    );
}

#[tokio::test]
async fn every_violation_of_one_request_is_listed() {
    let server = Server::start().await;
    let mut item = with("name", json!(""));
    item["currency"] = json!("x");
    let (status, detail) = server.put("AB-1", "limit=0", &item).await;
    assert_eq!(status, 400);
    for part in ["query/limit", "body/name", "body/currency"] {
        assert!(detail.contains(part), "{part} missing from {detail}");
    }
}

#[tokio::test]
async fn the_client_reads_null_in_an_optional_field_as_absent() {
    // Servers often send `null` where their description forgot `nullable`; the client is
    // lenient where the server is strict.
    let decoded: oasgen_tests::fixtures::assertions::types::Item =
        serde_json::from_value(with("tags", Value::Null)).expect("a client decodes null as None");
    assert_eq!(decoded.tags, None);
}
