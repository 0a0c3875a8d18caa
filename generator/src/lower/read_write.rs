//! `readOnly` and `writeOnly`: what a client sends never holds a read-only property, and what
//! it receives never holds a write-only one.
//!
//! A type whose two forms differ (it has such a property, or holds a type that does) is
//! written once per direction it travels in:
//! - reached by requests only: its request form, under its own name (read-only fields left out);
//! - reached by responses or webhooks only: its read form, under its own name (write-only
//!   fields left out);
//! - reached by both: the read form keeps the name, and the request form is `<Name>Input`
//!   (through the one collision rule), holding the request forms of the types it holds.
//!
//! So a required read-only `id` never has to be invented by a client, and a write-only secret
//! is not a field of what the API returns. Types whose forms do not differ stay one type.

use std::collections::{BTreeMap, BTreeSet};

use super::names::{NameScope, RESERVED_TYPE_NAMES};
use crate::diagnostics::Diagnostic;
use crate::ir::{Operation, TypeDef, TypeKind, TypeRef};

/// Splits the types whose request and read forms differ; `types` must carry their reach, and
/// is left ordered by name (reach is stale afterwards: mark it again). Returns a warning for
/// each request form whose `<Name>Input` name was taken.
pub fn split_by_direction(
    types: &mut Vec<TypeDef>,
    operations: &mut [Operation],
    pointers: &BTreeMap<String, String>,
) -> Vec<Diagnostic> {
    let differing: BTreeSet<String> = differing_types(types)
        .into_iter()
        .map(str::to_string)
        .collect();
    if differing.is_empty() {
        return Vec::new();
    }
    let mut scope = NameScope::with_reserved(RESERVED_TYPE_NAMES);
    for def in types.iter() {
        scope.claim(&def.name);
    }
    // The request form of each differing type that both directions reach, by original name.
    let mut input_names: BTreeMap<String, String> = BTreeMap::new();
    let mut warnings = Vec::new();
    for def in types.iter() {
        let both = def.reach.request && (def.reach.response || def.reach.webhook);
        if !both || !differing.contains(&def.name) {
            continue;
        }
        let wanted = format!("{}Input", def.name);
        let (name, renamed) = scope.claim(&wanted);
        if renamed {
            let pointer = pointers.get(&def.name).cloned().unwrap_or_default();
            warnings.push(Diagnostic::warning(
                pointer,
                format!(
                    "type names collide as `{wanted}`; the request form of `{}` (without its \
                     read-only properties) is `{name}`",
                    def.name
                ),
            ));
        }
        input_names.insert(def.name.clone(), name);
    }

    let mut inputs = Vec::new();
    for def in types.iter_mut() {
        // A type that does not differ holds none that does: it stays as it is.
        if !differing.contains(&def.name) {
            continue;
        }
        if let Some(input_name) = input_names.get(&def.name) {
            let mut input = def.clone();
            input.name = input_name.clone();
            input.reach = crate::ir::Reach {
                request: true,
                ..Default::default()
            };
            input.docs = Some(request_form_docs(def.docs.as_deref(), &def.name));
            leave_out(&mut input.kind, |field| field.read_only);
            rename_refs(&mut input.kind, &input_names);
            inputs.push(input);
            leave_out(&mut def.kind, |field| field.write_only);
        } else if def.reach.request && !def.reach.response && !def.reach.webhook {
            leave_out(&mut def.kind, |field| field.read_only);
            rename_refs(&mut def.kind, &input_names);
        } else if def.reach.response || def.reach.webhook {
            leave_out(&mut def.kind, |field| field.write_only);
        }
    }
    types.extend(inputs);
    types.sort_by(|a, b| a.name.cmp(&b.name));

    for operation in operations.iter_mut() {
        for param in &mut operation.params {
            rename_ref(&mut param.ty, &input_names);
        }
        if let Some(body) = &mut operation.body {
            rename_ref(&mut body.ty, &input_names);
        }
    }
    warnings
}

/// The types whose request and read forms differ: those with a read-only or write-only
/// property, and those holding one of them (through any number of types).
fn differing_types(types: &[TypeDef]) -> BTreeSet<&str> {
    let mut differing: BTreeSet<&str> = types
        .iter()
        .filter(|def| {
            struct_of(&def.kind).is_some_and(|fields| {
                fields
                    .iter()
                    .any(|field| field.read_only || field.write_only)
            })
        })
        .map(|def| def.name.as_str())
        .collect();
    // Holders of differing types differ: repeat until nothing new is found (cycles end it).
    loop {
        let before = differing.len();
        for def in types {
            if differing.contains(def.name.as_str()) {
                continue;
            }
            let holds = def.kind.type_refs().into_iter().any(|ty| {
                let mut found = false;
                ty.visit_named(&mut |name, _| found |= differing.contains(name));
                found
            });
            if holds {
                differing.insert(def.name.as_str());
            }
        }
        if differing.len() == before {
            return differing;
        }
    }
}

fn struct_of(kind: &TypeKind) -> Option<&[crate::ir::Field]> {
    match kind {
        TypeKind::Struct(structure) | TypeKind::GenericStruct { structure, .. } => {
            Some(&structure.fields)
        }
        _ => None,
    }
}

/// Drops the fields `left_out` picks from a struct (other kinds have no fields).
fn leave_out(kind: &mut TypeKind, left_out: impl Fn(&crate::ir::Field) -> bool) {
    if let TypeKind::Struct(structure) | TypeKind::GenericStruct { structure, .. } = kind {
        structure.fields.retain(|field| !left_out(field));
    }
}

