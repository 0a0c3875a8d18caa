//! Operations: names, paths, and assembling parameters, body and responses.

use std::borrow::Cow;

use super::Lowerer;
use super::names::{NameScope, camel_ident, snake_ident};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{Capture, Method, Operation, PathPart, Route};
use crate::model::{self, Document, PathItem};

/// Method names the generated client has besides its operations.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "http_client",
    "request",
    "with",
    "router",
    "router_with_options",
];

/// Names an operation's module in `operations` cannot take: the module's own import of
/// `types` (every operation module reaches it as `super::types`), and `operations` itself
/// (`operations::operations` trips clippy's `module_inception`).
const OPERATIONS_MODULE_ITEMS: &[&str] = &["types", "operations"];

/// An operation as found in the document, before lowering. It borrows its path item (each
/// resolved once): copying the item per operation cost Stripe's 468 operations 35 ms.
struct Found<'d> {
    path: &'d str,
    method: Method,
    item: &'d PathItem,
    operation: &'d model::Operation,
    pointer: String,
}

/// An operation's name, and the warning that it had to be changed (said where the operation's
/// own warnings are).
struct Named {
    name: String,
    renamed: Option<Diagnostic>,
}

impl Lowerer<'_> {
    /// Lowers every operation; the result is ordered by path, then method. From the lowerer's
    /// `halves_from` operations on, they are lowered in two halves at once (`halves.rs`).
    pub(super) fn lower_operations(
        &mut self,
        document: &Document,
    ) -> Result<Vec<Operation>, Diagnostic> {
        let mut items = Vec::with_capacity(document.paths.len());
        for (path, item) in &document.paths {
            let item_pointer = pointer_push("/paths", path);
            let item = self.resolve_path_item(item, &item_pointer)?;
            items.push((path, item_pointer, item));
        }
        let mut operations_found = Vec::new();
        for (path, item_pointer, item) in &items {
            for (method_name, operation) in item.operations() {
                operations_found.push(Found {
                    path,
                    method: parse_method(method_name),
                    operation,
                    pointer: pointer_push(item_pointer, method_name),
                    item,
                });
            }
        }
        // The client's per-request views of configured headers (`with_organisation_id`) are
        // its methods too.
        let views: Vec<String> = (self.config.headers.values())
            .map(|method| format!("with_{method}"))
            .collect();
        let mut reserved: Vec<&str> = [CLIENT_METHODS, OPERATIONS_MODULE_ITEMS].concat();
        reserved.extend(views.iter().map(String::as_str));
        let mut scope = NameScope::with_reserved(&reserved);
        // Operation names depend on nothing lowered: all are given first.
        let named: Vec<Named> = operations_found
            .iter()
            .map(|entry| {
                let wanted = operation_name(entry.operation, entry.method, entry.path);
                let wanted = self
                    .config
                    .operations
                    .rename
                    .get(&wanted)
                    // Names in the IR are plain; a configured raw identifier is the same name.
                    .map(|name| name.strip_prefix("r#").unwrap_or(name).to_string())
                    .unwrap_or(wanted);
                let (name, renamed) = scope.claim(&wanted);
                let renamed = renamed.then(|| {
                    Diagnostic::warning(
                        &entry.pointer,
                        format!("operation name `{wanted}` is taken; this operation is `{name}`"),
                    )
                });
                Named { name, renamed }
            })
            .collect();
        let found = &operations_found;
        let lower_part = |lowerer: &mut Lowerer<'_>, part: std::ops::Range<usize>| {
            lowerer.lower_found(&found[part.clone()], &named[part])
        };
        let mut operations = match self.lower_in_halves(found.len(), &lower_part)? {
            Some(operations) => operations,
            None => self.lower_found(found, &named)?,
        };
        // Stream methods are named after every operation has its name, by the same rule.
        for operation in &mut operations {
            if let Some(mut pagination) = self.detect_pagination(operation) {
                pagination.stream_method = scope.claim(&pagination.stream_method).0;
                operation.pagination = Some(pagination);
            }
            operation.stream = self.stream_method(operation, &mut scope);
        }
        self.warn_unknown_streams(&operations);
        operations.sort_by(|a, b| (&a.path_template, a.method).cmp(&(&b.path_template, b.method)));
        self.assign_routes(&mut operations);
        Ok(operations)
    }

    /// Gives each operation its route, checked with the matcher axum uses, so the generated
    /// router can be built without panicking; an operation that cannot be routed is still
    /// generated everywhere else.
    fn assign_routes(&mut self, operations: &mut [Operation]) {
        let mut matcher = matchit::Router::new();
        let mut inserted = std::collections::BTreeSet::new();
        let mut taken = std::collections::BTreeSet::new();
        for operation in operations.iter_mut() {
            let pointer = pointer_push(
                &pointer_push("/paths", &operation.path_template),
                &operation.method.as_str().to_ascii_lowercase(),
            );
            let route = match route_of(&operation.path) {
                Ok(route) => route,
                Err(reason) => {
                    self.warn(
                        &pointer,
                        format!("{reason}; the generated router does not serve this operation"),
                    );
                    continue;
                }
            };
            if !inserted.contains(&route.path) {
                if let Err(error) = matcher.insert(route.path.clone(), ()) {
                    self.warn(
                        &pointer,
                        format!(
                            "the router cannot match `{}` ({error}); not served",
                            route.path
                        ),
                    );
                    continue;
                }
                inserted.insert(route.path.clone());
            }
            if !taken.insert((route.path.clone(), operation.method)) {
                self.warn(
                    &pointer,
                    format!(
                        "another operation has the same method and route `{}`; not served",
                        route.path
                    ),
                );
                continue;
            }
            operation.route = Some(route);
        }
    }

    /// The path item itself, or the one its `$ref` leads to.
    fn resolve_path_item<'d>(
        &mut self,
        item: &'d PathItem,
        pointer: &str,
    ) -> Result<Cow<'d, PathItem>, Diagnostic> {
        match &item.reference {
            Some(reference) => Ok(Cow::Owned(
                self.resolver
                    .follow::<PathItem>(reference, pointer, |i| i.reference.as_ref())?
                    .0,
            )),
            None => Ok(Cow::Borrowed(item)),
        }
    }

    /// Lowers `found`, each under its name, in order.
    fn lower_found(
        &mut self,
        found: &[Found<'_>],
        named: &[Named],
    ) -> Result<Vec<Operation>, Diagnostic> {
        let mut operations = Vec::with_capacity(found.len());
        for (entry, named) in found.iter().zip(named) {
            self.warnings.extend(named.renamed.clone());
            operations.push(self.lower_operation(entry, named.name.clone())?);
        }
        Ok(operations)
    }

    fn lower_operation(
        &mut self,
        entry: &Found<'_>,
        name: String,
    ) -> Result<Operation, Diagnostic> {
        let type_hint = camel_ident(&name);
        let (params, path) = self.lower_params(
            entry.path,
            &entry.item.parameters,
            entry.operation,
            &entry.pointer,
            &type_hint,
        )?;
        let body = self.lower_body(entry.operation, &entry.pointer, &type_hint)?;
        let mut responses = self.lower_responses(entry.operation, &entry.pointer, &type_hint)?;
        self.configured_stream(&name, &mut responses, &type_hint)?;
        Ok(Operation {
            name,
            method: entry.method,
            path_template: entry.path.to_string(),
            route: None,
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
            pagination: None,
            stream: None,
            validated: false,
            shares_errors_of: None,
            group: None,
        })
    }
}

