//! Inline schemas written out the same way in many places (Stripe repeats its `address`,
//! `metadata` and `""`-means-unset shapes hundreds of times) become one type: each copy is an
//! alias of the first (`pub type PostCustomersBodyAddress = PostAccountsBodyAddress;`). Every
//! name stays, so no caller's code changes, but the compiler derives, checks and lays out each
//! shape once: on Stripe this removes close to half the types.
//!
//! Two types are identical when everything the generated code shows of them is: kind, fields
//! with their docs, names, wire names and assertions, variants, and the types they hold, where
//! an alias made here counts as the type it stands for. That is refined to a fixed point, so
//! once two leaves are one, their parents can be too. Only inline schemas are merged: a
//! component the author named keeps its own type, though an inline copy of it becomes its alias.
//! Types an operation or webhook names directly keep their own (emitters read their fields: a
//! form body's parts, a page's cursor).

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Constraints, Operation, TypeDef, TypeKind, TypeRef, Webhook};

/// Makes each inline type identical to an earlier one (by schema pointer) an alias of it;
/// returns how many became aliases. `pointers` says where each type is written.
pub fn merge_identical(
    types: &mut [TypeDef],
    operations: &[Operation],
    webhooks: &[Webhook],
    pointers: &BTreeMap<String, String>,
) -> usize {
    let roots = root_names(operations, webhooks);
    // Types that must stay come first, so a copy of one becomes its alias; then inline schemas
    // in pointer order, the first copy being the one kept.
    let mut order: Vec<(bool, &str, &str, usize)> = types
        .iter()
        .enumerate()
        .filter(|(_, def)| comparable(&def.kind))
        .map(|(index, def)| {
            let pointer = pointers.get(&def.name).map_or("", String::as_str);
            (
                mergeable(def, pointers, &roots),
                pointer,
                def.name.as_str(),
                index,
            )
        })
        .collect();
    order.sort();
    let order: Vec<(bool, usize)> = order
        .into_iter()
        .map(|(mergeable, _, _, index)| (mergeable, index))
        .collect();
    let mut merged_into: BTreeMap<String, String> = BTreeMap::new();
    loop {
        let mut first_with: BTreeMap<String, &str> = BTreeMap::new();
        let mut found: Vec<(String, String)> = Vec::new();
        for &(mergeable, index) in &order {
            let Some(def) = types.get(index) else {
                continue;
            };
            if merged_into.contains_key(&def.name) {
                continue;
            }
            let key = shape_key(def, &merged_into);
            match first_with.get(key.as_str()) {
                Some(first) if mergeable => {
                    found.push((def.name.clone(), (*first).to_string()));
                }
                Some(_) => {}
                None => {
                    first_with.insert(key, &def.name);
                }
            }
        }
        if found.is_empty() {
            break;
        }
        merged_into.extend(found);
    }
    for def in types.iter_mut() {
        if let Some(kept) = merged_into.get(&def.name) {
            def.kind = TypeKind::Alias(TypeRef::Named(resolve(kept, &merged_into).to_string()));
            def.constraints = Constraints::default();
        }
    }
    merged_into.len()
}

/// The kinds compared: aliases and generic structs are not shapes of their own.
fn comparable(kind: &TypeKind) -> bool {
    matches!(
        kind,
        TypeKind::Struct(_)
            | TypeKind::StringEnum(_)
            | TypeKind::IntegerEnum(_)
            | TypeKind::Union(_)
            | TypeKind::Newtype(_)
    )
}

/// Whether a type may become an alias: an inline schema no operation or webhook names.
fn mergeable(def: &TypeDef, pointers: &BTreeMap<String, String>, roots: &BTreeSet<&str>) -> bool {
    let inline = pointers
        .get(&def.name)
        .is_some_and(|pointer| !is_component(pointer));
    inline && !roots.contains(def.name.as_str())
}

/// `/components/schemas/<name>` itself (in this file or another), not a schema inside it.
fn is_component(pointer: &str) -> bool {
    let local = pointer.rsplit_once('#').map_or(pointer, |(_, local)| local);
    local
        .strip_prefix("/components/schemas/")
        .is_some_and(|rest| !rest.contains('/'))
        || !local.starts_with('/')
}

/// Everything the generated code shows of a type but its own name and docs (the alias keeps
/// those), with merged types read as the one they stand for.
fn shape_key(def: &TypeDef, merged_into: &BTreeMap<String, String>) -> String {
    let mut kind = def.kind.clone();
    if !merged_into.is_empty() {
        for ty in kind.type_refs_mut() {
            rename_merged(ty, merged_into);
        }
    }
    format!("{kind:?}{:?}{}", def.constraints, def.deprecated)
}

