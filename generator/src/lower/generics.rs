//! Structs that differ only in the type one field holds — Oxide's thirty-three
//! `…ResultsPage { items: Vec<…>, next_page }`, say — become one generic struct and an alias
//! each (`pub type DiskResultsPage = ResultsPage<Disk>;`). Every name stays and means the same
//! type, a caller can write code over `ResultsPage<T>` once, and the struct with its derives is
//! written and type-checked once instead of once per resource (a tenth of nexus's check time).
//!
//! Only for structs no request or webhook reaches: those are the server's to check, and the
//! checks are written per concrete type. Three or more structs of one shape make a group (two
//! alike may be a coincidence of design, not a pattern), named by the end their names share.

use std::collections::{BTreeMap, BTreeSet};

use super::openness::{closure, named_in};
use crate::ir::{Operation, Struct, TypeDef, TypeKind, TypeRef, Webhook};

/// The smallest group made generic.
const MIN_GROUP: usize = 3;

/// The type parameter's name.
const PARAM: &str = "T";

/// Rewrites groups of same-shaped structs in `types` (sorted by name, and left so).
pub fn share_generic_structs(
    types: &mut Vec<TypeDef>,
    operations: &[Operation],
    webhooks: &[Webhook],
) {
    let graph: BTreeMap<&str, Vec<String>> = types
        .iter()
        .map(|def| (def.name.as_str(), named_in(def.kind.type_refs())))
        .collect();
    let roots: Vec<&TypeRef> = operations
        .iter()
        .flat_map(|op| {
            op.params
                .iter()
                .map(|p| &p.ty)
                .chain(op.body.iter().map(|b| &b.ty))
        })
        .chain(webhooks.iter().map(|webhook| &webhook.payload))
        .collect();
    let checked = closure(named_in(roots), &graph);
    let aliases: BTreeSet<&str> = types
        .iter()
        .filter(|def| matches!(def.kind, TypeKind::Alias(_)))
        .map(|def| def.name.as_str())
        .collect();
    // Shape (the struct with one field's type left open) → the structs of that shape and what
    // each holds there. A BTreeMap: groups are found in a fixed order.
    let mut shapes: BTreeMap<String, Vec<Member>> = BTreeMap::new();
    for (index, def) in types.iter().enumerate() {
        let TypeKind::Struct(structure) = &def.kind else {
            continue;
        };
        if checked.contains(&def.name)
            || structure.additional.is_some()
            || def.constraints != Default::default()
        {
            continue;
        }
        for (position, field) in structure.fields.iter().enumerate() {
            let Some(arg) = innermost_named(&field.ty) else {
                continue;
            };
            // An alias may carry serde attributes of its own (lenient numbers, `null`), which a
            // type parameter cannot; a struct holding itself would be an alias of itself.
            if aliases.contains(arg) || arg == def.name {
                continue;
            }
            let open = with_param(structure, position);
            let key = format!("{position}|{:?}|{}|{open:?}", def.docs, def.deprecated);
            shapes.entry(key).or_default().push(Member {
                index,
                position,
                arg: TypeRef::Named(arg.to_string()),
            });
        }
    }
    let mut groups: Vec<Vec<Member>> = shapes
        .into_values()
        .filter(|members| members.len() >= MIN_GROUP)
        .collect();
    // The largest groups first; a struct joins one group at most.
    groups.sort_by_key(|members| std::cmp::Reverse(members.len()));
    let mut taken: BTreeSet<usize> = BTreeSet::new();
    let mut names: BTreeSet<String> = types.iter().map(|def| def.name.clone()).collect();
    let mut generics = Vec::new();
    for members in groups {
        if members.iter().any(|member| taken.contains(&member.index)) {
            continue;
        }
        let member_names: Vec<&str> = members
            .iter()
            .map(|member| types[member.index].name.as_str())
            .collect();
        let Some(name) = shared_name(&member_names).filter(|name| !names.contains(name)) else {
            continue;
        };
        let first = &members[0];
        let Some(generic) = generic_def(&types[first.index], first.position, &name) else {
            continue;
        };
        for member in &members {
            types[member.index].kind = TypeKind::Instance {
                generic: name.clone(),
                arg: member.arg.clone(),
            };
            taken.insert(member.index);
        }
        names.insert(name);
        generics.push(generic);
    }
    if !generics.is_empty() {
        types.extend(generics);
        types.sort_by(|a, b| a.name.cmp(&b.name));
    }
}

