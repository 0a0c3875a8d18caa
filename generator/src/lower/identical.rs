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

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

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
    // A type can only be identical to one with the same names in it (fields, variants): those
    // with names no other type has are never compared (on Stripe most of them, whose shape
    // keys were most of this work).
    let outlined: Vec<Option<u64>> = crate::parallel::map(types, |def| {
        comparable(&def.kind).then(|| outline(&def.kind))
    });
    // Only looked up, never iterated into the output.
    let mut outlines: HashMap<u64, usize> = HashMap::new();
    for &outline in outlined.iter().flatten() {
        *outlines.entry(outline).or_default() += 1;
    }
    let shared = |index: usize| {
        outlined
            .get(index)
            .and_then(Option::as_ref)
            .is_some_and(|outline| outlines.get(outline).is_some_and(|count| *count > 1))
    };
    // Types that must stay come first, so a copy of one becomes its alias; then inline schemas
    // in pointer order, the first copy being the one kept.
    let mut order: Vec<(bool, &str, &str, usize)> = types
        .iter()
        .enumerate()
        .filter(|(index, _)| shared(*index))
        .map(|(index, def)| {
            let pointer = pointers.get(&def.name).map(String::as_str);
            (
                mergeable(&def.name, pointer, &roots),
                pointer.unwrap_or_default(),
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
    let merged_into = merges(types, &order);
    for def in types.iter_mut() {
        if let Some(kept) = merged_into.get(&def.name) {
            def.kind = TypeKind::Alias(TypeRef::Named(resolve(kept, &merged_into).to_string()));
            def.constraints = Constraints::default();
        }
    }
    merged_into.len()
}

/// Which types become aliases of which, by name: merged in rounds, `order` saying which may
/// be merged and which copy comes first.
fn merges<'t>(types: &'t [TypeDef], order: &[(bool, usize)]) -> HashMap<String, String> {
    let mut merged_into: HashMap<String, String> = HashMap::new();
    // A type's key changes only when a type it names is merged: keys are kept between rounds
    // and only those types' are written again (on Stripe the rounds after the first rewrite a
    // few hundred keys, not thousands).
    let users = users_of(types, order);
    // Each distinct key gets a number once, so the rounds compare numbers.
    let mut key_ids: HashMap<ShapeKey<'t>, usize> = HashMap::with_capacity(order.len());
    let mut key_id = |key: ShapeKey<'t>| {
        let next = key_ids.len();
        *key_ids.entry(key).or_insert(next)
    };
    let mut keys: Vec<Option<usize>> = vec![None; types.len()];
    let first_keys = crate::parallel::map(order, |&(_, index)| {
        types.get(index).map(|def| shape_key(def, &HashMap::new()))
    });
    for (&(_, index), key) in order.iter().zip(first_keys) {
        if let Some(slot) = keys.get_mut(index) {
            *slot = key.map(&mut key_id);
        }
    }
    let mut merged = vec![false; types.len()];
    loop {
        // For each key, the first type (in `order`) that has it.
        let mut first_with: HashMap<usize, usize> = HashMap::with_capacity(order.len());
        let mut found: Vec<(usize, usize)> = Vec::new();
        for &(mergeable, index) in order {
            let (Some(false), Some(Some(key))) = (merged.get(index), keys.get(index)) else {
                continue;
            };
            match first_with.get(key) {
                Some(&first) if mergeable => found.push((index, first)),
                Some(_) => {}
                None => {
                    first_with.insert(*key, index);
                }
            }
        }
        if found.is_empty() {
            break;
        }
        let name = |index: usize| types.get(index).map(|def| def.name.clone());
        let mut newly: HashSet<String> = HashSet::new();
        for (index, first) in found {
            if let (Some(slot), Some(merged_name), Some(first_name)) =
                (merged.get_mut(index), name(index), name(first))
            {
                *slot = true;
                newly.insert(merged_name.clone());
                merged_into.insert(merged_name, first_name);
            }
        }
        // Stale: the users of a name merged now, or of one standing for such a name (a chain
        // `a → b` whose `b` is merged now spells `a` anew).
        let stale: BTreeSet<usize> = merged_into
            .keys()
            .filter(|name| chain_meets(name, &merged_into, &newly))
            .filter_map(|name| users.get(name.as_str()))
            .flatten()
            .copied()
            .collect();
        let stale: Vec<usize> = stale.into_iter().collect();
        // The first round rewrites hundreds of keys on Stripe: both cores write them.
        let rewritten = crate::parallel::map(&stale, |&index| {
            types.get(index).map(|def| shape_key(def, &merged_into))
        });
        for (index, key) in stale.into_iter().zip(rewritten) {
            if let (Some(key), Some(slot)) = (key, keys.get_mut(index)) {
                *slot = Some(key_id(key));
            }
        }
    }
    merged_into
}

