//! The `operations` module: per-operation request and response types, each operation in a
//! module of its own so they can never collide with schema names.

use proc_macro2::TokenStream;
use quote::quote;

use super::builders::{Member, struct_builders};
use super::text::Texts;
use super::tokens::{Scope, docs, ident, mentions_named, type_tokens};
use crate::ir::{Operation, Param, ParamLocation, Response, StatusMatch};

/// The body of the `operations` module.
pub fn emit_operations(
    operations: &[Operation],
    features: super::parts::Features,
) -> (TokenStream, Vec<String>) {
    // The one-file layout nests this module one depth further in: texts are read back there.
    let texts = Texts::new(!features.gate);
    let modules: Vec<TokenStream> = operations
        .iter()
        .map(|operation| emit_operation(operation, features, &texts))
        .collect();
    // A streamed response's variant holds the runtime's `Events`, a streamed request body its
    // `Lines`: the modules below name them through this import.
    let streams = operations.iter().any(|operation| {
        operation
            .responses
            .iter()
            .any(|response| response.stream.is_some())
            || operation.body.as_ref().and_then(streamed_item).is_some()
    });
    let runtime = streams.then(|| {
        quote!(
            #[allow(unused_imports)]
            use super::runtime;
        )
    });
    let tokens = quote! {
        #[allow(unused_imports)]
        use super::types;
        #runtime
        #(#modules)*
    };
    (tokens, texts.into_texts())
}

/// Parameters that travel outside the path: they form the `Params` struct.
pub fn non_path_params(operation: &Operation) -> impl Iterator<Item = &Param> {
    operation
        .params
        .iter()
        .filter(|param| param.location != ParamLocation::Path)
}

/// Parameters in the path, in template order.
pub fn path_params(operation: &Operation) -> impl Iterator<Item = &Param> {
    operation
        .params
        .iter()
        .filter(|param| param.location == ParamLocation::Path)
}

/// Responses the client returns as `Ok`.
pub fn success_responses(operation: &Operation) -> Vec<&Response> {
    operation
        .responses
        .iter()
        .filter(|response| response.success)
        .collect()
}

/// Responses the client returns inside `Err`.
pub fn error_responses(operation: &Operation) -> Vec<&Response> {
    operation
        .responses
        .iter()
        .filter(|response| !response.success)
        .collect()
}

/// Whether the `default` response stands for success too (nothing else documents one).
pub fn default_is_success(operation: &Operation) -> bool {
    success_responses(operation).is_empty()
}

