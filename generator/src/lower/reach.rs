//! Which roots reach each type: requests, responses, webhooks. Worked out once the type graph
//! is final, and carried on each [`TypeDef`] for whoever decides by it (open enums, generic
//! structs, the server's checks).

use super::type_graph::{Edges, TypeGraph};
use crate::ir::{Operation, Reach, TypeDef, TypeRef, Webhook};

/// Sets [`TypeDef::reach`] on every type.
pub fn mark_reach(types: &mut [TypeDef], operations: &[Operation], webhooks: &[Webhook]) {
    let graph = TypeGraph::of(types, Edges::Named);
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
    let in_requests = graph.reached(named_in(requests));
    let in_responses = graph.reached(named_in(responses));
    let in_webhooks = graph.reached(named_in(webhook_payloads));
    drop(graph);
    for (position, def) in types.iter_mut().enumerate() {
        let reached = |set: &[bool]| set.get(position).copied().unwrap_or(false);
        def.reach = Reach {
            request: reached(&in_requests),
            response: reached(&in_responses),
            webhook: reached(&in_webhooks),
        };
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