/// A struct of a group: where it is in the type list, which field's type is the parameter,
/// and what that type is in this struct.
struct Member {
    index: usize,
    position: usize,
    arg: TypeRef,
}

/// The generic struct of `member`'s shape (its field `position` open), named `name`.
fn generic_def(member: &TypeDef, position: usize, name: &str) -> Option<TypeDef> {
    let TypeKind::Struct(structure) = &member.kind else {
        return None;
    };
    Some(TypeDef {
        name: name.to_string(),
        docs: member.docs.clone(),
        deprecated: member.deprecated,
        kind: TypeKind::GenericStruct {
            param: PARAM.to_string(),
            structure: with_param(structure, position),
        },
        constraints: Default::default(),
    })
}

/// `structure` with the named type innermost in field `position` replaced by the parameter.
fn with_param(structure: &Struct, position: usize) -> Struct {
    let mut open = structure.clone();
    if let Some(field) = open.fields.get_mut(position) {
        replace_innermost(&mut field.ty);
    }
    open
}

/// The named type a field holds, through `Option`, `Vec`, maps and boxes.
fn innermost_named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Option(inner)
        | TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Box(inner) => innermost_named(inner),
        _ => None,
    }
}

fn replace_innermost(ty: &mut TypeRef) {
    match ty {
        TypeRef::Named(_) => *ty = TypeRef::External(PARAM.to_string()),
        TypeRef::Option(inner)
        | TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Box(inner) => replace_innermost(inner),
        _ => {}
    }
}

/// The generic struct's name: the words all `names` begin with, then the words they all end
/// with (`ListApiKeysResponse`, `ListDomainsResponse` → `ListResponse`; `DiskResultsPage`,
/// `ImageResultsPage` → `ResultsPage`).
fn shared_name(names: &[&str]) -> Option<String> {
    let ending = shared_ending(names)?;
    Some(format!("{}{ending}", shared_beginning(names)))
}

/// The longest beginning all `names` share that ends a word (the next letter is a capital in
/// every name).
fn shared_beginning(names: &[&str]) -> String {
    let Some(first) = names.first() else {
        return String::new();
    };
    let mut length = first.len();
    for name in &names[1..] {
        let common = first
            .bytes()
            .zip(name.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        length = length.min(common);
    }
    // Back to where a word starts in every name (ASCII names: byte positions are characters).
    while length > 0
        && !names.iter().all(|name| {
            name.as_bytes()
                .get(length)
                .is_some_and(u8::is_ascii_uppercase)
        })
    {
        length -= 1;
    }
    first[..length].to_string()
}

/// The longest ending all `names` share that starts a word (`DiskResultsPage`,
/// `ImageResultsPage` → `ResultsPage`), when it is not all of one of them.
fn shared_ending(names: &[&str]) -> Option<String> {
    let first = names.first()?;
    let mut length = first.len();
    for name in &names[1..] {
        let common = first
            .bytes()
            .rev()
            .zip(name.bytes().rev())
            .take_while(|(a, b)| a == b)
            .count();
        length = length.min(common);
    }
    let ending = &first[first.len() - length..];
    // Start at a word: the first capital letter of the shared ending.
    let start = ending.find(|c: char| c.is_ascii_uppercase())?;
    let ending = &ending[start..];
    let whole_name = names.iter().any(|name| name.len() == ending.len());
    (!ending.is_empty() && !whole_name).then(|| ending.to_string())
}

#[cfg(test)]
mod tests {
    use super::{shared_ending, shared_name};

    #[test]
    fn the_shared_ending_starts_a_word() {
        assert_eq!(
            shared_ending(&["DiskResultsPage", "ImageResultsPage", "VpcResultsPage"]).as_deref(),
            Some("ResultsPage")
        );
        // "ePage" is shared, but "Page" is where a word starts.
        assert_eq!(
            shared_ending(&["OnePage", "ThePage"]).as_deref(),
            Some("Page")
        );
        assert_eq!(shared_ending(&["Disks", "Images"]), None);
        // A name cannot be the whole of a member's name.
        assert_eq!(shared_ending(&["Page", "DiskPage"]), None);
    }

    #[test]
    fn a_shared_beginning_joins_the_name() {
        assert_eq!(
            shared_name(&[
                "ListApiKeysResponse",
                "ListDomainsResponse",
                "ListOAuthGrantsResponse"
            ])
            .as_deref(),
            Some("ListResponse")
        );
        // "Li" is shared too, but no word ends there.
        assert_eq!(
            shared_name(&["LinkPage", "ListPage", "LineItemPage"]).as_deref(),
            Some("Page")
        );
    }
}
