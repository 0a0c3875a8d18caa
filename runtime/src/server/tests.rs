//! The server's decoding: problem+json answers, query/path/header/cookie parameters, and the
//! body readers' refusals (415, 400, 413).

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::{
    Query, Rejection, RouterOptions, cookie_param, header_param, json_body, path_param, problem,
    read_body, text_body,
};

async fn body_text(response: Response) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("a body");
    String::from_utf8(bytes.to_vec()).expect("text")
}

#[tokio::test]
async fn problem_writes_problem_json_with_status_title_and_detail() {
    let response = problem(StatusCode::NOT_FOUND, "no bill 7");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        response.headers().get(header::CONTENT_TYPE),
        Some(&HeaderValue::from_static("application/problem+json"))
    );
    let body: serde_json::Value = serde_json::from_str(&body_text(response).await).expect("JSON");
    assert_eq!(
        body,
        json!({"type": "about:blank", "title": "Not Found", "status": 404, "detail": "no bill 7"})
    );
}

#[tokio::test]
async fn a_rejection_is_answered_as_a_problem_unless_the_router_says_otherwise() {
    let rejection = Rejection {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        detail: "too big".into(),
    };
    let response = RouterOptions::default().answer(rejection.clone());
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(body_text(response).await.contains("too big"));

    let options = RouterOptions::default()
        .with_rejection_response(|rejection| (rejection.status, "custom").into_response());
    let response = options.answer(rejection);
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body_text(response).await, "custom");
}

fn query(text: &str) -> Query {
    let uri: Uri = format!("/bills?{text}").parse().expect("a URI");
    Query::parse(&uri).expect("a query string")
}

#[test]
fn required_and_optional_scalars_are_decoded() {
    let query = query("limit=10&name=a%20b+c&flag=true&empty=");
    assert_eq!(query.required::<i32>("limit"), Ok(10));
    assert_eq!(query.required::<String>("name"), Ok("a b c".to_string()));
    assert_eq!(query.optional::<bool>("flag"), Ok(Some(true)));
    assert_eq!(query.optional::<String>("empty"), Ok(Some(String::new())));
    assert_eq!(query.optional::<i32>("absent"), Ok(None));
    // Names are matched exactly.
    assert_eq!(query.optional::<i32>("Limit"), Ok(None));
}

#[test]
fn a_missing_required_or_malformed_parameter_is_a_400() {
    let query = query("limit=ten");
    let missing = query.required::<i32>("cursor").expect_err("missing");
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert!(missing.detail.contains("`cursor`"), "{}", missing.detail);
    let invalid = query.required::<i32>("limit").expect_err("not a number");
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
    assert!(invalid.detail.contains("`limit`"), "{}", invalid.detail);
}

#[test]
fn a_repeated_scalar_is_refused() {
    let refused = query("id=1&id=2")
        .optional::<i32>("id")
        .expect_err("repeated");
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.detail.contains("repeated"), "{}", refused.detail);
}

#[derive(Debug, PartialEq, Deserialize)]
struct Filter {
    state: String,
    min: i32,
}

fn paid_from_5() -> Option<Filter> {
    Some(Filter {
        state: "paid".into(),
        min: 5,
    })
}

#[test]
fn a_deep_object_is_read_from_its_bracketed_keys() {
    let query = query("filter%5Bstate%5D=paid&filter[min]=5&other[min]=9&min=1");
    assert_eq!(
        query.object::<Filter>("filter", true, false),
        Ok(paid_from_5())
    );
    assert_eq!(query.object::<Filter>("absent", true, false), Ok(None));
    let invalid = query.object::<Filter>("other", true, false);
    assert_eq!(
        invalid.map_err(|r| r.status),
        Err(StatusCode::BAD_REQUEST),
        "no state"
    );
}

#[test]
fn an_exploded_form_object_is_read_from_its_own_parameters() {
    let query = query("state=paid&min=5&unrelated=x");
    assert_eq!(
        query.object::<Filter>("filter", false, true),
        Ok(paid_from_5())
    );
}

#[test]
fn a_plain_form_object_is_read_from_keys_and_values() {
    let query = query("filter=state,paid,min,5");
    assert_eq!(
        query.object::<Filter>("filter", false, false),
        Ok(paid_from_5())
    );
    assert_eq!(query.object::<Filter>("absent", false, false), Ok(None));
}

