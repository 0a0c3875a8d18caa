//! An operation's module written as text: its `Params` (with builders), the server's `Request`
//! and `Response`, the response header structs, and the client's error and success enums.
//!
//! Why text: on a giant spec these modules were a third of the tokens the formatter parsed
//! (Stripe: 0.77 of 2.3 MB). Their shapes are few and fixed (structs of fields, enums of tuple
//! variants), laid out here as prettyplease lays them out; a variant too wide for its line sends
//! the module to the formatter whole (`Lines::needs_formatter`).

use proc_macro2::TokenStream;

use super::super::builders::{Member, struct_builders};
use super::super::parts::{Features, Part};
use super::super::text::{Lines, RustType, Texts, laid_type};
use super::super::tokens::{Scope, ident, ident_text, mentions_named};
use super::{
    error_responses, headers_struct_name, non_path_params, path_params, streamed_item,
    success_enum_needed, success_responses,
};
use crate::ir::{Operation, Param, Response, StatusMatch, TypeRef};

/// The operation's module, `pub mod name { … }` with its docs and group `cfg`, at the top of
/// the `operations` file.
pub(super) fn module_text(operation: &Operation, features: Features, texts: &Texts) -> String {
    let module = ident_text(&operation.name);
    let mut lines = Lines::new();
    lines.docs(
        0,
        Some(&format!(
            "Types of the `{module}` operation (`{} {}`).",
            operation.method.as_str(),
            operation.path_template
        )),
    );
    texts.write_attributes(
        &mut lines,
        0,
        &super::super::groups::operation_cfg(operation),
    );
    let mut body = Lines::new();
    // With client or server left out (by a feature or not generated), the items using `types`
    // may all be gone.
    if mentions_named(operation.type_refs()) {
        body.line(1, "#[allow(unused_imports)]");
        body.line(1, "use super::types;");
    }
    params(&mut body, operation);
    // The decoded request and the handler's response exist for the server; the client's error
    // and success enums for the client: each compiles only with its part.
    let server = features.only_for(Part::Server);
    if let Some(cfg) = &server {
        texts.write_attributes(&mut body, 1, cfg);
        request(&mut body, operation);
    }
    header_structs(&mut body, operation);
    if let Some(cfg) = &server {
        texts.write_attributes(&mut body, 1, cfg);
        let responses: Vec<&Response> = operation.responses.iter().collect();
        response_enum(
            &mut body,
            "Response",
            "Every documented response; a handler returns one of these.",
            &responses,
        );
    }
    if let Some(cfg) = features.only_for(Part::Client) {
        client_enums(&mut body, operation, texts, &cfg);
    }
    if body.is_empty() {
        lines.line(0, &format!("pub mod {module} {{}}"));
    } else {
        lines.line(0, &format!("pub mod {module} {{"));
        lines.append(body);
        lines.line(0, "}");
    }
    lines.finish()
}

/// `Params`: the parameters outside the path, and its builders.
fn params(lines: &mut Lines, operation: &Operation) {
    let params: Vec<&Param> = non_path_params(operation).collect();
    if params.is_empty() {
        return;
    }
    let all_optional = params.iter().all(|param| param.ty.is_option());
    lines.line(1, "/// Query, header and cookie parameters.");
    lines.line(1, &derives(all_optional));
    lines.line(1, "pub struct Params {");
    for param in &params {
        param_field(lines, param);
    }
    lines.line(1, "}");
    let members: Vec<Member<'_>> = params
        .iter()
        .map(|param| Member {
            name: &param.rust_name,
            ty: &param.ty,
            required: !param.ty.is_option(),
        })
        .collect();
    // In the operation's module: one depth in.
    if let Some(builders) = struct_builders("Params", None, &members, None, Scope::Outside, 1) {
        lines.push_text(&builders);
    }
}

/// `#[derive(Debug, Clone, PartialEq)]`, with `Default` when every field may be left out.
fn derives(default: bool) -> String {
    let default = if default { ", Default" } else { "" };
    format!("#[derive(Debug, Clone, PartialEq{default})]")
}

