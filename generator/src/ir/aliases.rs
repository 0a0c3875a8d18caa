//! Where every alias leads: the one place alias chains are followed.
//!
//! `type A = B; type B = Vec<C>;` — whoever asks what `A` is (is it `Copy`, a lenient number,
//! `null`-holding, checked, an object parameter) wants `Vec<C>` and the assertions of `A` and
//! `B` together. Worked out once per API, with one limit; aliases past it (or in a loop, which
//! Rust refuses anyway) are left unresolved, so no reader ever follows a loop.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt};

use super::constraints::Constraints;
use super::types::{TypeDef, TypeKind, TypeRef};

/// How deep aliases are followed: an alias whose target names an alias whose target names …
/// counts each level, through any `Vec`, map or `Option` between them.
pub const ALIAS_DEPTH: usize = 16;

/// The resolved target of every alias that has one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AliasIndex {
    targets: BTreeMap<String, AliasTarget>,
}

/// What an alias stands for once aliases of aliases are followed.
#[derive(Debug, Clone, PartialEq)]
pub struct AliasTarget {
    /// The first type on the chain that is not itself an alias's name (it may still hold
    /// aliases inside, each resolvable here).
    pub ty: TypeRef,
    /// The assertions of every alias on the chain, together (the first alias's binding first).
    pub constraints: Constraints,
}

impl AliasIndex {
    /// The index of the aliases among `types`.
    pub fn new<'a>(types: impl IntoIterator<Item = &'a TypeDef>) -> AliasIndex {
        // Hashed: a giant spec has thousands of aliases, looked up many times each (the order
        // of the passes below does not change where they settle).
        let defs: HashMap<&str, (&TypeRef, &Constraints)> = types
            .into_iter()
            .filter_map(|def| match &def.kind {
                TypeKind::Alias(target) => Some((def.name.as_str(), (target, &def.constraints))),
                _ => None,
            })
            .collect();
        // Each alias's depth: one more than the deepest alias its target names. Settled in
        // passes (at most `ALIAS_DEPTH + 1`): an alias in a loop, or deeper, never settles.
        let mut depth: HashMap<&str, usize> = HashMap::new();
        for _ in 0..=ALIAS_DEPTH {
            let before = depth.len();
            for (&name, (target, _)) in &defs {
                if depth.contains_key(name) {
                    continue;
                }
                let mut deepest = Some(0);
                target.visit_named(&mut |held, _| {
                    if defs.contains_key(held) {
                        deepest = match (deepest, depth.get(held)) {
                            (Some(deepest), Some(&held)) => Some(deepest.max(held)),
                            _ => None,
                        };
                    }
                });
                if let Some(deepest) = deepest.filter(|&deepest| deepest < ALIAS_DEPTH) {
                    depth.insert(name, deepest + 1);
                }
            }
            if depth.len() == before {
                break;
            }
        }
        let targets = depth
            .keys()
            .filter_map(|&name| {
                let &(mut ty, constraints) = defs.get(name)?;
                let mut constraints = constraints.clone();
                while let TypeRef::Named(next) = ty
                    && let Some((target, more)) = defs.get(next.as_str())
                {
                    constraints = constraints.and(more);
                    ty = target;
                }
                Some((
                    name.to_string(),
                    AliasTarget {
                        ty: ty.clone(),
                        constraints,
                    },
                ))
            })
            .collect();
        AliasIndex { targets }
    }

    /// Where the alias `name` leads; `None` when `name` is no alias (or one left unresolved).
    pub fn target(&self, name: &str) -> Option<&AliasTarget> {
        self.targets.get(name)
    }

    /// Whether `ty`, with aliases resolved, is a number that also reads from a string (through
    /// `Option`, `Vec`, maps and boxes): `pub type Money = f64;` for an ASP.NET number.
    pub fn accepts_numeric_strings(&self, ty: &TypeRef) -> bool {
        ty.accepts_numeric_strings_through(&|name| {
            self.target(name)
                .is_some_and(|target| self.accepts_numeric_strings(&target.ty))
        })
    }

    /// Whether `ty` holds integers read strictly, through aliases (`pub type Count = i64;`):
    /// such a field reads `3.0` as `3` (see the runtime's `integral`).
    pub fn holds_integers(&self, ty: &TypeRef) -> bool {
        ty.holds_integers_through(&|name| {
            self.target(name)
                .is_some_and(|target| self.holds_integers(&target.ty))
        })
    }

    /// Whether the alias `name`'s values include `null` itself (it stands for
    /// `serde_json::Value` or an `Option`).
    pub fn holds_null(&self, name: &str) -> bool {
        self.target(name)
            .is_some_and(|target| matches!(target.ty, TypeRef::Json | TypeRef::Option(_)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Bound, Primitive};

    fn alias(name: &str, target: TypeRef, constraints: Constraints) -> TypeDef {
        TypeDef {
            name: name.to_string(),
            docs: None,
            deprecated: false,
            kind: TypeKind::Alias(target),
            constraints,
            reach: Default::default(),
            groups: Vec::new(),
            validated: false,
        }
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_string())
    }

    #[test]
    fn chains_resolve_with_every_link_asserting() {
        let at_least = |value| Constraints {
            minimum: Some(Bound {
                value,
                exclusive: false,
            }),
            ..Constraints::default()
        };
        let types = [
            alias("A", named("B"), at_least(1.0)),
            alias("B", TypeRef::Primitive(Primitive::String), at_least(2.0)),
        ];
        let index = AliasIndex::new(&types);
        let a = index.target("A").expect("resolved");
        assert_eq!(a.ty, TypeRef::Primitive(Primitive::String));
        assert_eq!(a.constraints.minimum.map(|bound| bound.value), Some(2.0));
        assert!(index.target("C").is_none());
    }

    #[test]
    fn loops_and_chains_past_the_limit_stay_unresolved() {
        let types = [
            alias(
                "A",
                TypeRef::Vec(Box::new(named("B"))),
                Constraints::default(),
            ),
            alias(
                "B",
                TypeRef::Option(Box::new(named("A"))),
                Constraints::default(),
            ),
        ];
        let index = AliasIndex::new(&types);
        assert!(index.target("A").is_none() && index.target("B").is_none());
        let long: Vec<TypeDef> = (0..=ALIAS_DEPTH)
            .map(|n| {
                alias(
                    &format!("L{n}"),
                    named(&format!("L{}", n + 1)),
                    Default::default(),
                )
            })
            .collect();
        let index = AliasIndex::new(&long);
        assert!(index.target("L0").is_none());
        assert!(index.target(&format!("L{ALIAS_DEPTH}")).is_some());
    }
}
