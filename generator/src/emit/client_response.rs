//! How a client method reads its operation's response: one `match` arm per documented
//! status, decoding the body and headers into the success value or the error enum.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::operations::{default_is_success, success_responses};
use super::tokens::ident;
use crate::ir::{MediaKind, Operation, Response, StatusMatch};

pub(super) fn response_arms(operation: &Operation) -> Vec<TokenStream> {
    let module = ident(&operation.name);
    let several_successes = super::operations::success_enum_needed(operation);
    let mut arms = Vec::new();
    for response in &operation.responses {
        if response.status == StatusMatch::Default && default_is_success(operation) {
            arms.push(default_success_arm(response));
        }
        arms.push(response_arm(response, &module, several_successes));
    }
    let has_fallback = operation
        .responses
        .iter()
        .any(|response| response.status == StatusMatch::Default);
    if success_responses(operation).is_empty() && !has_fallback {
        arms.push(quote!(200..=299 => Ok(()),));
    }
    if !has_fallback {
        arms.push(quote!(_ => response.unexpected(),));
    }
    arms
}

/// The arm that reads a 2xx status as the `default` response, when that stands for success.
pub(super) fn default_success_arm(response: &Response) -> TokenStream {
    let result = match (decode_call(response), response.headers.is_empty()) {
        (Some(call), true) => call,
        (decoded, _) => {
            let value = decoded.map_or_else(|| quote!(()), |call| quote!(#call?));
            quote!(Ok(#value))
        }
    };
    quote!(200..=299 => #result,)
}

/// The statuses a response covers, as a match pattern.
pub(super) fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(class) => {
            let low = Literal::u16_unsuffixed(u16::from(class) * 100);
            let high = Literal::u16_unsuffixed(u16::from(class) * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// One response's arm: the error or success value, with its status, body and headers.
pub(super) fn response_arm(
    response: &Response,
    module: &proc_macro2::Ident,
    several_successes: bool,
) -> TokenStream {
    let decoded = decode_expression(response);
    let status = matches!(
        response.status,
        StatusMatch::Range(_) | StatusMatch::Default
    )
    .then(|| quote!(response.status_code()));
    let headers = (!response.headers.is_empty()).then(|| headers_expression(response, module));
    let with_status = status.is_some();
    let fields: Vec<TokenStream> = status
        .into_iter()
        .chain(decoded.clone())
        .chain(headers)
        .collect();
    let variant = ident(&response.variant);
    let pattern = status_pattern(response.status);
    let json = response.content.as_ref().is_some_and(|content| {
        matches!(
            content.media,
            MediaKind::Json | MediaKind::Form | MediaKind::Multipart
        )
    });
    let compact = json && response.headers.is_empty();
    if !response.success && compact && with_status {
        // The common error arm in one line: decode the body, wrap it with the status.
        quote!(#pattern => response.json_error_with_status(ErrorResponse::#variant),)
    } else if !response.success && compact {
        quote!(#pattern => response.json_error(ErrorResponse::#variant),)
    } else if !response.success {
        let value = if fields.is_empty() {
            quote!(ErrorResponse::#variant)
        } else {
            quote!(ErrorResponse::#variant(#(#fields),*))
        };
        quote!(#pattern => response.error(#value),)
    } else if several_successes {
        let success = if fields.is_empty() {
            quote!(SuccessResponse::#variant)
        } else {
            quote!(SuccessResponse::#variant(#(#fields),*))
        };
        quote!(#pattern => Ok(#success),)
    } else {
        // The body alone is the result: its decoding's own result is the arm's.
        match decode_call(response).filter(|_| !with_status && response.headers.is_empty()) {
            Some(call) => quote!(#pattern => #call,),
            None => {
                let value = decoded.unwrap_or_else(|| quote!(()));
                quote!(#pattern => Ok(#value),)
            }
        }
    }
}

/// `use` lines that let the match arms name the response enums briefly.
pub(super) fn response_uses(operation: &Operation) -> TokenStream {
    let module = ident(&operation.name);
    let errors = !super::operations::error_responses(operation).is_empty();
    let several_successes = super::operations::success_enum_needed(operation);
    let error_use = errors.then(|| quote!(use operations::#module::ErrorResponse;));
    let success_use = several_successes.then(|| quote!(use operations::#module::SuccessResponse;));
    quote!(#error_use #success_use)
}

/// `OkHeaders { … }` read from the response's headers.
fn headers_expression(response: &Response, module: &proc_macro2::Ident) -> TokenStream {
    let name = super::operations::headers_struct_name(response);
    let fields = response.headers.iter().map(|header| {
        let field = ident(&header.rust_name);
        let wire = &header.wire_name;
        if header.ty.is_option() {
            quote!(#field: response.header(#wire)?,)
        } else {
            quote!(#field: response.required_header(#wire)?,)
        }
    });
    quote!(operations::#module::#name { #(#fields)* })
}

/// The body decoded, inside an expression (`response.json()?`).
fn decode_expression(response: &Response) -> Option<TokenStream> {
    decode_call(response).map(|call| quote!(#call?))
}

/// The call that decodes the body, as a result (`response.json()`).
fn decode_call(response: &Response) -> Option<TokenStream> {
    let content = response.content.as_ref()?;
    Some(match content.media {
        MediaKind::Json | MediaKind::Form | MediaKind::Multipart => quote!(response.json()),
        // A streamed error body is read whole, as text (`lower` says so).
        MediaKind::Text | MediaKind::EventStream | MediaKind::JsonLines => {
            quote!(response.text())
        }
        MediaKind::Binary => quote!(response.bytes()),
    })
}
