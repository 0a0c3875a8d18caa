//! The `receiver` module: what a caller's server needs to receive the API's webhooks. A trait
//! with one method per webhook or callback (typed payload in, documented answer out), and an
//! axum router that reads the raw body, checks its signature before anything decodes it,
//! decodes the payload and answers. Shaped like the `server` module's trait and router, and
//! mountable beside it (`Router::nest`) or alone.
//!
//! The trait, the router and the handlers are written as text (see `emit::text`), laid out as
//! prettyplease lays them out: a webhook's handler is the same few statements whatever the
//! spec, and through syn and prettyplease they were most of the time a spec with many webhooks
//! spent formatting tokens (lago: 106 of its 170 KB of formatted tokens).

use proc_macro2::TokenStream;
use quote::quote;

use super::parts::{Features, Part};
use super::server::{
    answer_value, decoded_or_answer, handler_head, method_signature, route_statement, router_texts,
    service_call,
};
use super::text::{Lines, Texts};
use super::tokens::{Scope, docs, ident, ident_text, type_tokens};
use crate::ir::{Api, MediaKind, Response, StatusMatch, Webhook, WebhookSignature};

/// The body of the `receiver` module, and the texts of the items written as text. The sender
/// helper is re-exported when the client is generated (behind its `cfg` when gated).
pub fn emit_receiver(api: &Api, features: Features) -> (TokenStream, Vec<String>) {
    // The one-file layout nests this module one depth further in: texts are read back there.
    let texts = Texts::new(!features.gate);
    let signing = signing_items(api.webhook_signature, features.only_for(Part::Client));
    let enums = api.webhooks.iter().map(response_enum);
    let receiver = texts.item(TokenStream::new(), receiver_trait(&api.webhooks));
    let router = router_items(&api.webhooks, &texts);
    let handlers: Vec<TokenStream> = api
        .webhooks
        .iter()
        .map(|webhook| texts.item(TokenStream::new(), handler(webhook)))
        .collect();
    let tokens = quote! {
        use std::sync::Arc;

        #[allow(unused_imports)]
        use super::{types, webhooks};
        use super::runtime::server as rt;
        use super::runtime::webhook as signing;
        pub use super::runtime::server::{Rejection, RequestContext, RouterOptions};

        #signing

        /// The documented answers to each webhook, one enum per webhook.
        pub mod responses {
            #[allow(unused_imports)]
            use super::types;

            #(#enums)*
        }

        #receiver

        #router

        #(#handlers)*
    };
    (tokens, texts.into_texts())
}

/// The runtime's signature types, the configured scheme, and a verifier and a signer of it.
fn signing_items(signature: WebhookSignature, client: Option<TokenStream>) -> TokenStream {
    let scheme = match signature {
        WebhookSignature::StandardWebhooks => quote!(StandardWebhooks),
        WebhookSignature::Stripe => quote!(Stripe),
        WebhookSignature::GitHub => quote!(GitHub),
    };
    let sender = client.map(|cfg| {
        quote! {
            #cfg
            pub use super::runtime::webhook::{SendError, send_json};
        }
    });
    quote! {
        pub use super::runtime::webhook::{DEFAULT_TOLERANCE, Scheme, Signer, Verifier, WebhookError};
        #sender

        /// How the API signs its webhooks (`[webhooks] signature` in `oasgen.toml`).
        pub const SCHEME: Scheme = Scheme::#scheme;

        /// A verifier of [`SCHEME`] accepting `secret` (add the next one with
        /// [`Verifier::with_secret`] while it is rotated), with [`DEFAULT_TOLERANCE`].
        pub fn verifier(secret: &str) -> Result<Verifier, WebhookError> {
            Verifier::new(SCHEME, secret)
        }

        /// A signer of [`SCHEME`] with `secret`: signs webhooks as the API would, to test a
        /// receiver.
        pub fn signer(secret: &str) -> Result<Signer, WebhookError> {
            Signer::new(SCHEME, secret)
        }
    }
}

/// The `Receiver` trait: a method per webhook, its payload in, its answer out.
fn receiver_trait(webhooks: &[Webhook]) -> String {
    let mut lines = Lines::new();
    lines.line(
        0,
        "/// The webhooks and callbacks the API sends, as a receiver implements them.",
    );
    lines.line(0, "/// `router` serves an implementation.");
    let head = "pub trait Receiver: Send + Sync + 'static {";
    if webhooks.is_empty() {
        lines.line(0, &format!("{head}}}"));
        return lines.finish();
    }
    lines.line(0, head);
    for webhook in webhooks {
        let text = format!(
            "{}\n\n`{}`",
            webhook.docs.as_deref().unwrap_or("").trim(),
            webhook.summary
        );
        lines.docs(1, Some(text.trim()));
        let alias = ident_text(&webhook.name);
        method_signature(
            &mut lines,
            &ident_text(&webhook.method_name),
            &format!("payload: webhooks::{alias}"),
            &format!("responses::{alias}"),
        );
    }
    lines.line(0, "}");
    lines.finish()
}

