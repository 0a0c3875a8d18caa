//! The `server` module: the service trait, the handlers and the axum router.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::operations::{FormPart, form_fields, form_part, non_path_params};
use super::text::{Lines, Texts};
use super::tokens::ident;
use crate::ir::{
    Api, Body, MediaKind, Operation, Param, ParamLocation, ParamShape, ParamStyle, Primitive,
    Response, ResponseContent, Route, StatusMatch, StreamedBody, TypeRef,
};

/// The body of the `server` module, and the texts of the items written as text (the service
/// trait).
pub fn emit_server(api: &Api, features: super::parts::Features) -> (TokenStream, Vec<String>) {
    // The one-file layout nests this module one depth further in: texts are read back there.
    let texts = Texts::new(!features.gate);
    let service = ident(&api.service_trait);
    let title = if api.title.to_ascii_lowercase().ends_with("api") {
        api.title.clone()
    } else {
        format!("{} API", api.title)
    };
    let trait_doc =
        format!(" The {title}, as a server implements it. `router` serves an implementation.");
    let service_trait = service_trait(api, &trait_doc, &texts);
    let handlers = api.operations.iter().filter_map(|operation| {
        let route = operation.route.as_ref()?;
        let group = super::groups::operation_cfg(operation);
        let handler = handler(api, operation, route, &service);
        Some(quote!(#group #handler))
    });
    let routes = routes(api);
    // A handler of a streamed response builds these.
    let events = api.features.streams.then(|| {
        quote!(
            pub use super::runtime::server::Events;
            pub use super::runtime::stream::Event;
        )
    });
    let tokens = quote! {
        use std::sync::Arc;

        #[allow(unused_imports)]
        use super::{operations, types};
        use super::runtime::server as rt;
        pub use super::runtime::server::{Rejection, RequestContext, RouterOptions, problem};
        #events

        #service_trait

        /// An axum router serving `service`, with default [`RouterOptions`].
        pub fn router<S: #service>(service: Arc<S>) -> axum::Router {
            router_with_options(service, RouterOptions::default())
        }

        /// An axum router serving `service`. Requests that do not match the API description are
        /// answered with `application/problem+json` before they reach the service.
        pub fn router_with_options<S: #service>(service: Arc<S>, options: RouterOptions) -> axum::Router {
            let shared = rt::Shared { service, options: Arc::new(options) };
            // One statement per route, not one long method chain: formatters and the compiler
            // handle thousands of statements easily, a chain of thousands of calls slowly. Each
            // is a `let`, the one statement a `cfg` may remove (a group's routes).
            let router = axum::Router::new();
            #(#routes)*
            router
                .fallback(rt::not_found)
                .method_not_allowed_fallback(rt::method_not_allowed)
                .with_state(shared)
        }

        #(#handlers)*
    };
    (tokens, texts.into_texts())
}

