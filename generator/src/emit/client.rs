//! The `client` module: one method per operation on the shared `Client`, each returning the
//! runtime's `Call` future (the request encoded at the call, sent when polled, retried as the
//! client's policy allows; `.with_response()` gives the status and headers too).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::operations::{
    FormPart, default_is_success, error_type, form_fields, form_part, non_path_params, path_params,
    success_responses, success_type,
};
use super::tokens::{Scope, docs, ident, type_tokens};
use crate::ir::{
    Api, Credential, MediaKind, Operation, Param, ParamLocation, ParamShape, ParamStyle, PathPart,
    Primitive, Response, StatusMatch, TypeRef,
};

/// The body of the `client` module.
pub fn emit_client(api: &Api) -> TokenStream {
    let default_base_url = api.servers.first().map(|server| {
        let url = &server.url;
        let doc = format!(
            " The first server in the API description{}.",
            server
                .description
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        );
        quote! {
            #[doc = #doc]
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let methods = api
        .operations
        .iter()
        .map(|operation| emit_method(api, operation));
    let auth = auth_methods(api);
    let client_types = super::client_types::emit_client_types(api);
    let form = api.features.multipart.then(|| {
        quote!(
            use super::runtime::client::Form;
        )
    });
    let paginate = api.features.pagination.then(|| {
        quote!(
            use super::runtime::client::paginate;
        )
    });
    quote! {
        #[allow(unused_imports)]
        use super::{operations, types};
        #form
        #paginate
        #client_types

        #default_base_url

        #auth

        impl Client {
            #(#methods)*
        }
    }
}

/// One `ClientBuilder` method per security scheme, named after it.
fn auth_methods(api: &Api) -> TokenStream {
    if api.security_schemes.is_empty() && api.default_headers.is_empty() {
        return TokenStream::new();
    }
    let headers = api.default_headers.iter().map(|header| {
        let name = ident(&header.rust_name);
        let wire = &header.wire_name;
        let doc = format!(" Sends `{wire}` with every request. Values with CR, LF or other bytes invalid in a header are refused.");
        quote! {
            #[doc = #doc]
            pub fn #name(self, value: &str) -> Result<Self, BuildError> {
                self.header(#wire, value)
            }
        }
    });
    let methods = api.security_schemes.iter().map(|scheme| {
        let name = ident(&scheme.rust_name);
        let (summary, signature, body) = match &scheme.kind {
            Credential::HeaderKey(header) => (
                format!("the key is sent in the `{header}` header"),
                quote!(key: &str),
                quote!(self.secret_header(#header, key)),
            ),
            Credential::QueryKey(param) => (
                format!("the key is sent as the `{param}` query parameter"),
                quote!(key: &str),
                quote!(Ok(self.secret_query(#param, key))),
            ),
            Credential::CookieKey(cookie) => (
                format!("the key is sent as the `{cookie}` cookie"),
                quote!(key: &str),
                quote!(self.secret_cookie(#cookie, key)),
            ),
            Credential::Bearer => (
                "the token is sent as `Authorization: Bearer <token>`".to_string(),
                quote!(token: &str),
                quote!(self.bearer_token(token)),
            ),
            Credential::Basic => (
                "the user and password are sent as `Authorization: Basic …`".to_string(),
                quote!(user: &str, password: &str),
                quote!(Ok(self.basic_auth(user, password))),
            ),
        };
        let text = format!(
            "Authenticates with the `{}` scheme: {summary}.\n\n{}",
            scheme.spec_name,
            scheme.docs.as_deref().unwrap_or("")
        );
        let docs = docs(Some(text.trim()));
        quote! {
            #docs
            pub fn #name(self, #signature) -> Result<Self, BuildError> {
                #body
            }
        }
    });
    quote! {
        impl ClientBuilder {
            #(#methods)*
            #(#headers)*
        }
    }
}

/// `<op>_stream`: every item of a cursor-paginated list, page after page.
fn stream_method(api: &Api, operation: &Operation) -> TokenStream {
    let Some(pagination) = &operation.pagination else {
        return TokenStream::new();
    };
    let name = ident(&pagination.stream_method);
    let method = ident(&operation.name);
    let module = ident(&operation.name);
    let item = type_tokens(&pagination.item_ty, Scope::Outside);
    let error = error_type(operation);
    let (path_args, path_values, path_clones) = stream_path_args(api, operation);
    let cursor = next_cursor(pagination);
    let more = match &pagination.has_more {
        Some(step) if step.optional => {
            let field = ident(&step.field);
            quote!(page.#field.unwrap_or(true) &&)
        }
        Some(step) => {
            let field = ident(&step.field);
            quote!(page.#field &&)
        }
        None => TokenStream::new(),
    };
    let rest = (non_path_params(operation).count() > 1).then(|| quote!(..params));
    let items_field = ident(&pagination.items_field);
    let items = if pagination.items_optional {
        quote!(page.#items_field.unwrap_or_default())
    } else {
        quote!(page.#items_field)
    };
    let cursor_param = ident(&pagination.cursor_param);
    let doc = format!(
        " Every item of [`Client::{}`], page after page: follows the next cursor until the server gives none (or repeats one).",
        operation.name
    );
    let page_ty = operation
        .responses
        .iter()
        .find(|response| response.success)
        .and_then(|response| response.content.as_ref())
        .map(|content| type_tokens(&content.ty, Scope::Outside))
        .unwrap_or_else(|| quote!(_));
    quote! {
        #[doc = #doc]
        pub fn #name<'a>(
            &'a self,
            #(#path_args,)*
            params: operations::#module::Params,
        ) -> impl futures::Stream<Item = Result<#item, Error<#error>>> + 'a {
            paginate(
                params,
                move |params| {
                    #(#path_clones)*
                    async move {
                        let page = Client::#method(self, #(#path_values,)* &params).await?;
                        Ok((page, params))
                    }
                },
                |page: #page_ty, params| {
                    let next = #cursor.cloned().filter(|next| #more Some(next) != params.#cursor_param.as_ref());
                    let next_params = next.map(|cursor| operations::#module::Params { #cursor_param: Some(cursor), #rest });
                    (#items, next_params)
                },
            )
        }
    }
}

/// A stream method's path arguments, the values each page's call passes, and the clones made
/// for each page: copied when they can be, otherwise cloned before the page's `async move`
/// block takes them (the closure keeps its own for the next page).
fn stream_path_args(
    api: &Api,
    operation: &Operation,
) -> (Vec<TokenStream>, Vec<TokenStream>, Vec<TokenStream>) {
    let path_args: Vec<TokenStream> = path_params(operation)
        .map(|param| {
            let arg = ident(&param.rust_name);
            let ty = match &param.ty {
                TypeRef::Primitive(Primitive::String) => quote!(&'a str),
                other => type_tokens(other, Scope::Outside),
            };
            quote!(#arg: #ty)
        })
        .collect();
    let path_values: Vec<TokenStream> = path_params(operation)
        .map(|param| {
            let arg = ident(&param.rust_name);
            quote!(#arg)
        })
        .collect();
    let path_clones: Vec<TokenStream> = path_params(operation)
        .filter(|param| {
            !(matches!(param.ty, TypeRef::Primitive(Primitive::String))
                || super::tokens::is_copy(api, &param.ty))
        })
        .map(|param| {
            let arg = ident(&param.rust_name);
            quote!(let #arg = #arg.clone();)
        })
        .collect();
    (path_args, path_values, path_clones)
}

/// The page's next cursor, as an `Option<&_>`, following the pagination's steps.
fn next_cursor(pagination: &crate::ir::Pagination) -> TokenStream {
    let mut cursor = TokenStream::new();
    for (index, step) in pagination.next_cursor.iter().enumerate() {
        let field = ident(&step.field);
        cursor = match (index, step.optional) {
            (0, true) => quote!(page.#field.as_ref()),
            (0, false) => quote!(Some(&page.#field)),
            (_, true) => quote!(#cursor.and_then(|v| v.#field.as_ref())),
            (_, false) => quote!(#cursor.map(|v| &v.#field)),
        };
    }
    if cursor.is_empty() {
        cursor = quote!(None::<&String>);
    }
    cursor
}

fn emit_method(api: &Api, operation: &Operation) -> TokenStream {
    let name = ident(&operation.name);
    let operation_name = &operation.name;
    let arguments = method_arguments(operation);
    let allow_many = if arguments.len() > 6 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    };
    let (path, path_calls) = path_expression(operation);
    let method = ident(operation.method.as_str());
    let param_calls = non_path_params(operation).map(|param| param_call(api, param));
    let body_call = operation.body.as_ref().map(|body| body_call(api, body));
    let success = success_type(operation);
    let error = error_type(operation);
    let arms = response_arms(operation);
    let doc = method_docs(operation);
    let uses = response_uses(operation);
    let deprecated = super::tokens::deprecated_attr(operation.deprecated);
    let stream = stream_method(api, operation);
    let allows = super::tokens::method_name_allows(&operation.name);
    quote! {
        #stream

        #doc
        #deprecated
        #allow_many
        #allows
        pub fn #name(&self, #(#arguments),*) -> Call<#success, #error> {
            #uses
            self
                .request(#operation_name, reqwest::Method::#method, #path)
                #(#path_calls)*
                #(#param_calls)*
                #body_call
                .exchange(|response| match response.status() {
                    #(#arms)*
                })
        }
    }
}

/// The method's arguments: path parameters in template order, the body, the other parameters.
fn method_arguments(operation: &Operation) -> Vec<TokenStream> {
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
fn body_call(api: &Api, body: &crate::ir::Body) -> TokenStream {
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
        MediaKind::Binary | MediaKind::Text => {
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

fn method_docs(operation: &Operation) -> TokenStream {
    docs(Some(&super::operations::operation_docs(operation)))
}

/// The path template `request` takes (`/pets/{id}`) and the `.path(..)` calls that fill its
/// placeholders with percent-encoded values. Braces in literal text are percent-encoded here
/// (a URL parser would do the same), so only placeholders remain braced.
fn path_expression(operation: &Operation) -> (TokenStream, Vec<TokenStream>) {
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
fn param_call(api: &Api, param: &Param) -> TokenStream {
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

fn response_arms(operation: &Operation) -> Vec<TokenStream> {
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
fn default_success_arm(response: &Response) -> TokenStream {
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
fn status_pattern(status: StatusMatch) -> TokenStream {
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
fn response_arm(
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
fn response_uses(operation: &Operation) -> TokenStream {
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
        MediaKind::Text => quote!(response.text()),
        MediaKind::Binary => quote!(response.bytes()),
    })
}