fn rename_merged(ty: &mut TypeRef, merged_into: &BTreeMap<String, String>) {
    ty.visit_named_mut(&mut |name| {
        if merged_into.contains_key(name.as_str()) {
            *name = resolve(name, merged_into).to_string();
        }
    });
}

/// The type a merged name finally stands for (merges only ever point at unmerged types, but
/// a chain is followed to be safe).
fn resolve<'a>(name: &'a str, merged_into: &'a BTreeMap<String, String>) -> &'a str {
    let mut current = name;
    for _ in 0..merged_into.len() {
        match merged_into.get(current) {
            Some(next) => current = next,
            None => break,
        }
    }
    current
}

/// Types an operation or webhook names anywhere in its parameters, bodies and responses.
fn root_names<'a>(operations: &'a [Operation], webhooks: &'a [Webhook]) -> BTreeSet<&'a str> {
    let mut names = BTreeSet::new();
    let mut add = |ty: &'a TypeRef| {
        ty.visit_named(&mut |name, _| {
            names.insert(name);
        })
    };
    operations
        .iter()
        .flat_map(Operation::type_refs)
        .for_each(&mut add);
    webhooks.iter().for_each(|webhook| add(&webhook.payload));
    names
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::config::Config;
    use crate::ir::{Api, TypeKind, TypeRef};
    use crate::lower::{lower_with, refs::Resolver};

    fn api(raw: &Value, config: &str) -> Api {
        let document = crate::model::from_node(raw, "").expect("valid model");
        let config = Config::parse(config).expect("config");
        lower_with(Resolver::new(raw), &document, &config)
            .expect("lowers")
            .api
    }

    fn address() -> Value {
        json!({"type": "object", "properties": {"line": {"type": "string"}, "city": {"type": "string"}}})
    }

    /// Three bodies whose `address` (and, inside, `geo`) are written out the same way, one
    /// whose `address` says something else, and a component of the same shape.
    fn spec() -> Value {
        let body = |address: Value| {
            json!({"requestBody": {"content": {"application/json": {"schema": {"type": "object",
                "properties": {"address": address}}}}}, "responses": {"204": {"description": "ok"}}})
        };
        let mut with_geo = address();
        with_geo["properties"]["geo"] =
            json!({"type": "object", "properties": {"lat": {"type": "number"}}});
        let mut documented = address();
        documented["properties"]["city"]["description"] = json!("The town.");
        json!({
            "openapi": "3.1.0", "info": {"title": "T", "version": "1"},
            "paths": {
                "/a": {"post": body(with_geo.clone())},
                "/b": {"post": body(with_geo)},
                "/c": {"post": body(address())},
                "/d": {"post": body(documented)}
            },
            "components": {"schemas": {"Address": address(), "Copy": address()}}
        })
    }

    fn alias_of<'a>(api: &'a Api, name: &str) -> Option<&'a str> {
        match &api.type_def(name).expect("defined").kind {
            TypeKind::Alias(TypeRef::Named(target)) => Some(target),
            _ => None,
        }
    }

    #[test]
    fn identical_inline_schemas_are_aliases_of_the_first() {
        let api = api(&spec(), "");
        // Identical leaves first, then the parents holding them.
        assert_eq!(
            alias_of(&api, "PostBBodyAddressGeo"),
            Some("PostABodyAddressGeo")
        );
        assert_eq!(alias_of(&api, "PostBBodyAddress"), Some("PostABodyAddress"));
        assert_eq!(alias_of(&api, "PostABodyAddress"), None);
        // An inline copy of a component names the component; two components keep their own.
        assert_eq!(alias_of(&api, "PostCBodyAddress"), Some("Address"));
        assert_eq!(alias_of(&api, "Copy"), None);
        // Docs are part of what a type shows: a field documented otherwise is another type.
        assert_eq!(alias_of(&api, "PostDBodyAddress"), None);
        // What an operation names itself stays a type (emitters read a body's fields).
        assert_eq!(alias_of(&api, "PostABody"), None);
        assert_eq!(alias_of(&api, "PostBBody"), None);
    }

    #[test]
    fn merging_can_be_turned_off() {
        let api = api(&spec(), "[types]\nmerge_identical = false\n");
        assert!(
            api.types
                .iter()
                .all(|def| !matches!(def.kind, TypeKind::Alias(_)))
        );
    }
}
