use std::collections::VecDeque;
use std::time::Duration;

use super::{Decoder, Event, FrameError, Framing};

/// Decodes `chunks` in order, then ends the stream.
fn decode(
    framing: Framing,
    limit: usize,
    chunks: &[&[u8]],
) -> Result<Vec<Event<String>>, FrameError> {
    let mut decoder = Decoder::new(framing, limit);
    let mut out = VecDeque::new();
    for chunk in chunks {
        decoder.push(chunk, &mut out)?;
    }
    decoder.finish(&mut out)?;
    Ok(out.into())
}

fn whole(framing: Framing, text: &[u8]) -> Vec<Event<String>> {
    decode(framing, 1 << 20, &[text]).expect("decodes")
}

/// Every way of cutting `text` in two, and in three, and byte by byte, reads as the whole.
fn assert_split_invariant(framing: Framing, text: &[u8]) {
    let expected = whole(framing, text);
    for cut in 0..=text.len() {
        let (a, b) = text.split_at(cut);
        assert_eq!(
            decode(framing, 1 << 20, &[a, b]).unwrap(),
            expected,
            "cut at {cut}"
        );
        for second in cut..=text.len() {
            let (b, c) = text[cut..].split_at(second - cut);
            assert_eq!(
                decode(framing, 1 << 20, &[a, b, c]).unwrap(),
                expected,
                "cuts at {cut} and {second}"
            );
        }
    }
    let bytes: Vec<&[u8]> = text.chunks(1).collect();
    assert_eq!(decode(framing, 1 << 20, &bytes).unwrap(), expected);
}

fn event(data: &str) -> Event<String> {
    Event::new(data.to_string())
}

/// A sample using every field, comments, and each line end.
const SAMPLE: &[u8] = b"\xEF\xBB\xBF: keep-alive\r\n\
event: delta\r\n\
id: 7\r\n\
data: {\"text\":\"h\xC3\xA9llo \xE2\x82\xAC\"}\r\n\
\r\n\
data: first line\n\
data:second line\n\
data\n\
\n\
retry: 2500\r\
data: after a CR\r\
\r\
event: ignored without data\n\
\n\
id\n\
data: [DONE]\n\
\n";

#[test]
fn the_sample_reads_as_the_standard_says() {
    let expected = vec![
        event("{\"text\":\"héllo €\"}").named("delta").with_id("7"),
        // `data:second` has no space to strip; a bare `data` adds an empty line.
        event("first line\nsecond line\n").with_id("7"),
        event("after a CR")
            .with_id("7")
            .with_retry(Duration::from_millis(2500)),
        // A bare `id` clears the last id.
        event("[DONE]"),
    ];
    assert_eq!(whole(Framing::Sse, SAMPLE), expected);
}

#[test]
fn every_split_point_of_the_sample_reads_the_same() {
    assert_split_invariant(Framing::Sse, SAMPLE);
}

#[test]
fn a_character_split_across_chunks_arrives_whole() {
    let text = "data: 1 € 2\n\n".as_bytes();
    let euro = text.iter().position(|&b| b == 0xE2).unwrap();
    let events = decode(Framing::Sse, 1024, &[&text[..euro + 1], &text[euro + 1..]]).unwrap();
    assert_eq!(events, vec![event("1 € 2")]);
}

#[test]
fn an_event_larger_than_the_limit_is_refused_with_its_index() {
    let mut text = b"data: small\n\n".to_vec();
    text.extend_from_slice(b"data: ");
    text.extend(std::iter::repeat_n(b'x', 100));
    text.extend_from_slice(b"\n\n");
    let error = decode(Framing::Sse, 64, &[&text]).unwrap_err();
    assert_eq!(
        error,
        FrameError::TooLarge {
            index: 1,
            limit: 64
        }
    );
    // Many data lines, each small, add up too.
    let lines = "data: 0123456789\n".repeat(10);
    let error = decode(Framing::Sse, 64, &[lines.as_bytes()]).unwrap_err();
    assert_eq!(
        error,
        FrameError::TooLarge {
            index: 0,
            limit: 64
        }
    );
    // A line that never ends is bounded while it arrives.
    let endless = vec![b'x'; 65];
    let mut decoder = Decoder::new(Framing::Sse, 64);
    let error = decoder.push(&endless, &mut VecDeque::new()).unwrap_err();
    assert_eq!(
        error,
        FrameError::TooLarge {
            index: 0,
            limit: 64
        }
    );
}

#[test]
fn a_stream_ending_inside_an_event_is_refused() {
    let error = decode(Framing::Sse, 1024, &[b"data: a\n\ndata: b\n"]).unwrap_err();
    assert_eq!(error, FrameError::Truncated { index: 1 });
    let error = decode(Framing::Sse, 1024, &[b"data: a\n\ndata: b"]).unwrap_err();
    assert_eq!(error, FrameError::Truncated { index: 1 });
    // A trailing comment or blank line is no event.
    let events = decode(Framing::Sse, 1024, &[b"data: a\n\n: ping"]).unwrap();
    assert_eq!(events, vec![event("a")]);
}

const LINES: &[u8] = b"{\"n\":1}\n\r\n\x1E{\"n\":2}\r\n\n  \n{\"n\":\"\xE2\x82\xAC\"}";

#[test]
fn json_lines_skip_blank_lines_and_separators() {
    let expected = vec![
        event("{\"n\":1}"),
        event("{\"n\":2}"),
        event("{\"n\":\"€\"}"),
    ];
    assert_eq!(whole(Framing::Lines, LINES), expected);
}

#[test]
fn every_split_point_of_json_lines_reads_the_same() {
    assert_split_invariant(Framing::Lines, LINES);
}

#[test]
fn a_json_line_longer_than_the_limit_is_refused_with_its_index() {
    let text = format!("1\n{}\n", "9".repeat(40));
    let error = decode(Framing::Lines, 16, &[text.as_bytes()]).unwrap_err();
    assert_eq!(
        error,
        FrameError::TooLarge {
            index: 1,
            limit: 16
        }
    );
}

/// An enum of events chosen by name, as the generator writes one (tagged by `event`, its
/// value in `data`).
#[derive(Debug, PartialEq, serde::Deserialize)]
#[serde(tag = "event", content = "data")]
enum RunEvent {
    #[serde(rename = "started")]
    Started { run: String },
    #[serde(rename = "message")]
    Note(String),
    #[serde(rename = "count")]
    Count(i64),
}

#[test]
fn named_events_decode_by_their_name() {
    use super::named_data;
    let started: RunEvent = named_data(Some("started"), "{\"run\":\"r1\"}").unwrap();
    assert_eq!(started, RunEvent::Started { run: "r1".into() });
    // An unnamed event is a `message`; text that is not JSON is the text itself…
    let note: RunEvent = named_data(None, "hello there").unwrap();
    assert_eq!(note, RunEvent::Note("hello there".into()));
    // …and text that happens to be JSON still reaches a text variant.
    let number_text: RunEvent = named_data(None, "42").unwrap();
    assert_eq!(number_text, RunEvent::Note("42".into()));
    assert_eq!(
        named_data::<RunEvent>(Some("count"), "7").unwrap(),
        RunEvent::Count(7)
    );
    let unknown = named_data::<RunEvent>(Some("stopped"), "{}").unwrap_err();
    assert!(unknown.contains("event `stopped`"), "{unknown}");
    let wrong = named_data::<RunEvent>(Some("count"), "\"seven\"").unwrap_err();
    assert!(wrong.contains("event `count`"), "{wrong}");
}
