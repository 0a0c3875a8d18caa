//! The axum handler of an operation, written as text: it decodes the request (path, query,
//! headers, body), calls the service through its trait, and writes the response.
//!
//! Why text: the handlers were a third of the tokens the formatter parsed on a giant spec
//! (Stripe: 0.74 of 2.3 MB). Their statements take a few fixed shapes, laid out here as
//! prettyplease lays them out; anything else (a multipart body, a pattern too wide for its
//! line) sends the handler to the formatter whole (`Lines::needs_formatter`).

use proc_macro2::TokenStream;
use quote::quote;

use super::super::operations::{FormPart, form_fields, form_part, non_path_params, streamed_item};
use super::super::text::{FieldValue, Lines, Texts, string_literal};
use super::super::tokens::{Scope, ident, ident_text, type_tokens};
use crate::ir::{
    Api, Body, MediaKind, Operation, Param, ParamLocation, ParamShape, ParamStyle, Route, TypeRef,
};

/// The handler's name (`handle_get_pet`).
pub(super) fn handler_name(operation: &Operation) -> String {
    ident_text(&format!("handle_{}", operation.name))
}

/// The handler of `operation`, with its group's `cfg`, at the top of the `server` file.
pub(super) fn handler_text(
    api: &Api,
    operation: &Operation,
    route: &Route,
    texts: &Texts,
) -> String {
    let service = ident_text(&api.service_trait);
    let module = ident_text(&operation.name);
    let mut lines = Lines::new();
    texts.write_attributes(
        &mut lines,
        0,
        &super::super::groups::operation_cfg(operation),
    );
    let name = handler_name(operation);
    handler_head(&mut lines, &name, &service, "rt::Shared<S>", |lines| {
        if !route.captures.is_empty() {
            lines.line(1, "path: Result<");
            lines.line(2, "axum::extract::RawPathParams,");
            lines.line(2, "axum::extract::rejection::RawPathParamsRejection,");
            lines.line(1, ">,");
        }
    });
    let body = if operation.body.is_some() {
        "body"
    } else {
        "_body"
    };
    lines.line(1, &format!("let (parts, {body}) = request.into_parts();"));
    decode(&mut lines, api, operation, route, &module);
    decoded_or_answer(&mut lines, "request");
    service_call(&mut lines, &service, &module, "request");
    if operation.responses.is_empty() {
        lines.line(1, "match response {}");
    } else {
        lines.line(1, "match response {");
        for response in &operation.responses {
            super::response_arms::response_arms(&mut lines, response, &module);
        }
        lines.line(1, "}");
    }
    lines.line(0, "}");
    lines.finish()
}

/// `async fn name<S: Service>(` and the parameters up to the body's `{`: the shared state (of
/// type `state`), what `more` writes, the request.
pub(in crate::emit) fn handler_head(
    lines: &mut Lines,
    name: &str,
    service: &str,
    state: &str,
    more: impl FnOnce(&mut Lines),
) {
    let head = format!("async fn {name}<S: {service}>(");
    if lines.fits(0, head.len()) {
        lines.line(0, &head);
    } else {
        // Too wide, the generics break first.
        lines.line(0, &format!("async fn {name}<"));
        lines.line(1, &format!("S: {service},"));
        lines.line(0, ">(");
    }
    lines.unbroken(
        1,
        &format!("axum::extract::State(shared): axum::extract::State<{state}>,"),
    );
    more(lines);
    lines.line(1, "request: axum::extract::Request,");
    lines.line(0, ") -> axum::response::Response {");
}

/// `let name = match decoded { … };`: the decoded value, or the rejection answered.
pub(in crate::emit) fn decoded_or_answer(lines: &mut Lines, name: &str) {
    lines.line(1, &format!("let {name} = match decoded {{"));
    lines.line(2, &format!("Ok({name}) => {name},"));
    lines.line(
        2,
        "Err(rejection) => return shared.options.answer(rejection),",
    );
    lines.line(1, "};");
}

/// `let response = <S as Service>::method(…).await;`, the service called with the context and
/// `value`.
pub(in crate::emit) fn service_call(lines: &mut Lines, service: &str, method: &str, value: &str) {
    // Called by the trait's path: a method call could resolve to a method of `Arc` or of a
    // std trait of the same name (`clone`, `into`, `drop`) before reaching the service's.
    let call = format!("let response = <S as {service}>::{method}(");
    let args = format!("&shared.service, RequestContext::new(parts), {value}");
    // Flat up to `.await`, the printer would break before the dot only.
    lines.needs_formatter_if(lines.fits(1, call.len() + args.len() + 1));
    // However wide, the printer has nowhere to break before the parenthesis.
    lines.line(1, &call);
    lines.line(3, "&shared.service,");
    lines.line(3, "RequestContext::new(parts),");
    lines.line(3, &format!("{value},"));
    lines.line(2, ")");
    lines.line(2, ".await;");
}

