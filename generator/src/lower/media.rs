//! Choosing which media type of a body to generate, and how it is encoded.

use crate::ir::MediaKind;
use crate::model::{Map, MediaType};

/// How a content type is encoded, or `None` for types oasgen cannot encode.
pub(super) fn media_kind(content_type: &str) -> Option<MediaKind> {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let kind = match essence.as_str() {
        "application/json" | "text/json" => MediaKind::Json,
        "application/x-www-form-urlencoded" => MediaKind::Form,
        "multipart/form-data" => MediaKind::Multipart,
        "text/event-stream" => MediaKind::EventStream,
        "application/jsonl"
        | "application/x-ndjson"
        | "application/x-jsonlines"
        | "application/json-seq" => MediaKind::JsonLines,
        _ if essence.ends_with("+json") => MediaKind::Json,
        _ if essence.starts_with("text/") => MediaKind::Text,
        "application/octet-stream" | "*/*" | "application/pdf" | "application/zip" => {
            MediaKind::Binary
        }
        _ if essence.starts_with("image/")
            || essence.starts_with("audio/")
            || essence.starts_with("video/") =>
        {
            MediaKind::Binary
        }
        _ => return None,
    };
    Some(kind)
}

/// Preference when a body offers several media types: JSON, then form, multipart, text, bytes.
fn rank(kind: MediaKind) -> u8 {
    match kind {
        MediaKind::Json => 0,
        MediaKind::Form => 1,
        MediaKind::Multipart => 2,
        MediaKind::Text => 3,
        MediaKind::Binary => 4,
        // Only chosen as a whole body where nothing else is offered (see `choose_stream`).
        MediaKind::EventStream => 5,
        MediaKind::JsonLines => 6,
    }
}

/// Whether `kind` is sent as a stream of events.
pub(super) fn is_stream(kind: MediaKind) -> bool {
    matches!(kind, MediaKind::EventStream | MediaKind::JsonLines)
}

/// The chosen media type of a `content` map, and the content types left out.
pub(super) struct Chosen<'m> {
    pub kind: MediaKind,
    pub content_type: &'m str,
    pub media: &'m MediaType,
    pub others: Vec<&'m str>,
}

/// Picks the most structured media type oasgen can encode; `None` when there is none. With
/// `streams_apart`, stream media types are neither chosen nor listed as left out: the caller
/// takes them with `choose_stream`.
pub(super) fn choose(content: &Map<MediaType>, streams_apart: bool) -> Option<Chosen<'_>> {
    let (kind, content_type, media) = content
        .iter()
        .filter_map(|(content_type, media)| {
            media_kind(content_type).map(|kind| (kind, content_type.as_str(), media))
        })
        .filter(|(kind, _, _)| !(streams_apart && is_stream(*kind)))
        .min_by_key(|(kind, _, _)| rank(*kind))?;
    // `text/json` beside `application/json` (ASP.NET) is the same body: not worth a warning.
    let others = content
        .keys()
        .map(String::as_str)
        .filter(|other| *other != content_type && media_kind(other) != Some(MediaKind::Json))
        .filter(|other| !(streams_apart && media_kind(other).is_some_and(is_stream)))
        .collect();
    Some(Chosen {
        kind,
        content_type,
        media,
        others,
    })
}

/// The first stream media type of a `content` map (SSE before JSON Lines), with its kind.
pub(super) fn choose_stream(content: &Map<MediaType>) -> Option<(MediaKind, &str, &MediaType)> {
    content
        .iter()
        .filter_map(|(content_type, media)| {
            media_kind(content_type)
                .filter(|kind| is_stream(*kind))
                .map(|kind| (kind, content_type.as_str(), media))
        })
        .min_by_key(|(kind, _, _)| rank(*kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(
            media_kind("application/problem+json"),
            Some(MediaKind::Json)
        );
        assert_eq!(
            media_kind("application/json; charset=utf-8"),
            Some(MediaKind::Json)
        );
        assert_eq!(media_kind("text/plain"), Some(MediaKind::Text));
        assert_eq!(media_kind("image/png"), Some(MediaKind::Binary));
        assert_eq!(media_kind("application/xml"), None);
    }

    #[test]
    fn prefers_json() {
        let mut content = Map::new();
        content.insert("text/plain".to_string(), MediaType::default());
        content.insert("application/json".to_string(), MediaType::default());
        content.insert("text/json".to_string(), MediaType::default());
        let chosen = choose(&content, false).unwrap();
        assert_eq!(chosen.content_type, "application/json");
        assert_eq!(chosen.others, ["text/plain"]);
    }
}
