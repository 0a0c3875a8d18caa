//! A handler's `match` over the service's response: an arm per variant, writing its status,
//! body (or stream of events) and headers, laid out as text.

use super::super::text::{Arg, Lines, string_literal};
use super::super::tokens::{ident, ident_text};
use crate::ir::{
    MediaKind, Primitive, Response, ResponseContent, StatusMatch, StreamedBody, TypeRef,
};

/// The arms writing a response: its body (or its stream, when that is its only body), and
/// its `<Variant>Stream` when it offers a stream beside the body.
pub(super) fn response_arms(lines: &mut Lines, response: &Response, module: &str) {
    let main = match (&response.content, &response.stream) {
        (Some(content), _) => Written::Content(content),
        (None, Some(stream)) => Written::Stream(stream),
        (None, None) => Written::Nothing,
    };
    let variant = ident_text(&response.variant);
    arm(lines, response, module, &variant, main);
    if let (Some(_), Some(stream)) = (&response.content, &response.stream) {
        let variant = ident_text(&format!("{}Stream", response.variant));
        arm(lines, response, module, &variant, Written::Stream(stream));
    }
}

/// What an arm writes as the body.
#[derive(Clone, Copy)]
enum Written<'a> {
    Nothing,
    Content(&'a ResponseContent),
    Stream(&'a StreamedBody),
}

/// One arm: the pattern binding status, body and headers, and the response written.
fn arm(lines: &mut Lines, response: &Response, module: &str, variant: &str, written: Written<'_>) {
    let (status_binding, status) = match response.status {
        StatusMatch::Code(code) => (None, format!("rt::status({code})")),
        StatusMatch::Range(_) | StatusMatch::Default => (Some("status"), "status".to_string()),
    };
    let body_binding = (!matches!(written, Written::Nothing)).then_some("body");
    let headers_binding = (!response.headers.is_empty()).then_some("headers");
    let bindings: Vec<&str> = status_binding
        .into_iter()
        .chain(body_binding)
        .chain(headers_binding)
        .collect();
    let mut pattern = format!("operations::{module}::Response::{variant}");
    if !bindings.is_empty() {
        pattern = format!("{pattern}({})", bindings.join(", "));
    }
    let (head, args) = written_value(written, status);
    if response.headers.is_empty() {
        return lines.path_call_arm(2, &pattern, head, &args);
    }
    lines.block_arm_head(2, &pattern, false);
    let args: Vec<Arg> = args.into_iter().map(Arg::Plain).collect();
    lines.path_call_statement(3, &format!("let mut response = {head}"), &args, ";");
    for header in &response.headers {
        let field = ident(&header.rust_name);
        let wire = string_literal(&header.wire_name.to_ascii_lowercase());
        let args = [
            "&mut response".to_string(),
            wire,
            format!("&headers.{field}"),
        ]
        .map(Arg::Plain);
        lines.path_call_statement(3, "rt::set_header", &args, ";");
    }
    lines.line(3, "response");
    lines.line(2, "}");
}

/// The call answering with `content` (`None`: no body) and `status`, its path and arguments:
/// a webhook receiver's handler answers as an operation's does.
pub(in crate::emit) fn answer_value(
    content: Option<&ResponseContent>,
    status: String,
) -> (&'static str, Vec<String>) {
    written_value(content.map_or(Written::Nothing, Written::Content), status)
}

/// The call answering with `written` and `status`: the function's path and its arguments.
fn written_value(written: Written<'_>, status: String) -> (&'static str, Vec<String>) {
    match written {
        Written::Nothing => ("rt::empty", vec![status]),
        Written::Content(content) => {
            let content_type = string_literal(&content.content_type);
            match content.media {
                MediaKind::Json | MediaKind::Form | MediaKind::Multipart => (
                    "rt::json_response",
                    vec![status, content_type, "&body".to_string()],
                ),
                MediaKind::Text
                | MediaKind::Binary
                | MediaKind::EventStream
                | MediaKind::JsonLines => (
                    "rt::with_content_type",
                    vec![status, content_type, "body.into()".to_string()],
                ),
            }
        }
        Written::Stream(stream) => {
            let encode = match stream.item {
                _ if stream.named => "rt::events::named_text",
                TypeRef::Primitive(Primitive::String) => "rt::events::plain_text",
                _ => "rt::events::json_text",
            }
            .to_string();
            match stream.media {
                MediaKind::JsonLines => (
                    "rt::events::lines_response",
                    vec![
                        status,
                        string_literal(&stream.content_type),
                        "body".to_string(),
                        encode,
                    ],
                ),
                _ => {
                    let terminator = match &stream.terminator {
                        Some(text) => format!("Some({})", string_literal(text)),
                        None => "None".to_string(),
                    };
                    (
                        "rt::events::sse_response",
                        vec![status, "body".to_string(), encode, terminator],
                    )
                }
            }
        }
    }
}
