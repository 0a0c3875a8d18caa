//! The named types being built, and which spec node each name stands for.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt};

use super::names::{NameScope, RESERVED_TYPE_NAMES};
use crate::ir::TypeDef;
use crate::model::Schema;

/// Named types by final name (so output is ordered by name), plus the pointer → name memo that
/// makes every schema node lower to exactly one type however often it is referenced.
#[derive(Debug)]
pub(crate) struct TypeTable {
    defs: BTreeMap<String, TypeDef>,
    scope: NameScope,
    // Only looked up, never iterated: HashMap order cannot reach the output.
    by_pointer: HashMap<String, String>,
}

impl Default for TypeTable {
    fn default() -> Self {
        TypeTable {
            defs: BTreeMap::new(),
            scope: NameScope::with_reserved(RESERVED_TYPE_NAMES),
            by_pointer: HashMap::new(),
        }
    }
}

impl TypeTable {
    /// Claims a unique type name for the node at `pointer`; returns it and whether it was changed.
    pub fn claim(&mut self, pointer: &str, wanted: &str) -> (String, bool) {
        let (name, renamed) = self.scope.claim(wanted);
        self.by_pointer.insert(pointer.to_string(), name.clone());
        (name, renamed)
    }

    /// The name already given to the node at `pointer`.
    pub fn name_of(&self, pointer: &str) -> Option<&str> {
        self.by_pointer.get(pointer).map(String::as_str)
    }

    /// Stores a finished definition.
    pub fn insert(&mut self, def: TypeDef) {
        self.defs.insert(def.name.clone(), def);
    }

    /// The definition named `name`, when it is stored.
    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.defs.get(name)
    }

    /// Whether a definition with this name is stored.
    pub fn is_defined(&self, name: &str) -> bool {
        self.defs.contains_key(name)
    }

    /// The definitions stored so far, ordered by name.
    pub fn defs(&self) -> impl Iterator<Item = &TypeDef> {
        self.defs.values()
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
