//! Breaking recursive types with `Box`, only where a cycle needs it.
//!
//! A type that holds another inline (directly or through `Option`) has a size that includes the
//! other's; a cycle of such edges has no finite size. Every inline edge whose target can reach
//! back to its source gets a `Box`. Edges through `Vec` and maps are already indirect.

use super::type_graph::{Edges, TypeGraph};
use crate::ir::{TypeDef, TypeRef};

/// Boxes every inline reference that closes a cycle.
pub fn box_cycles(types: &mut [TypeDef]) {
    let graph = TypeGraph::of(types, Edges::Inline);
    // An edge source → target closes a cycle exactly when target reaches back to source, that
    // is when both are in one strongly connected component.
    let component = strongly_connected(&graph);
    let same =
        |a: usize, b: usize| component.get(a).is_some() && component.get(a) == component.get(b);
    // For each type, the names of the types it holds inline that close a cycle (most: none).
    let boxed: Vec<Vec<String>> = (0..graph.len())
        .map(|source| {
            let mut names: Vec<String> = graph
                .held(source)
                .iter()
                .filter(|&&target| same(source, target))
                .filter_map(|&target| types.get(target).map(|def| def.name.clone()))
                .collect();
            names.sort();
            names.dedup();
            names
        })
        .collect();
    drop(graph);
    for (def, boxed) in types.iter_mut().zip(boxed) {
        if boxed.is_empty() {
            continue;
        }
        for ty in def.kind.type_refs_mut() {
            box_back_edges(ty, &boxed);
        }
    }
}

/// Boxes the references to `boxed` (sorted) held inline in `ty`.
fn box_back_edges(ty: &mut TypeRef, boxed: &[String]) {
    match ty {
        TypeRef::Named(target) if boxed.binary_search(target).is_ok() => {
            *ty = TypeRef::Box(Box::new(ty.clone()));
        }
        TypeRef::Option(inner) | TypeRef::Nullable(inner) => box_back_edges(inner, boxed),
        TypeRef::Tuple(items) => items
            .iter_mut()
            .for_each(|item| box_back_edges(item, boxed)),
        _ => {}
    }
}

/// The strongly connected component of every type, as a number by its position (Tarjan's
/// algorithm with an explicit stack: linear time, and no recursion on user data however long
/// a chain of types).
fn strongly_connected(graph: &TypeGraph<'_>) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let count = graph.len();
    // Per type: the order it was first seen in, the lowest such order it reaches back to, and
    // whether it is on the stack of the component being built.
    let mut order = vec![UNSEEN; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNSEEN; count];
    let mut stack: Vec<usize> = Vec::new();
    let mut next_order = 0;
    let mut components = 0;
    for root in 0..count {
        if order[root] != UNSEEN {
            continue;
        }
        // Each frame: a node and how many of its targets it has looked at.
        let mut frames: Vec<(usize, usize)> = vec![(root, 0)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut looked)) = frames.last_mut() {
            if let Some(&target) = graph.held(node).get(*looked) {
                *looked += 1;
                if order[target] == UNSEEN {
                    order[target] = next_order;
                    low[target] = next_order;
                    next_order += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    frames.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(order[target]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = components;
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, Struct, TypeKind};

    fn structure(name: &str, fields: Vec<(&str, TypeRef)>) -> TypeDef {
        TypeDef {
            name: name.into(),
            docs: None,
            deprecated: false,
            constraints: Default::default(),
            reach: Default::default(),
            groups: Vec::new(),
            validated: false,
            kind: TypeKind::Struct(Struct {
                fields: fields
                    .into_iter()
                    .map(|(field, ty)| Field {
                        wire_name: field.into(),
                        rust_name: field.into(),
                        ty,
                        required: false,
                        nullable: false,
                        constraints: Default::default(),
                        docs: None,
                        deprecated: false,
                        read_only: false,
                        write_only: false,
                    })
                    .collect(),
                additional: None,
            }),
        }
    }

    fn field_type(def: &TypeDef, index: usize) -> &TypeRef {
        let TypeKind::Struct(s) = &def.kind else {
            unreachable!("test builds structs")
        };
        &s.fields[index].ty
    }

    #[test]
    fn boxes_only_cycle_edges() {
        let named = |n: &str| TypeRef::Named(n.into());
        let mut types = vec![
            structure(
                "A",
                vec![("b", named("B").optional()), ("leaf", named("Leaf"))],
            ),
            structure("B", vec![("a", named("A").optional())]),
            structure("Leaf", vec![]),
            structure(
                "Tree",
                vec![("children", TypeRef::Vec(Box::new(named("Tree"))))],
            ),
        ];
        box_cycles(&mut types);
        assert_eq!(
            field_type(&types[0], 0),
            &TypeRef::Option(Box::new(TypeRef::Box(Box::new(named("B")))))
        );
        assert_eq!(field_type(&types[0], 1), &named("Leaf"));
        assert_eq!(
            field_type(&types[1], 0),
            &TypeRef::Option(Box::new(TypeRef::Box(Box::new(named("A")))))
        );
        assert_eq!(
            field_type(&types[3], 0),
            &TypeRef::Vec(Box::new(named("Tree")))
        );
    }

    #[test]
    fn self_references_and_long_rings_are_boxed_in_linear_time() {
        let named = |n: &str| TypeRef::Named(n.into());
        let count = 50_000;
        let mut types: Vec<TypeDef> = (0..count)
            .map(|i| {
                structure(
                    &format!("T{i}"),
                    vec![("next", named(&format!("T{}", (i + 1) % count)))],
                )
            })
            .collect();
        types.push(structure(
            "Own",
            vec![("me", named("Own").optional()), ("t", named("T0"))],
        ));
        box_cycles(&mut types);
        assert_eq!(
            field_type(&types[7], 0),
            &TypeRef::Box(Box::new(named("T8")))
        );
        assert_eq!(
            field_type(&types[count], 0),
            &TypeRef::Option(Box::new(TypeRef::Box(Box::new(named("Own")))))
        );
        assert_eq!(
            field_type(&types[count], 1),
            &named("T0"),
            "not in the ring"
        );
    }
}
