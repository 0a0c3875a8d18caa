//! The `receiver` module: what a caller's server needs to receive the API's webhooks. A trait
//! with one method per webhook or callback (typed payload in, documented answer out), and an
//! axum router that reads the raw body, checks its signature before anything decodes it,
//! decodes the payload and answers. Shaped like the `server` module's trait and router, and
//! mountable beside it (`Router::nest`) or alone.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::tokens::{Scope, docs, ident, type_tokens};
use crate::ir::{Api, MediaKind, Response, StatusMatch, Webhook, WebhookSignature};

/// The body of the `receiver` module; `client`: whether the sender helper is re-exported, and
/// behind which `cfg` (empty without gating).
pub fn emit_receiver(api: &Api, client: Option<TokenStream>) -> TokenStream {
    let signing = signing_items(api.webhook_signature, client);
    let methods = api.webhooks.iter().map(trait_method);
    let enums = api.webhooks.iter().map(response_enum);
    let router = router_items(&api.webhooks);
    let handlers = api.webhooks.iter().map(handler);
    quote! {
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

        /// The webhooks and callbacks the API sends, as a receiver implements them.
        /// `router` serves an implementation.
        pub trait Receiver: Send + Sync + 'static {
            #(#methods)*
        }

        #router

        #(#handlers)*
    }
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

