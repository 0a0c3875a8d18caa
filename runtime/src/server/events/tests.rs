use std::collections::VecDeque;
use std::time::Duration;

use axum::http::StatusCode;
use futures::stream;

use super::super::super::stream::{Decoder, Event, Framing};
use super::{Events, json_text, lines_response, named_text, plain_text, sse_response};

async fn body_of(response: axum::response::Response) -> Vec<u8> {
    axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("the body arrives")
        .to_vec()
}

fn read(framing: Framing, bytes: &[u8]) -> Vec<Event<String>> {
    let mut decoder = Decoder::new(framing, 1 << 20);
    let mut out = VecDeque::new();
    decoder.push(bytes, &mut out).expect("frames");
    decoder.finish(&mut out).expect("complete");
    out.into()
}

#[tokio::test]
async fn written_events_read_back_alike() {
    let events = vec![
        Event::new("{\"a\":1}".to_string())
            .named("start")
            .with_id("1"),
        Event::new("two\nlines\r\nand a CR\rend".to_string()),
        Event::new(String::new()).with_retry(Duration::from_millis(10)),
        Event::new("x".to_string())
            .named("odd\nname")
            .with_id("a\rb"),
    ];
    let response = sse_response(
        StatusCode::OK,
        Events::new(stream::iter(events.clone())),
        plain_text,
        Some("[DONE]"),
    );
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let read = read(Framing::Sse, &body_of(response).await);
    let expected = vec![
        events[0].clone(),
        // Line ends in data arrive as LF; the last id stays.
        Event::new("two\nlines\nand a CR\nend".to_string()).with_id("1"),
        // axum writes no `data:` line for empty data, and an event without one is no event to
        // a reader: empty text data cannot be streamed (JSON data is never empty).
        // A name or an id is one line: its line ends become spaces.
        Event::new("x".to_string()).named("odd name").with_id("a b"),
        // The API's terminator comes last; it carries the last id like any event.
        Event::new("[DONE]".to_string()).with_id("a b"),
    ];
    assert_eq!(read, expected);
}

#[tokio::test]
async fn json_lines_are_one_record_a_line() {
    let values = vec![
        serde_json::json!({"n": 1, "text": "a\nb"}),
        serde_json::json!([1, 2]),
    ];
    let response = lines_response(
        StatusCode::OK,
        "application/jsonl",
        Events::from_data(stream::iter(values.clone())),
        json_text,
    );
    let read: Vec<serde_json::Value> = read(Framing::Lines, &body_of(response).await)
        .into_iter()
        .map(|event| serde_json::from_str(&event.data).expect("JSON"))
        .collect();
    assert_eq!(read, values);
}

/// An enum of events chosen by name, as the generator writes one.
#[derive(Debug, serde::Serialize)]
#[serde(tag = "event", content = "data")]
enum RunEvent {
    #[serde(rename = "started")]
    Started { run: String },
    #[serde(rename = "note")]
    Note(String),
}

#[tokio::test]
async fn named_events_are_written_under_their_names() {
    let events = vec![
        Event::new(RunEvent::Started { run: "r1".into() }).with_id("1"),
        // The variant's name wins over one set on the event.
        Event::new(RunEvent::Note("two\nlines".into())).named("ignored"),
    ];
    let response = sse_response(
        StatusCode::OK,
        Events::new(stream::iter(events)),
        named_text,
        None,
    );
    let read = read(Framing::Sse, &body_of(response).await);
    let expected = vec![
        Event::new("{\"run\":\"r1\"}".to_string())
            .named("started")
            .with_id("1"),
        Event::new("two\nlines".to_string())
            .named("note")
            .with_id("1"),
    ];
    assert_eq!(read, expected);
}
