//! The client's method for an operation whose response streams: it returns the future of an
//! [`EventStream`] of typed events (`runtime::client::EventStream`), sending `Accept` with the
//! stream's media type and, where the body has a boolean `stream` property, that property
//! as `true`. Error statuses are decoded whole, by the same arms as the JSON method's.

use proc_macro2::TokenStream;
use quote::quote;

use super::client_request::{
    body_call, method_arguments, method_docs, param_call, path_expression,
};
use super::client_response::error_arm_tokens;
use super::operations::{error_type, non_path_params};
use super::tokens::{Scope, ident, type_tokens};
use crate::ir::{Api, Body, MediaKind, Operation, Primitive, StatusMatch, StreamedBody, TypeRef};

/// The stream method of `operation`, when it has one.
pub fn events_method(api: &Api, operation: &Operation) -> TokenStream {
    let Some(stream) = &operation.stream else {
        return TokenStream::new();
    };
    let Some(streamed) = operation
        .responses
        .iter()
        .filter(|response| response.success)
        .find_map(|response| response.stream.as_ref())
    else {
        return TokenStream::new();
    };
    let name = ident(&stream.name);
    let operation_name = &operation.name;
    let arguments = method_arguments(operation);
    let allow_many = (arguments.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let (path, path_calls) = path_expression(operation);
    let method = ident(operation.method.as_str());
    let param_calls = non_path_params(operation).map(|param| param_call(api, param));
    let body_call = operation
        .body
        .as_ref()
        .map(|body| flagged_body_call(api, body, stream.flag.as_deref()));
    let error = error_type(operation);
    let item = type_tokens(&streamed.item, Scope::Outside);
    let (accept, framing, decode) = wire(streamed);
    let terminator = match &streamed.terminator {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    };
    let errors = errors_closure(operation);
    let doc = stream_docs(operation, stream.only);
    let uses = error_use(operation);
    let deprecated = super::tokens::deprecated_attr(operation.deprecated);
    let allows = super::tokens::method_name_allows(&stream.name);
    // Written alike for every operation, the `match` may have only its wildcard arm.
    let single = single_arm(operation).then(|| quote!(#[allow(clippy::match_single_binding)]));
    quote! {
        #doc
        #deprecated
        #allow_many
        #allows
        #single
        pub fn #name(&self, #(#arguments),*) -> impl std::future::Future<Output = Result<EventStream<#item, #error>, Error<#error>>> + Send + use<> {
            #uses
            self
                .request(#operation_name, reqwest::Method::#method, #path)
                #(#path_calls)*
                #(#param_calls)*
                #body_call
                .events(#accept, #framing, #terminator, #decode, #errors)
        }
    }
}

/// The body call, setting the stream flag when there is one and the body is JSON.
fn flagged_body_call(api: &Api, body: &Body, flag: Option<&str>) -> TokenStream {
    match flag {
        Some(flag) if body.media == MediaKind::Json => {
            let content_type = &body.content_type;
            if body.required {
                quote!(.json_flagged(#content_type, body, #flag))
            } else {
                quote!(.json_flagged_opt(#content_type, body, #flag))
            }
        }
        _ => body_call(api, body),
    }
}

/// `Accept`, the framing, and how one event is decoded (by its name for an enum of named
/// events; text kept; anything else JSON).
fn wire(streamed: &StreamedBody) -> (&str, TokenStream, TokenStream) {
    let framing = match streamed.media {
        MediaKind::JsonLines => quote!(super::runtime::stream::Framing::Lines),
        _ => quote!(super::runtime::stream::Framing::Sse),
    };
    let decode = match streamed.item {
        _ if streamed.named => quote!(super::runtime::stream::named_data),
        TypeRef::Primitive(Primitive::String) => quote!(super::runtime::stream::text_data),
        _ => quote!(super::runtime::stream::json_data),
    };
    (&streamed.content_type, framing, decode)
}

/// The closure decoding the statuses that are not the stream: a `match` over the documented
/// errors and any other status (with none documented, any other status alone).
fn errors_closure(operation: &Operation) -> TokenStream {
    if operation.responses.iter().all(|response| response.success) {
        return quote!(|response| response.unexpected());
    }
    let arms = error_arms(operation);
    quote!(|response| match response.status() { #(#arms)* })
}

/// Whether the `match` of the errors closure is one wildcard arm (only a `default` error).
fn single_arm(operation: &Operation) -> bool {
    let mut errors = operation
        .responses
        .iter()
        .filter(|response| !response.success);
    matches!(
        (errors.next(), errors.next()),
        (Some(only), None) if only.status == StatusMatch::Default
    )
}

/// The arms for the statuses that are not the stream: documented errors, then any other.
fn error_arms(operation: &Operation) -> Vec<TokenStream> {
    let module = super::tokens::ident_text(&operation.name);
    let mut arms: Vec<TokenStream> = operation
        .responses
        .iter()
        .filter(|response| !response.success)
        .map(|response| error_arm_tokens(response, &module))
        .collect();
    let has_fallback = operation
        .responses
        .iter()
        .any(|response| !response.success && response.status == StatusMatch::Default);
    if !has_fallback {
        arms.push(quote!(_ => response.unexpected(),));
    }
    arms
}

/// `use` of the error enum, when the arms name it (the success enum they never do).
fn error_use(operation: &Operation) -> TokenStream {
    let module = ident(&operation.name);
    let errors = operation.responses.iter().any(|response| !response.success);
    if errors {
        quote!(use operations::#module::ErrorResponse;)
    } else {
        TokenStream::new()
    }
}

fn stream_docs(operation: &Operation, only: bool) -> TokenStream {
    if only {
        return method_docs(operation);
    }
    let text = format!(
        "[`Client::{}`], answered as a stream of events: each item is one event, typed.",
        operation.name
    );
    super::tokens::docs(Some(&text))
}