/// `let decoded = …;`: the request decoded (and checked) from `parts`, `path` and `body`.
/// Only reading a body waits: without one, decoding is a plain closure, not a second state
/// machine in the handler (cheaper to type-check, and nothing to poll).
fn decode(lines: &mut Lines, api: &Api, operation: &Operation, route: &Route, module: &str) {
    let mut steps = Vec::new();
    if !route.captures.is_empty() {
        steps.push("let path = path.map_err(rt::bad_path)?;");
    }
    if operation
        .params
        .iter()
        .any(|param| param.location == ParamLocation::Query)
    {
        steps.push("let query = rt::Query::parse(&parts.uri)?;");
    }
    // A body read whole waits for its last byte; a streamed one is the handler's to read.
    let reads_body = operation
        .body
        .as_ref()
        .is_some_and(|body| streamed_item(body).is_none());
    if reads_body {
        steps.push("let body = rt::read_body(body, shared.options.body_limit).await?;");
    }
    // The schemas' assertions are checked once the request has its types.
    let wrapper = if operation.validated {
        "rt::validate::validated("
    } else {
        "rt::Decoded::Ok("
    };
    let path = format!("operations::{module}::Request");
    let fields = request_fields(lines, api, operation, route, module);
    let (open, close) = if reads_body {
        ("let decoded = async {", None)
    } else {
        ("let decoded = rt::decode(|| {", Some("});"))
    };
    if fields.is_empty() {
        // A closure of one expression may stay on one line.
        let flat = format!("{open} {wrapper}{path} {{}}) }});");
        if steps.is_empty() && close.is_some() && lines.fits(1, flat.len()) {
            return lines.line(1, &flat);
        }
        // Broken, the printer breaks the empty literal too.
        lines.line(1, open);
        for step in steps {
            lines.line(2, step);
        }
        lines.line(2, &format!("{wrapper}{path} {{"));
        lines.line(2, "})");
    } else {
        // A closure of one expression with fields: not laid out here.
        lines.needs_formatter_if(steps.is_empty() && close.is_some());
        lines.line(1, open);
        for step in steps {
            lines.line(2, step);
        }
        lines.struct_literal(2, (wrapper, &path, ")"), &fields);
    }
    match close {
        Some(close) => lines.line(1, close),
        None => {
            lines.line(1, "}");
            lines.line(2, ".await;");
        }
    }
}

/// The fields of the request literal: path parameters, `params`, the body.
fn request_fields<'a>(
    lines: &mut Lines,
    api: &Api,
    operation: &'a Operation,
    route: &Route,
    module: &str,
) -> Vec<(String, FieldValue<'a>)> {
    let mut fields = Vec::new();
    let mut filled = Vec::new();
    for capture in &route.captures {
        // A parameter used twice in one template fills its field once.
        if filled.contains(&capture.param) {
            continue;
        }
        filled.push(capture.param);
        // `lower` makes each capture from one of the operation's parameters.
        debug_assert!(
            capture.param < operation.params.len(),
            "a capture names a parameter"
        );
        let Some(param) = operation.params.get(capture.param) else {
            continue;
        };
        let args = [
            "&path".to_string(),
            string_literal(&capture.key),
            string_literal(&param.wire_name),
            string_literal(&capture.prefix),
            string_literal(&capture.suffix),
        ];
        let value = FieldValue::PathCall {
            head: "rt::path_param".to_string(),
            args: args.to_vec(),
            suffix: "?",
        };
        fields.push((ident_text(&param.rust_name), value));
    }
    if non_path_params(operation).next().is_some() {
        let params = non_path_params(operation)
            .map(|param| (ident_text(&param.rust_name), param_value(param)))
            .collect();
        let value = FieldValue::Struct {
            path: format!("operations::{module}::Params"),
            fields: params,
        };
        fields.push(("params".to_string(), value));
    }
    if let Some(body) = &operation.body {
        let value = match body_value(api, body) {
            // A raw body is the request body itself: field init shorthand, as clippy wants.
            None => FieldValue::Shorthand,
            Some(BodyValue::Laid(value)) => value,
            Some(BodyValue::Tokens(tokens)) => {
                lines.needs_formatter();
                FieldValue::Plain(tokens.to_string())
            }
        };
        fields.push(("body".to_string(), value));
    }
    fields
}

/// A path call as a field value, `head(args)?`.
fn path_call<'a>(head: &str, args: &[&str], suffix: &'a str) -> FieldValue<'a> {
    FieldValue::PathCall {
        head: head.to_string(),
        args: args.iter().map(|arg| arg.to_string()).collect(),
        suffix,
    }
}

