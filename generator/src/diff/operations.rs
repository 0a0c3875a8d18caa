//! Operations: paired by method and path (the same request on the wire), else by name (the
//! same client method, moved); then their parameters and bodies. Responses are in
//! `responses.rs`.

use super::change::ChangeKind;
use super::context::{Differ, Found};
use super::rules::{Roles, Rule};
use crate::ir::{Operation, Param, ParamLocation};

/// Records every change to the operations: in the new spec's order, removed ones after.
pub(crate) fn compare_operations(differ: &mut Differ<'_>) {
    let old_operations = &differ.old.api.operations;
    let new_operations = &differ.new.api.operations;
    let same_route =
        |a: &Operation, b: &Operation| a.method == b.method && a.path_template == b.path_template;
    let partner = |new: &Operation| {
        old_operations
            .iter()
            .find(|old| same_route(old, new))
            .or_else(|| {
                // Moved: the same name, and its new route was not already there.
                old_operations.iter().find(|old| {
                    old.name == new.name
                        && !new_operations.iter().any(|other| same_route(old, other))
                })
            })
    };
    let mut paired: Vec<&Operation> = Vec::new();
    for new in new_operations {
        match partner(new) {
            Some(old) => {
                paired.push(old);
                compare_operation(differ, old, new);
            }
            None => {
                let pointer = differ.new.operation(new);
                let found = Found::new(client_method(&new.name), ChangeKind::Added, route(new));
                differ.record(
                    found.at(None, Some(pointer)),
                    Rule::OperationAdded,
                    Roles::BOTH,
                );
            }
        }
    }
    for old in old_operations {
        if !paired.iter().any(|kept| std::ptr::eq(*kept, old)) {
            let pointer = differ.old.operation(old);
            let found = Found::new(client_method(&old.name), ChangeKind::Removed, route(old));
            differ.record(found.at(Some(pointer), None), Rule::Removed, Roles::BOTH);
        }
    }
}

/// `Client::create_invoice`.
fn client_method(name: &str) -> String {
    format!("Client::{name}")
}

/// `POST /invoices`.
fn route(operation: &Operation) -> String {
    format!(
        "`{} {}`",
        operation.method.as_str(),
        operation.path_template
    )
}

fn compare_operation(differ: &mut Differ<'_>, old: &Operation, new: &Operation) {
    let pointers = (
        Some(differ.old.operation(old)),
        Some(differ.new.operation(new)),
    );
    let subject = client_method(&new.name);
    let here = |kind: ChangeKind, detail: String| {
        Found::new(subject.clone(), kind, detail).at(pointers.0.clone(), pointers.1.clone())
    };
    if old.name != new.name {
        let from = client_method(&old.name);
        let detail = format!("{} kept", route(new));
        differ.record(
            here(ChangeKind::Renamed { from }, detail),
            Rule::Renamed,
            Roles::BOTH,
        );
    }
    if route(old) != route(new) {
        let detail = format!("{} → {}", route(old), route(new));
        differ.record(
            here(ChangeKind::Changed, detail),
            Rule::OperationMoved,
            Roles::BOTH,
        );
    }
    if new.deprecated && !old.deprecated {
        differ.record(
            here(ChangeKind::Changed, "deprecated".into()),
            Rule::Deprecated,
            Roles::BOTH,
        );
    }
    if old.group != new.group {
        let feature = |group: &Option<String>| match group {
            Some(feature) => format!("feature `{feature}`"),
            None => "no feature".to_string(),
        };
        let detail = format!("{} → {}", feature(&old.group), feature(&new.group));
        let rule = if old.group.is_none() {
            Rule::GroupAssigned
        } else {
            Rule::GroupChanged
        };
        differ.record(here(ChangeKind::Changed, detail), rule, Roles::BOTH);
    }
    compare_params(differ, old, new);
    compare_body(differ, old, new);
    super::responses::compare_responses(differ, old, new);
    compare_pagination(differ, old, new);
}

/// The client's stream method of a cursor-paginated list (its items' type is the response's).
fn compare_pagination(differ: &mut Differ<'_>, old: &Operation, new: &Operation) {
    let pointers = (
        Some(differ.old.operation(old)),
        Some(differ.new.operation(new)),
    );
    let stream = |operation: &Operation| {
        let pagination = operation.pagination.as_ref()?;
        Some(client_method(&pagination.stream_method))
    };
    let found = match (stream(old), stream(new)) {
        (None, Some(added)) => {
            let found = Found::new(added, ChangeKind::Added, "a stream of every page's items");
            (found.at(None, pointers.1), Rule::TypeAdded)
        }
        (Some(removed), None) => {
            let found = Found::new(removed, ChangeKind::Removed, "no longer a paginated list");
            (found.at(pointers.0, None), Rule::Removed)
        }
        (Some(from), Some(to)) if from != to => {
            let kind = ChangeKind::Renamed { from };
            let found = Found::new(to, kind, "the same paginated list");
            (found.at(pointers.0, pointers.1), Rule::Renamed)
        }
        _ => return,
    };
    differ.record(found.0, found.1, Roles::CLIENT);
}

