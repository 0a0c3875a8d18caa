//! `3.0` is an integer, as JSON Schema counts it: the generated server reads it into an integer
//! field, at any depth, while a free-form value reaches the handler exactly as sent (the body is
//! decoded as it is, never rewritten first).

mod support;

use std::sync::Arc;

use oasgen_tests::fixtures::arrays_maps::operations::put_inventory;
use oasgen_tests::fixtures::arrays_maps::server::{self, CollectionsFixture, RequestContext};

/// Answers with the inventory it was sent.
struct Echo;

impl CollectionsFixture for Echo {
    async fn put_inventory(
        &self,
        _: RequestContext,
        request: put_inventory::Request,
    ) -> put_inventory::Response {
        put_inventory::Response::Ok(vec![request.body])
    }
}

async fn put(base_url: &str, body: &'static str) -> (u16, serde_json::Value) {
    let response = reqwest::Client::new()
        .put(format!("{base_url}/inventory"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("sent");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("read");
    let body = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (status, body)
}

#[tokio::test]
async fn integral_floats_are_integers_and_free_form_values_stay_as_sent() {
    let base_url = support::serve(server::router(Arc::new(Echo))).await;
    let (status, echoed) = put(
        &base_url,
        r#"{"counts": {"apples": 3.0, "pears": -0.0}, "metadata": {"price": 1.0, "weights": [2.0]}}"#,
    )
    .await;
    assert_eq!(status, 200, "{echoed}");
    let inventory = &echoed[0];
    // Read as integers (and written back as such)...
    assert_eq!(inventory["counts"].to_string(), r#"{"apples":3,"pears":0}"#);
    // ...while the free-form object is what the client sent, floats and all.
    assert_eq!(inventory["metadata"]["price"].to_string(), "1.0");
    assert_eq!(inventory["metadata"]["weights"].to_string(), "[2.0]");

    let (status, problem) = put(&base_url, r#"{"counts": {"apples": 3.5}}"#).await;
    assert_eq!(status, 400, "a fraction is not an integer: {problem}");
}