fn emit_operation(
    operation: &Operation,
    features: super::parts::Features,
    texts: &Texts,
) -> TokenStream {
    let module = ident(&operation.name);
    let doc = format!(
        "Types of the `{}` operation (`{} {}`).",
        module,
        operation.method.as_str(),
        operation.path_template
    );
    // With client or server left out (by a feature or not generated), the items using `types`
    // may all be gone.
    let use_types = mentions_named(operation.type_refs()).then(|| {
        quote!(
            #[allow(unused_imports)]
            use super::types;
        )
    });
    let params = emit_params(operation, texts);
    // The decoded request and the handler's response exist for the server; the client's error
    // and success enums for the client: each compiles only with its part.
    let server_only = features.only_for(super::parts::Part::Server);
    let client_only = features.only_for(super::parts::Part::Client);
    let server_items = server_only.map(|cfg| {
        let request = emit_request(operation);
        let response = emit_response_enum(
            "Response",
            "Every documented response; a handler returns one of these.",
            &operation.responses.iter().collect::<Vec<_>>(),
        );
        (quote!(#cfg #request), quote!(#cfg #response))
    });
    let (request, response) = server_items.unwrap_or_default();
    let client_enums = client_only.map(|cfg| client_enums(operation, &cfg));
    let doc = docs(Some(&doc));
    let header_structs = emit_header_structs(operation);
    let group = super::groups::operation_cfg(operation);
    quote! {
        #doc
        #group
        pub mod #module {
            #use_types
            #params
            #request
            #header_structs
            #response
            #client_enums
        }
    }
}

/// The client's error enum (or the alias of an earlier operation's alike) and success enum,
/// each behind `cfg`.
fn client_enums(operation: &Operation, cfg: &TokenStream) -> TokenStream {
    let errors = error_responses(operation);
    let error_enum = match operation.shares_errors_of.as_deref() {
        Some(first) => {
            let first_module = ident(first);
            let doc = format!(" The same errors as [`super::{first_module}::ErrorResponse`].");
            quote! {
                #cfg
                #[doc = #doc]
                pub type ErrorResponse = super::#first_module::ErrorResponse;
            }
        }
        None if !errors.is_empty() => {
            let errors = emit_response_enum(
                "ErrorResponse",
                "The documented error responses, as the client reports them.",
                &errors,
            );
            quote!(#cfg #errors)
        }
        None => TokenStream::new(),
    };
    let success_enum = success_enum_needed(operation).then(|| {
        let successes = emit_response_enum(
            "SuccessResponse",
            "The documented success responses, as the client returns them.",
            &success_responses(operation),
        );
        quote!(#cfg #successes)
    });
    quote!(#error_enum #success_enum)
}

fn emit_params(operation: &Operation, texts: &Texts) -> TokenStream {
    let params: Vec<&Param> = non_path_params(operation).collect();
    if params.is_empty() {
        return TokenStream::new();
    }
    let default = if params.iter().all(|p| p.ty.is_option()) {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    let fields = params.iter().map(|param| param_field(param));
    let members: Vec<Member<'_>> = params
        .iter()
        .map(|param| Member {
            name: &param.rust_name,
            ty: &param.ty,
            required: !param.ty.is_option(),
        })
        .collect();
    // In the operation's module: one depth in.
    let builders = struct_builders("Params", None, &members, None, Scope::Outside, 1)
        .map(|text| texts.item(TokenStream::new(), text));
    quote! {
        /// Query, header and cookie parameters.
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct Params {
            #(#fields)*
        }

        #builders
    }
}

fn param_field(param: &Param) -> TokenStream {
    let location = param.location.as_str();
    // Where it travels first, then what the spec says of it, in one paragraph.
    let wire = &param.wire_name;
    let text = match param.docs.as_deref().map(str::trim) {
        Some(description) if !description.is_empty() => {
            format!("{location} parameter `{wire}`: {description}")
        }
        _ => format!("{location} parameter `{wire}`."),
    };
    let docs = docs(Some(&capitalized(&text)));
    let name = ident(&param.rust_name);
    let ty = type_tokens(&param.ty, Scope::Outside);
    quote! {
        #docs
        pub #name: #ty,
    }
}

/// The item type of a request body the server reads as a stream (JSON Lines), if it is one.
pub(super) fn streamed_item(body: &crate::ir::Body) -> Option<&crate::ir::TypeRef> {
    match body.ty.held() {
        crate::ir::TypeRef::Vec(item) if body.media == crate::ir::MediaKind::JsonLines => {
            Some(item)
        }
        _ => None,
    }
}

fn emit_request(operation: &Operation) -> TokenStream {
    let path_fields = path_params(operation).map(param_field);
    let params = if non_path_params(operation).next().is_some() {
        quote! {
            /// Query, header and cookie parameters.
            pub params: Params,
        }
    } else {
        TokenStream::new()
    };
    let body = operation.body.as_ref().map(|body| {
        let ty = match streamed_item(body) {
            // Read as it arrives: the handler takes the items from a stream.
            Some(item) => {
                let item = type_tokens(item, Scope::Outside);
                quote!(super::runtime::server::lines::Lines<#item>)
            }
            None => type_tokens(&body.ty, Scope::Outside),
        };
        let docs = docs(Some(body.docs.as_deref().unwrap_or("The request body.")));
        quote! {
            #docs
            pub body: #ty,
        }
    });
    let derives = if operation.body.as_ref().and_then(streamed_item).is_some() {
        // A stream is neither copied nor compared.
        quote!(Debug)
    } else if operation.params.is_empty() && operation.body.is_none() {
        quote!(Debug, Clone, PartialEq, Default)
    } else {
        quote!(Debug, Clone, PartialEq)
    };
    quote! {
        /// The decoded request, as the server hands it to a handler.
        #[derive(#derives)]
        pub struct Request {
            #(#path_fields)*
            #params
            #body
        }
    }
}

/// A response enum over `responses`; range and `default` variants carry their status.
fn emit_response_enum(name: &str, doc: &str, responses: &[&Response]) -> TokenStream {
    let name = ident(name);
    let doc = docs(Some(doc));
    let variants = responses.iter().map(|response| {
        let variant = ident(&response.variant);
        let status = match response.status {
            StatusMatch::Code(code) => format!("Status {code}"),
            StatusMatch::Range(class) => format!("Any {class}xx status"),
            StatusMatch::Default => "Any other status".to_string(),
        };
        let text = match response.docs.as_deref().map(str::trim) {
            Some(description) if !description.is_empty() => format!("{status}: {description}"),
            _ => format!("{status}."),
        };
        let docs = docs(Some(&text));
        let body = response
            .content
            .as_ref()
            .map(|content| type_tokens(&content.ty, Scope::Outside));
        let status = match response.status {
            StatusMatch::Code(_) => None,
            StatusMatch::Range(_) | StatusMatch::Default => Some(quote!(http::StatusCode)),
        };
        let headers = (!response.headers.is_empty()).then(|| {
            let name = headers_struct_name(response);
            quote!(#name)
        });
        let events = streamed_variant(response, status.clone(), headers.clone());
        let body = body.or_else(|| {
            response
                .content
                .is_none()
                .then(|| events_type(response))
                .flatten()
        });
        let fields: Vec<TokenStream> = status.into_iter().chain(body).chain(headers).collect();
        let plain = if fields.is_empty() {
            quote!(#docs #variant,)
        } else {
            quote!(#docs #variant(#(#fields),*),)
        };
        quote!(#plain #events)
    });
    // A stream of events can be neither cloned nor compared.
    let derives = if responses.iter().any(|response| response.stream.is_some()) {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    quote! {
        #doc
        #derives
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// `Events<Item>`: what a handler answers a streamed response with.
fn events_type(response: &Response) -> Option<TokenStream> {
    let item = type_tokens(&response.stream.as_ref()?.item, Scope::Outside);
    Some(quote!(super::runtime::server::Events<#item>))
}

/// The `<Variant>Stream` variant of a response that offers a stream beside its body.
fn streamed_variant(
    response: &Response,
    status: Option<TokenStream>,
    headers: Option<TokenStream>,
) -> TokenStream {
    if response.content.is_none() {
        return TokenStream::new();
    }
    let Some(events) = events_type(response) else {
        return TokenStream::new();
    };
    let variant = ident(&format!("{}Stream", response.variant));
    let text = format!(
        "The same status as `{}`, its body as a stream of events.",
        response.variant
    );
    let docs = docs(Some(&text));
    let fields = status.into_iter().chain([events]).chain(headers);
    quote!(#docs #variant(#(#fields),*),)
}

/// The type the client returns on success.
pub fn success_type(operation: &Operation) -> TokenStream {
    if success_enum_needed(operation) {
        let module = ident(&operation.name);
        return quote!(operations::#module::SuccessResponse);
    }
    let successes = success_responses(operation);
    match successes.as_slice() {
        [] => match operation
            .responses
            .iter()
            .find(|r| r.status == StatusMatch::Default)
        {
            Some(Response {
                content: Some(content),
                ..
            }) => type_tokens(&content.ty, Scope::Outside),
            _ => quote!(()),
        },
        [single] => match &single.content {
            Some(content) => type_tokens(&content.ty, Scope::Outside),
            None => quote!(()),
        },
        _ => {
            let module = ident(&operation.name);
            quote!(operations::#module::SuccessResponse)
        }
    }
}

/// Whether the client returns a `SuccessResponse` enum: several successes, or one that carries
/// headers besides its body.
pub fn success_enum_needed(operation: &Operation) -> bool {
    let successes = success_responses(operation);
    successes.len() > 1
        || successes
            .iter()
            .any(|response| !response.headers.is_empty())
}

/// `OkHeaders`: the struct of a response's declared headers.
pub fn headers_struct_name(response: &Response) -> proc_macro2::Ident {
    ident(&format!("{}Headers", response.variant))
}

/// The `<Variant>Headers` structs of an operation's responses.
fn emit_header_structs(operation: &Operation) -> TokenStream {
    let structs = operation
        .responses
        .iter()
        .filter(|r| !r.headers.is_empty())
        .map(|response| {
            let name = headers_struct_name(response);
            let doc = format!("Headers of the `{}` response.", response.variant);
            let fields = response.headers.iter().map(|header| {
                let text = format!(
                    "{}

`{}` header",
                    header.docs.as_deref().unwrap_or("").trim(),
                    header.wire_name
                );
                let docs = docs(Some(text.trim()));
                let field = ident(&header.rust_name);
                let ty = type_tokens(&header.ty, Scope::Outside);
                quote!(#docs pub #field: #ty,)
            });
            let default = response
                .headers
                .iter()
                .all(|h| h.ty.is_option())
                .then(|| quote!(Default,));
            let doc = docs(Some(&doc));
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, #default)]
                pub struct #name {
                    #(#fields)*
                }
            }
        });
    quote!(#(#structs)*)
}

/// The error type parameter of the client's `Error` for an operation.
pub fn error_type(operation: &Operation) -> TokenStream {
    if error_responses(operation).is_empty() {
        quote!(std::convert::Infallible)
    } else {
        let module = ident(&operation.name);
        quote!(operations::#module::ErrorResponse)
    }
}

/// The fields of a multipart body's form struct (empty when the body is not such a struct).
pub fn form_fields<'a>(api: &'a crate::ir::Api, body: &crate::ir::Body) -> &'a [crate::ir::Field] {
    let name = match &body.ty {
        crate::ir::TypeRef::Named(name) => name,
        crate::ir::TypeRef::Option(inner) => match inner.as_ref() {
            crate::ir::TypeRef::Named(name) => name,
            _ => return &[],
        },
        _ => return &[],
    };
    match api.type_def(name).map(|def| &def.kind) {
        Some(crate::ir::TypeKind::Struct(structure)) => &structure.fields,
        _ => &[],
    }
}

/// How a form field travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormPart {
    /// One file.
    File,
    /// Several files under one name.
    Files,
    /// A text (or JSON) value.
    Field,
}

/// How `field` travels in a multipart form.
pub fn form_part(field: &crate::ir::Field) -> FormPart {
    use crate::ir::{Primitive, TypeRef};
    let inner = match &field.ty {
        TypeRef::Option(inner) => inner.as_ref(),
        other => other,
    };
    match inner {
        TypeRef::Primitive(Primitive::Bytes) => FormPart::File,
        TypeRef::Vec(item) if **item == TypeRef::Primitive(Primitive::Bytes) => FormPart::Files,
        _ => FormPart::Field,
    }
}

/// An operation's doc text: summary, description (when it says more), then method and path.
pub fn operation_docs(operation: &Operation) -> String {
    let mut text = String::new();
    for part in [&operation.summary, &operation.description]
        .into_iter()
        .flatten()
    {
        if !text.contains(part.trim()) {
            text.push_str(part.trim());
            text.push_str("\n\n");
        }
    }
    text.push_str(&format!(
        "`{} {}`",
        operation.method.as_str(),
        operation.path_template
    ));
    if let Some(feature) = super::groups::operation_feature_doc(operation) {
        text.push_str("\n\n");
        text.push_str(&feature);
    }
    text
}

/// `text` with its first letter in upper case (`query parameter …` → `Query parameter …`).
fn capitalized(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}
