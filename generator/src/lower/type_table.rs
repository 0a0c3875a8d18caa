//! The named types being built, and which spec node each name stands for.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use foldhash::{HashMap, HashMapExt};

use super::names::{NameScope, RESERVED_TYPE_NAMES};
use crate::ir::TypeDef;
use crate::model::Schema;

/// Named types by final name (so output is ordered by name), plus the pointer → name memo that
/// makes every schema node lower to exactly one type however often it is referenced.
///
/// A table can be laid over a frozen one (see `lower::halves`): it then reads through to the
/// base, writes only to itself, and is absorbed into the base afterwards.
#[derive(Debug)]
pub(crate) struct TypeTable {
    defs: BTreeMap<String, TypeDef>,
    scope: NameScope,
    // Only looked up, never iterated into the output: HashMap order cannot reach it.
    by_pointer: HashMap<String, String>,
    /// The table this one is laid over, if any.
    base: Option<Arc<TypeTable>>,
    /// Whether a definition was asked of the base under a name it claimed but had not defined
    /// yet (a component lowered later): laid over a base, the answer may not be the one
    /// lowering in order gives. Set by the layer's own thread only.
    asked_unfinished: AtomicBool,
}

impl Clone for TypeTable {
    fn clone(&self) -> Self {
        TypeTable {
            defs: self.defs.clone(),
            scope: self.scope.clone(),
            by_pointer: self.by_pointer.clone(),
            base: self.base.clone(),
            asked_unfinished: AtomicBool::new(self.asked_unfinished()),
        }
    }
}

impl Default for TypeTable {
    fn default() -> Self {
        TypeTable {
            defs: BTreeMap::new(),
            scope: NameScope::with_reserved(RESERVED_TYPE_NAMES),
            by_pointer: HashMap::new(),
            base: None,
            asked_unfinished: AtomicBool::new(false),
        }
    }
}

impl TypeTable {
    /// An empty table laid over `base`.
    pub fn over(base: Arc<TypeTable>) -> Self {
        TypeTable {
            defs: BTreeMap::new(),
            scope: NameScope::default(),
            by_pointer: HashMap::new(),
            base: Some(base),
            asked_unfinished: AtomicBool::new(false),
        }
    }

    /// Claims a unique type name for the node at `pointer`; returns it and whether it was changed.
    pub fn claim(&mut self, pointer: &str, wanted: &str) -> (String, bool) {
        let base = self.base.as_deref().map(|base| &base.scope);
        let (name, renamed) = self.scope.claim_over(base, wanted);
        self.by_pointer.insert(pointer.to_string(), name.clone());
        (name, renamed)
    }

    /// The name already given to the node at `pointer`.
    pub fn name_of(&self, pointer: &str) -> Option<&str> {
        match self.by_pointer.get(pointer) {
            Some(name) => Some(name),
            None => self.base.as_deref()?.name_of(pointer),
        }
    }

    /// Stores a finished definition.
    pub fn insert(&mut self, def: TypeDef) {
        self.defs.insert(def.name.clone(), def);
    }

    /// The definition named `name`, when it is stored.
    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        if let Some(def) = self.defs.get(name) {
            return Some(def);
        }
        let base = self.base.as_deref()?;
        let found = base.get(name);
        if found.is_none() && base.scope.has(name) {
            self.asked_unfinished.store(true, Ordering::Relaxed);
        }
        found
    }

    /// Whether this table, laid over a base, asked it for a definition it had claimed but not
    /// yet stored.
    pub fn asked_unfinished(&self) -> bool {
        self.asked_unfinished.load(Ordering::Relaxed)
    }

    /// Whether a definition with this name is stored.
    pub fn is_defined(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The definitions stored in this table itself, ordered by name (none of a base's: asked
    /// of a table that is not laid over one).
    pub fn defs(&self) -> impl Iterator<Item = &TypeDef> {
        self.defs.values()
    }

    /// Whether anything this table itself claimed (a name, or a pointer's node) was also
    /// claimed by `other`, another table laid over the same base.
    pub fn claims_meet(&self, other: &TypeTable) -> bool {
        let (fewer, more) = if self.by_pointer.len() <= other.by_pointer.len() {
            (self, other)
        } else {
            (other, self)
        };
        let pointers_meet = fewer
            .by_pointer
            .keys()
            .any(|pointer| more.by_pointer.contains_key(pointer));
        pointers_meet || self.scope.meets(&other.scope)
    }

    /// This table no longer laid over its base (which it then no longer holds on to).
    pub fn detached(mut self) -> Self {
        self.base = None;
        self
    }

    /// Takes in what `layer`, a table laid over this one, stored and claimed: afterwards this
    /// table is as if it had all been done in it.
    pub fn absorb(&mut self, layer: TypeTable) {
        self.defs.extend(layer.defs);
        self.by_pointer.extend(layer.by_pointer);
        self.scope.absorb(layer.scope);
    }

    /// Where each named type's schema is, by name (ordered by name). Should two pointers
    /// name one type, the lesser is kept, so the HashMap's order never shows.
    pub fn pointers(&self) -> BTreeMap<String, String> {
        let mut pointers: BTreeMap<String, String> = BTreeMap::new();
        for (pointer, name) in &self.by_pointer {
            let kept = pointers
                .entry(name.clone())
                .or_insert_with(|| pointer.clone());
            if pointer < kept {
                *kept = pointer.clone();
            }
        }
        pointers
    }

    /// All definitions, ordered by name.
    pub fn into_defs(self) -> Vec<TypeDef> {
        self.defs.into_values().collect()
    }
}

/// A claimed schema of another file, waiting to be lowered: its name is taken, its definition
/// is yet to be stored (`lower::external` queues and lowers these).
pub(crate) struct PendingSchema {
    /// Where it is (`<label>#<pointer>`).
    pub pointer: String,
    /// The type name it was given.
    pub rust_name: String,
    /// The schema.
    pub schema: Schema,
}
