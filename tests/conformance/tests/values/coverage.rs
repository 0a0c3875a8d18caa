//! Proof that a type table covers every generated type: each component schema with a
//! generated type is listed under its Rust name, and every other generated type (inline
//! objects and enums the generator names, such as `BillPageMeta` or `CardPaymentBrand`) is
//! reached from a listed one through fields, variants or aliases — so the listed type's round
//! trip exercises it — or is excluded by name with a reason.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use oasgen::ir::{TypeDef, TypeRef};

use super::check::TypeEntry;
use super::spec::{Spec, workspace_root};

/// The generated types of `spec` (lowered by oasgen with `config`, as `cargo xtask codegen`
/// does), by name.
pub fn generated_types(
    spec: &Spec,
    config: Option<&str>,
) -> Result<BTreeMap<String, TypeDef>, String> {
    let config = match config {
        Some(relative) => oasgen::config::Config::load(&workspace_root().join(relative))
            .map_err(|e| format!("{relative}: {e}"))?,
        None => oasgen::config::Config::default(),
    };
    let lowered = oasgen::lower_file_with(&spec.path, &config).map_err(|e| e.to_string())?;
    Ok(lowered
        .api
        .types
        .into_iter()
        .map(|def| (def.name.clone(), def))
        .collect())
}

/// What is wrong with `entries` as the list of `spec`'s types; empty when it covers all.
/// `excluded` names generated types that have no JSON round trip, each with its reason.
pub fn problems(
    spec: &Spec,
    types: &BTreeMap<String, TypeDef>,
    entries: &[TypeEntry],
    excluded: &[(&str, &str)],
) -> Vec<String> {
    let mut problems = Vec::new();
    // A component may be listed twice: its type, and the request form oasgen makes of it
    // when `readOnly`/`writeOnly` give it two (`Account` and `AccountInput`).
    let mut listed: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for entry in entries {
        listed
            .entry(entry.schema)
            .or_default()
            .push(entry.rust_name);
    }
    for name in spec.component_names() {
        let rust_name = name.to_upper_camel_case();
        match listed.get(name.as_str()) {
            Some(listed_as) if !listed_as.contains(&rust_name.as_str()) => problems.push(format!(
                "component `{name}` is listed as {listed_as:?}, but its type is `{rust_name}`"
            )),
            Some(_) => {}
            None if types.contains_key(&rust_name) => problems.push(format!(
                "component `{name}` has a generated type `{rust_name}` that is not in the list"
            )),
            None => {}
        }
    }
    for entry in entries {
        if !types.contains_key(entry.rust_name) {
            problems.push(format!(
                "`{}` is listed but is not a generated type",
                entry.rust_name
            ));
        }
    }
    let mut reached = BTreeSet::new();
    let mut pending: Vec<&str> = entries.iter().map(|e| e.rust_name).collect();
    while let Some(name) = pending.pop() {
        if !reached.insert(name.to_string()) {
            continue;
        }
        if let Some(def) = types.get(name) {
            let mut refs = Vec::new();
            for ty in def.kind.type_refs() {
                named(ty, &mut refs);
            }
            pending.extend(refs);
        }
    }
    for name in types.keys() {
        let is_excluded = excluded.iter().any(|(excluded, _)| excluded == name);
        if !reached.contains(name) && !is_excluded {
            problems.push(format!(
                "generated type `{name}` is neither listed, nor reached from a listed type, nor excluded"
            ));
        }
        if reached.contains(name) && is_excluded {
            problems.push(format!(
                "`{name}` is excluded but is covered: drop the exclusion"
            ));
        }
    }
    problems
}

/// The named types a type reference mentions.
fn named<'a>(ty: &'a TypeRef, out: &mut Vec<&'a str>) {
    match ty {
        TypeRef::Named(name) => out.push(name),
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::Box(inner) => named(inner, out),
        TypeRef::Tuple(items) => items.iter().for_each(|item| named(item, out)),
        TypeRef::Primitive(_) | TypeRef::External(_) | TypeRef::Json | TypeRef::Unit => {}
    }
}