/// Points every reference of a definition at the request forms.
fn rename_refs(kind: &mut TypeKind, input_names: &BTreeMap<String, String>) {
    for ty in kind.type_refs_mut() {
        rename_ref(ty, input_names);
    }
}

fn rename_ref(ty: &mut TypeRef, input_names: &BTreeMap<String, String>) {
    ty.visit_named_mut(&mut |name| {
        if let Some(input) = input_names.get(name.as_str()) {
            *name = input.clone();
        }
    });
}

fn request_form_docs(docs: Option<&str>, name: &str) -> String {
    let note = format!(
        "The request form of `{name}`: its read-only properties are the API's to set, so it \
         has none of them."
    );
    match docs {
        Some(docs) => format!("{docs}\n\n{note}"),
        None => note,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::ir::{TypeKind, TypeRef};

    fn lowered(raw: serde_json::Value) -> crate::lower::Lowered {
        let document = crate::model::from_node(&raw, "").expect("valid model");
        crate::lower::lower(&raw, &document).expect("lowers")
    }

    fn field_names(api: &crate::ir::Api, name: &str) -> Vec<String> {
        match api.type_def(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(structure)) => structure
                .fields
                .iter()
                .map(|field| field.wire_name.clone())
                .collect(),
            other => panic!("{name} is not a struct: {other:?}"),
        }
    }

    fn account_api(operations: serde_json::Value) -> serde_json::Value {
        json!({
            "openapi": "3.1.0", "info": {"title": "T", "version": "1"},
            "paths": operations,
            "components": {"schemas": {
                "Account": {"type": "object", "required": ["id", "name", "owner"], "properties": {
                    "id": {"type": "string", "readOnly": true},
                    "name": {"type": "string"},
                    "password": {"type": "string", "writeOnly": true},
                    "owner": {"$ref": "#/components/schemas/Owner"}
                }},
                "Owner": {"type": "object", "properties": {
                    "id": {"type": "string", "readOnly": true},
                    "email": {"type": "string"}
                }},
                "Plain": {"type": "object", "properties": {"note": {"type": "string"}}}
            }}
        })
    }

    fn body(name: &str) -> serde_json::Value {
        json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}})
    }

    fn answer(name: &str) -> serde_json::Value {
        json!({"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}}})
    }

    #[test]
    fn a_type_both_directions_reach_gets_a_request_form_holding_request_forms() {
        let lowered = lowered(account_api(json!({"/accounts": {"put": {
            "operationId": "put_account",
            "requestBody": body("Account"),
            "responses": answer("Account")
        }}})));
        let api = &lowered.api;
        assert_eq!(field_names(api, "Account"), ["id", "name", "owner"]);
        assert_eq!(
            field_names(api, "AccountInput"),
            ["name", "password", "owner"]
        );
        assert_eq!(field_names(api, "Owner"), ["id", "email"]);
        assert_eq!(field_names(api, "OwnerInput"), ["email"]);
        let TypeKind::Struct(input) = &api.type_def("AccountInput").expect("split").kind else {
            panic!("a struct")
        };
        assert_eq!(input.fields[2].ty, TypeRef::Named("OwnerInput".into()));
        let operation = &api.operations[0];
        assert_eq!(
            operation.body.as_ref().map(|body| &body.ty),
            Some(&TypeRef::Named("AccountInput".into()))
        );
        assert_eq!(
            operation.responses[0].content.as_ref().map(|c| &c.ty),
            Some(&TypeRef::Named("Account".into()))
        );
        assert!(api.type_def("PlainInput").is_none());
        assert!(api.type_def("AccountInput").expect("split").reach.request);
        assert!(!api.type_def("Account").expect("kept").reach.request);
        assert!(lowered.warnings.is_empty());
    }

    #[test]
    fn one_direction_keeps_one_type_with_that_directions_fields() {
        let sent = lowered(account_api(json!({"/accounts": {"post": {
            "operationId": "create_account",
            "requestBody": body("Account"),
            "responses": {"204": {"description": "made"}}
        }}})));
        assert_eq!(
            field_names(&sent.api, "Account"),
            ["name", "password", "owner"]
        );
        assert_eq!(field_names(&sent.api, "Owner"), ["email"]);
        assert!(sent.api.type_def("AccountInput").is_none());

        let read = lowered(account_api(json!({"/accounts": {"get": {
            "operationId": "get_account",
            "responses": answer("Account")
        }}})));
        assert_eq!(field_names(&read.api, "Account"), ["id", "name", "owner"]);
        assert_eq!(field_names(&read.api, "Owner"), ["id", "email"]);
    }

    #[test]
    fn a_taken_input_name_goes_through_the_collision_rule() {
        let mut raw = account_api(json!({"/accounts": {"put": {
            "operationId": "put_account",
            "requestBody": body("Account"),
            "responses": answer("Account")
        }}}));
        raw["components"]["schemas"]["AccountInput"] =
            json!({"type": "object", "properties": {"x": {"type": "string"}}});
        let lowered = lowered(raw);
        assert_eq!(
            field_names(&lowered.api, "AccountInput2"),
            ["name", "password", "owner"]
        );
        assert_eq!(field_names(&lowered.api, "AccountInput"), ["x"]);
        assert!(
            lowered.warnings.iter().any(|warning| warning
                .message
                .contains("the request form of `Account`")
                && warning.location.pointer == "/components/schemas/Account"),
            "{:?}",
            lowered.warnings
        );
    }
}
