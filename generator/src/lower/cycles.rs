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
    for def in types.iter_mut() {
        let source = def.name.clone();
        for ty in def.kind.type_refs_mut() {
            box_back_edges(ty, &source, &inline_edges);
        }
    }
}

fn box_back_edges(ty: &mut TypeRef, source: &str, edges: &BTreeMap<String, BTreeSet<String>>) {
    match ty {
        TypeRef::Named(target) if reaches(target, source, edges) => {
            *ty = TypeRef::Box(Box::new(ty.clone()));
        }
        TypeRef::Option(inner) => box_back_edges(inner, source, edges),
        TypeRef::Tuple(items) => items
            .iter_mut()
            .for_each(|item| box_back_edges(item, source, edges)),
        _ => {}
    }
}

/// Whether `from` reaches `to` over inline edges (breadth first; no recursion on user data).
fn reaches(from: &str, to: &str, edges: &BTreeMap<String, BTreeSet<String>>) -> bool {
    let mut seen = BTreeSet::new();
    let mut queue = vec![from];
    while let Some(node) = queue.pop() {
        if node == to {
            return true;
        }
        if !seen.insert(node) {
            continue;
        }
        if let Some(targets) = edges.get(node) {
            queue.extend(targets.iter().map(String::as_str));
        }
    }
    false
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
            kind: TypeKind::Struct(Struct {
                fields: fields
                    .into_iter()
                    .map(|(field, ty)| Field {
                        wire_name: field.into(),
                        rust_name: field.into(),
                        ty,
                        required: false,
                        docs: None,
                        deprecated: false,
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
}
