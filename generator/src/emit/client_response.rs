//! How a client method reads its operation's response: one `match` arm per documented
//! status, decoding the body and headers into the success value or the error enum. Each arm
//! is text (see `client_method.rs`); the stream methods, still tokens, read it back.

use proc_macro2::TokenStream;

use super::operations::{default_is_success, success_responses};
use super::text::string_literal;
use super::tokens::{ident_text, text_tokens};
use crate::ir::{MediaKind, Operation, Response, StatusMatch};

/// A `match` arm: the statuses it covers and the value it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Arm {
    /// The pattern (`200`, `400..=499`, `_`).
    pub pattern: String,
    /// The value.
    pub value: ArmValue,
}

/// The value of an arm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ArmValue {
    /// `response.method(args)`.
    Response {
        /// The method of the response.
        method: &'static str,
        /// Its arguments, each written as is.
        args: Vec<String>,
    },
    /// `Ok(value)`.
    Ok(String),
}

impl Arm {
    fn response(pattern: String, method: &'static str, args: Vec<String>) -> Self {
        Arm {
            pattern,
            value: ArmValue::Response { method, args },
        }
    }

    fn ok(pattern: String, value: String) -> Self {
        Arm {
            pattern,
            value: ArmValue::Ok(value),
        }
    }

    /// `pattern => value,` on one line.
    pub fn flat(&self) -> String {
        format!("{} => {},", self.pattern, self.value.flat())
    }
}

impl ArmValue {
    /// The value on one line.
    pub fn flat(&self) -> String {
        match self {
            ArmValue::Response { method, args } => {
                format!("response.{method}({})", args.join(", "))
            }
            ArmValue::Ok(value) => format!("Ok({value})"),
        }
    }
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
        arms.push(Arm::ok("200..=299".to_string(), "()".to_string()));
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
            let value = decoded.map_or_else(|| "()".to_string(), decoded_body);
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
    let status = with_status.then(|| "response.status_code()".to_string());
    let headers = (!response.headers.is_empty()).then(|| headers_expression(response, module));
    let fields: Vec<String> = status
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
            path
        } else {
            format!("{path}({})", fields.join(", "))
        }
    };
    if !response.success && compact && with_status {
        // The common error arm in one line: decode the body, wrap it with the status.
        let variant = format!("ErrorResponse::{variant}");
        Arm::response(pattern, "json_error_with_status", vec![variant])
    } else if !response.success && compact {
        Arm::response(
            pattern,
            "json_error",
            vec![format!("ErrorResponse::{variant}")],
        )
    } else if !response.success {
        let value = with_fields(format!("ErrorResponse::{variant}"));
        Arm::response(pattern, "error", vec![value])
    } else if several_successes {
        Arm::ok(pattern, with_fields(format!("SuccessResponse::{variant}")))
    } else {
        // The body alone is the result: its decoding's own result is the arm's.
        match decode_method(response).filter(|_| !with_status && response.headers.is_empty()) {
            Some(method) => Arm::response(pattern, method, Vec::new()),
            None => Arm::ok(pattern, decoded.unwrap_or_else(|| "()".to_string())),
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
fn headers_expression(response: &Response, module: &str) -> String {
    let name = super::operations::headers_struct_name(response);
    let fields: Vec<String> = response
        .headers
        .iter()
        .map(|header| {
            let field = ident_text(&header.rust_name);
            let wire = string_literal(&header.wire_name);
            let method = if header.ty.is_option() {
                "header"
            } else {
                "required_header"
            };
            format!("{field}: response.{method}({wire})?")
        })
        .collect();
    format!("operations::{module}::{name} {{ {} }}", fields.join(", "))
}

/// The body decoded, inside an expression (`response.json()?`).
fn decoded_body(method: &str) -> String {
    format!("response.{method}()?")
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
