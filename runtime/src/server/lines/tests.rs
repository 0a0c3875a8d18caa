use futures::{StreamExt, stream};

use super::{LineError, Lines};

#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
struct Record {
    n: u32,
}

/// A body arriving in the chunks given, then failing if `fail` says so.
fn body_of(chunks: &[&'static str], fail: bool) -> axum::body::Body {
    let mut parts: Vec<Result<bytes::Bytes, std::io::Error>> = chunks
        .iter()
        .map(|chunk| Ok(bytes::Bytes::from_static(chunk.as_bytes())))
        .collect();
    if fail {
        parts.push(Err(std::io::Error::other("connection reset")));
    }
    axum::body::Body::from_stream(stream::iter(parts))
}

async fn items(lines: Lines<Record>) -> Vec<Result<Record, LineError>> {
    lines.collect().await
}

#[tokio::test]
async fn items_arrive_across_any_chunking() {
    let text = "{\"n\":1}\n\n{\"n\":2}\r\n{\"n\":3}";
    for split in 0..=text.len() {
        let (head, tail) = text.split_at(split);
        let head: &'static str = Box::leak(head.to_string().into_boxed_str());
        let tail: &'static str = Box::leak(tail.to_string().into_boxed_str());
        let got = items(Lines::new(body_of(&[head, tail], false), 64)).await;
        assert_eq!(
            got,
            [
                Ok(Record { n: 1 }),
                Ok(Record { n: 2 }),
                Ok(Record { n: 3 })
            ],
            "split at {split}"
        );
    }
}

#[tokio::test]
async fn a_bad_line_ends_the_stream_with_its_index() {
    let got = items(Lines::new(
        body_of(&["{\"n\":1}\n{\"n\":\"two\"}\n{\"n\":3}\n"], false),
        64,
    ))
    .await;
    assert_eq!(got.len(), 2);
    assert_eq!(got[0], Ok(Record { n: 1 }));
    let error = got[1].clone().expect_err("the second line is no record");
    assert_eq!(error.index, Some(1));
    assert!(
        error.to_string().starts_with("line 1 of the body: "),
        "{error}"
    );
}

#[tokio::test]
async fn a_line_over_the_limit_is_refused_not_buffered() {
    let long: &'static str = Box::leak(format!("{{\"n\":{}}}\n", "1".repeat(100)).into_boxed_str());
    let got = items(Lines::new(body_of(&["{\"n\":1}\n", long], false), 32)).await;
    assert_eq!(got[0], Ok(Record { n: 1 }));
    assert_eq!(
        got[1],
        Err(LineError {
            index: Some(1),
            message: "longer than the limit of 32 bytes".into()
        })
    );
    assert_eq!(got.len(), 2);
}

#[tokio::test]
async fn checks_refuse_an_item_and_a_lost_connection_comes_last() {
    let checked =
        Lines::new(body_of(&["{\"n\":1}\n{\"n\":7}\n"], false), 64).checking(|record: &Record| {
            if record.n < 5 {
                Ok(())
            } else {
                Err(format!("n: {} is above 4", record.n))
            }
        });
    let got = items(checked).await;
    assert_eq!(got[0], Ok(Record { n: 1 }));
    assert_eq!(
        got[1],
        Err(LineError {
            index: Some(1),
            message: "n: 7 is above 4".into()
        })
    );

    let cut = items(Lines::new(body_of(&["{\"n\":1}\n{\"n\":2}\n"], true), 64)).await;
    assert_eq!(cut[..2], [Ok(Record { n: 1 }), Ok(Record { n: 2 })]);
    let lost = cut[2].clone().expect_err("the connection failed");
    assert_eq!(lost.index, None);
    assert_eq!(cut.len(), 3);
}