/// How a user names a parameter: a path parameter is an argument of the client method, the
/// others fields of the operation's `Params`.
fn param_subject(operation: &Operation, param: &Param) -> String {
    match param.location {
        ParamLocation::Path => format!("Client::{}({})", operation.name, param.rust_name),
        _ => format!(
            "operations::{}::Params::{}",
            operation.name, param.rust_name
        ),
    }
}

/// Parameters by location and wire name.
fn compare_params(differ: &mut Differ<'_>, old: &Operation, new: &Operation) {
    let same = |a: &Param, b: &Param| a.location == b.location && a.wire_name == b.wire_name;
    for param in &new.params {
        let new_pointer = Some(differ.new.param(new, param));
        let subject = param_subject(new, param);
        let Some(old_param) = old.params.iter().find(|old| same(old, param)) else {
            let found = Found::new(subject, ChangeKind::Added, param_detail(param));
            let rule = Rule::MemberAdded {
                required: param.required,
            };
            differ.record(found.at(None, new_pointer), rule, Roles::REQUEST);
            continue;
        };
        let old_pointer = Some(differ.old.param(old, old_param));
        let here = |kind: ChangeKind, detail: String| {
            Found::new(subject.clone(), kind, detail).at(old_pointer.clone(), new_pointer.clone())
        };
        if old_param.rust_name != param.rust_name {
            let from = param_subject(old, old_param);
            let detail = format!("wire name `{}` kept", param.wire_name);
            differ.record(
                here(ChangeKind::Renamed { from }, detail),
                Rule::Renamed,
                Roles::REQUEST,
            );
        }
        differ.compare_types(
            here(ChangeKind::Changed, String::new()),
            &old_param.ty,
            &param.ty,
            Roles::REQUEST,
        );
        if (old_param.style, old_param.explode) != (param.style, param.explode) {
            let detail = "serialization style changed".to_string();
            differ.record(
                here(ChangeKind::Changed, detail),
                Rule::EncodingChanged,
                Roles::REQUEST,
            );
        }
        let found = here(ChangeKind::Changed, String::new());
        differ.compare_assertions(
            found,
            &old_param.constraints,
            &param.constraints,
            Roles::REQUEST,
        );
        if param.deprecated && !old_param.deprecated {
            differ.record(
                here(ChangeKind::Changed, "deprecated".into()),
                Rule::Deprecated,
                Roles::REQUEST,
            );
        }
    }
    for param in &old.params {
        if new.params.iter().all(|new_param| !same(param, new_param)) {
            let old_pointer = Some(differ.old.param(old, param));
            let found = Found::new(
                param_subject(old, param),
                ChangeKind::Removed,
                param_detail(param),
            );
            differ.record(found.at(old_pointer, None), Rule::Removed, Roles::REQUEST);
        }
    }
}

/// `required query parameter `limit``.
fn param_detail(param: &Param) -> String {
    let presence = if param.required {
        "required"
    } else {
        "optional"
    };
    let ty = super::context::type_text(&param.ty);
    format!(
        "{presence} {} parameter `{}`: `{ty}`",
        param.location.as_str(),
        param.wire_name
    )
}

/// The request body: presence, type, content type.
fn compare_body(differ: &mut Differ<'_>, old: &Operation, new: &Operation) {
    let subject = format!("Client::{}(body)", new.name);
    let pointers = (Some(differ.old.body(old)), Some(differ.new.body(new)));
    match (&old.body, &new.body) {
        (None, Some(body)) => {
            let detail = format!("`{}`", body.content_type);
            let found = Found::new(subject, ChangeKind::Added, detail).at(None, pointers.1);
            let rule = Rule::MemberAdded {
                required: body.required,
            };
            differ.record(found, rule, Roles::REQUEST);
        }
        (Some(body), None) => {
            let detail = format!("`{}`", body.content_type);
            let found = Found::new(subject, ChangeKind::Removed, detail).at(pointers.0, None);
            differ.record(found, Rule::Removed, Roles::REQUEST);
        }
        (Some(old_body), Some(new_body)) => {
            let here = || {
                Found::new(subject.clone(), ChangeKind::Changed, "")
                    .at(pointers.0.clone(), pointers.1.clone())
            };
            let same = differ.compare_types(here(), &old_body.ty, &new_body.ty, Roles::REQUEST);
            if same && old_body.content_type != new_body.content_type {
                let detail = format!(
                    "content type `{}` → `{}`",
                    old_body.content_type, new_body.content_type
                );
                let found = Found { detail, ..here() };
                differ.record(found, Rule::EncodingChanged, Roles::REQUEST);
            }
        }
        (None, None) => {}
    }
}