/// `router` and `router_with_options`: one route per webhook.
fn router_items(webhooks: &[Webhook]) -> TokenStream {
    let routes = webhooks.iter().map(|webhook| {
        let route = &webhook.route;
        let method = ident(&webhook.method.as_str().to_ascii_lowercase());
        let handler = handler_name(webhook);
        quote!(router = router.route(#route, axum::routing::#method(#handler::<S>));)
    });
    quote! {
        /// An axum router serving `service` at each webhook's path (`/<method name>`), checking
        /// signatures with `verifier`, with default [`RouterOptions`].
        pub fn router<S: Receiver>(service: Arc<S>, verifier: Verifier) -> axum::Router {
            router_with_options(service, verifier, RouterOptions::default())
        }

        /// An axum router serving `service`. A request whose signature does not check out is
        /// answered 401 (400 when its signature headers are malformed), and one whose payload
        /// does not decode 400, before either reaches the service.
        pub fn router_with_options<S: Receiver>(
            service: Arc<S>,
            verifier: Verifier,
            options: RouterOptions,
        ) -> axum::Router {
            let shared = signing::Receiving {
                service,
                verifier: Arc::new(verifier),
                options: Arc::new(options),
            };
            let mut router = axum::Router::new();
            #(#routes)*
            router
                .fallback(rt::not_found)
                .method_not_allowed_fallback(rt::method_not_allowed)
                .with_state(shared)
        }
    }
}

fn handler_name(webhook: &Webhook) -> proc_macro2::Ident {
    ident(&format!("handle_{}", webhook.method_name))
}

fn trait_method(webhook: &Webhook) -> TokenStream {
    let method = ident(&webhook.method_name);
    let alias = ident(&webhook.name);
    let text = format!(
        "{}\n\n`{}`",
        webhook.docs.as_deref().unwrap_or("").trim(),
        webhook.summary
    );
    let docs = docs(Some(text.trim()));
    quote! {
        #docs
        fn #method(
            &self,
            context: RequestContext,
            payload: webhooks::#alias,
        ) -> impl std::future::Future<Output = responses::#alias> + Send;
    }
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

fn handler(webhook: &Webhook) -> TokenStream {
    let handler = handler_name(webhook);
    let method = ident(&webhook.method_name);
    let alias = ident(&webhook.name);
    let payload = payload_value(webhook);
    // The payload's assertions are checked once it has its type, as a request's are.
    let payload = if webhook.validated {
        quote!(rt::validate::validated(#payload?))
    } else {
        payload
    };
    let arms = webhook
        .responses
        .iter()
        .map(|response| response_arm(response, &alias));
    quote! {
        async fn #handler<S: Receiver>(
            axum::extract::State(shared): axum::extract::State<signing::Receiving<S>>,
            request: axum::extract::Request,
        ) -> axum::response::Response {
            let (parts, body) = request.into_parts();
            let decoded: rt::Decoded<webhooks::#alias> = async {
                let body = rt::read_body(body, shared.options.body_limit).await?;
                // The signature covers the bytes as sent: checked before anything decodes them.
                signing::check(&shared.verifier, &parts.headers, &body)?;
                #payload
            }
            .await;
            let payload = match decoded {
                Ok(payload) => payload,
                Err(rejection) => return shared.options.answer(rejection),
            };
            // Called by the trait's path, as the server's handlers do: a method call could
            // resolve to a method of `Arc` or of a std trait of the same name.
            let response =
                <S as Receiver>::#method(&shared.service, RequestContext::new(parts), payload).await;
            match response {
                #(#arms)*
            }
        }
    }
}

/// The decoded payload, from the checked bytes in `body`.
fn payload_value(webhook: &Webhook) -> TokenStream {
    match webhook.media {
        None => quote!({
            let _ = body;
            Ok(())
        }),
        Some(MediaKind::Json) => quote!(rt::required_json(&parts.headers, &body)),
        Some(MediaKind::Form) => {
            quote!(rt::form_body(&body, true)?.ok_or_else(|| rt::missing("request body", "form")))
        }
        // `lower` reads an SSE body as text.
        Some(MediaKind::Text | MediaKind::EventStream) => {
            quote!(rt::text_body(body, true)?.ok_or_else(|| rt::missing("request body", "text")))
        }
        Some(MediaKind::JsonLines) => quote!(rt::events::json_lines_body(&body)),
        Some(MediaKind::Binary) => quote!(Ok(body)),
        // Multipart payloads are not decoded yet: refused plainly rather than misread.
        Some(MediaKind::Multipart) => quote!({
            let _ = body;
            Err(Rejection {
                status: http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                detail: "multipart webhook payloads are not supported".to_string(),
            })
        }),
    }
}

fn response_arm(response: &Response, alias: &proc_macro2::Ident) -> TokenStream {
    let variant = ident(&response.variant);
    let (status_binding, status) = match response.status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            (None, quote!(rt::status(#code)))
        }
        StatusMatch::Range(_) | StatusMatch::Default => (Some(quote!(status)), quote!(status)),
    };
    let body_binding = response.content.as_ref().map(|_| quote!(body));
    let bindings: Vec<TokenStream> = status_binding.into_iter().chain(body_binding).collect();
    let pattern = if bindings.is_empty() {
        quote!(responses::#alias::#variant)
    } else {
        quote!(responses::#alias::#variant(#(#bindings),*))
    };
    let value = match &response.content {
        None => quote!(rt::empty(#status)),
        Some(content) => {
            let content_type = &content.content_type;
            match content.media {
                MediaKind::Json | MediaKind::Form | MediaKind::Multipart => {
                    quote!(rt::json_response(#status, #content_type, &body))
                }
                // A streamed answer's body is `lower`'s text.
                MediaKind::Text
                | MediaKind::Binary
                | MediaKind::EventStream
                | MediaKind::JsonLines => {
                    quote!(rt::with_content_type(#status, #content_type, body.into()))
                }
            }
        }
    };
    quote!(#pattern => #value,)
}

#[cfg(test)]
mod tests {
    use crate::ir::WebhookSignature;

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
        let standard = super::emit_receiver(&api, None).to_string();
        assert!(
            standard.contains("Scheme :: StandardWebhooks"),
            "{standard}"
        );
        api.webhook_signature = WebhookSignature::Stripe;
        let stripe = super::emit_receiver(&api, None).to_string();
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
        let text = super::emit_receiver(&api, None).to_string();
        assert!(text.contains("fn billed"), "{text}");
        assert!(text.contains("\"/billed\""), "{text}");
        assert!(text.contains("pub enum Billed"), "{text}");
    }
}
