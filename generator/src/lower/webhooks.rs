//! Webhooks and callbacks: requests the API sends to its callers. They become payload types
//! (and a named alias per webhook), and a method and a route of the receiver: the caller's own
//! server receives them. How they are signed comes from `oasgen.toml`.

use serde_json::Value;

use super::Lowerer;
use super::names::{NameScope, camel_ident, snake_ident};
use crate::config::{Config, SignatureScheme};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{TypeDef, TypeRef, Webhook, WebhookSignature};
use crate::model::{Document, PathItem, from_node};

/// How the configuration says webhooks are signed (Standard Webhooks unless it says).
pub(super) fn signature(config: &Config) -> WebhookSignature {
    match config.webhooks.signature {
        SignatureScheme::StandardWebhooks => WebhookSignature::StandardWebhooks,
        SignatureScheme::Stripe => WebhookSignature::Stripe,
        SignatureScheme::GitHub => WebhookSignature::GitHub,
    }
}

/// The webhooks' two name scopes: payload aliases (UpperCamel) and receiver methods (snake).
#[derive(Default)]
struct WebhookNames {
    aliases: NameScope,
    methods: NameScope,
}

impl Lowerer<'_> {
    /// Lowers every webhook and every operation's callbacks, in document order.
    pub(super) fn lower_webhooks(
        &mut self,
        document: &Document,
    ) -> Result<Vec<Webhook>, Diagnostic> {
        let mut scope = WebhookNames::default();
        let mut webhooks = Vec::new();
        for (name, item) in &document.webhooks {
            let pointer = pointer_push("/webhooks", name);
            self.lower_webhook_item(item, &pointer, name, name, &mut scope, &mut webhooks)?;
        }
        for (path, item) in &document.paths {
            for (method, operation) in item.operations() {
                let operation_pointer = pointer_push(&pointer_push("/paths", path), method);
                let owner = operation
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| format!("{method} {path}"));
                for (callback, expressions) in &operation.callbacks {
                    let pointer =
                        pointer_push(&pointer_push(&operation_pointer, "callbacks"), callback);
                    let (expressions, pointer) = self.resolve_callback(expressions, &pointer)?;
                    let Value::Object(expressions) = expressions else {
                        continue;
                    };
                    for (expression, item) in &expressions {
                        let item_pointer = pointer_push(&pointer, expression);
                        let item: PathItem = from_node(item, &item_pointer)?;
                        let label = format!("{owner} {callback}");
                        self.lower_webhook_item(
                            &item,
                            &item_pointer,
                            &label,
                            expression,
                            &mut scope,
                            &mut webhooks,
                        )?;
                    }
                }
            }
        }
        webhooks.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(webhooks)
    }

    fn resolve_callback(
        &mut self,
        node: &Value,
        pointer: &str,
    ) -> Result<(Value, String), Diagnostic> {
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let (target, at) = self.resolver.node(reference, pointer)?;
                Ok((target.clone(), at))
            }
            None => Ok((node.clone(), pointer.to_string())),
        }
    }

    fn lower_webhook_item(
        &mut self,
        item: &PathItem,
        pointer: &str,
        label: &str,
        target: &str,
        scope: &mut WebhookNames,
        webhooks: &mut Vec<Webhook>,
    ) -> Result<(), Diagnostic> {
        let several = item.operations().count() > 1;
        for (method, operation) in item.operations() {
            let wanted = if several {
                format!("{label} {method}")
            } else {
                label.to_string()
            };
            let (name, _) = scope.aliases.claim(&camel_ident(&wanted));
            // The spec gives a webhook no path of its own (a callback's is a runtime
            // expression): the receiver serves each at its method's name.
            let (method_name, _) = scope.methods.claim(&snake_ident(&name));
            let at = pointer_push(pointer, method);
            // The payload's own type: whether the API may omit it is not the receiver's concern.
            let body = self.lower_body(operation, &at, &format!("{name}Webhook"))?;
            let media = body.as_ref().map(|body| body.media);
            let payload = match body {
                Some(body) => match body.ty {
                    TypeRef::Option(inner) if !body.required => *inner,
                    ty => ty,
                },
                None => TypeRef::Unit,
            };
            // Never empty (`lower_responses` gives an undocumented operation a `Default`), so a
            // receiver always has an answer to give.
            let responses = self.lower_responses(operation, &at, &format!("{name}Webhook"))?;
            webhooks.push(Webhook {
                route: format!("/{method_name}"),
                method: super::operations::parse_method(method),
                name,
                method_name,
                summary: format!("{} {target}", method.to_ascii_uppercase()),
                docs: operation
                    .summary
                    .clone()
                    .or_else(|| operation.description.clone()),
                payload,
                media,
                validated: false,
                responses,
            });
        }
        Ok(())
    }
}

/// Marks the webhooks whose payload the receiver checks: those whose payload is a named type
/// `checks` gave a `Validate` impl (set [`TypeDef::validated`] first).
pub(super) fn mark_validated_payloads(webhooks: &mut [Webhook], types: &[TypeDef]) {
    for webhook in webhooks {
        webhook.validated = match &webhook.payload {
            TypeRef::Named(name) => types
                .binary_search_by(|def| def.name.as_str().cmp(name))
                .ok()
                .and_then(|index| types.get(index))
                .is_some_and(|def| def.validated),
            _ => false,
        };
    }
}

#[cfg(test)]
mod tests {
    /// The spec (YAML text) lowered.
    fn lowered(spec: &str) -> crate::lower::Lowered {
        let raw = crate::load::load(spec.as_bytes()).expect("loads");
        let document = crate::model::from_node(&raw, "").expect("valid model");
        crate::lower::lower(&raw, &document).expect("lowers")
    }

    use crate::ir::{Method, StatusMatch};

    #[test]
    fn receiver_names_are_unique_and_answers_never_empty() {
        // `AB` and `Ab` are two webhooks but one name: the second gets a suffix, in both scopes.
        let spec = r#"
openapi: 3.1.0
info: {title: T, version: "1"}
webhooks:
  AB:
    put:
      responses: {}
  Ab:
    post:
      responses: {"202": {description: queued}}
"#;
        let api = lowered(spec).api;
        let names: Vec<(&str, &str, &str)> = api
            .webhooks
            .iter()
            .map(|w| (w.name.as_str(), w.method_name.as_str(), w.route.as_str()))
            .collect();
        assert_eq!(names, [("Ab", "ab", "/ab"), ("Ab2", "ab2", "/ab2")]);
        assert_eq!(api.webhooks[0].method, Method::Put);
        assert_eq!(api.webhooks[0].media, None);
        // No documented answer: the receiver still has one to give, with any status.
        assert_eq!(api.webhooks[0].responses.len(), 1);
        assert_eq!(api.webhooks[0].responses[0].status, StatusMatch::Default);
        assert_eq!(api.webhooks[1].responses[0].status, StatusMatch::Code(202));
    }
}
