//! How a client method reads its operation's response: one `match` arm per documented
//! status, decoding the body and headers into the success value or the error enum. Each arm
//! is text (see `client_method.rs`); the stream methods, still tokens, read it back.

use proc_macro2::TokenStream;

use super::operations::{default_is_success, success_responses};
use super::text::{Expr, string_literal};
use super::tokens::{ident_text, text_tokens};
use crate::ir::{MediaKind, Operation, Response, StatusMatch};

/// A `match` arm: the statuses it covers and the value it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Arm {
    /// The pattern (`200`, `400..=499`, `_`).
    pub pattern: String,
    /// The value.
    pub value: Expr,
}

impl Arm {
    /// An arm calling `response.method(args)`.
    fn response(pattern: String, method: &str, args: Vec<Expr>) -> Self {
        Arm {
            pattern,
            value: on_response(method, args, ""),
        }
    }

    /// An arm answering `Ok(value)`.
    fn ok(pattern: String, value: Expr) -> Self {
        Arm {
            pattern,
            value: Expr::call("Ok", vec![value]),
        }
    }

    /// `pattern => value,` on one line.
    pub fn flat(&self) -> String {
        format!("{} => {},", self.pattern, self.value.flat())
    }
}

/// `response.method(args)suffix`.
fn on_response(method: &str, args: Vec<Expr>, suffix: &str) -> Expr {
    Expr::method("response", method, args, suffix)
}

/// `()`.
fn unit() -> Expr {
    Expr::Atom("()".to_string())
}

/// The arms of the method's `match` over the status.
pub(super) fn arms(operation: &Operation) -> Vec<Arm> {
    let module = ident_text(&operation.name);
    let several_successes = super::operations::success_enum_needed(operation);
    let mut arms = Vec::new();
    for response in &operation.responses {
        if response.status == StatusMatch::Default && default_is_success(operation) {
            arms.push(default_success_arm(response));
        }
        arms.push(arm(response, &module, several_successes));
    }
    let has_fallback = operation
        .responses
        .iter()
        .any(|response| response.status == StatusMatch::Default);
    if success_responses(operation).is_empty() && !has_fallback {
        arms.push(Arm::ok("200..=299".to_string(), unit()));
    }
    if !has_fallback {
        arms.push(Arm::response("_".to_string(), "unexpected", Vec::new()));
    }
    arms
}

/// The arm of an error `response` as tokens (the stream method's errors closure).
pub(super) fn error_arm_tokens(response: &Response, module: &str) -> TokenStream {
    text_tokens(&arm(response, module, false).flat())
}

/// The arm that reads a 2xx status as the `default` response, when that stands for success.
fn default_success_arm(response: &Response) -> Arm {
    let pattern = "200..=299".to_string();
    match (decode_method(response), response.headers.is_empty()) {
        (Some(method), true) => Arm::response(pattern, method, Vec::new()),
        (decoded, _) => {
            let value = decoded.map_or_else(unit, decoded_body);
            Arm::ok(pattern, value)
        }
    }
}

/// The statuses a response covers, as a match pattern.
fn status_pattern(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(class) => {
            let low = u16::from(class) * 100;
            format!("{low}..={}", low + 99)
        }
        StatusMatch::Default => "_".to_string(),
    }
}

/// One response's arm: the error or success value, with its status, body and headers.
fn arm(response: &Response, module: &str, several_successes: bool) -> Arm {
    let decoded = decode_method(response).map(decoded_body);
    let with_status = matches!(
        response.status,
        StatusMatch::Range(_) | StatusMatch::Default
    );
    let status = with_status.then(|| on_response("status_code", Vec::new(), ""));
    let headers = (!response.headers.is_empty()).then(|| headers_expression(response, module));
    let fields: Vec<Expr> = status
        .into_iter()
        .chain(decoded.clone())
        .chain(headers)
        .collect();
    let variant = ident_text(&response.variant);
    let pattern = status_pattern(response.status);
    let json = response.content.as_ref().is_some_and(|content| {
        matches!(
            content.media,
            MediaKind::Json | MediaKind::Form | MediaKind::Multipart
        )
    });
    let compact = json && response.headers.is_empty();
    let with_fields = |path: String| {
        if fields.is_empty() {
            Expr::Atom(path)
        } else {
            Expr::call(&path, fields.clone())
        }
    };
    if !response.success && compact && with_status {
        // The common error arm in one line: decode the body, wrap it with the status.
        let variant = Expr::Atom(format!("ErrorResponse::{variant}"));
        Arm::response(pattern, "json_error_with_status", vec![variant])
    } else if !response.success && compact {
        let variant = Expr::Atom(format!("ErrorResponse::{variant}"));
        Arm::response(pattern, "json_error", vec![variant])
    } else if !response.success {
        let value = with_fields(format!("ErrorResponse::{variant}"));
        Arm::response(pattern, "error", vec![value])
    } else if several_successes {
        Arm::ok(pattern, with_fields(format!("SuccessResponse::{variant}")))
    } else {
        // The body alone is the result: its decoding's own result is the arm's.
        match decode_method(response).filter(|_| !with_status && response.headers.is_empty()) {
            Some(method) => Arm::response(pattern, method, Vec::new()),
            None => Arm::ok(pattern, decoded.unwrap_or_else(unit)),
        }
    }
}

/// `use` lines that let the match arms name the response enums briefly.
pub(super) fn use_lines(operation: &Operation) -> Vec<String> {
    let module = ident_text(&operation.name);
    let mut uses = Vec::new();
    if !super::operations::error_responses(operation).is_empty() {
        uses.push(format!("use operations::{module}::ErrorResponse;"));
    }
    if super::operations::success_enum_needed(operation) {
        uses.push(format!("use operations::{module}::SuccessResponse;"));
    }
    uses
}

/// `OkHeaders { … }` read from the response's headers.
fn headers_expression(response: &Response, module: &str) -> Expr {
    let name = super::operations::headers_struct_name(response);
    let fields = response
        .headers
        .iter()
        .map(|header| {
            let wire = Expr::Atom(string_literal(&header.wire_name));
            let method = if header.ty.is_option() {
                "header"
            } else {
                "required_header"
            };
            (
                ident_text(&header.rust_name),
                on_response(method, vec![wire], "?"),
            )
        })
        .collect();
    Expr::Struct {
        path: format!("operations::{module}::{name}"),
        fields,
    }
}

/// The body decoded, inside an expression (`response.json()?`).
fn decoded_body(method: &str) -> Expr {
    on_response(method, Vec::new(), "?")
}

/// The response's method that decodes the body, as a result (`json`).
fn decode_method(response: &Response) -> Option<&'static str> {
    let content = response.content.as_ref()?;
    Some(match content.media {
        MediaKind::Json | MediaKind::Form | MediaKind::Multipart => "json",
        // A streamed error body is read whole, as text (`lower` says so).
        MediaKind::Text | MediaKind::EventStream | MediaKind::JsonLines => "text",
        MediaKind::Binary => "bytes",
    })
}
