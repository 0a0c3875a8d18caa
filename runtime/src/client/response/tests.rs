//! What a caller learns of a response: the value with its status, headers and request id
//! (`with_response`), errors that name the request id, and documented headers a server left out.

use super::super::tests::loopback;
use super::super::{Client, Error, Response, RetryPolicy};

/// An answer of `status` with a JSON body and the request id `req-7`, in `header`.
fn with_request_id(status: u16, header: &str, body: &str) -> axum::response::Response {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .header(header, "req-7")
        .body(axum::body::Body::from(body.to_string()))
        .expect("a valid response")
}

fn answer_by_path(head: &http::request::Parts) -> axum::response::Response {
    match head.uri.path() {
        "/found" => with_request_id(200, "x-request-id", r#"{"id": 1}"#),
        "/missing" => with_request_id(404, "request-id", r#"{"title": "gone"}"#),
        "/broken" => with_request_id(200, "x-correlation-id", "not json"),
        _ => with_request_id(500, "x-request-id", "boom"),
    }
}

fn decode(response: Response) -> Result<serde_json::Value, Error<serde_json::Value>> {
    match response.status() {
        200 => response.json(),
        404 => response.json_error(|body| body),
        _ => response.unexpected(),
    }
}

fn client(base_url: &str) -> Client {
    Client::builder(base_url)
        .retry(RetryPolicy::none())
        .build()
        .expect("builds")
}

#[tokio::test]
async fn with_response_gives_the_status_headers_and_request_id() {
    let (base_url, _) = loopback(answer_by_path).await;
    let client = client(&base_url);
    let found = client
        .request("get_bill", reqwest::Method::GET, "/found")
        .exchange(decode)
        .with_response()
        .await
        .expect("found");
    assert_eq!(found.status(), http::StatusCode::OK);
    assert_eq!(found.request_id(), Some("req-7"));
    assert_eq!(found.headers()["content-type"], "application/json");
    // The value is at hand through `Deref`, and can be taken out.
    assert_eq!(found["id"], 1);
    assert_eq!(found.into_inner(), serde_json::json!({"id": 1}));
}

#[tokio::test]
async fn errors_carry_the_request_id_and_say_it() {
    let (base_url, _) = loopback(answer_by_path).await;
    let client = client(&base_url);
    for path in ["/missing", "/elsewhere"] {
        let error = client
            .request("get_bill", reqwest::Method::GET, path)
            .exchange(decode)
            .await
            .expect_err("an error status");
        assert_eq!(error.request_id(), Some("req-7"), "{error:?}");
        assert!(error.to_string().contains("request id req-7"), "{error}");
        assert!(
            error
                .headers()
                .is_some_and(|headers| headers.contains_key("content-type"))
        );
    }
    // The id of a header the client was told about; without it, none is found.
    let error = client
        .request("get_bill", reqwest::Method::GET, "/broken")
        .exchange(decode)
        .await
        .expect_err("undecodable");
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert_eq!(error.request_id(), None);
    let told = Client::builder(&base_url)
        .request_id_header("x-correlation-id")
        .expect("a header name")
        .build()
        .expect("builds");
    let error = told
        .request("get_bill", reqwest::Method::GET, "/broken")
        .exchange(decode)
        .await
        .expect_err("undecodable");
    assert_eq!(error.request_id(), Some("req-7"));
    assert!(error.to_string().contains("req-7"), "{error}");
}

#[tokio::test]
async fn a_documented_optional_header_left_out_is_none_a_required_one_is_an_error() {
    let (base_url, _) = loopback(answer_by_path).await;
    let client = client(&base_url);
    type Read = fn(Response) -> Result<Option<String>, Error<()>>;
    let optional: Read = |response| Ok(response.header::<String>("location")?);
    let required: Read = |response| Ok(Some(response.required_header::<String>("location")?));
    let read = |decode: Read| {
        client
            .request("get_bill", reqwest::Method::GET, "/found")
            .exchange(decode)
    };
    assert_eq!(read(optional).await.expect("completed"), None);
    let error = read(required).await.expect_err("required and missing");
    assert!(
        matches!(&error, Error::Decode { message, .. } if message.contains("location")),
        "{error:?}"
    );
}

#[tokio::test]
async fn debug_of_an_error_shows_header_names_not_values() {
    let (base_url, _) = loopback(|_| {
        http::Response::builder()
            .status(500)
            .header("set-cookie", "session=cookie-secret")
            .body(axum::body::Body::empty())
            .expect("a valid response")
    })
    .await;
    let error = client(&base_url)
        .request("get_bill", reqwest::Method::GET, "/found")
        .exchange(decode)
        .await
        .expect_err("500");
    let debug = format!("{error:?}");
    assert!(debug.contains("set-cookie"), "{debug}");
    assert!(!debug.contains("cookie-secret"), "{debug}");
    // The value is still there for a caller who asks.
    assert_eq!(
        error.headers().map(|headers| headers["set-cookie"].clone()),
        Some(http::HeaderValue::from_static("session=cookie-secret"))
    );
}
