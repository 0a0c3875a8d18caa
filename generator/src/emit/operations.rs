//! The `operations` module: per-operation request and response types, each operation in a
//! module of its own so they can never collide with schema names.

use proc_macro2::TokenStream;
use quote::quote;

use super::text::Texts;
use super::tokens::ident;
use crate::ir::{Operation, Param, ParamLocation, Response, StatusMatch};

mod module_text;

/// The body of the `operations` module.
pub fn emit_operations(
    operations: &[Operation],
    features: super::parts::Features,
) -> (TokenStream, Vec<String>) {
    // The one-file layout nests this module one depth further in: texts are read back there.
    let texts = Texts::new(!features.gate);
    let modules: Vec<TokenStream> = operations
        .iter()
        .map(|operation| {
            let text = module_text::module_text(operation, features, &texts);
            texts.item(TokenStream::new(), text)
        })
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

/// The item type of a request body the server reads as a stream (JSON Lines), if it is one.
pub(super) fn streamed_item(body: &crate::ir::Body) -> Option<&crate::ir::TypeRef> {
    match body.ty.held() {
        crate::ir::TypeRef::Vec(item) if body.media == crate::ir::MediaKind::JsonLines => {
            Some(item)
        }
        _ => None,
    }
}

/// What the client returns on success.
#[derive(Debug, Clone, Copy)]
pub enum Success<'a> {
    /// The operation's `SuccessResponse` enum.
    Enum,
    /// The one success's body.
    Body(&'a crate::ir::TypeRef),
    /// Nothing: `()`.
    Unit,
}

/// What the client returns on success for `operation`.
pub fn success(operation: &Operation) -> Success<'_> {
    if success_enum_needed(operation) {
        return Success::Enum;
    }
    let successes = success_responses(operation);
    let single = match successes.as_slice() {
        [] => operation
            .responses
            .iter()
            .find(|r| r.status == StatusMatch::Default),
        [single] => Some(*single),
        _ => return Success::Enum,
    };
    match single.and_then(|response| response.content.as_ref()) {
        Some(content) => Success::Body(&content.ty),
        None => Success::Unit,
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
