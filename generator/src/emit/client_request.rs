//! How a client method writes its operation's request: its arguments, the path with its
//! parameters filled, the other parameters, the body. Each piece is text (the method is laid
//! out as text, `client_method.rs`); the stream methods, still tokens, read it back.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::{FormPart, form_fields, form_part, non_path_params, path_params};
use super::text::{string_literal, type_text};
use super::tokens::{Scope, docs, ident, ident_text, text_tokens, type_tokens};
use crate::ir::{
    Api, MediaKind, Operation, Param, ParamLocation, ParamShape, ParamStyle, PathPart, Primitive,
    TypeRef,
};

/// A piece of the request as text, and whether its shape is one the text layout leaves to
/// the formatter (a type the configuration names, a multipart form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Piece {
    /// The code.
    pub text: String,
    /// Whether the layout cannot place it.
    pub unlaid: bool,
}

impl Piece {
    fn laid(text: String) -> Self {
        Piece {
            text,
            unlaid: false,
        }
    }
}

/// A type as named from the client module.
fn outside_type(ty: &TypeRef) -> Piece {
    match type_text(ty, Scope::Outside) {
        Some(text) => Piece::laid(text.to_string()),
        None => Piece {
            text: type_tokens(ty, Scope::Outside).to_string(),
            unlaid: true,
        },
    }
}

/// The method's arguments (`id: &str`): path parameters in template order, the body, the
/// other parameters.
pub(super) fn argument_texts(operation: &Operation) -> Vec<Piece> {
    let mut arguments = Vec::new();
    for param in path_params(operation) {
        let ty = match &param.ty {
            TypeRef::Primitive(Primitive::String) => Piece::laid("&str".to_string()),
            other => outside_type(other),
        };
        arguments.push(Piece {
            text: format!("{}: {}", ident_text(&param.rust_name), ty.text),
            unlaid: ty.unlaid,
        });
    }
    if let Some(body) = &operation.body {
        // A required body is passed as its type (which is an `Option` when the schema is
        // nullable: `None` is sent as `null`); an optional one as `Option<&T>` (`None`: no body).
        let (ty, wrap): (Piece, fn(&str) -> String) = match (&body.ty, body.required) {
            // JSON Lines items: what holds them (`Vec`, a slice, an array), encoded at once,
            // or `LinesBody::stream`, encoded as they are sent.
            (TypeRef::Vec(item), true) if body.media == MediaKind::JsonLines => {
                (outside_type(item), |ty| {
                    format!("impl Into<LinesBody<{ty}>>")
                })
            }
            (TypeRef::Vec(item), false) if body.media == MediaKind::JsonLines => {
                (outside_type(item), |ty| format!("Option<LinesBody<{ty}>>"))
            }
            (ty, true) => (outside_type(ty), |ty| format!("&{ty}")),
            (TypeRef::Option(inner), false) => (outside_type(inner), |ty| format!("Option<&{ty}>")),
            (other, false) => (outside_type(other), |ty| format!("Option<&{ty}>")),
        };
        arguments.push(Piece {
            text: format!("body: {}", wrap(&ty.text)),
            unlaid: ty.unlaid,
        });
    }
    if non_path_params(operation).next().is_some() {
        let module = ident_text(&operation.name);
        arguments.push(Piece::laid(format!(
            "params: &operations::{module}::Params"
        )));
    }
    arguments
}

/// [`argument_texts`] as tokens.
pub(super) fn method_arguments(operation: &Operation) -> Vec<TokenStream> {
    argument_texts(operation)
        .iter()
        .map(|argument| text_tokens(&argument.text))
        .collect()
}

/// A call of the request builder's chain: the method and its arguments (`.json(…)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BuilderCall {
    /// The method's name.
    pub method: String,
    /// Its arguments, each written as is.
    pub args: Vec<String>,
    /// Whether the layout cannot place it (a multipart form).
    pub unlaid: bool,
}

impl BuilderCall {
    fn new(method: impl Into<String>, args: Vec<String>) -> Self {
        BuilderCall {
            method: method.into(),
            args,
            unlaid: false,
        }
    }

    /// `.method(args)` on one line.
    pub fn flat(&self) -> String {
        format!(".{}({})", self.method, self.args.join(", "))
    }
}