#[test]
fn lists_are_read_repeated_or_split_by_their_separator() {
    assert_eq!(
        query("id=1&id=2&id=3").list::<i32>("id", true, ","),
        Ok(Some(vec![1, 2, 3]))
    );
    assert_eq!(
        query("id=1,2,3").list::<i32>("id", false, ","),
        Ok(Some(vec![1, 2, 3]))
    );
    assert_eq!(
        query("id=1%7C2").list::<i32>("id", false, "|"),
        Ok(Some(vec![1, 2]))
    );
    assert_eq!(
        query("id=1%202").list::<i32>("id", false, " "),
        Ok(Some(vec![1, 2]))
    );
    // Exploded: a comma stays inside its item.
    assert_eq!(
        query("tag=a,b&tag=c").list::<String>("tag", true, ","),
        Ok(Some(vec!["a,b".to_string(), "c".to_string()]))
    );
    assert_eq!(query("other=1").list::<i32>("id", true, ","), Ok(None));
    let invalid = query("id=1,x")
        .list::<i32>("id", false, ",")
        .expect_err("x");
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
}

/// Routes `/bills/{segment}` to a handler that decodes the segment with `path_param` (the
/// template being `bill-{billId}.pdf`) and answers with the id or the rejection.
async fn path_status(uri: &str, key: &'static str) -> (StatusCode, String) {
    use tower::ServiceExt;
    let handler = move |params: axum::extract::RawPathParams| async move {
        match path_param::<i64>(&params, key, "billId", "bill-", ".pdf") {
            Ok(id) => id.to_string().into_response(),
            Err(rejection) => rejection.into_response(),
        }
    };
    let router = axum::Router::new().route("/bills/{segment}", axum::routing::get(handler));
    let request = http::Request::get(uri)
        .body(Body::empty())
        .expect("a request");
    let response = router.oneshot(request).await.expect("infallible");
    let status = response.status();
    (status, body_text(response).await)
}

#[tokio::test]
async fn a_path_parameter_is_read_between_its_prefix_and_suffix() {
    assert_eq!(
        path_status("/bills/bill-42.pdf", "segment").await,
        (StatusCode::OK, "42".into())
    );
    // Percent-encoded digits are decoded before they are read.
    assert_eq!(
        path_status("/bills/bill-%34%32.pdf", "segment").await,
        (StatusCode::OK, "42".into())
    );
}

#[tokio::test]
async fn a_segment_without_the_prefix_or_suffix_is_another_path() {
    assert_eq!(
        path_status("/bills/42.pdf", "segment").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        path_status("/bills/bill-42.png", "segment").await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_malformed_or_missing_path_parameter_is_a_400() {
    let (status, body) = path_status("/bills/bill-x.pdf", "segment").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("billId"), "{body}");
    let (status, body) = path_status("/bills/bill-42.pdf", "other").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("missing path parameter"), "{body}");
}

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in pairs {
        headers.append(*name, HeaderValue::from_str(value).expect("a header value"));
    }
    headers
}

#[test]
fn header_parameters_are_decoded_typed() {
    let headers = headers(&[("x-limit", "10"), ("x-ids", "1,2,3"), ("x-bad", "ten")]);
    assert_eq!(header_param::<i32>(&headers, "x-limit"), Ok(Some(10)));
    assert_eq!(
        header_param::<i32>(&headers, "X-Limit"),
        Ok(Some(10)),
        "names ignore case"
    );
    assert_eq!(
        header_param::<Vec<i32>>(&headers, "x-ids"),
        Ok(Some(vec![1, 2, 3]))
    );
    assert_eq!(header_param::<i32>(&headers, "x-absent"), Ok(None));
    let invalid = header_param::<i32>(&headers, "x-bad").expect_err("not a number");
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
}

#[test]
fn a_header_that_is_not_text_is_a_400() {
    let mut headers = HeaderMap::new();
    let value = HeaderValue::from_bytes(b"caf\xe9").expect("opaque bytes are a header value");
    headers.insert("x-name", value);
    let refused = header_param::<String>(&headers, "x-name").expect_err("not text");
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
}

