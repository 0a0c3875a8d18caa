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

use super::names::RESERVED_TYPE_NAMES;
use crate::ir::{Reach, Struct, TypeDef, TypeKind, TypeRef};

/// The smallest group made generic.
const MIN_GROUP: usize = 3;

/// The type parameter's name.
const PARAM: &str = "T";

/// Rewrites groups of same-shaped structs in `types` (sorted by name, and left so); reads
/// [`TypeDef::reach`], and gives each generic struct its members' reach.
pub fn share_generic_structs(types: &mut Vec<TypeDef>) {
    // The parameter must not shadow a type of the API.
    if types.iter().any(|def| def.name == PARAM) {
        return;
    }
    let chosen = choose_groups(types, shapes(types));
    let mut generics = Vec::new();
    for (name, members) in without_alias_chains(chosen, types) {
        let Some(first) = members.first() else {
            continue;
        };
        let Some(mut generic) = generic_def(&types[first.index], first.position, &name) else {
            continue;
        };
        generic.reach = members.iter().fold(Reach::default(), |reach, member| {
            reach.or(types[member.index].reach)
        });
        for member in &members {
            types[member.index].kind = TypeKind::Instance {
                generic: name.clone(),
                arg: member.arg.clone(),
            };
        }
        generics.push(generic);
    }
    if !generics.is_empty() {
        types.extend(generics);
        types.sort_by(|a, b| a.name.cmp(&b.name));
    }
}

/// Shape (a struct with one field's type left open) → the structs of that shape and what each
/// holds there. A BTreeMap: groups are found in a fixed order. Shapes too rare to make a group
/// are left out.
fn shapes(types: &[TypeDef]) -> BTreeMap<String, Vec<Member>> {
    let candidates = candidates(types);
    // A shape is written out whole (its struct's `Debug` text, once per open field: quadratic
    // in a struct's fields, a quarter of lowering Stripe when done for every field). Members
    // of one shape share an outline first, so only outlines of a group's size are written out;
    // the others could never make a group.
    let outlines: Vec<Outline<'_>> = (candidates.iter())
        .map(|candidate| candidate.outline(types))
        .collect();
    let mut counts: BTreeMap<&Outline<'_>, usize> = BTreeMap::new();
    for outline in &outlines {
        *counts.entry(outline).or_default() += 1;
    }
    let mut shapes: BTreeMap<String, Vec<Member>> = BTreeMap::new();
    for (candidate, outline) in candidates.into_iter().zip(&outlines) {
        if counts.get(outline).is_none_or(|count| *count < MIN_GROUP) {
            continue;
        }
        let def = &types[candidate.index];
        let TypeKind::Struct(structure) = &def.kind else {
            continue;
        };
        let open = with_param(structure, candidate.position);
        let key = format!(
            "{}|{:?}|{}|{open:?}",
            candidate.position, def.docs, def.deprecated
        );
        shapes.entry(key).or_default().push(candidate);
    }
    shapes
}

/// What members of one shape have in common, cheaply: the open field's position, the docs, the
/// deprecation and the fields' names (all part of the shape).
type Outline<'t> = (usize, Option<&'t str>, bool, Vec<&'t str>);

impl Member {
    fn outline<'t>(&self, types: &'t [TypeDef]) -> Outline<'t> {
        let def = &types[self.index];
        let names = match &def.kind {
            TypeKind::Struct(structure) => (structure.fields.iter())
                .map(|field| field.rust_name.as_str())
                .collect(),
            _ => Vec::new(),
        };
        (self.position, def.docs.as_deref(), def.deprecated, names)
    }
}

/// Every field of a struct that could be a generic struct's parameter, in type then field
/// order.
fn candidates(types: &[TypeDef]) -> Vec<Member> {
    let aliases: BTreeSet<&str> = types
        .iter()
        .filter(|def| matches!(def.kind, TypeKind::Alias(_)))
        .map(|def| def.name.as_str())
        .collect();
    let mut candidates = Vec::new();
    for (index, def) in types.iter().enumerate() {
        let TypeKind::Struct(structure) = &def.kind else {
            continue;
        };
        // All-optional structs derive `Default`, which a generic one could only with a bound
        // on its parameter: they keep their own type.
        let all_optional = structure
            .fields
            .iter()
            .all(|field| field.ty.may_be_left_out());
        if def.reach.request
            || def.reach.webhook
            || structure.additional.is_some()
            || def.constraints != Default::default()
            || all_optional
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
            candidates.push(Member {
                index,
                position,
                arg: TypeRef::Named(arg.to_string()),
            });
        }
    }
    candidates
}

/// The groups made generic, each with its name: the largest first, a struct in one group at
/// most, and only groups whose shared name is free.
fn choose_groups(
    types: &[TypeDef],
    shapes: BTreeMap<String, Vec<Member>>,
) -> Vec<(String, Vec<Member>)> {
    // Each member of a group holds a different type: two structs alike to the last field are
    // two types the API means to keep apart, not one generic applied twice.
    let mut groups: Vec<Vec<Member>> = shapes
        .into_values()
        .filter(|members| {
            let args: BTreeSet<&TypeRef> = members.iter().map(|member| &member.arg).collect();
            members.len() >= MIN_GROUP && args.len() == members.len()
        })
        .collect();
    groups.sort_by_key(|members| std::cmp::Reverse(members.len()));
    let mut taken: BTreeSet<usize> = BTreeSet::new();
    let mut names: BTreeSet<String> = types.iter().map(|def| def.name.clone()).collect();
    names.extend(RESERVED_TYPE_NAMES.iter().map(|name| name.to_string()));
    let mut chosen: Vec<(String, Vec<Member>)> = Vec::new();
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
        taken.extend(members.iter().map(|member| member.index));
        names.insert(name.clone());
        chosen.push((name, members));
    }
    chosen
}