/// The builder call that sends the body (`.json("application/json", body)`).
pub(super) fn body_builder_call(api: &Api, body: &crate::ir::Body) -> BuilderCall {
    let content_type = string_literal(&body.content_type);
    let suffix = if body.required { "" } else { "_opt" };
    let method = |name: &str| format!("{name}{suffix}");
    let body_arg = "body".to_string();
    match body.media {
        MediaKind::Json => BuilderCall::new(method("json"), vec![content_type, body_arg]),
        MediaKind::Form => BuilderCall::new(method("form"), vec![body_arg]),
        MediaKind::Multipart => {
            let form = form_expression(api, body);
            let (method, arg) = if body.required {
                ("multipart", form.to_string())
            } else {
                ("multipart_opt", quote!(body.map(|body| #form)).to_string())
            };
            BuilderCall {
                unlaid: true,
                ..BuilderCall::new(method, vec![arg])
            }
        }
        MediaKind::JsonLines => {
            BuilderCall::new(method("json_lines"), vec![content_type, body_arg])
        }
        // `lower` reads any other streamed request body as text.
        MediaKind::Binary | MediaKind::Text | MediaKind::EventStream => {
            BuilderCall::new(method("raw"), vec![content_type, body_arg])
        }
    }
}

/// [`body_builder_call`] as tokens.
pub(super) fn body_call(api: &Api, body: &crate::ir::Body) -> TokenStream {
    text_tokens(&body_builder_call(api, body).flat())
}

/// `Form::new().file(..).field(..)…` for a multipart body's form struct.
fn form_expression(api: &Api, body: &crate::ir::Body) -> TokenStream {
    let parts = form_fields(api, body).iter().map(|field| {
        let wire = &field.wire_name;
        let name = ident(&field.rust_name);
        let optional = field.ty.is_option();
        match (form_part(field), optional) {
            (FormPart::File, false) => quote!(.file(#wire, &body.#name)),
            (FormPart::File, true) => quote!(.file_opt(#wire, &body.#name)),
            (FormPart::Files, false) => quote!(.files(#wire, &body.#name)),
            (FormPart::Files, true) => quote!(.files_opt(#wire, &body.#name)),
            (FormPart::Field, _) => quote!(.field(#wire, &body.#name)),
        }
    });
    quote!(Form::new() #(#parts)*)
}

pub(super) fn method_docs(operation: &Operation) -> TokenStream {
    docs(Some(&super::operations::operation_docs(operation)))
}

/// The path template `request` takes (`"/pets/{id}"`, a literal) and the `.path(..)` calls
/// that fill its placeholders with percent-encoded values. Braces in literal text are
/// percent-encoded here (a URL parser would do the same), so only placeholders remain braced.
pub(super) fn path_texts(operation: &Operation) -> (String, Vec<BuilderCall>) {
    let mut template = String::new();
    let mut calls = Vec::new();
    let mut filled = Vec::new();
    for part in &operation.path {
        match part {
            PathPart::Literal(text) => {
                template.push_str(&text.replace('{', "%7B").replace('}', "%7D"))
            }
            PathPart::Param(index) => {
                // `lower` makes each placeholder from one of the operation's parameters.
                debug_assert!(
                    *index < operation.params.len(),
                    "a placeholder names a parameter"
                );
                let Some(param) = operation.params.get(*index) else {
                    continue;
                };
                let wire = &param.wire_name;
                template.push('{');
                template.push_str(wire);
                template.push('}');
                if !filled.contains(index) {
                    filled.push(*index);
                    let arg = format!("&{}", ident_text(&param.rust_name));
                    calls.push(BuilderCall::new("path", vec![string_literal(wire), arg]));
                }
            }
        }
    }
    (string_literal(&template), calls)
}

/// [`path_texts`] as tokens.
pub(super) fn path_expression(operation: &Operation) -> (TokenStream, Vec<TokenStream>) {
    let (template, calls) = path_texts(operation);
    let calls = calls.iter().map(|call| text_tokens(&call.flat())).collect();
    (text_tokens(&template), calls)
}

/// The builder call that sends one parameter (`.query("limit", &params.limit)`); the API's
/// idempotency-key header goes through `idempotency_key`, which makes one up when it is
/// `None`. `None` for a path parameter (sent by `.path`).
pub(super) fn param_builder_call(api: &Api, param: &Param) -> Option<BuilderCall> {
    let field = format!("params.{}", ident_text(&param.rust_name));
    let wire = string_literal(&param.wire_name);
    Some(match param.location {
        ParamLocation::Query if param.shape == ParamShape::Object => {
            let deep = (param.style == ParamStyle::DeepObject).to_string();
            let explode = param.explode.to_string();
            BuilderCall::new(
                "query_object",
                vec![wire, format!("&{field}"), deep, explode],
            )
        }
        ParamLocation::Query if param.shape == ParamShape::List => {
            let separator = string_literal(param.style.separator());
            let explode = param.explode.to_string();
            let values = if param.ty.is_option() {
                format!("{field}.as_deref()")
            } else {
                format!("Some({field}.as_slice())")
            };
            BuilderCall::new("query_list", vec![wire, values, explode, separator])
        }
        ParamLocation::Query => BuilderCall::new("query", vec![wire, format!("&{field}")]),
        ParamLocation::Header => {
            let name = param.wire_name.to_ascii_lowercase();
            let idempotency = api.idempotency.as_ref();
            let key = idempotency.is_some_and(|header| header.wire_name == name);
            let method = if key { "idempotency_key" } else { "header" };
            BuilderCall::new(method, vec![string_literal(&name), format!("&{field}")])
        }
        ParamLocation::Cookie => BuilderCall::new("cookie", vec![wire, format!("&{field}")]),
        ParamLocation::Path => return None,
    })
}

/// [`param_builder_call`] as tokens.
pub(super) fn param_call(api: &Api, param: &Param) -> TokenStream {
    param_builder_call(api, param)
        .map(|call| text_tokens(&call.flat()))
        .unwrap_or_default()
}
