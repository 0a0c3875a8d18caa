//! A client method written as text: its docs and attributes, the signature, and the request
//! builder's chain ending in `.exchange` with a `match` over the status.
//!
//! Why text: these methods were most of the tokens the formatter still parsed on a giant spec
//! (Stripe: 0.55 MB of tokens, the whole `client` module). Their shape is fixed, laid out here as
//! prettyplease lays it out; a piece it does not cover (a multipart form, a type the
//! configuration names, a header struct in an arm) sends the method to the formatter whole.

use proc_macro2::TokenStream;

use super::client_request::{
    BuilderCall, argument_texts, body_builder_call, param_builder_call, path_texts,
};
use super::client_response::{arms, use_lines};
use super::operations::{Success, non_path_params, success};
use super::text::{Lines, RustType, Texts, laid_type, string_literal};
use super::tokens::{Scope, ident_text};
use crate::ir::{Api, Operation};

/// The method of `operation` (in `impl Client`, one depth in), with its group's `cfg`.
pub(super) fn method_text(api: &Api, operation: &Operation, texts: &Texts) -> String {
    let mut lines = Lines::at(1);
    let name = ident_text(&operation.name);
    let group = super::groups::operation_cfg(operation);
    let arguments = argument_texts(operation);
    let deprecated = super::tokens::deprecated_attr(operation.deprecated);
    let allow_many = if arguments.len() > 6 {
        quote::quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    };
    let allows = super::tokens::method_name_allows(&operation.name);
    texts.write_attributes(&mut lines, 0, &group);
    lines.docs(0, Some(&super::operations::operation_docs(operation)));
    texts.write_attributes(
        &mut lines,
        0,
        &quote::quote!(#deprecated #allow_many #allows),
    );
    lines.needs_formatter_if(arguments.iter().any(|argument| argument.unlaid));
    let params: Vec<String> = std::iter::once("&self".to_string())
        .chain(arguments.into_iter().map(|argument| argument.text))
        .collect();
    let returned = returned(&mut lines, operation);
    signature(&mut lines, &name, &params, &returned);
    for line in use_lines(operation) {
        lines.line(1, &line);
    }
    chain(&mut lines, api, operation);
    lines.line(0, "}");
    lines.finish()
}

/// `Call<Success, Error>`.
fn returned(lines: &mut Lines, operation: &Operation) -> RustType {
    let module = ident_text(&operation.name);
    let success = match success(operation) {
        Success::Enum => RustType::Path(format!("operations::{module}::SuccessResponse")),
        Success::Body(ty) => laid_type(lines, ty, Scope::Outside),
        Success::Unit => RustType::Path("()".to_string()),
    };
    let error = if super::operations::error_responses(operation).is_empty() {
        "std::convert::Infallible".to_string()
    } else {
        format!("operations::{module}::ErrorResponse")
    };
    RustType::Generic {
        head: "Call".to_string(),
        args: vec![success, RustType::Path(error)],
    }
}

/// `pub fn name(params) -> Call<…> {`: on one line when it fits, else a parameter per line
/// and the return type after, its generic arguments broken in turn when it does not fit.
fn signature(lines: &mut Lines, name: &str, params: &[String], returned: &RustType) {
    let head = format!("pub fn {name}({})", params.join(", "));
    let flat = format!("{head} -> {returned} {{");
    if lines.fits(0, flat.len()) {
        return lines.line(0, &flat);
    }
    // The break before `)` measures up to the body's `{`: the return type's own breaks are
    // in a box of their own. So the parameters break whenever the whole line does not fit.
    lines.line(0, &format!("pub fn {name}("));
    for (index, param) in params.iter().enumerate() {
        // The last comma is the printer's own, not counted.
        let comma = usize::from(index + 1 < params.len());
        // A plain type has nowhere to break: it stays whole, however wide.
        lines.needs_formatter_if(
            !lines.fits(1, param.len() + comma) && param.contains(['<', '(', '[']),
        );
        lines.line(1, &format!("{param},"));
    }
    lines.typed(0, ") -> ", returned, (" {", 2));
}

/// `self.request(…)`, a line per builder call, then `.exchange(…)` with the arms.
fn chain(lines: &mut Lines, api: &Api, operation: &Operation) {
    let (template, path_calls) = path_texts(operation);
    let request = [
        string_literal(&operation.name),
        format!("reqwest::Method::{}", operation.method.as_str()),
        template,
    ];
    // `self` is short: the first call stays with it however the chain breaks.
    let flat = format!("self.request({})", request.join(", "));
    if lines.fits(1, flat.len()) {
        lines.line(1, &flat);
    } else {
        lines.line(1, "self.request(");
        for arg in &request {
            lines.line(3, &format!("{arg},"));
        }
        lines.line(2, ")");
    }
    let calls = path_calls
        .into_iter()
        .chain(non_path_params(operation).filter_map(|param| param_builder_call(api, param)))
        .chain(
            operation
                .body
                .as_ref()
                .map(|body| body_builder_call(api, body)),
        );
    for call in calls {
        builder_call(lines, &call);
    }
    lines.line(2, ".exchange(|response| match response.status() {");
    for arm in arms(operation) {
        // Laid out whole by the printer, as the formatter would.
        lines.expr_arm(3, &arm.pattern, &arm.value);
    }
    lines.line(2, "})");
}

/// `.method(args)` on its line, or its arguments one per line when it does not fit.
fn builder_call(lines: &mut Lines, call: &BuilderCall) {
    lines.needs_formatter_if(call.unlaid);
    let flat = call.flat();
    if lines.fits(2, flat.len()) {
        return lines.line(2, &flat);
    }
    lines.line(2, &format!(".{}(", call.method));
    let count = call.args.len();
    for (index, arg) in call.args.iter().enumerate() {
        let comma = usize::from(index + 1 < count);
        lines.needs_formatter_if(!lines.fits(3, arg.len() + comma) && arg.contains('('));
        lines.line(3, &format!("{arg},"));
    }
    lines.line(2, ")");
}