/// `router` and `router_with_options`: one route per webhook.
fn router_items(webhooks: &[Webhook], texts: &Texts) -> TokenStream {
    let mut router = Lines::new();
    for line in [
        "/// An axum router serving `service` at each webhook's path (`/<method name>`), checking",
        "/// signatures with `verifier`, with default [`RouterOptions`].",
        "pub fn router<S: Receiver>(service: Arc<S>, verifier: Verifier) -> axum::Router {",
        "    router_with_options(service, verifier, RouterOptions::default())",
        "}",
    ] {
        router.line(0, line);
    }
    let mut with_options = Lines::new();
    for line in [
        "/// An axum router serving `service`. A request whose signature does not check out is",
        "/// answered 401 (400 when its signature headers are malformed), and one whose payload",
        "/// does not decode 400, before either reaches the service.",
        "pub fn router_with_options<S: Receiver>(",
        "    service: Arc<S>,",
        "    verifier: Verifier,",
        "    options: RouterOptions,",
        ") -> axum::Router {",
        "    let shared = signing::Receiving {",
        "        service,",
        "        verifier: Arc::new(verifier),",
        "        options: Arc::new(options),",
        "    };",
        "    let mut router = axum::Router::new();",
    ] {
        with_options.line(0, line);
    }
    for webhook in webhooks {
        let method = webhook.method.as_str().to_ascii_lowercase();
        let methods = [(method, handler_name(webhook))];
        route_statement(&mut with_options, "router = ", &webhook.route, &methods);
    }
    router_texts(router, with_options, texts)
}

fn handler_name(webhook: &Webhook) -> String {
    ident_text(&format!("handle_{}", webhook.method_name))
}

