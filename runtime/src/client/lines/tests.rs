use std::sync::Arc;

use futures::stream;

use super::super::Client;
use super::super::retry::tests::{answer, decode_id, faulty_server, guarded, quick};
use super::LinesBody;

#[derive(serde::Serialize)]
struct Line {
    n: usize,
}

fn ok(_: usize) -> axum::response::Response {
    answer(200, &[], r#"{"id": 1}"#)
}

#[tokio::test]
async fn items_at_hand_are_one_line_each_and_a_retry_sends_them_again() {
    let (base_url, seen) = faulty_server(Arc::new(|n| {
        if n == 0 {
            answer(503, &[], "{}")
        } else {
            ok(n)
        }
    }))
    .await;
    let client = Client::builder(&base_url)
        .retry(quick(3))
        .build()
        .expect("builds");
    let items = vec![Line { n: 1 }, Line { n: 2 }];
    guarded(
        client
            .request("ingest", reqwest::Method::PUT, "/lines")
            .json_lines("application/x-ndjson", &items)
            .exchange(decode_id),
    )
    .await
    .expect("the second attempt succeeds");
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    for request in seen.iter() {
        assert_eq!(&request.body[..], b"{\"n\":1}\n{\"n\":2}\n");
        assert_eq!(request.head.headers["content-type"], "application/x-ndjson");
    }
}

#[tokio::test]
async fn a_stream_is_sent_as_it_comes_and_only_once() {
    let (base_url, seen) = faulty_server(Arc::new(|_| answer(503, &[], "{}"))).await;
    let client = Client::builder(&base_url)
        .retry(quick(3))
        .build()
        .expect("builds");
    let items = stream::iter((0..10_000).map(|n| Line { n }));
    let error = guarded(
        client
            .request("ingest", reqwest::Method::PUT, "/lines")
            .json_lines("application/x-ndjson", LinesBody::stream(items))
            .exchange(decode_id),
    )
    .await
    .expect_err("always busy");
    assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    let seen = seen.lock().unwrap();
    // A streamed body cannot be sent twice: one attempt, however many the policy allows.
    assert_eq!(seen.len(), 1);
    let text = std::str::from_utf8(&seen[0].body).expect("UTF-8");
    assert_eq!(text.lines().count(), 10_000);
    assert_eq!(text.lines().last(), Some("{\"n\":9999}"));
}

#[tokio::test]
async fn an_item_that_cannot_be_encoded_fails_before_sending() {
    struct Unencodable;
    impl serde::Serialize for Unencodable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no JSON for this"))
        }
    }
    let (base_url, seen) = faulty_server(Arc::new(ok)).await;
    let client = Client::new(&base_url);
    let error = guarded(
        client
            .request("ingest", reqwest::Method::PUT, "/lines")
            .json_lines("application/x-ndjson", LinesBody::items(&[Unencodable]))
            .exchange(decode_id),
    )
    .await
    .expect_err("refused");
    assert!(error.to_string().contains("item 0"), "{error}");
    assert!(seen.lock().unwrap().is_empty());
}