/// A parameter's field: where it travels first, then what the spec says of it, in one
/// paragraph.
fn param_field(lines: &mut Lines, param: &Param) {
    let location = param.location.as_str();
    let wire = &param.wire_name;
    let text = match param.docs.as_deref().map(str::trim) {
        Some(description) if !description.is_empty() => {
            format!("{location} parameter `{wire}`: {description}")
        }
        _ => format!("{location} parameter `{wire}`."),
    };
    lines.docs(2, Some(&capitalized(&text)));
    field(lines, &ident_text(&param.rust_name), &param.ty);
}

/// `pub name: Type,` in a struct of the operation's module.
fn field(lines: &mut Lines, name: &str, ty: &TypeRef) {
    let ty = laid_type(lines, ty, Scope::Outside);
    lines.typed(2, &format!("pub {name}: "), &ty, (",", 1));
}

/// The server's `Request`: path parameters, `params`, the body.
fn request(lines: &mut Lines, operation: &Operation) {
    lines.line(
        1,
        "/// The decoded request, as the server hands it to a handler.",
    );
    let streamed = operation.body.as_ref().and_then(streamed_item);
    lines.line(
        1,
        if streamed.is_some() {
            // A stream is neither copied nor compared.
            "#[derive(Debug)]"
        } else if operation.params.is_empty() && operation.body.is_none() {
            "#[derive(Debug, Clone, PartialEq, Default)]"
        } else {
            "#[derive(Debug, Clone, PartialEq)]"
        },
    );
    if operation.params.is_empty() && operation.body.is_none() {
        return lines.line(1, "pub struct Request {}");
    }
    lines.line(1, "pub struct Request {");
    for param in path_params(operation) {
        param_field(lines, param);
    }
    if non_path_params(operation).next().is_some() {
        lines.line(2, "/// Query, header and cookie parameters.");
        lines.line(2, "pub params: Params,");
    }
    if let Some(body) = &operation.body {
        lines.docs(2, Some(body.docs.as_deref().unwrap_or("The request body.")));
        match streamed {
            // Read as it arrives: the handler takes the items from a stream.
            Some(item) => {
                let item = laid_type(lines, item, Scope::Outside);
                let ty = RustType::generic("super::runtime::server::lines::Lines", item);
                lines.typed(2, "pub body: ", &ty, (",", 1));
            }
            None => field(lines, "body", &body.ty),
        }
    }
    lines.line(1, "}");
}

/// The `<Variant>Headers` structs of the operation's responses.
fn header_structs(lines: &mut Lines, operation: &Operation) {
    for response in operation.responses.iter().filter(|r| !r.headers.is_empty()) {
        let name = headers_struct_name(response);
        lines.docs(
            1,
            Some(&format!("Headers of the `{}` response.", response.variant)),
        );
        let all_optional = response.headers.iter().all(|header| header.ty.is_option());
        lines.line(1, &derives(all_optional));
        lines.line(1, &format!("pub struct {name} {{"));
        for header in &response.headers {
            let text = format!(
                "{}\n\n`{}` header",
                header.docs.as_deref().unwrap_or("").trim(),
                header.wire_name
            );
            lines.docs(2, Some(text.trim()));
            field(lines, &ident_text(&header.rust_name), &header.ty);
        }
        lines.line(1, "}");
    }
}

/// The client's error enum (or the alias of an earlier operation's alike) and success enum,
/// each behind `cfg`.
fn client_enums(lines: &mut Lines, operation: &Operation, texts: &Texts, cfg: &TokenStream) {
    let errors = error_responses(operation);
    match operation.shares_errors_of.as_deref() {
        Some(first) => {
            let first = ident(first);
            texts.write_attributes(lines, 1, cfg);
            // A link, not prose: written as is (the doc text would escape its brackets). Neither
            // a doc comment nor a path has anywhere to break, however wide.
            lines.line(
                1,
                &format!("/// The same errors as [`super::{first}::ErrorResponse`]."),
            );
            lines.line(
                1,
                &format!("pub type ErrorResponse = super::{first}::ErrorResponse;"),
            );
        }
        None if !errors.is_empty() => {
            texts.write_attributes(lines, 1, cfg);
            response_enum(
                lines,
                "ErrorResponse",
                "The documented error responses, as the client reports them.",
                &errors,
            );
        }
        None => {}
    }
    if success_enum_needed(operation) {
        texts.write_attributes(lines, 1, cfg);
        response_enum(
            lines,
            "SuccessResponse",
            "The documented success responses, as the client returns them.",
            &success_responses(operation),
        );
    }
}

