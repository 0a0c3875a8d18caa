//! Which roots reach each type: requests, responses, webhooks. Worked out once the type graph
//! is final, and carried on each [`TypeDef`] for whoever decides by it (open enums, generic
//! structs, the server's checks).

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Operation, Reach, TypeDef, TypeRef, Webhook};

/// Sets [`TypeDef::reach`] on every type.
pub fn mark_reach(types: &mut [TypeDef], operations: &[Operation], webhooks: &[Webhook]) {
    let graph: BTreeMap<&str, Vec<&str>> = types
        .iter()
        .map(|def| (def.name.as_str(), named_in(def.kind.type_refs())))
        .collect();
    let requests = operations.iter().flat_map(|op| {
        op.params
            .iter()
            .map(|p| &p.ty)
            .chain(op.body.iter().map(|b| &b.ty))
    });
    let responses = operations.iter().flat_map(|op| {
        op.responses.iter().flat_map(|r| {
            r.content
                .iter()
                .map(|c| &c.ty)
                .chain(r.stream.iter().map(|s| &s.item))
        })
    });
    let webhook_payloads = webhooks.iter().map(|webhook| &webhook.payload);
    let in_requests = closure(named_in(requests), &graph);
    let in_responses = closure(named_in(responses), &graph);
    let in_webhooks = closure(named_in(webhook_payloads), &graph);
    let reaches: Vec<Reach> = types
        .iter()
        .map(|def| {
            let name = def.name.as_str();
            Reach {
                request: in_requests.contains(name),
                response: in_responses.contains(name),
                webhook: in_webhooks.contains(name),
            }
        })
        .collect();
    for (def, reach) in types.iter_mut().zip(reaches) {
        def.reach = reach;
    }
}

/// The named types these references mention.
pub(super) fn named_in<'a>(refs: impl IntoIterator<Item = &'a TypeRef>) -> Vec<&'a str> {
    let mut names = Vec::new();
    for ty in refs {
        ty.visit_named(&mut |name, _| names.push(name));
    }
    names
}

/// Every type `roots` hold, directly or through other types.
pub(super) fn closure<'a>(
    roots: Vec<&'a str>,
    graph: &BTreeMap<&'a str, Vec<&'a str>>,
) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut queue = roots;
    while let Some(name) = queue.pop() {
        if seen.insert(name)
            && let Some(targets) = graph.get(name)
        {
            queue.extend(targets.iter().copied());
        }
    }
    seen
}
