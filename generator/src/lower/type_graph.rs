//! The named types as a graph by position: which types each type holds, for the passes that
//! follow references through thousands of types (reach, groups, cycles). Names are looked up
//! once, when the graph is made; the walks then go by index.

use foldhash::HashMap;

use crate::ir::{TypeDef, TypeKind};

/// The types by their position in the list, and the types each holds.
pub(super) struct TypeGraph<'a> {
    /// Each type's position, by name (only looked up: never iterated).
    positions: HashMap<&'a str, usize>,
    /// For each type, the positions of the types it holds, in the order it names them.
    edges: Vec<Vec<usize>>,
}

/// Which references count as an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Edges {
    /// Every named type a type's references mention.
    Named,
    /// Those, and an instance's generic struct (whose code the instance needs).
    WithGenerics,
    /// Only types held inline (not behind a `Vec`, a map or a `Box`): the edges that give a
    /// type its size.
    Inline,
}

impl<'a> TypeGraph<'a> {
    /// The graph of `types`, with `edges` as edges.
    pub fn of(types: &'a [TypeDef], edges: Edges) -> Self {
        let positions: HashMap<&str, usize> = types
            .iter()
            .enumerate()
            .map(|(position, def)| (def.name.as_str(), position))
            .collect();
        // Each type's edges on their own: both cores look their names up (on Stripe, five
        // graphs of 10 000 types each were a fifth of the settling passes).
        let edges = crate::parallel::map(types, |def| {
            let mut held = Vec::new();
            for ty in def.kind.type_refs() {
                ty.visit_named(&mut |name, inline| {
                    if edges != Edges::Inline || inline {
                        held.extend(positions.get(name).copied());
                    }
                });
            }
            if let (Edges::WithGenerics, TypeKind::Instance { generic, .. }) = (edges, &def.kind) {
                held.extend(positions.get(generic.as_str()).copied());
            }
            held
        });
        TypeGraph { positions, edges }
    }

    /// The position of the type named `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.positions.get(name).copied()
    }

    /// The positions of the types a type holds.
    pub fn held(&self, position: usize) -> &[usize] {
        self.edges.get(position).map_or(&[], Vec::as_slice)
    }

    /// How many types there are.
    pub fn len(&self) -> usize {
        self.edges.len()
    }

    /// For each type, whether `roots` hold it, directly or through other types.
    pub fn reached<'n>(&self, roots: impl IntoIterator<Item = &'n str>) -> Vec<bool> {
        let mut seen = vec![false; self.edges.len()];
        let mut stack: Vec<usize> = roots
            .into_iter()
            .filter_map(|root| self.position(root))
            .collect();
        while let Some(position) = stack.pop() {
            if let Some(slot) = seen.get_mut(position)
                && !*slot
            {
                *slot = true;
                stack.extend_from_slice(self.held(position));
            }
        }
        seen
    }
}
