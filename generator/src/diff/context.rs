//! The state of one comparison: both specs, the types paired, and the changes.

use std::collections::BTreeMap;

use super::change::{Change, ChangeKind};
use super::pointers::Spec;
use super::rules::{Roles, Rule, judge};
use crate::ir::{Constraints, TypeRef};

/// Both specs and what has been found.
pub(crate) struct Differ<'a> {
    /// The old spec.
    pub old: &'a Spec,
    /// The new spec.
    pub new: &'a Spec,
    /// Old type name → the new type it is (the same schema, or the same name): a reference
    /// to a renamed type is the same reference (the rename is reported once, on the type).
    pub pairs: BTreeMap<String, String>,
    /// The changes, in the order found.
    pub changes: Vec<Change>,
}

/// A change about to be recorded: what and where.
pub(crate) struct Found {
    /// The Rust item.
    pub subject: String,
    /// Added, removed, renamed, changed.
    pub kind: ChangeKind,
    /// What changed.
    pub detail: String,
    /// Where in the old spec.
    pub old_pointer: Option<String>,
    /// Where in the new spec.
    pub new_pointer: Option<String>,
}

impl Found {
    /// A change of `kind` to `subject`, located later with [`Found::at`].
    pub fn new(subject: impl Into<String>, kind: ChangeKind, detail: impl Into<String>) -> Found {
        Found {
            subject: subject.into(),
            kind,
            detail: detail.into(),
            old_pointer: None,
            new_pointer: None,
        }
    }

    /// Located in the old and the new spec.
    pub fn at(mut self, old: Option<String>, new: Option<String>) -> Found {
        self.old_pointer = old;
        self.new_pointer = new;
        self
    }
}

impl<'a> Differ<'a> {
    /// A comparison of `old` with `new`, nothing found yet.
    pub fn new(old: &'a Spec, new: &'a Spec) -> Differ<'a> {
        Differ {
            old,
            new,
            pairs: BTreeMap::new(),
            changes: Vec::new(),
        }
    }

    /// Records `found`, judged by `rule` for values travelling as `roles` says.
    pub fn record(&mut self, found: Found, rule: Rule, roles: Roles) {
        let verdict = judge(rule, roles);
        self.changes.push(Change {
            subject: found.subject,
            kind: found.kind,
            detail: found.detail,
            client: verdict.client,
            server: verdict.server,
            why: verdict.why,
            old_pointer: found.old_pointer,
            new_pointer: found.new_pointer,
        });
    }

    /// Whether `old` and `new` are the same Rust type, a renamed type counting as itself.
    pub fn same_type(&self, old: &TypeRef, new: &TypeRef) -> bool {
        match (old, new) {
            (TypeRef::Named(old), TypeRef::Named(new)) => self.pairs.get(old).unwrap_or(old) == new,
            (TypeRef::Vec(old), TypeRef::Vec(new))
            | (TypeRef::Map(old), TypeRef::Map(new))
            | (TypeRef::Option(old), TypeRef::Option(new))
            | (TypeRef::Nullable(old), TypeRef::Nullable(new))
            | (TypeRef::Box(old), TypeRef::Box(new)) => self.same_type(old, new),
            (TypeRef::Tuple(old), TypeRef::Tuple(new)) => {
                old.len() == new.len()
                    && old
                        .iter()
                        .zip(new)
                        .all(|(old, new)| self.same_type(old, new))
            }
            _ => old == new,
        }
    }

    /// Records a type change `old` → `new` of `subject` unless they are the same type.
    /// Returns whether they were.
    pub fn compare_types(
        &mut self,
        found: Found,
        old: &TypeRef,
        new: &TypeRef,
        roles: Roles,
    ) -> bool {
        if self.same_type(old, new) {
            return true;
        }
        let detail = format!("type `{}` → `{}`", type_text(old), type_text(new));
        let found = Found { detail, ..found };
        self.record(found, Rule::Retyped, roles);
        false
    }
}

impl Differ<'_> {
    /// Records a change of assertions of `found`'s subject, if any.
    pub fn compare_assertions(
        &mut self,
        found: Found,
        old: &Constraints,
        new: &Constraints,
        roles: Roles,
    ) {
        if let Some(change) = super::assertions::compare(old, new) {
            let rule = if change.tightened {
                Rule::AssertionsTightened
            } else {
                Rule::AssertionsLoosened
            };
            self.record(
                Found {
                    detail: change.detail(),
                    ..found
                },
                rule,
                roles,
            );
        }
    }
}

/// A type as a user writes it (`Option<Vec<Pet>>`).
pub(crate) fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Unit => "()".to_string(),
        other => crate::emit::type_text(other),
    }
}
