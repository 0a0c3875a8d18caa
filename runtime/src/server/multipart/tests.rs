//! `FormData::read` of hand-built bodies: parts found by name and typed, and bodies that are
//! not multipart refused.

use std::collections::BTreeMap;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use bytes::Bytes;

use super::FormData;

const BOUNDARY: &str = "XyZ-boundary";

/// A `multipart/form-data` body of `(name, content type, data)` parts.
fn body(parts: &[(&str, Option<&str>, &[u8])]) -> Bytes {
    let mut body = Vec::new();
    for (name, content_type, data) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let disposition = format!("Content-Disposition: form-data; name=\"{name}\"");
        body.extend_from_slice(disposition.as_bytes());
        if let Some(content_type) = content_type {
            body.extend_from_slice(
                format!("; filename=\"{name}\"\r\nContent-Type: {content_type}").as_bytes(),
            );
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    Bytes::from(body)
}

fn headers(content_type: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type).expect("a value"),
    );
    headers
}

fn form_headers() -> HeaderMap {
    headers(&format!("multipart/form-data; boundary={BOUNDARY}"))
}

async fn read(parts: &[(&str, Option<&str>, &[u8])]) -> FormData {
    FormData::read(&form_headers(), body(parts))
        .await
        .expect("a multipart body")
}

#[tokio::test]
async fn parts_are_found_by_name() {
    let data = read(&[
        ("title", None, b"Hello"),
        (
            "file",
            Some("application/octet-stream"),
            b"\x00\x01\xff\r\n",
        ),
        ("tag", None, b"a"),
        ("tag", None, b"b"),
    ])
    .await;
    assert_eq!(data.field::<String>("title"), Ok(Some("Hello".to_string())));
    assert_eq!(
        data.file("file"),
        Some(Bytes::from_static(b"\x00\x01\xff\r\n")),
        "bytes kept exactly"
    );
    assert_eq!(
        data.file("tag"),
        Some(Bytes::from_static(b"a")),
        "the first of its name"
    );
    assert_eq!(
        data.files("tag"),
        Some(vec![Bytes::from_static(b"a"), Bytes::from_static(b"b")])
    );
    assert_eq!(data.file("absent"), None);
    assert_eq!(data.files("absent"), None);
    assert_eq!(data.field::<String>("absent"), Ok(None));
}

#[tokio::test]
async fn text_parts_are_typed_as_the_field_wants() {
    let data = read(&[
        ("count", None, b"12"),
        ("paid", None, b"true"),
        ("tag", None, b"a"),
        ("tag", None, b"b"),
        ("size", None, b"1"),
        ("size", None, b"2"),
        ("ids", None, b"3,4"),
    ])
    .await;
    assert_eq!(data.field::<i32>("count"), Ok(Some(12)));
    assert_eq!(
        data.field::<String>("count"),
        Ok(Some("12".to_string())),
        "a string stays one"
    );
    assert_eq!(data.field::<bool>("paid"), Ok(Some(true)));
    assert_eq!(
        data.field::<Vec<String>>("tag"),
        Ok(Some(vec!["a".into(), "b".into()]))
    );
    assert_eq!(data.field::<Vec<u8>>("size"), Ok(Some(vec![1, 2])));
    assert_eq!(
        data.field::<Vec<i32>>("count"),
        Ok(Some(vec![12])),
        "one part, an array wanted"
    );
    assert_eq!(
        data.field::<Vec<i32>>("ids"),
        Ok(Some(vec![3, 4])),
        "a comma list"
    );
    let refused = data.field::<i32>("paid").expect_err("not a number");
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn json_parts_are_decoded_as_json() {
    let data = read(&[
        ("meta", Some("application/json"), br#"{"k": [1, 2]}"#),
        ("bad", Some("application/json"), b"{"),
    ])
    .await;
    assert_eq!(
        data.field::<BTreeMap<String, Vec<u8>>>("meta"),
        Ok(Some(BTreeMap::from([("k".to_string(), vec![1, 2])])))
    );
    let refused = data
        .field::<BTreeMap<String, Vec<u8>>>("bad")
        .expect_err("invalid JSON");
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_body_without_a_boundary_is_a_415() {
    let parts = body(&[("title", None, b"Hello")]);
    let refused = FormData::read(&headers("multipart/form-data"), parts.clone())
        .await
        .err();
    assert_eq!(
        refused.map(|r| r.status),
        Some(StatusCode::UNSUPPORTED_MEDIA_TYPE)
    );
    let refused = FormData::read(&headers("application/json"), parts.clone())
        .await
        .err();
    assert_eq!(
        refused.map(|r| r.status),
        Some(StatusCode::UNSUPPORTED_MEDIA_TYPE)
    );
    let refused = FormData::read(&HeaderMap::new(), parts).await.err();
    assert_eq!(
        refused.map(|r| r.status),
        Some(StatusCode::UNSUPPORTED_MEDIA_TYPE)
    );
}

#[tokio::test]
async fn a_truncated_body_is_a_400() {
    let whole = body(&[("title", None, b"Hello")]);
    let truncated = whole.slice(..whole.len() - 20);
    let refused = FormData::read(&form_headers(), truncated).await.err();
    assert_eq!(refused.map(|r| r.status), Some(StatusCode::BAD_REQUEST));
}