/// The service trait as text (see `emit::text`): a method per operation, each taking the
/// request and returning a future of the response.
fn service_trait(api: &Api, trait_doc: &str, texts: &Texts) -> TokenStream {
    let service = ident(&api.service_trait);
    let mut lines = Lines::new();
    match texts.printed_attributes(&quote!(#[doc = #trait_doc])) {
        Some(printed) => lines.printed(&printed),
        None => lines.needs_formatter(),
    }
    let head = format!("pub trait {service}: Send + Sync + 'static {{");
    if api.operations.is_empty() {
        lines.line(0, &format!("{head}}}"));
    } else {
        lines.line(0, &head);
        for operation in &api.operations {
            trait_method(&mut lines, operation, texts);
        }
        lines.line(0, "}");
    }
    texts.item(TokenStream::new(), lines.finish())
}

/// One method of the service trait: docs, attributes, the signature.
fn trait_method(lines: &mut Lines, operation: &Operation, texts: &Texts) {
    let name = ident(&operation.name);
    lines.docs(1, Some(&super::operations::operation_docs(operation)));
    let deprecated = super::tokens::deprecated_attr(operation.deprecated);
    let allows = super::tokens::method_name_allows(&operation.name);
    let group = super::groups::operation_cfg(operation);
    match texts.printed_attributes(&quote!(#deprecated #allows #group)) {
        Some(printed) => lines.printed_at(1, &printed),
        None => lines.needs_formatter(),
    }
    lines.line(1, &format!("fn {name}("));
    lines.line(2, "&self,");
    lines.line(2, "context: RequestContext,");
    // Paths: the printer has nowhere to break them, however wide.
    lines.line(2, &format!("request: operations::{name}::Request,"));
    let output = format!("Output = operations::{name}::Response");
    let returned = format!(") -> impl std::future::Future<{output}> + Send;");
    if lines.fits(1, returned.len()) {
        lines.line(1, &returned);
    } else {
        lines.line(1, ") -> impl std::future::Future<");
        lines.line(2, &format!("{output},"));
        lines.line(1, "> + Send;");
    }
}

/// One `.route(...)` per route path and group, with every method of the group on it (axum
/// merges the methods of one path given in several calls).
fn routes(api: &Api) -> Vec<TokenStream> {
    let mut by_route: BTreeMap<(&str, Option<&str>), Vec<&Operation>> = BTreeMap::new();
    for operation in &api.operations {
        if let Some(route) = &operation.route {
            by_route
                .entry((route.path.as_str(), operation.group.as_deref()))
                .or_default()
                .push(operation);
        }
    }
    by_route
        .into_iter()
        .map(|((route, _), operations)| {
            let group = operations
                .first()
                .map(|operation| super::groups::operation_cfg(operation))
                .unwrap_or_default();
            let methods = operations.iter().enumerate().map(|(index, operation)| {
                let method = ident(&operation.method.as_str().to_ascii_lowercase());
                let handler = handler_name(operation);
                if index == 0 {
                    quote!(axum::routing::#method(#handler::<S>))
                } else {
                    quote!(.#method(#handler::<S>))
                }
            });
            quote!(#group let router = router.route(#route, #(#methods)*);)
        })
        .collect()
}

fn handler_name(operation: &Operation) -> proc_macro2::Ident {
    ident(&format!("handle_{}", operation.name))
}

fn handler(
    api: &Api,
    operation: &Operation,
    route: &Route,
    service: &proc_macro2::Ident,
) -> TokenStream {
    let handler = handler_name(operation);
    let method = ident(&operation.name);
    let module = ident(&operation.name);
    let has_path = !route.captures.is_empty();
    let path_arg = has_path.then(|| {
        quote!(path: Result<axum::extract::RawPathParams, axum::extract::rejection::RawPathParamsRejection>,)
    });
    let body_binding = if operation.body.is_some() {
        quote!(body)
    } else {
        quote!(_body)
    };
    let decode_block = decode_block(api, operation, route);
    let arms = operation
        .responses
        .iter()
        .map(|response| response_arm(response, &module));
    quote! {
        async fn #handler<S: #service>(
            axum::extract::State(shared): axum::extract::State<rt::Shared<S>>,
            #path_arg
            request: axum::extract::Request,
        ) -> axum::response::Response {
            let (parts, #body_binding) = request.into_parts();
            let decoded = #decode_block;
            let request = match decoded {
                Ok(request) => request,
                Err(rejection) => return shared.options.answer(rejection),
            };
            // Called by the trait's path: a method call could resolve to a method of `Arc` or of a std
            // trait of the same name (`clone`, `into`, `drop`) before reaching the service's.
            let response = <S as #service>::#method(&shared.service, RequestContext::new(parts), request).await;
            match response {
                #(#arms)*
            }
        }
    }
}

/// The expression that decodes (and checks) the request from `parts`, `path` and `body`.
fn decode_block(api: &Api, operation: &Operation, route: &Route) -> TokenStream {
    let module = ident(&operation.name);
    let path_decode =
        (!route.captures.is_empty()).then(|| quote!(let path = path.map_err(rt::bad_path)?;));
    let has_query = operation
        .params
        .iter()
        .any(|p| p.location == ParamLocation::Query);
    let query_decode = has_query.then(|| quote!(let query = rt::Query::parse(&parts.uri)?;));
    // A body read whole waits for its last byte; a streamed one is the handler's to read.
    let reads_body = operation
        .body
        .as_ref()
        .is_some_and(|body| super::operations::streamed_item(body).is_none());
    let body_read = reads_body
        .then(|| quote!(let body = rt::read_body(body, shared.options.body_limit).await?;));
    let path_fields = path_fields(operation, route);
    let params_field = (non_path_params(operation).next().is_some()).then(|| {
        let fields = non_path_params(operation).map(param_decode);
        quote!(params: operations::#module::Params { #(#fields)* },)
    });
    let body_field = operation
        .body
        .as_ref()
        .map(|body| match body_value(api, body) {
            // A raw body is the request body itself: field init shorthand, as clippy wants.
            None => quote!(body,),
            Some(value) => quote!(body: #value,),
        });
    let request = quote! {
        operations::#module::Request {
            #(#path_fields)*
            #params_field
            #body_field
        }
    };
    // The schemas' assertions are checked once the request has its types.
    let decoded = if operation.validated {
        quote!(rt::validate::validated(#request))
    } else {
        quote!(rt::Decoded::Ok(#request))
    };
    let steps = quote! {
        #path_decode
        #query_decode
        #body_read
        #decoded
    };
    // Only reading a body waits: without one, decoding is a plain closure, not a second state
    // machine in the handler (cheaper to type-check, and nothing to poll).
    if reads_body {
        quote!(async { #steps }.await)
    } else {
        quote!(rt::decode(|| { #steps }))
    }
}

/// The request's path fields, each read from its captured segment.
fn path_fields(operation: &Operation, route: &Route) -> Vec<TokenStream> {
    let mut filled = Vec::new();
    route
        .captures
        .iter()
        .filter(|capture| {
            // A parameter used twice in one template fills its field once.
            let first = !filled.contains(&capture.param);
            filled.push(capture.param);
            first
        })
        .map(|capture| {
            let param = &operation.params[capture.param];
            let field = ident(&param.rust_name);
            let (key, wire, prefix, suffix) = (
                &capture.key,
                &param.wire_name,
                &capture.prefix,
                &capture.suffix,
            );
            quote!(#field: rt::path_param(&path, #key, #wire, #prefix, #suffix)?,)
        })
        .collect()
}

/// The decoded body, from the bytes read into `body`; `None` when it is those bytes as they
/// are (a required binary body).
fn body_value(api: &Api, body: &Body) -> Option<TokenStream> {
    let required = body.required;
    Some(match body.media {
        MediaKind::Json if required => quote!(rt::required_json(&parts.headers, &body)?),
        MediaKind::Json => quote!(rt::json_body(&parts.headers, &body, false)?),
        MediaKind::Form if required => {
            quote!(rt::form_body(&body, true)?.ok_or_else(|| rt::missing("request body", "form"))?)
        }
        MediaKind::Form => quote!(rt::form_body(&body, false)?),
        MediaKind::Multipart => {
            let form = form_value(api, body, module_types(body));
            if required {
                quote!({ let form = rt::FormData::read(&parts.headers, body).await?; #form })
            } else {
                quote!(if body.is_empty() { None } else { let form = rt::FormData::read(&parts.headers, body).await?; Some(#form) })
            }
        }
        // Items read as they arrive, each line within the body limit (an absent optional body
        // has none); each checked as it comes when its type has assertions.
        MediaKind::JsonLines if body.items_checked => quote!(
            rt::lines::Lines::new(body, shared.options.body_limit)
                .checking(rt::validate::check_item)
        ),
        MediaKind::JsonLines => quote!(rt::lines::Lines::new(body, shared.options.body_limit)),
        // `lower` reads any other streamed request body as text.
        MediaKind::Text | MediaKind::EventStream if required => {
            quote!(rt::text_body(body, true)?.ok_or_else(|| rt::missing("request body", "text"))?)
        }
        MediaKind::Text | MediaKind::EventStream => quote!(rt::text_body(body, false)?),
        MediaKind::Binary if required => return None,
        MediaKind::Binary => quote!(rt::binary_body(body, false)),
    })
}

fn param_decode(param: &Param) -> TokenStream {
    let field = ident(&param.rust_name);
    let wire = &param.wire_name;
    let (location, value) = match param.location {
        ParamLocation::Query if param.shape == ParamShape::Object => {
            let deep = param.style == ParamStyle::DeepObject;
            let explode = param.explode;
            (
                "query parameter",
                quote!(query.object(#wire, #deep, #explode)?),
            )
        }
        ParamLocation::Query if param.shape == ParamShape::List => {
            let separator = param.style.separator();
            let explode = param.explode;
            (
                "query parameter",
                quote!(query.list(#wire, #explode, #separator)?),
            )
        }
        ParamLocation::Query => ("query parameter", quote!(query.optional(#wire)?)),
        ParamLocation::Header => ("header", quote!(rt::header_param(&parts.headers, #wire)?)),
        ParamLocation::Cookie => ("cookie", quote!(rt::cookie_param(&parts.headers, #wire)?)),
        ParamLocation::Path => ("path parameter", quote!(None)),
    };
    if param.ty.is_option() {
        quote!(#field: #value,)
    } else {
        quote!(#field: #value.ok_or_else(|| rt::missing(#location, #wire))?,)
    }
}

/// The arms writing a response: its body (or its stream, when that is its only body), and
/// its `<Variant>Stream` when it offers a stream beside the body.
fn response_arm(response: &Response, module: &proc_macro2::Ident) -> TokenStream {
    let main = match (&response.content, &response.stream) {
        (Some(content), _) => Written::Content(content),
        (None, Some(stream)) => Written::Stream(stream),
        (None, None) => Written::Nothing,
    };
    let plain = arm(response, module, ident(&response.variant), main);
    let streamed = match (&response.content, &response.stream) {
        (Some(_), Some(stream)) => {
            let variant = ident(&format!("{}Stream", response.variant));
            arm(response, module, variant, Written::Stream(stream))
        }
        _ => TokenStream::new(),
    };
    quote!(#plain #streamed)
}

/// What an arm writes as the body.
#[derive(Clone, Copy)]
enum Written<'a> {
    Nothing,
    Content(&'a ResponseContent),
    Stream(&'a StreamedBody),
}

fn arm(
    response: &Response,
    module: &proc_macro2::Ident,
    variant: proc_macro2::Ident,
    written: Written<'_>,
) -> TokenStream {
    let (status_binding, status) = match response.status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            (None, quote!(rt::status(#code)))
        }
        StatusMatch::Range(_) | StatusMatch::Default => (Some(quote!(status)), quote!(status)),
    };
    let body_binding = (!matches!(written, Written::Nothing)).then(|| quote!(body));
    let headers_binding = (!response.headers.is_empty()).then(|| quote!(headers));
    let bindings: Vec<TokenStream> = status_binding
        .into_iter()
        .chain(body_binding)
        .chain(headers_binding)
        .collect();
    let pattern = if bindings.is_empty() {
        quote!(operations::#module::Response::#variant)
    } else {
        quote!(operations::#module::Response::#variant(#(#bindings),*))
    };
    let value = body_value_written(written, &status);
    if response.headers.is_empty() {
        return quote!(#pattern => #value,);
    }
    let sets = response.headers.iter().map(|header| {
        let field = ident(&header.rust_name);
        let wire = header.wire_name.to_ascii_lowercase();
        quote!(rt::set_header(&mut response, #wire, &headers.#field);)
    });
    quote! {
        #pattern => {
            let mut response = #value;
            #(#sets)*
            response
        }
    }
}

/// The expression answering with `written` and `status`.
fn body_value_written(written: Written<'_>, status: &TokenStream) -> TokenStream {
    match written {
        Written::Nothing => quote!(rt::empty(#status)),
        Written::Content(content) => {
            let content_type = &content.content_type;
            match content.media {
                MediaKind::Json | MediaKind::Form | MediaKind::Multipart => {
                    quote!(rt::json_response(#status, #content_type, &body))
                }
                MediaKind::Text
                | MediaKind::Binary
                | MediaKind::EventStream
                | MediaKind::JsonLines => {
                    quote!(rt::with_content_type(#status, #content_type, body.into()))
                }
            }
        }
        Written::Stream(stream) => {
            let encode = match stream.item {
                _ if stream.named => quote!(rt::events::named_text),
                TypeRef::Primitive(Primitive::String) => quote!(rt::events::plain_text),
                _ => quote!(rt::events::json_text),
            };
            let content_type = &stream.content_type;
            match stream.media {
                MediaKind::JsonLines => {
                    quote!(rt::events::lines_response(#status, #content_type, body, #encode))
                }
                _ => {
                    let terminator = match &stream.terminator {
                        Some(text) => quote!(Some(#text)),
                        None => quote!(None),
                    };
                    quote!(rt::events::sse_response(#status, body, #encode, #terminator))
                }
            }
        }
    }
}

/// The form struct's name for a multipart body (`types::UploadBillForm`).
fn module_types(body: &Body) -> TokenStream {
    let named = match &body.ty {
        TypeRef::Option(inner) => inner.as_ref(),
        other => other,
    };
    super::tokens::type_tokens(named, super::tokens::Scope::Outside)
}

/// The form struct literal, each field read from the decoded parts.
fn form_value(api: &Api, body: &Body, struct_path: TokenStream) -> TokenStream {
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