pub(super) fn parse_method(name: &str) -> Method {
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

/// The router path of a template: each segment holding a parameter becomes `{pN}`; literal text
/// beside the parameter in the same segment (`{id}:accept`) is checked by the handler, since
/// axum cannot match it. Two parameters in one segment cannot be split reliably.
fn route_of(path: &[PathPart]) -> Result<Route, String> {
    // Segments of the template, each a list of literal pieces and parameters.
    let mut segments: Vec<Vec<&PathPart>> = vec![Vec::new()];
    let pieces: Vec<PathPart> = path
        .iter()
        .flat_map(|part| match part {
            PathPart::Literal(text) => text
                .split('/')
                .map(|piece| PathPart::Literal(piece.to_string()))
                .collect(),
            param => vec![param.clone()],
        })
        .collect();
    // A literal split at '/' yields n+1 pieces for n slashes: every piece after the first
    // starts a new segment.
    let mut first_piece = true;
    let mut previous_literal = false;
    for piece in &pieces {
        if let PathPart::Literal(_) = piece {
            if previous_literal && !first_piece {
                segments.push(Vec::new());
            }
            previous_literal = true;
        } else {
            previous_literal = false;
        }
        first_piece = false;
        if let Some(segment) = segments.last_mut() {
            segment.push(piece);
        }
    }
    let mut route = String::new();
    let mut captures = Vec::new();
    for (index, segment) in segments.iter().enumerate() {
        if index > 0 {
            route.push('/');
        }
        route.push_str(&route_segment(segment, &mut captures)?);
    }
    if !route.starts_with('/') {
        route.insert(0, '/');
    }
    Ok(Route {
        path: route,
        captures,
    })
}

/// One segment of a route: its literal text, or a capture.
fn route_segment(segment: &[&PathPart], captures: &mut Vec<Capture>) -> Result<String, String> {
    let literal = |parts: &[&PathPart]| -> String {
        parts
            .iter()
            .filter_map(|part| match part {
                PathPart::Literal(text) => Some(text.as_str()),
                PathPart::Param(_) => None,
            })
            .collect()
    };
    let positions: Vec<usize> = segment
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p, PathPart::Param(_)))
        .map(|(i, _)| i)
        .collect();
    match positions.as_slice() {
        [] => Ok(literal(segment)),
        [position] => {
            let PathPart::Param(param) = segment[*position] else {
                return Err("internal: not a parameter".into());
            };
            let key = format!("p{}", captures.len());
            let text = format!("{{{key}}}");
            captures.push(Capture {
                key,
                param: *param,
                prefix: literal(&segment[..*position]),
                suffix: literal(&segment[position + 1..]),
            });
            Ok(text)
        }
        _ => Err("a path segment holds two parameters".to_string()),
    }
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
    fn routes_capture_whole_segments() {
        let path = [
            PathPart::Literal("/delegations/".into()),
            PathPart::Param(0),
            PathPart::Literal(":accept/items/".into()),
            PathPart::Param(1),
        ];
        let route = route_of(&path).unwrap();
        assert_eq!(route.path, "/delegations/{p0}/items/{p1}");
        assert_eq!(
            (
                route.captures[0].prefix.as_str(),
                route.captures[0].suffix.as_str()
            ),
            ("", ":accept")
        );
        assert_eq!(route.captures[1].param, 1);
        let two = [
            PathPart::Literal("/a/".into()),
            PathPart::Param(0),
            PathPart::Literal("-".into()),
            PathPart::Param(1),
        ];
        assert!(route_of(&two).is_err());
        assert_eq!(
            route_of(&[PathPart::Literal("/auth/codes".into())])
                .unwrap()
                .path,
            "/auth/codes"
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
