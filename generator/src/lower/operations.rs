//! Operations: names, paths, and assembling parameters, body and responses.

use super::Lowerer;
use super::names::{NameScope, camel_ident, snake_ident, unraw};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{Method, Operation, PathPart};
use crate::model::{self, Document, PathItem};

/// Method names the generated client has besides its operations.
const CLIENT_METHODS: &[&str] = &["new", "builder", "base_url", "http_client", "router"];

/// An operation as found in the document, before lowering.
struct Found<'d> {
    path: &'d str,
    method: Method,
    item: PathItem,
    operation: model::Operation,
    pointer: String,
}

impl Lowerer<'_> {
    /// Lowers every operation; the result is ordered by path, then method.
    pub(super) fn lower_operations(
        &mut self,
        document: &Document,
    ) -> Result<Vec<Operation>, Diagnostic> {
        let mut operations_found = Vec::new();
        for (path, item) in &document.paths {
            let item_pointer = pointer_push("/paths", path);
            let item = self.resolve_path_item(item, &item_pointer)?;
            for (method_name, operation) in item.operations() {
                operations_found.push(Found {
                    path,
                    method: parse_method(method_name),
                    operation: operation.clone(),
                    pointer: pointer_push(&item_pointer, method_name),
                    item: item.clone(),
                });
            }
        }
        let mut scope = NameScope::with_reserved(CLIENT_METHODS);
        let mut operations = Vec::with_capacity(operations_found.len());
        for entry in &operations_found {
            let wanted = operation_name(&entry.operation, entry.method, entry.path);
            let (name, renamed) = scope.claim(&wanted);
            if renamed {
                self.warn(
                    &entry.pointer,
                    format!("operation name `{wanted}` is taken; this operation is `{name}`"),
                );
            }
            operations.push(self.lower_operation(entry, name)?);
        }
        operations.sort_by(|a, b| (&a.path_template, a.method).cmp(&(&b.path_template, b.method)));
        Ok(operations)
    }

    fn resolve_path_item(
        &mut self,
        item: &PathItem,
        pointer: &str,
    ) -> Result<PathItem, Diagnostic> {
        match &item.reference {
            Some(reference) => Ok(self
                .resolver
                .follow::<PathItem>(reference, pointer, |i| i.reference.as_ref())?
                .0),
            None => Ok(item.clone()),
        }
    }

    fn lower_operation(
        &mut self,
        entry: &Found<'_>,
        name: String,
    ) -> Result<Operation, Diagnostic> {
        let type_hint = unraw(&camel_ident(&name)).to_string();
        let (params, path) = self.lower_params(
            entry.path,
            &entry.item.parameters,
            &entry.operation,
            &entry.pointer,
            &type_hint,
        )?;
        let body = self.lower_body(&entry.operation, &entry.pointer, &type_hint)?;
        let responses = self.lower_responses(&entry.operation, &entry.pointer, &type_hint)?;
        Ok(Operation {
            name,
            method: entry.method,
            path_template: entry.path.to_string(),
            route: route_path(&path),
            path,
            summary: entry
                .operation
                .summary
                .clone()
                .or_else(|| entry.item.summary.clone()),
            description: entry
                .operation
                .description
                .clone()
                .or_else(|| entry.item.description.clone()),
            deprecated: entry.operation.deprecated,
            tags: entry.operation.tags.clone(),
            params,
            body,
            responses,
        })
    }
}

fn parse_method(name: &str) -> Method {
    match name {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        _ => Method::Trace,
    }
}

/// `operationId`, else the summary ("Create auth code" → `create_auth_code`), else method and
/// path (`get_users_by_id`).
fn operation_name(operation: &model::Operation, method: Method, path: &str) -> String {
    if let Some(id) = operation
        .operation_id
        .as_deref()
        .filter(|id| !id.trim().is_empty())
    {
        return snake_ident(id);
    }
    if let Some(summary) = operation
        .summary
        .as_deref()
        .filter(|s| !s.trim().is_empty() && s.len() <= 80)
    {
        return snake_ident(summary);
    }
    let mut words = method.as_str().to_ascii_lowercase();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        words.push(' ');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                words.push_str("by ");
                words.push_str(param);
            }
            None => words.push_str(segment),
        }
    }
    snake_ident(&words)
}

/// The template with each parameter named by its position: `/users/{p0}/keys`.
fn route_path(path: &[PathPart]) -> String {
    let mut route = String::new();
    let mut index = 0;
    for part in path {
        match part {
            PathPart::Literal(text) => route.push_str(text),
            PathPart::Param(_) => {
                route.push_str(&format!("{{p{index}}}"));
                index += 1;
            }
        }
    }
    if !route.starts_with('/') {
        route.insert(0, '/');
    }
    route
}

/// Splits a path template into literal text and parameter names.
pub(super) fn split_template(template: &str) -> Vec<TemplatePart<'_>> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|i| i + open) else {
            break;
        };
        if open > 0 {
            parts.push(TemplatePart::Literal(&rest[..open]));
        }
        parts.push(TemplatePart::Param(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Literal(rest));
    }
    parts
}

/// A piece of a path template.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum TemplatePart<'t> {
    Literal(&'t str),
    Param(&'t str),
}

/// Builds the IR path from template parts, given each parameter's index.
pub(super) fn path_parts(
    parts: &[TemplatePart<'_>],
    index_of: impl Fn(&str) -> usize,
) -> Vec<PathPart> {
    parts
        .iter()
        .map(|part| match part {
            TemplatePart::Literal(text) => PathPart::Literal(text.to_string()),
            TemplatePart::Param(name) => PathPart::Param(index_of(name)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fall_back_to_summary_then_path() {
        let mut operation = model::Operation {
            summary: Some("Create auth code".into()),
            ..Default::default()
        };
        assert_eq!(
            operation_name(&operation, Method::Post, "/auth/codes"),
            "create_auth_code"
        );
        operation.operation_id = Some("createAuthCode".into());
        assert_eq!(
            operation_name(&operation, Method::Post, "/auth/codes"),
            "create_auth_code"
        );
        let bare = model::Operation::default();
        assert_eq!(
            operation_name(&bare, Method::Get, "/users/{id}/keys"),
            "get_users_by_id_keys"
        );
    }

    #[test]
    fn templates_split_into_parts() {
        assert_eq!(
            split_template("/delegations/{id}:accept"),
            [
                TemplatePart::Literal("/delegations/"),
                TemplatePart::Param("id"),
                TemplatePart::Literal(":accept")
            ]
        );
    }
}