/// Whether `name` or a type its merge chain passes through is in `names`.
fn chain_meets(name: &str, merged_into: &HashMap<String, String>, names: &HashSet<String>) -> bool {
    let mut current = name;
    for _ in 0..=merged_into.len() {
        if names.contains(current) {
            return true;
        }
        match merged_into.get(current) {
            Some(next) => current = next,
            None => return false,
        }
    }
    false
}

/// For each type name, the compared types that name it (their keys spell it).
fn users_of<'a>(types: &'a [TypeDef], order: &[(bool, usize)]) -> HashMap<&'a str, Vec<usize>> {
    let mut users: HashMap<&str, Vec<usize>> = HashMap::new();
    for &(_, index) in order {
        let Some(def) = types.get(index) else {
            continue;
        };
        for ty in def.kind.type_refs() {
            ty.visit_named(&mut |name, _| {
                let named = users.entry(name).or_default();
                if named.last() != Some(&index) {
                    named.push(index);
                }
            });
        }
    }
    users
}

/// The names (and a field's docs and whether it is required) a type shows, by kind, hashed:
/// part of its shape key, so two types whose outlines differ cannot be identical. Only a
/// filter: two different outlines that hash alike just have their shape keys compared.
fn outline(kind: &TypeKind) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut outline = foldhash::fast::FixedState::default().build_hasher();
    let mut add = |part: &str| {
        outline.write(part.as_bytes());
        outline.write_u8(0);
    };
    match kind {
        TypeKind::Struct(structure) | TypeKind::GenericStruct { structure, .. } => {
            add("struct");
            for field in &structure.fields {
                add(&field.rust_name);
                add(&field.wire_name);
                add(field.docs.as_deref().unwrap_or_default());
                add(if field.required {
                    "required"
                } else {
                    "optional"
                });
            }
            if let Some(additional) = &structure.additional {
                add(&additional.rust_name);
            }
        }
        TypeKind::StringEnum(string_enum) => {
            add("string enum");
            for variant in &string_enum.variants {
                add(&variant.name);
                add(&variant.wire_value);
            }
        }
        TypeKind::IntegerEnum(integer_enum) => {
            add("integer enum");
            for (name, _) in &integer_enum.values {
                add(name);
            }
        }
        TypeKind::Union(union) => {
            add("union");
            for variant in &union.variants {
                add(&variant.name);
            }
        }
        TypeKind::Newtype(_) => add("newtype"),
        TypeKind::Alias(_) | TypeKind::Instance { .. } => add("other"),
    }
    outline.finish()
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
fn mergeable(name: &str, pointer: Option<&str>, roots: &HashSet<&str>) -> bool {
    let inline = pointer.is_some_and(|pointer| !is_component(pointer));
    inline && !roots.contains(name)
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
/// those), with merged types read as the one they stand for: two types are identical when
/// their keys are equal. Compared and hashed as the IR itself (it was the IR's `Debug` text,
/// whose formatting took most of this pass on a giant spec).
#[derive(PartialEq, Eq, Hash)]
struct ShapeKey<'t> {
    kind: Cow<'t, TypeKind>,
    constraints: &'t Constraints,
    deprecated: bool,
}

fn shape_key<'t>(def: &'t TypeDef, merged_into: &HashMap<String, String>) -> ShapeKey<'t> {
    let mut names_merged = false;
    for ty in def.kind.type_refs() {
        ty.visit_named(&mut |name, _| names_merged |= merged_into.contains_key(name));
    }
    let kind = if names_merged {
        let mut kind = def.kind.clone();
        for ty in kind.type_refs_mut() {
            rename_merged(ty, merged_into);
        }
        Cow::Owned(kind)
    } else {
        Cow::Borrowed(&def.kind)
    };
    ShapeKey {
        kind,
        constraints: &def.constraints,
        deprecated: def.deprecated,
    }
}

fn rename_merged(ty: &mut TypeRef, merged_into: &HashMap<String, String>) {
    ty.visit_named_mut(&mut |name| {
        if merged_into.contains_key(name.as_str()) {
            *name = resolve(name, merged_into).to_string();
        }
    });
}

/// The type a merged name finally stands for (merges only ever point at unmerged types, but
/// a chain is followed to be safe).
fn resolve<'a>(name: &'a str, merged_into: &'a HashMap<String, String>) -> &'a str {
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
fn root_names<'a>(operations: &'a [Operation], webhooks: &'a [Webhook]) -> HashSet<&'a str> {
    let mut names = HashSet::new();
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