#[test]
fn cookies_are_found_by_exact_name_across_cookie_headers() {
    let headers = headers(&[
        ("cookie", "xtheme=light; session=abc"),
        ("cookie", "theme=dark;count=3"),
    ]);
    assert_eq!(
        cookie_param::<String>(&headers, "theme"),
        Ok(Some("dark".into()))
    );
    assert_eq!(
        cookie_param::<String>(&headers, "session"),
        Ok(Some("abc".into()))
    );
    assert_eq!(cookie_param::<u32>(&headers, "count"), Ok(Some(3)));
    assert_eq!(cookie_param::<String>(&headers, "absent"), Ok(None));
    let invalid = cookie_param::<u32>(&headers, "session").expect_err("not a number");
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
}

/// A body type as the generator writes it: its integer field takes `2.0` itself.
#[derive(Debug, PartialEq, Deserialize)]
struct Line {
    #[serde(deserialize_with = "super::super::integral::deserialize")]
    quantity: i32,
    #[serde(default, deserialize_with = "super::super::present::deserialize")]
    note: Option<String>,
}

fn json_headers(content_type: &str) -> HeaderMap {
    headers(&[("content-type", content_type)])
}

#[test]
fn a_json_body_reaches_the_handler_as_sent() {
    // Free-form values keep `1.0` (the body is decoded as it is, never rewritten first).
    let body = br#"{"price": 1.0, "tags": [2.0, -0.0]}"#;
    let value = json_body::<serde_json::Value>(&json_headers("application/json"), body, true)
        .expect("a JSON body")
        .expect("present");
    assert_eq!(value["price"].to_string(), "1.0");
    assert_eq!(value["tags"].to_string(), "[2.0,-0.0]");
}

#[test]
fn json_bodies_are_read_under_json_content_types() {
    let body = br#"{"quantity": 2.0}"#;
    let expected = Ok(Some(Line {
        quantity: 2,
        note: None,
    }));
    for content_type in [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/merge-patch+json",
        "application/vnd.api+json",
        "text/json",
    ] {
        assert_eq!(
            json_body::<Line>(&json_headers(content_type), body, true),
            expected,
            "{content_type}"
        );
    }
}

#[test]
fn other_content_types_are_a_415() {
    let body = br#"{"quantity": 2}"#;
    for content_type in [
        "text/plain",
        "application/jsonx",
        "application/x-www-form-urlencoded",
    ] {
        let refused =
            json_body::<Line>(&json_headers(content_type), body, true).expect_err(content_type);
        assert_eq!(
            refused.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type}"
        );
    }
    let refused = json_body::<Line>(&HeaderMap::new(), body, true).expect_err("no content type");
    assert_eq!(refused.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[test]
fn an_empty_body_is_absent_unless_required() {
    let headers = json_headers("application/json");
    assert_eq!(json_body::<Line>(&headers, b"", false), Ok(None));
    let refused = json_body::<Line>(&headers, b"", true).expect_err("required");
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    // Without a content type too: an absent body has none.
    assert_eq!(json_body::<Line>(&HeaderMap::new(), b"", false), Ok(None));
}

#[test]
fn invalid_json_and_null_in_a_non_nullable_field_are_a_400() {
    let headers = json_headers("application/json");
    for body in [
        &b"{"[..],
        br#"{"quantity": "2"}"#,
        br#"{"quantity": 2, "note": null}"#,
    ] {
        let refused = json_body::<Line>(&headers, body, true).expect_err("refused");
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn read_body_answers_413_past_the_limit() {
    assert_eq!(
        read_body(Body::from(vec![7_u8; 10]), 10)
            .await
            .map(|b| b.len()),
        Ok(10)
    );
    let refused = read_body(Body::from(vec![7_u8; 11]), 10)
        .await
        .expect_err("too large");
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn read_body_answers_413_for_a_streamed_body_of_unknown_length() {
    // No size hint: the limit is only found while reading.
    let chunks = (0..4).map(|_| Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"abcd")));
    let body = Body::from_stream(futures::stream::iter(chunks));
    let refused = read_body(body, 10).await.expect_err("too large");
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[test]
fn text_bodies_must_be_utf8() {
    assert_eq!(
        text_body(bytes::Bytes::from_static("héllo".as_bytes()), true),
        Ok(Some("héllo".into()))
    );
    assert_eq!(text_body(bytes::Bytes::new(), false), Ok(None));
    assert_eq!(
        text_body(bytes::Bytes::new(), true),
        Ok(Some(String::new()))
    );
    let refused = text_body(bytes::Bytes::from_static(b"caf\xe9"), true).expect_err("Latin-1");
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
}
