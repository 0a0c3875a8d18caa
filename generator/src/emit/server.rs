//! The `server` module: the service trait, the handlers and the axum router.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::text::{Lines, Texts};
use super::tokens::ident;
use crate::ir::{Api, Operation};

mod handler;
mod response_arms;

pub(super) use handler::{decoded_or_answer, handler_head, service_call};
pub(super) use response_arms::answer_value;

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
    let handlers: Vec<TokenStream> = api
        .operations
        .iter()
        .filter_map(|operation| {
            let route = operation.route.as_ref()?;
            let text = handler::handler_text(api, operation, route, &texts);
            Some(texts.item(TokenStream::new(), text))
        })
        .collect();
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
    texts.write_attributes(&mut lines, 0, &quote!(#[doc = #trait_doc]));
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
    texts.write_attributes(lines, 1, &quote!(#deprecated #allows #group));
    method_signature(
        lines,
        &name.to_string(),
        &format!("request: operations::{name}::Request"),
        &format!("operations::{name}::Response"),
    );
}

/// A trait method's signature (`fn name(&self, context, last) -> impl Future<Output = …>`),
/// its parameters one per line: with the return type they never fit one.
pub(super) fn method_signature(lines: &mut Lines, name: &str, last: &str, output: &str) {
    lines.line(1, &format!("fn {name}("));
    lines.line(2, "&self,");
    lines.line(2, "context: RequestContext,");
    // Paths: the printer has nowhere to break them, however wide.
    lines.line(2, &format!("{last},"));
    let output = format!("Output = {output}");
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
                let handler = ident(&handler::handler_name(operation));
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