/// The chosen groups less every member whose type argument is itself a member: aliases of
/// aliases could close a loop (`type A = Node<B>; type B = Node<A>;`, which Rust refuses), and
/// a chain gains nothing. A group left smaller than [`MIN_GROUP`] is dropped; repeated until
/// nothing changes.
fn without_alias_chains(
    mut chosen: Vec<(String, Vec<Member>)>,
    types: &[TypeDef],
) -> Vec<(String, Vec<Member>)> {
    loop {
        let members: BTreeSet<&str> = chosen
            .iter()
            .flat_map(|(_, group)| group.iter().map(|member| types[member.index].name.as_str()))
            .collect();
        let before: usize = chosen.iter().map(|(_, group)| group.len()).sum();
        let kept: Vec<(String, Vec<Member>)> = chosen
            .into_iter()
            .map(|(name, group)| {
                let group: Vec<Member> = group
                    .into_iter()
                    .filter(|member| {
                        !matches!(&member.arg, TypeRef::Named(arg) if members.contains(arg.as_str()))
                    })
                    .collect();
                (name, group)
            })
            .filter(|(_, group)| group.len() >= MIN_GROUP)
            .collect();
        let after: usize = kept.iter().map(|(_, group)| group.len()).sum();
        if after == before {
            return kept;
        }
        chosen = kept;
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
        reach: Reach::default(),
        groups: Vec::new(),
        validated: false,
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
        | TypeRef::Nullable(inner)
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
        | TypeRef::Nullable(inner)
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
    use crate::ir::TypeKind;
    use serde_json::{Value, json};

    /// The generic structs and instances an API with these component schemas gets, every
    /// schema the body of one response of its own (so no request reaches them).
    fn generic_kinds(schemas: Value) -> Vec<String> {
        let names: Vec<String> = schemas
            .as_object()
            .map(|object| object.keys().cloned().collect())
            .unwrap_or_default();
        let paths: serde_json::Map<String, Value> = names
            .iter()
            .map(|name| {
                let operation = json!({"get": {"operationId": format!("get{name}"), "responses": {"200": {
                    "description": "x",
                    "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}
                }}}});
                (format!("/{name}"), operation)
            })
            .collect();
        let raw = json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1"},
            "paths": paths,
            "components": {"schemas": schemas}
        });
        let document: crate::model::Document =
            crate::model::from_node(&raw, "").expect("valid model");
        let lowered = crate::lower::lower(&raw, &document).expect("lowers");
        lowered
            .api
            .types
            .iter()
            .filter_map(|def| match &def.kind {
                TypeKind::GenericStruct { .. } => Some(format!("{}<T>", def.name)),
                TypeKind::Instance { generic, .. } => Some(format!("{} = {generic}", def.name)),
                _ => None,
            })
            .collect()
    }

    fn page_of(item: &str) -> Value {
        json!({"type": "object", "required": ["items"], "properties": {
            "items": {"type": "array", "items": {"$ref": format!("#/components/schemas/{item}")}},
            "next": {"type": "string"}
        }})
    }

    fn thing() -> Value {
        json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}})
    }

    #[test]
    fn three_pages_alike_share_one_generic() {
        let kinds = generic_kinds(json!({
            "A": thing(), "B": thing(), "C": thing(),
            "APage": page_of("A"), "BPage": page_of("B"), "CPage": page_of("C")
        }));
        assert_eq!(
            kinds,
            ["APage = Page", "BPage = Page", "CPage = Page", "Page<T>"]
        );
    }

    #[test]
    fn structs_holding_each_other_in_a_loop_stay_structs() {
        // `type ANode = Node<BNode>; type BNode = Node<CNode>; …` would be a cycle of aliases.
        let node = |next: &str| {
            json!({"type": "object", "required": ["next"], "properties": {
                "next": {"type": "array", "items": {"$ref": format!("#/components/schemas/{next}")}}
            }})
        };
        let kinds = generic_kinds(
            json!({"ANode": node("BNode"), "BNode": node("CNode"), "CNode": node("ANode")}),
        );
        assert!(kinds.is_empty(), "{kinds:?}");
    }

    #[test]
    fn no_generic_takes_a_name_from_std_or_holds_one_type_twice_or_loses_default() {
        let result_of = |item: &str| {
            json!({"type": "object", "required": ["value"], "properties": {
                "value": {"$ref": format!("#/components/schemas/{item}")}
            }})
        };
        // Their shared name would be `Result`, which would hide std's in the module.
        let kinds = generic_kinds(json!({
            "A": thing(), "B": thing(), "C": thing(),
            "CreateResult": result_of("A"), "GetResult": result_of("B"), "ListResult": result_of("C")
        }));
        assert!(kinds.is_empty(), "{kinds:?}");
        // Two of three hold the same type: they are types the API keeps apart.
        let kinds = generic_kinds(json!({
            "A": thing(), "B": thing(),
            "APage": page_of("A"), "OtherAPage": page_of("A"), "BPage": page_of("B")
        }));
        assert!(kinds.is_empty(), "{kinds:?}");
        // All-optional structs derive `Default`, which a generic would need `T: Default` for.
        let optional_page = |item: &str| {
            json!({"type": "object", "properties": {
                "items": {"type": "array", "items": {"$ref": format!("#/components/schemas/{item}")}}
            }})
        };
        let kinds = generic_kinds(json!({
            "A": thing(), "B": thing(), "C": thing(),
            "APage": optional_page("A"), "BPage": optional_page("B"), "CPage": optional_page("C")
        }));
        assert!(kinds.is_empty(), "{kinds:?}");
    }

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
