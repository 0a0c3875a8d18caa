//! `Form`: what a generated form struct becomes on the wire, read back by the server's
//! `FormData` (reqwest's form shows nothing of its parts until it is sent).
// The round trip needs the server side too.
#![cfg(feature = "server")]

use std::collections::BTreeMap;

use bytes::Bytes;
use serde::ser::Error as _;

use super::super::super::server::FormData;
use super::super::tests::{Seen, loopback};
use super::super::{Client, Error, Failure};
use super::Form;

/// Sends `form` to a loopback server and returns what it received.
async fn sent(form: Form) -> Seen {
    let (base_url, seen) = loopback(|_| http::Response::new(axum::body::Body::empty())).await;
    let result: Result<(), Error<()>> = Client::new(base_url)
        .request("upload_bill", reqwest::Method::POST, "/bills")
        .multipart(form)
        .exchange(|_| Ok(()))
        .await;
    result.expect("the server answers");
    seen.lock().unwrap().pop().expect("one request")
}

/// A field that must decode (a refusal fails the test with its detail).
fn field<T: serde::de::DeserializeOwned>(data: &FormData, name: &str) -> Option<T> {
    data.field(name)
        .unwrap_or_else(|rejection| panic!("field {name}: {}", rejection.detail))
}

async fn read_back(form: Form) -> (FormData, String) {
    let Seen { head, body } = sent(form).await;
    let text = String::from_utf8_lossy(&body).into_owned();
    let data = FormData::read(&head.headers, body)
        .await
        .expect("a multipart body");
    (data, text)
}

#[tokio::test]
async fn text_file_and_optional_parts_arrive_by_name() {
    let pdf = Bytes::from_static(b"%PDF-1.7\x00\xff");
    let form = Form::new()
        .file("file", &pdf)
        .file_opt("thumbnail", &None)
        .field("supplierName", &"Acme & Co")
        .field("amount", &12.5)
        .field("paid", &false)
        .field("note", &None::<String>)
        .field("reference", &Some("INV-1"));
    let (data, _) = read_back(form).await;
    assert_eq!(data.file("file"), Some(pdf));
    assert_eq!(data.file("thumbnail"), None, "an absent file adds no part");
    assert_eq!(
        field::<String>(&data, "supplierName").as_deref(),
        Some("Acme & Co")
    );
    assert_eq!(field::<f64>(&data, "amount"), Some(12.5));
    assert_eq!(field::<bool>(&data, "paid"), Some(false));
    assert_eq!(field::<String>(&data, "note"), None, "None adds no part");
    assert_eq!(
        field::<String>(&data, "reference").as_deref(),
        Some("INV-1")
    );
}

#[tokio::test]
async fn a_file_part_names_itself_and_is_typed_octet_stream() {
    let (_, text) = read_back(Form::new().file("file", &Bytes::from_static(b"x"))).await;
    assert!(text.contains(r#"name="file"; filename="file""#), "{text}");
    assert!(text.contains("application/octet-stream"), "{text}");
}

#[tokio::test]
async fn arrays_of_scalars_repeat_the_part_and_other_values_go_as_json() {
    let pages = [Bytes::from_static(b"one"), Bytes::from_static(b"two")];
    let form = Form::new()
        .field("tags", &["a", "b"])
        .field("sizes", &[1, 2])
        .field("empty", &Vec::<String>::new())
        .field("meta", &BTreeMap::from([("k", vec![1, 2])]))
        .files("pages", &pages)
        .files_opt("extra", &None);
    let (data, text) = read_back(form).await;
    assert_eq!(
        text.matches(r#"name="tags""#).count(),
        2,
        "one part per item"
    );
    assert_eq!(
        field::<Vec<String>>(&data, "tags"),
        Some(vec!["a".to_string(), "b".to_string()])
    );
    assert_eq!(field::<Vec<u8>>(&data, "sizes"), Some(vec![1, 2]));
    // An empty array still arrives (as `[]`) rather than vanishing.
    assert_eq!(field::<Vec<String>>(&data, "empty"), Some(vec![]));
    assert_eq!(
        field::<BTreeMap<String, Vec<u8>>>(&data, "meta"),
        Some(BTreeMap::from([("k".to_string(), vec![1, 2])]))
    );
    assert_eq!(data.files("pages"), Some(pages.to_vec()));
    assert_eq!(data.files("extra"), None);
}

/// A value serde cannot encode.
struct Unencodable;

impl serde::Serialize for Unencodable {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(S::Error::custom("cannot be encoded"))
    }
}

#[tokio::test]
async fn a_field_that_cannot_be_encoded_fails_the_request_before_it_is_sent() {
    let form = Form::new().field("bad", &Unencodable);
    // Nothing listens there: the request must fail before any connection.
    let result = Client::new("http://127.0.0.1:9")
        .request("upload_bill", reqwest::Method::POST, "/bills")
        .multipart(form)
        .send()
        .await;
    match result {
        Err(Failure::InvalidRequest { message, .. }) => {
            assert!(message.contains("bad"), "{message}")
        }
        Err(other) => panic!("expected an invalid request, got {other:?}"),
        Ok(_) => panic!("expected an invalid request, got a response"),
    }
}

/// A file part is streamed, so its request cannot be copied: a PUT of one is sent once however
/// busy the server says it is, rather than sent again without its body.
#[tokio::test]
async fn a_form_with_a_file_is_sent_once() {
    let (base_url, seen) = loopback(|_| {
        http::Response::builder()
            .status(503)
            .body(axum::body::Body::empty())
            .expect("a valid response")
    })
    .await;
    let form = Form::new().file("scan", &Bytes::from_static(b"%PDF-1.7"));
    let result: Result<(), Error<()>> = Client::new(base_url)
        .request("replace_scan", reqwest::Method::PUT, "/scan")
        .multipart(form)
        .exchange(|response| response.unexpected())
        .await;
    assert_eq!(
        result.err().and_then(|error| error.status()),
        Some(http::StatusCode::SERVICE_UNAVAILABLE)
    );
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    assert!(!seen[0].body.is_empty());
}
