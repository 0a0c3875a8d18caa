//! `allOf` → one merged struct (or, with a single branch, that branch itself).

use std::collections::{HashMap, HashSet};

use super::Lowerer;
use super::schemas::{Shape, is_annotation_only};
use super::structs::{FieldMode, Property, own_properties};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{TypeKind, TypeRef};
use crate::model::{Schema, SchemaObject, from_node};

/// How deep `allOf` inside `allOf` (through `$ref`s) is merged before giving up.
const MAX_DEPTH: usize = 32;

impl Lowerer<'_> {
    pub(super) fn all_of_shape(
        &mut self,
        object: &SchemaObject,
        branches: &[Schema],
        pointer: &str,
        hint: &str,
    ) -> Result<Shape, Diagnostic> {
        let all_of_pointer = pointer_push(pointer, "allOf");
        let has_own_properties = !object.properties.is_empty();
        let constraining: Vec<(usize, &Schema)> = branches
            .iter()
            .enumerate()
            .filter(|(_, branch)| !is_annotation_only(branch))
            .collect();
        if let [(index, only)] = constraining.as_slice()
            && !has_own_properties
        {
            // `allOf: [$ref]` (maybe beside an `example`) is how specs annotate a reference.
            return Ok(self
                .shape(
                    only,
                    &pointer_push(&all_of_pointer, &index.to_string()),
                    hint,
                )?
                .0);
        }
        let mut merged = Merged::default();
        for (index, branch) in branches.iter().enumerate() {
            let at = pointer_push(&all_of_pointer, &index.to_string());
            if !self.collect(branch, &at, &mut merged, 0)? {
                self.warn(&at, "an allOf branch is not an object schema; using serde_json::Value for the whole allOf");
                return Ok(Shape::Inline(TypeRef::Json));
            }
        }
        merged.absorb(own_properties(object, pointer), &object.required);
        let properties = merged.as_properties();
        let structure = self.struct_kind(
            &properties,
            &merged.required,
            None,
            pointer,
            hint,
            FieldMode::Json,
        )?;
        Ok(Shape::Def(TypeKind::Struct(structure)))
    }

    /// Adds a branch's properties to `merged`; false when the branch is not object-like.
    pub(super) fn collect(
        &mut self,
        branch: &Schema,
        pointer: &str,
        merged: &mut Merged,
        depth: usize,
    ) -> Result<bool, Diagnostic> {
        if depth > MAX_DEPTH {
            return Err(Diagnostic::error(
                pointer,
                "allOf nests deeper than 32 levels (a reference cycle?)",
            ));
        }
        let Schema::Object(object) = branch else {
            return Ok(matches!(branch, Schema::Bool(true)));
        };
        if let Some(reference) = &object.reference {
            let (node, target) = self.resolver.node(reference, pointer)?;
            let schema: Schema = from_node(node, &target)?;
            return self.collect(&schema, &target, merged, depth + 1);
        }
        let (names, _) = object.type_names();
        if !(names.is_empty() || names == ["object"]) {
            return Ok(false);
        }
        if let Some(inner) = &object.all_of {
            for (index, nested) in inner.iter().enumerate() {
                let at = pointer_push(&pointer_push(pointer, "allOf"), &index.to_string());
                if !self.collect(nested, &at, merged, depth + 1)? {
                    return Ok(false);
                }
            }
        }
        if object.one_of.is_some() || object.any_of.is_some() {
            return Ok(false);
        }
        merged.absorb(own_properties(object, pointer), &object.required);
        Ok(true)
    }
}

/// Properties gathered from every branch, first declaration wins its position.
#[derive(Default)]
pub(super) struct Merged {
    /// Wire name, schema, pointer of the schema.
    pub properties: Vec<(String, Schema, String)>,
    /// Required property names.
    pub required: Vec<String>,
    /// Position of each property, and the required names, for look-ups (a linear search per
    /// property made large merges quadratic). Never iterated.
    positions: HashMap<String, usize>,
    required_set: HashSet<String>,
}

impl Merged {
    /// The gathered properties, ready for [`Lowerer::struct_kind`].
    pub(super) fn as_properties(&self) -> Vec<Property<'_>> {
        self.properties
            .iter()
            .map(|(wire_name, schema, at)| Property {
                wire_name,
                schema,
                pointer: at.clone(),
            })
            .collect()
    }

    fn absorb(&mut self, properties: Vec<Property<'_>>, required: &[String]) {
        for property in properties {
            let existing = self
                .positions
                .get(property.wire_name)
                .and_then(|&position| self.properties.get_mut(position));
            if let Some(existing) = existing {
                // A later branch restating a property (often to narrow it) replaces the schema.
                existing.1 = property.schema.clone();
                existing.2 = property.pointer;
            } else {
                self.positions
                    .insert(property.wire_name.to_string(), self.properties.len());
                self.properties.push((
                    property.wire_name.to_string(),
                    property.schema.clone(),
                    property.pointer,
                ));
            }
        }
        for name in required {
            if self.required_set.insert(name.clone()) {
                self.required.push(name.clone());
            }
        }
    }
}