/// A parameter's value, read from the query, the headers or the cookies.
fn param_value(param: &Param) -> FieldValue<'static> {
    let wire = string_literal(&param.wire_name);
    let explode = param.explode.to_string();
    let (location, receiver, call) = match param.location {
        ParamLocation::Query if param.shape == ParamShape::Object => {
            let deep = (param.style == ParamStyle::DeepObject).to_string();
            let call = format!(".object({wire}, {deep}, {explode})?");
            ("query parameter", None, call)
        }
        ParamLocation::Query if param.shape == ParamShape::List => {
            let separator = string_literal(param.style.separator());
            let call = format!(".list({wire}, {explode}, {separator})?");
            ("query parameter", None, call)
        }
        ParamLocation::Query => ("query parameter", None, format!(".optional({wire})?")),
        ParamLocation::Header => ("header", Some("rt::header_param"), String::new()),
        ParamLocation::Cookie => ("cookie", Some("rt::cookie_param"), String::new()),
        ParamLocation::Path => ("path parameter", None, String::new()),
    };
    let missing = format!(
        ".ok_or_else(|| rt::missing({}, {wire}))?",
        string_literal(location)
    );
    let required = !param.ty.is_option();
    match (param.location, receiver) {
        (ParamLocation::Path, _) => FieldValue::Plain("None".to_string()),
        (_, Some(head)) if !required => path_call(head, &["&parts.headers", &wire], "?"),
        (_, Some(head)) => FieldValue::Chain {
            receiver: format!("{head}(&parts.headers, {wire})?"),
            calls: vec![missing],
        },
        (_, None) => FieldValue::Chain {
            receiver: "query".to_string(),
            calls: if required {
                vec![call, missing]
            } else {
                vec![call]
            },
        },
    }
}

/// How the body's value is written.
enum BodyValue {
    /// Laid out here.
    Laid(FieldValue<'static>),
    /// A shape left to the formatter (a multipart form's block).
    Tokens(TokenStream),
}

/// The decoded body, from the bytes read into `body`; `None` when it is those bytes as they
/// are (a required binary body).
fn body_value(api: &Api, body: &Body) -> Option<BodyValue> {
    let required = body.required;
    let missing = |kind: &str| {
        format!(
            ".ok_or_else(|| rt::missing(\"request body\", {}))?",
            string_literal(kind)
        )
    };
    let value = match body.media {
        MediaKind::Json if required => {
            path_call("rt::required_json", &["&parts.headers", "&body"], "?")
        }
        MediaKind::Json => path_call("rt::json_body", &["&parts.headers", "&body", "false"], "?"),
        MediaKind::Form if required => FieldValue::Chain {
            receiver: "rt::form_body(&body, true)?".to_string(),
            calls: vec![missing("form")],
        },
        MediaKind::Form => path_call("rt::form_body", &["&body", "false"], "?"),
        MediaKind::Multipart => {
            let form = form_value(api, body);
            return Some(BodyValue::Tokens(if required {
                quote!({ let form = rt::FormData::read(&parts.headers, body).await?; #form })
            } else {
                quote!(if body.is_empty() { None } else { let form = rt::FormData::read(&parts.headers, body).await?; Some(#form) })
            }));
        }
        // Items read as they arrive, each line within the body limit (an absent optional body
        // has none); each checked as it comes when its type has assertions.
        MediaKind::JsonLines => {
            let lines = "rt::lines::Lines::new(body, shared.options.body_limit)".to_string();
            if body.items_checked {
                FieldValue::Chain {
                    receiver: lines,
                    calls: vec![".checking(rt::validate::check_item)".to_string()],
                }
            } else {
                path_call(
                    "rt::lines::Lines::new",
                    &["body", "shared.options.body_limit"],
                    "",
                )
            }
        }
        // `lower` reads any other streamed request body as text.
        MediaKind::Text | MediaKind::EventStream if required => FieldValue::Chain {
            receiver: "rt::text_body(body, true)?".to_string(),
            calls: vec![missing("text")],
        },
        MediaKind::Text | MediaKind::EventStream => {
            path_call("rt::text_body", &["body", "false"], "?")
        }
        MediaKind::Binary if required => return None,
        MediaKind::Binary => path_call("rt::binary_body", &["body", "false"], ""),
    };
    Some(BodyValue::Laid(value))
}

/// The form struct literal of a multipart body, each field read from the decoded parts.
fn form_value(api: &Api, body: &Body) -> TokenStream {
    let named = match &body.ty {
        TypeRef::Option(inner) => inner.as_ref(),
        other => other,
    };
    let struct_path = type_tokens(named, Scope::Outside);
    let fields = form_fields(api, body).iter().map(|field| {
        let wire = &field.wire_name;
        let name = ident(&field.rust_name);
        let read = match form_part(field) {
            FormPart::File => quote!(form.file(#wire)),
            FormPart::Files => quote!(form.files(#wire)),
            FormPart::Field => quote!(form.field(#wire)?),
        };
        if field.ty.is_option() {
            quote!(#name: #read,)
        } else {
            quote!(#name: #read.ok_or_else(|| rt::missing("form field", #wire))?,)
        }
    });
    quote!(#struct_path { #(#fields)* })
}
