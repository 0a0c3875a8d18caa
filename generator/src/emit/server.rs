//! The `server` module: the service trait, the handlers and the axum router.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::text::{Expr, Lines, Param, Texts, string_literal};
use super::tokens::{ident, ident_text};
use crate::ir::{Api, Operation};

mod handler;
mod response_arms;

pub(super) use handler::{decoded_or_answer, handler_head, service_call};
pub(super) use response_arms::answer_value;

/// The body of the `server` module, and the texts of the items written as text (the service
/// trait, the router, the handlers).
pub fn emit_server(api: &Api, features: super::parts::Features) -> (TokenStream, Vec<String>) {
    // The one-file layout nests this module one depth further in: texts are read back there.
    let texts = Texts::new(!features.gate);
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
    let router = router_items(api, &texts);
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

        #router

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
    let name = ident_text(&operation.name);
    lines.docs(1, Some(&super::operations::operation_docs(operation)));
    let deprecated = super::tokens::deprecated_attr(operation.deprecated);
    let allows = super::tokens::method_name_allows(&operation.name);
    let group = super::groups::operation_cfg(operation);
    texts.write_attributes(lines, 1, &quote!(#deprecated #allows #group));
    method_signature(
        lines,
        &name,
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

/// `router` and `router_with_options`, as text: one `.route(...)` per route path and group,
/// with every method of the group on it (axum merges the methods of one path given in several
/// calls).
fn router_items(api: &Api, texts: &Texts) -> TokenStream {
    let service = ident_text(&api.service_trait);
    let mut router = Lines::new();
    router.line(
        0,
        "/// An axum router serving `service`, with default [`RouterOptions`].",
    );
    let arc = [Param::Plain("service: Arc<S>".to_string())];
    let head = format!("pub fn router<S: {service}>");
    // Too wide for its line, the generics would break first: not laid out here.
    router.needs_formatter_if(!router.fits(0, head.len() + 1));
    router.signature(0, &head, &arc, " -> axum::Router {");
    router.line(1, "router_with_options(service, RouterOptions::default())");
    router.line(0, "}");
    let mut with_options = Lines::new();
    with_options.line(
        0,
        "/// An axum router serving `service`. Requests that do not match the API description are",
    );
    with_options.line(
        0,
        "/// answered with `application/problem+json` before they reach the service.",
    );
    let head = format!("pub fn router_with_options<S: {service}>");
    with_options.needs_formatter_if(!with_options.fits(0, head.len() + 1));
    let params = [
        Param::Plain("service: Arc<S>".to_string()),
        Param::Plain("options: RouterOptions".to_string()),
    ];
    with_options.signature(0, &head, &params, " -> axum::Router {");
    with_options.line(1, "let shared = rt::Shared {");
    with_options.line(2, "service,");
    with_options.line(2, "options: Arc::new(options),");
    with_options.line(1, "};");
    // One statement per route, not one long method chain: formatters and the compiler handle
    // thousands of statements easily, a chain of thousands of calls slowly. Each is a `let`,
    // the one statement a `cfg` may remove (a group's routes).
    with_options.line(1, "let router = axum::Router::new();");
    for ((route, _), operations) in routes(api) {
        // Every route has an operation; its group's `cfg` is the route's.
        if let Some(first) = operations.first() {
            texts.write_attributes(&mut with_options, 1, &super::groups::operation_cfg(first));
        }
        let methods: Vec<(String, String)> = operations
            .iter()
            .map(|operation| {
                let method = operation.method.as_str().to_ascii_lowercase();
                (method, handler::handler_name(operation))
            })
            .collect();
        route_statement(&mut with_options, "let router = ", route, &methods);
    }
    router_texts(router, with_options, texts)
}

/// `head` then `router.route("path", axum::routing::get(a::<S>).post(b::<S>));` at depth 1,
/// with each (method, handler) of the path in order (nothing when there is none), laid out as
/// the printer lays it out.
pub(super) fn route_statement(
    lines: &mut Lines,
    head: &str,
    path: &str,
    methods: &[(String, String)],
) {
    let routing = |(method, handler): &(String, String)| {
        let handler = Expr::Turbofish {
            path: handler.clone(),
            args: vec!["S".to_string()],
        };
        (method.clone(), vec![handler])
    };
    let Some((first, rest)) = methods.split_first() else {
        return;
    };
    let (first_method, first_args) = routing(first);
    let first = Expr::call(&format!("axum::routing::{first_method}"), first_args);
    let methods = Expr::chained(first, rest.iter().map(routing).collect());
    let route = Expr::method(
        "router",
        "route",
        vec![Expr::Atom(string_literal(path)), methods],
        "",
    );
    lines.expr_statement(1, head, &route, ";");
}

/// `router` and `router_with_options` (its routes written, its end to come: the fallbacks and
/// the state) as the module's texts; the webhook receiver's end the same way.
pub(super) fn router_texts(router: Lines, mut with_options: Lines, texts: &Texts) -> TokenStream {
    for line in [
        "    router",
        "        .fallback(rt::not_found)",
        "        .method_not_allowed_fallback(rt::method_not_allowed)",
        "        .with_state(shared)",
        "}",
    ] {
        with_options.line(0, line);
    }
    let router = texts.item(TokenStream::new(), router.finish());
    let with_options = texts.item(TokenStream::new(), with_options.finish());
    quote!(#router #with_options)
}

/// The operations of each route path and group, in path order.
fn routes(api: &Api) -> BTreeMap<(&str, Option<&str>), Vec<&Operation>> {
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
}
