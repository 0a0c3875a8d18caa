//! Webhooks and callbacks: requests the API sends to its callers. They become payload types
//! (and a named alias per webhook), not client or server methods: the caller's own server
//! receives them.

use serde_json::Value;

use super::Lowerer;
use super::names::{NameScope, camel_ident};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{TypeRef, Webhook};
use crate::model::{Document, PathItem, from_node};

impl Lowerer<'_> {
    /// Lowers every webhook and every operation's callbacks, in document order.
    pub(super) fn lower_webhooks(
        &mut self,
        document: &Document,
    ) -> Result<Vec<Webhook>, Diagnostic> {
        let mut scope = NameScope::default();
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
        scope: &mut NameScope,
        webhooks: &mut Vec<Webhook>,
    ) -> Result<(), Diagnostic> {
        let several = item.operations().count() > 1;
        for (method, operation) in item.operations() {
            let wanted = if several {
                format!("{label} {method}")
            } else {
                label.to_string()
            };
            let (name, _) = scope.claim(&camel_ident(&wanted));
            let at = pointer_push(pointer, method);
            // The payload's own type: whether the API may omit it is not the receiver's concern.
            let payload = match self.lower_body(operation, &at, &format!("{name}Webhook"))? {
                Some(body) => match body.ty {
                    TypeRef::Option(inner) if !body.required => *inner,
                    ty => ty,
                },
                None => TypeRef::Unit,
            };
            // Response types are named too: a receiver may want to answer with them.
            self.lower_responses(operation, &at, &format!("{name}Webhook"))?;
            webhooks.push(Webhook {
                name,
                summary: format!("{} {target}", method.to_ascii_uppercase()),
                docs: operation
                    .summary
                    .clone()
                    .or_else(|| operation.description.clone()),
                payload,
            });
        }
        Ok(())
    }
}
