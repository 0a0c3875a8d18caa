//! Breaking recursive types with `Box`, only where a cycle needs it.
//!
//! A type that holds another inline (directly or through `Option`) has a size that includes the
//! other's; a cycle of such edges has no finite size. Every inline edge whose target can reach
//! back to its source gets a `Box`. Edges through `Vec` and maps are already indirect.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{TypeDef, TypeRef};

/// Boxes every inline reference that closes a cycle.
pub fn box_cycles(types: &mut [TypeDef]) {
    let inline_edges: BTreeMap<String, BTreeSet<String>> = types
        .iter()
        .map(|def| {
            let mut targets = BTreeSet::new();
            for ty in def.kind.type_refs() {
                ty.visit_named(&mut |name, inline| {
                    if inline {
                        targets.insert(name.to_string());
                    }
                });
            }
            (def.name.clone(), targets)
        })
        .collect();
    // An edge source → target closes a cycle exactly when target reaches back to source, that
    // is when both are in one strongly connected component.
    let component = strongly_connected(&inline_edges);
    for def in types.iter_mut() {
        let source = def.name.clone();
        for ty in def.kind.type_refs_mut() {
            box_back_edges(ty, &source, &component);
        }
    }
}

fn box_back_edges(ty: &mut TypeRef, source: &str, component: &BTreeMap<&str, usize>) {
    match ty {
        TypeRef::Named(target)
            if component.get(target.as_str()).is_some()
                && component.get(target.as_str()) == component.get(source) =>
        {
            *ty = TypeRef::Box(Box::new(ty.clone()));
        }
        TypeRef::Option(inner) | TypeRef::Nullable(inner) => {
            box_back_edges(inner, source, component)
        }
        TypeRef::Tuple(items) => items
            .iter_mut()
            .for_each(|item| box_back_edges(item, source, component)),
        _ => {}
    }
}

/// The strongly connected component of every type, as a number (Tarjan's algorithm with an
/// explicit stack: linear time, and no recursion on user data however long a chain of types).
fn strongly_connected(edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<&str, usize> {
    struct Visit {
        index: usize,
        low: usize,
        on_stack: bool,
    }
    let mut visits: BTreeMap<&str, Visit> = BTreeMap::new();
    let mut component: BTreeMap<&str, usize> = BTreeMap::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut next_index = 0;
    let mut components = 0;
    let targets_of = |node: &str| edges.get(node).into_iter().flatten().map(String::as_str);
    for root in edges.keys().map(String::as_str) {
        if visits.contains_key(root) {
            continue;
        }
        // Each frame: a node and the targets it has yet to look at.
        let mut frames = vec![(root, targets_of(root))];
        visits.insert(
            root,
            Visit {
                index: next_index,
                low: next_index,
                on_stack: true,
            },
        );
        stack.push(root);
        next_index += 1;
        while let Some((node, targets)) = frames.last_mut() {
            let node = *node;
            if let Some(target) = targets.next() {
                match visits.get(target) {
                    None => {
                        visits.insert(
                            target,
                            Visit {
                                index: next_index,
                                low: next_index,
                                on_stack: true,
                            },
                        );
                        stack.push(target);
                        next_index += 1;
                        frames.push((target, targets_of(target)));
                    }
                    Some(visit) if visit.on_stack => {
                        let target_index = visit.index;
                        if let Some(visit) = visits.get_mut(node) {
                            visit.low = visit.low.min(target_index);
                        }
                    }
                    Some(_) => {}
                }
                continue;
            }
            frames.pop();
            let (index, low) = visits
                .get(node)
                .map_or((0, 0), |visit| (visit.index, visit.low));
            if let Some((parent, _)) = frames.last()
                && let Some(visit) = visits.get_mut(parent)
            {
                visit.low = visit.low.min(low);
            }
            if low == index {
                while let Some(member) = stack.pop() {
                    if let Some(visit) = visits.get_mut(member) {
                        visit.on_stack = false;
                    }
                    component.insert(member, components);
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