/// A response enum over `responses`; range and `default` variants carry their status.
fn response_enum(lines: &mut Lines, name: &str, doc: &str, responses: &[&Response]) {
    lines.docs(1, Some(doc));
    // A stream of events can be neither cloned nor compared.
    if responses.iter().any(|response| response.stream.is_some()) {
        lines.line(1, "#[derive(Debug)]");
    } else {
        lines.line(1, "#[derive(Debug, Clone, PartialEq)]");
    }
    lines.line(1, "#[allow(clippy::large_enum_variant)]");
    if responses.is_empty() {
        return lines.line(1, &format!("pub enum {name} {{}}"));
    }
    lines.line(1, &format!("pub enum {name} {{"));
    for response in responses {
        variants(lines, response);
    }
    lines.line(1, "}");
}

/// A response's variant, and its `<Variant>Stream` twin when it offers a stream beside its
/// body.
fn variants(lines: &mut Lines, response: &Response) {
    let status = match response.status {
        StatusMatch::Code(code) => format!("Status {code}"),
        StatusMatch::Range(class) => format!("Any {class}xx status"),
        StatusMatch::Default => "Any other status".to_string(),
    };
    let text = match response.docs.as_deref().map(str::trim) {
        Some(description) if !description.is_empty() => format!("{status}: {description}"),
        _ => format!("{status}."),
    };
    lines.docs(2, Some(&text));
    let status = match response.status {
        StatusMatch::Code(_) => None,
        StatusMatch::Range(_) | StatusMatch::Default => Some("http::StatusCode".to_string()),
    };
    let headers = (!response.headers.is_empty()).then(|| headers_struct_name(response).to_string());
    let events = events_type(lines, response);
    let body = match &response.content {
        Some(content) => Some(laid_type(lines, &content.ty, Scope::Outside).to_string()),
        None => events.clone(),
    };
    let fields: Vec<String> = status
        .iter()
        .chain(&body)
        .chain(&headers)
        .cloned()
        .collect();
    let variant = ident(&response.variant);
    tuple_variant(lines, &variant.to_string(), &fields);
    if let (Some(_), Some(events)) = (&response.content, events) {
        lines.docs(
            2,
            Some(&format!(
                "The same status as `{}`, its body as a stream of events.",
                response.variant
            )),
        );
        let fields: Vec<String> = status.into_iter().chain([events]).chain(headers).collect();
        tuple_variant(lines, &format!("{variant}Stream"), &fields);
    }
}

/// `Name(fields),` on one line (`Name,` without fields), or a field per line when it does not
/// fit (the last field's comma the printer's own, not counted); a field too wide for its own
/// line that could break inside goes to the formatter.
fn tuple_variant(lines: &mut Lines, name: &str, fields: &[String]) {
    if fields.is_empty() {
        return lines.line(2, &format!("{name},"));
    }
    let flat = format!("{name}({}),", fields.join(", "));
    if lines.fits(2, flat.len()) {
        return lines.line(2, &flat);
    }
    lines.line(2, &format!("{name}("));
    for (index, field) in fields.iter().enumerate() {
        let comma = usize::from(index + 1 < fields.len());
        lines.needs_formatter_if(!lines.fits(3, field.len() + comma) && field.contains(['<', '(']));
        lines.line(3, &format!("{field},"));
    }
    lines.line(2, "),");
}

/// `Events<Item>`: what a handler answers a streamed response with.
fn events_type(lines: &mut Lines, response: &Response) -> Option<String> {
    let item = laid_type(lines, &response.stream.as_ref()?.item, Scope::Outside);
    Some(format!("super::runtime::server::Events<{item}>"))
}

/// `text` with its first letter in upper case (`query parameter …` → `Query parameter …`).
fn capitalized(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}
