//! Named types: which old type is which new one (by name, else by the schema it came from),
//! and what changed in each.

use std::collections::BTreeMap;

use super::change::ChangeKind;
use super::context::{Differ, Found};
use super::members::{self, Owner};
use super::rules::{Roles, Rule};
use crate::ir::{TypeDef, TypeKind};

/// The old and new types paired: first by the schema they came from (a type is its schema, so
/// the same pointer under another name is a rename keeping the wire shape), then the rest by
/// name (types `lower` made up have no schema; an inline schema moves with its operation).
/// Fills `differ.pairs`.
pub(crate) fn pair_types(differ: &mut Differ<'_>) {
    let old_api = &differ.old.api;
    let new_api = &differ.new.api;
    let new_by_pointer: BTreeMap<&str, &str> = new_api
        .type_pointers
        .iter()
        .filter(|(name, _)| new_api.type_def(name).is_some())
        .map(|(name, pointer)| (pointer.as_str(), name.as_str()))
        .collect();
    let mut pairs: BTreeMap<String, String> = BTreeMap::new();
    for old in &old_api.types {
        let by_pointer = old_api
            .type_pointers
            .get(&old.name)
            .and_then(|pointer| new_by_pointer.get(pointer.as_str()));
        if let Some(new_name) = by_pointer {
            pairs.insert(old.name.clone(), new_name.to_string());
        }
    }
    let taken: std::collections::BTreeSet<String> = pairs.values().cloned().collect();
    for old in &old_api.types {
        if !pairs.contains_key(&old.name)
            && !taken.contains(&old.name)
            && new_api.type_def(&old.name).is_some()
        {
            pairs.insert(old.name.clone(), old.name.clone());
        }
    }
    differ.pairs = pairs;
}

/// Records every change to the named types: by new name, a removed type under its old name.
pub(crate) fn compare_types(differ: &mut Differ<'_>) {
    let old_api = &differ.old.api;
    let new_api = &differ.new.api;
    let paired_with: BTreeMap<&str, &str> = differ
        .pairs
        .iter()
        .map(|(old, new)| (new.as_str(), old.as_str()))
        .collect();
    // (name shown, old, new), ordered by the name shown.
    let mut entries: Vec<(&str, Option<&TypeDef>, Option<&TypeDef>)> = Vec::new();
    for new in &new_api.types {
        let old = paired_with
            .get(new.name.as_str())
            .and_then(|old_name| old_api.type_def(old_name));
        entries.push((&new.name, old, Some(new)));
    }
    for old in &old_api.types {
        if !differ.pairs.contains_key(&old.name) {
            entries.push((&old.name, Some(old), None));
        }
    }
    entries.sort_by(|a, b| a.0.cmp(b.0));
    for (_, old, new) in entries {
        match (old, new) {
            (Some(old), Some(new)) => compare_type(differ, old, new),
            (None, Some(new)) => {
                let pointer = differ.new.type_def(&new.name);
                let found = Found::new(subject(&new.name), ChangeKind::Added, kind_name(&new.kind));
                differ.record(found.at(None, pointer), Rule::TypeAdded, Roles::BOTH);
            }
            (Some(old), None) => {
                let pointer = differ.old.type_def(&old.name);
                let found = Found::new(
                    subject(&old.name),
                    ChangeKind::Removed,
                    kind_name(&old.kind),
                );
                differ.record(found.at(pointer, None), Rule::Removed, Roles::BOTH);
            }
            (None, None) => {}
        }
    }
}

/// `types::Pet`.
fn subject(name: &str) -> String {
    format!("types::{name}")
}

/// What kind of Rust item a type is, for the report.
fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::StringEnum(_) => "enum",
        TypeKind::IntegerEnum(_) => "integer enum",
        TypeKind::Union(_) => "union enum",
        TypeKind::Newtype(_) => "newtype",
        TypeKind::Alias(_) => "alias",
        TypeKind::GenericStruct { .. } => "generic struct",
        TypeKind::Instance { .. } => "alias of a generic struct",
    }
}

fn compare_type(differ: &mut Differ<'_>, old: &TypeDef, new: &TypeDef) {
    let pointers = (
        differ.old.type_def(&old.name),
        differ.new.type_def(&new.name),
    );
    let roles = Roles::of(old.reach, new.reach);
    let here = || Found::new(subject(&new.name), ChangeKind::Changed, "");
    if old.name != new.name {
        let kind = ChangeKind::Renamed {
            from: subject(&old.name),
        };
        let found = Found::new(subject(&new.name), kind, "same schema");
        differ.record(
            found.at(pointers.0.clone(), pointers.1.clone()),
            Rule::Renamed,
            Roles::BOTH,
        );
    }
    if new.deprecated && !old.deprecated {
        let found = Found::new(subject(&new.name), ChangeKind::Changed, "deprecated");
        differ.record(
            found.at(pointers.0.clone(), pointers.1.clone()),
            Rule::Deprecated,
            roles,
        );
    }
    let found = here().at(pointers.0.clone(), pointers.1.clone());
    differ.compare_assertions(found, &old.constraints, &new.constraints, roles);
    compare_kind(differ, old, new, pointers, roles);
}

/// What the type is: members of the same kind compared, another kind reported as such.
fn compare_kind(
    differ: &mut Differ<'_>,
    old: &TypeDef,
    new: &TypeDef,
    pointers: (Option<String>, Option<String>),
    roles: Roles,
) {
    let here = || Found::new(subject(&new.name), ChangeKind::Changed, "");
    let owner = Owner {
        subject: subject(&new.name),
        old_type: &old.name,
        new_type: &new.name,
    };
    match (&old.kind, &new.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b))
        | (
            TypeKind::GenericStruct { structure: a, .. },
            TypeKind::GenericStruct { structure: b, .. },
        ) => members::compare_struct(differ, &owner, a, b, roles),
        (TypeKind::StringEnum(a), TypeKind::StringEnum(b)) => {
            members::compare_string_enum(differ, &owner, a, b, roles)
        }
        (TypeKind::IntegerEnum(a), TypeKind::IntegerEnum(b)) => {
            members::compare_integer_enum(differ, &owner, a, b, roles)
        }
        (TypeKind::Union(a), TypeKind::Union(b)) => {
            super::unions::compare_union(differ, &owner, a, b, roles)
        }
        (TypeKind::Newtype(a), TypeKind::Newtype(b)) | (TypeKind::Alias(a), TypeKind::Alias(b)) => {
            let found = here().at(pointers.0, pointers.1);
            differ.compare_types(found, a, b, roles);
        }
        (
            TypeKind::Instance {
                generic: g1,
                arg: a1,
            },
            TypeKind::Instance {
                generic: g2,
                arg: a2,
            },
        ) => {
            let old_generic = crate::ir::TypeRef::Named(g1.clone());
            let new_generic = crate::ir::TypeRef::Named(g2.clone());
            let found = here().at(pointers.0.clone(), pointers.1.clone());
            if differ.compare_types(found, &old_generic, &new_generic, roles) {
                let found = here().at(pointers.0, pointers.1);
                differ.compare_types(found, a1, a2, roles);
            }
        }
        (a, b) => {
            let detail = format!("{} → {}", kind_name(a), kind_name(b));
            let found = Found::new(subject(&new.name), ChangeKind::Changed, detail);
            differ.record(found.at(pointers.0, pointers.1), Rule::Retyped, roles);
        }
    }
}
