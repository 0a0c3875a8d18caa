//! How a client method writes its operation's request: its arguments, the path with its
//! parameters filled, the other parameters, the body.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::{FormPart, form_fields, form_part, non_path_params, path_params};
use super::tokens::{Scope, docs, ident, type_tokens};
use crate::ir::{
    Api, MediaKind, Operation, Param, ParamLocation, ParamShape, ParamStyle, PathPart, Primitive,
    TypeRef,
};

/// The method's arguments: path parameters in template order, the body, the other parameters.
pub(super) fn method_arguments(operation: &Operation) -> Vec<TokenStream> {
    let module = ident(&operation.name);
    let mut arguments = Vec::new();
    for param in path_params(operation) {
        let arg = ident(&param.rust_name);
        let ty = match &param.ty {
            TypeRef::Primitive(Primitive::String) => quote!(&str),
            other => type_tokens(other, Scope::Outside),
        };
        arguments.push(quote!(#arg: #ty));
    }
    if let Some(body) = &operation.body {
        // A required body is passed as its type (which is an `Option` when the schema is
        // nullable: `None` is sent as `null`); an optional one as `Option<&T>` (`None`: no body).
        let ty = match (&body.ty, body.required) {
            // JSON Lines items: what holds them (`Vec`, a slice, an array), encoded at once,
            // or `LinesBody::stream`, encoded as they are sent.
            (TypeRef::Vec(item), required) if body.media == MediaKind::JsonLines => {
                let item = type_tokens(item, Scope::Outside);
                if required {
                    quote!(impl Into<LinesBody<#item>>)
                } else {
                    quote!(Option<LinesBody<#item>>)
                }
            }
            (ty, true) => {
                let ty = type_tokens(ty, Scope::Outside);
                quote!(&#ty)
            }
            (TypeRef::Option(inner), false) => {
                let inner = type_tokens(inner, Scope::Outside);
                quote!(Option<&#inner>)
            }
            (other, false) => {
                let ty = type_tokens(other, Scope::Outside);
                quote!(Option<&#ty>)
            }
        };
        arguments.push(quote!(body: #ty));
    }
    if non_path_params(operation).next().is_some() {
        arguments.push(quote!(params: &operations::#module::Params));
    }
    arguments
}

/// The builder call that sends the body (`.json("application/json", body)`).
pub(super) fn body_call(api: &Api, body: &crate::ir::Body) -> TokenStream {
    let content_type = &body.content_type;
    let suffix = if body.required { "" } else { "_opt" };
    let method = |name: &str| ident(&format!("{name}{suffix}"));
    match body.media {
        MediaKind::Json => {
            let call = method("json");
            quote!(.#call(#content_type, body))
        }
        MediaKind::Form => {
            let call = method("form");
            quote!(.#call(body))
        }
        MediaKind::Multipart => {
            let form = form_expression(api, body);
            if body.required {
                quote!(.multipart(#form))
            } else {
                quote!(.multipart_opt(body.map(|body| #form)))
            }
        }
        MediaKind::JsonLines => {
            let call = method("json_lines");
            quote!(.#call(#content_type, body))
        }
        // `lower` reads any other streamed request body as text.
        MediaKind::Binary | MediaKind::Text | MediaKind::EventStream => {
            let call = method("raw");
            quote!(.#call(#content_type, body))
        }
    }
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

/// The path template `request` takes (`/pets/{id}`) and the `.path(..)` calls that fill its
/// placeholders with percent-encoded values. Braces in literal text are percent-encoded here
/// (a URL parser would do the same), so only placeholders remain braced.
pub(super) fn path_expression(operation: &Operation) -> (TokenStream, Vec<TokenStream>) {
    let mut template = String::new();
    let mut calls = Vec::new();
    let mut filled = Vec::new();
    for part in &operation.path {
        match part {
            PathPart::Literal(text) => {
                template.push_str(&text.replace('{', "%7B").replace('}', "%7D"))
            }
            PathPart::Param(index) => {
                let param = &operation.params[*index];
                let wire = &param.wire_name;
                template.push('{');
                template.push_str(wire);
                template.push('}');
                if !filled.contains(index) {
                    filled.push(*index);
                    let arg = ident(&param.rust_name);
                    calls.push(quote!(.path(#wire, &#arg)));
                }
            }
        }
    }
    (quote!(#template), calls)
}

/// The builder call that sends one parameter (`.query("limit", &params.limit)`); the API's
/// idempotency-key header goes through `idempotency_key`, which makes one up when it is `None`.
pub(super) fn param_call(api: &Api, param: &Param) -> TokenStream {
    let field = ident(&param.rust_name);
    let wire = &param.wire_name;
    match param.location {
        ParamLocation::Query if param.shape == ParamShape::Object => {
            let deep = param.style == ParamStyle::DeepObject;
            let explode = param.explode;
            quote!(.query_object(#wire, &params.#field, #deep, #explode))
        }
        ParamLocation::Query if param.shape == ParamShape::List => {
            let separator = param.style.separator();
            let explode = param.explode;
            let values = if param.ty.is_option() {
                quote!(params.#field.as_deref())
            } else {
                quote!(Some(params.#field.as_slice()))
            };
            quote!(.query_list(#wire, #values, #explode, #separator))
        }
        ParamLocation::Query => quote!(.query(#wire, &params.#field)),
        ParamLocation::Header => {
            let name = wire.to_ascii_lowercase();
            let idempotency = api.idempotency.as_ref();
            let key = idempotency.is_some_and(|header| header.wire_name == name);
            let call = ident(if key { "idempotency_key" } else { "header" });
            quote!(.#call(#name, &params.#field))
        }
        ParamLocation::Cookie => quote!(.cookie(#wire, &params.#field)),
        ParamLocation::Path => TokenStream::new(),
    }
}