/// The enum of a webhook's documented answers; range and `default` variants carry their status.
fn response_enum(webhook: &Webhook) -> TokenStream {
    let name = ident(&webhook.name);
    let doc = docs(Some(&format!(
        "The answers to the `{}` webhook.",
        webhook.name
    )));
    let variants = webhook.responses.iter().map(|response| {
        let variant = ident(&response.variant);
        let docs = docs(
            response
                .docs
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty()),
        );
        let status = match response.status {
            StatusMatch::Code(_) => None,
            StatusMatch::Range(_) | StatusMatch::Default => Some(quote!(http::StatusCode)),
        };
        let body = response
            .content
            .as_ref()
            .map(|content| type_tokens(&content.ty, Scope::Outside));
        let fields: Vec<TokenStream> = status.into_iter().chain(body).collect();
        if fields.is_empty() {
            quote!(#docs #variant,)
        } else {
            quote!(#docs #variant(#(#fields),*),)
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// A webhook's handler: the body read, its signature checked, the payload decoded (and
/// checked), the receiver called, its answer written.
fn handler(webhook: &Webhook) -> String {
    let alias = ident_text(&webhook.name);
    let mut lines = Lines::new();
    handler_head(
        &mut lines,
        &handler_name(webhook),
        "Receiver",
        "signing::Receiving<S>",
        |_| {},
    );
    lines.line(1, "let (parts, body) = request.into_parts();");
    lines.unbroken(
        1,
        &format!("let decoded: rt::Decoded<webhooks::{alias}> = async {{"),
    );
    lines.line(
        2,
        "let body = rt::read_body(body, shared.options.body_limit).await?;",
    );
    // The signature covers the bytes as sent: checked before anything decodes them.
    lines.line(
        2,
        "signing::check(&shared.verifier, &parts.headers, &body)?;",
    );
    match payload_value(webhook.media) {
        // The payload's assertions are checked once it has its type, as a request's are.
        Some(payload) if webhook.validated => {
            lines.unbroken(2, &format!("rt::validate::validated({payload}?)"));
        }
        Some(payload) => lines.unbroken(2, payload),
        // A block: not laid out here.
        None => {
            lines.needs_formatter();
            lines.line(2, &blocked_payload(webhook).to_string());
        }
    }
    lines.line(1, "}");
    lines.line(2, ".await;");
    decoded_or_answer(&mut lines, "payload");
    service_call(
        &mut lines,
        "Receiver",
        &ident_text(&webhook.method_name),
        "payload",
    );
    if webhook.responses.is_empty() {
        lines.line(1, "match response {}");
    } else {
        lines.line(1, "match response {");
        for response in &webhook.responses {
            response_arm(&mut lines, response, &alias);
        }
        lines.line(1, "}");
    }
    lines.line(0, "}");
    lines.finish()
}

/// The decoded payload, from the checked bytes in `body`, when it is one expression on its
/// line; `None` for the blocks of [`blocked_payload`].
fn payload_value(media: Option<MediaKind>) -> Option<&'static str> {
    Some(match media? {
        MediaKind::Json => "rt::required_json(&parts.headers, &body)",
        MediaKind::Form => {
            "rt::form_body(&body, true)?.ok_or_else(|| rt::missing(\"request body\", \"form\"))"
        }
        // `lower` reads an SSE body as text.
        MediaKind::Text | MediaKind::EventStream => {
            "rt::text_body(body, true)?.ok_or_else(|| rt::missing(\"request body\", \"text\"))"
        }
        MediaKind::JsonLines => "rt::events::json_lines_body(&body)",
        MediaKind::Binary => "Ok(body)",
        MediaKind::Multipart => return None,
    })
}

/// The payload of a webhook without one, or with a multipart one, as a block (checked when
/// the webhook's payload is), for the formatter.
fn blocked_payload(webhook: &Webhook) -> TokenStream {
    let block = match webhook.media {
        // Multipart payloads are not decoded yet: refused plainly rather than misread.
        Some(_) => quote!({
            let _ = body;
            Err(Rejection {
                status: http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                detail: "multipart webhook payloads are not supported".to_string(),
            })
        }),
        None => quote!({
            let _ = body;
            Ok(())
        }),
    };
    if webhook.validated {
        quote!(rt::validate::validated(#block?))
    } else {
        block
    }
}

/// The arm answering a documented response of the webhook `alias`.
fn response_arm(lines: &mut Lines, response: &Response, alias: &str) {
    let variant = ident_text(&response.variant);
    let (status_binding, status) = match response.status {
        StatusMatch::Code(code) => (None, format!("rt::status({code})")),
        StatusMatch::Range(_) | StatusMatch::Default => (Some("status"), "status".to_string()),
    };
    let body_binding = response.content.as_ref().map(|_| "body");
    let bindings: Vec<&str> = status_binding.into_iter().chain(body_binding).collect();
    let mut pattern = format!("responses::{alias}::{variant}");
    if !bindings.is_empty() {
        pattern = format!("{pattern}({})", bindings.join(", "));
    }
    let (head, args) = answer_value(response.content.as_ref(), status);
    lines.path_call_arm(2, &pattern, head, &args);
}

#[cfg(test)]
mod tests {
    use crate::emit::parts::Features;
    use crate::ir::WebhookSignature;

    /// The module's tokens and texts, as text; no client (so no sender).
    fn receiver_text(api: &crate::ir::Api) -> String {
        let features = Features {
            parts: crate::emit::Parts {
                client: false,
                server: true,
            },
            gate: true,
        };
        let (tokens, texts) = super::emit_receiver(api, features);
        format!("{tokens}\n{}", texts.concat())
    }

    const SPEC: &str = r#"
openapi: 3.1.0
info: {title: T, version: "1"}
webhooks:
  billed:
    post:
      requestBody: {content: {application/json: {schema: {type: string}}}}
      responses: {"200": {description: ok}}
"#;

    #[test]
    fn the_configured_scheme_is_the_receivers() {
        let mut api = crate::lower_bytes(SPEC.as_bytes()).expect("lowers").api;
        assert_eq!(api.webhook_signature, WebhookSignature::StandardWebhooks);
        let standard = receiver_text(&api);
        assert!(
            standard.contains("Scheme :: StandardWebhooks"),
            "{standard}"
        );
        api.webhook_signature = WebhookSignature::Stripe;
        let stripe = receiver_text(&api);
        assert!(stripe.contains("Scheme :: Stripe ;"), "{stripe}");
        assert!(
            !stripe.contains("send_json"),
            "no sender without the client"
        );
    }

    #[test]
    fn each_webhook_gets_a_route_a_method_and_an_answer_enum() {
        let api = crate::lower_bytes(SPEC.as_bytes()).expect("lowers").api;
        let webhook = &api.webhooks[0];
        assert_eq!(
            (webhook.method_name.as_str(), webhook.route.as_str()),
            ("billed", "/billed")
        );
        let text = receiver_text(&api);
        assert!(text.contains("fn billed"), "{text}");
        assert!(text.contains("\"/billed\""), "{text}");
        assert!(text.contains("pub enum Billed"), "{text}");
    }
}
