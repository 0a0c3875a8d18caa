//! Which string enums and tagged unions tolerate values the spec does not list.
//!
//! A server may add enum values (or union variants) before its spec (or the generated client)
//! catches up; failing a whole response on one new value is the wrong trade. So enums that only
//! ever arrive in responses get an `Unknown(String)` variant, and tagged unions an `Unknown`
//! variant for a tag they do not know. Types that a request can carry stay closed, so the
//! generated server still rejects values the spec does not allow.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Operation, Tagging, TypeDef, TypeKind, TypeRef};

/// Sets [`crate::ir::StringEnum::fallback`] on enums reachable from responses but not from requests.
pub fn open_response_enums(types: &mut [TypeDef], operations: &[Operation]) {
    let graph = type_graph(types);
    let request_roots = request_roots(operations);
    let response_roots: Vec<&TypeRef> = operations
        .iter()
        .flat_map(|op| {
            op.responses
                .iter()
                .filter_map(|r| r.content.as_ref().map(|c| &c.ty))
        })
        .collect();
    let in_requests = closure(named_in(request_roots), &graph);
    let in_responses = closure(named_in(response_roots), &graph);
    for def in types.iter_mut() {
        let open = in_responses.contains(&def.name) && !in_requests.contains(&def.name);
        match &mut def.kind {
            TypeKind::StringEnum(string_enum) => {
                string_enum.fallback =
                    open.then(|| fallback_name(string_enum.variants.iter().map(|v| &v.name)));
            }
            // An untagged union has no tag to be new: a value no variant fits stays an error.
            // Nor is an adjacently tagged one opened: serde's catch-all variant takes no
            // content, so an unknown tag with a value would fail all the same.
            TypeKind::Union(union) if matches!(union.tagging, Tagging::Internal { .. }) => {
                union.fallback =
                    open.then(|| fallback_name(union.variants.iter().map(|v| &v.name)));
            }
            _ => {}
        }
    }
}

/// Each type's name → the named types it holds directly.
pub(super) fn type_graph(types: &[TypeDef]) -> BTreeMap<&str, Vec<String>> {
    types
        .iter()
        .map(|def| (def.name.as_str(), named_in(def.kind.type_refs())))
        .collect()
}

/// The types requests carry: every operation's parameters and body.
pub(super) fn request_roots(operations: &[Operation]) -> Vec<&TypeRef> {
    operations
        .iter()
        .flat_map(|op| {
            op.params
                .iter()
                .map(|p| &p.ty)
                .chain(op.body.iter().map(|b| &b.ty))
        })
        .collect()
}

pub(super) fn named_in(refs: Vec<&TypeRef>) -> Vec<String> {
    let mut names = Vec::new();
    for ty in refs {
        ty.visit_named(&mut |name, _| names.push(name.to_string()));
    }
    names
}

pub(super) fn closure(roots: Vec<String>, graph: &BTreeMap<&str, Vec<String>>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut queue = roots;
    while let Some(name) = queue.pop() {
        if seen.insert(name.clone())
            && let Some(targets) = graph.get(name.as_str())
        {
            queue.extend(targets.iter().cloned());
        }
    }
    seen
}

/// `Unknown`, or `Unknown2`, … when the spec itself lists a value named so.
fn fallback_name<'a>(variants: impl Iterator<Item = &'a String>) -> String {
    let mut scope = super::names::NameScope::default();
    for variant in variants {
        scope.claim(variant);
    }
    scope.claim("Unknown").0
}
