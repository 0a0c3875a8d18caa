//! `allOf` → one merged struct (or, with a single branch, that branch itself).

use std::collections::{HashMap, HashSet};

use super::Lowerer;
use super::schemas::{Shape, is_annotation_only, is_null_schema};
use super::structs::{FieldMode, Property, own_properties};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{TypeKind, TypeRef};
use crate::model::{Schema, SchemaObject};

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
        if let Some(shape) =
            self.union_branch_distributed(object, branches, &all_of_pointer, hint)?
        {
            return Ok(shape);
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

    /// `allOf` of objects and one union (`oneOf`/`anyOf`, inline or behind `$ref`s): since
    /// `allOf: [X, oneOf: [A, B]]` admits exactly what `oneOf: [allOf: [X, A], allOf: [X, B]]`
    /// does, it becomes a union of merged structs (Hugging Face TGI's `Message`: a body of text
    /// or of tool calls, each with the role beside it), discriminator and all. `None` when no
    /// branch is a union, or several are (a product of branches would be needed).
    fn union_branch_distributed(
        &mut self,
        object: &SchemaObject,
        branches: &[Schema],
        all_of_pointer: &str,
        hint: &str,
    ) -> Result<Option<Shape>, Diagnostic> {
        let mut found = None;
        for (index, branch) in branches.iter().enumerate() {
            let at = pointer_push(all_of_pointer, &index.to_string());
            if let Some(union) = self.union_behind(branch, &at, 0)? {
                if found.is_some() {
                    return Ok(None);
                }
                found = Some((index, union));
            }
        }
        let Some((index, union)) = found else {
            return Ok(None);
        };
        let members = union.one_of.as_ref().or(union.any_of.as_ref());
        // The union's own keywords (properties beside `oneOf`) hold for every member.
        let common = SchemaObject {
            one_of: None,
            any_of: None,
            discriminator: None,
            ..union.clone()
        };
        let distributed: Vec<Schema> = members
            .into_iter()
            .flatten()
            .filter(|member| !is_null_schema(member))
            .map(|member| {
                let mut all_of = branches.to_vec();
                all_of[index] = Schema::Object(Box::new(SchemaObject {
                    all_of: Some(vec![
                        Schema::Object(Box::new(common.clone())),
                        member.clone(),
                    ]),
                    ..SchemaObject::default()
                }));
                // The description is the union's, documented once there.
                Schema::Object(Box::new(SchemaObject {
                    all_of: Some(all_of),
                    description: None,
                    title: None,
                    ..object.clone()
                }))
            })
            .collect();
        let outer = SchemaObject {
            one_of: union.one_of.as_ref().map(|_| distributed.clone()),
            any_of: union.any_of.as_ref().map(|_| distributed.clone()),
            discriminator: union.discriminator.clone(),
            ..SchemaObject::default()
        };
        // Each merged member lowers at `allOf/<index>/oneOf/<n>`: a pointer of its own (types
        // are keyed by pointer) in the same file, so its `$ref`s resolve as written.
        let at = pointer_push(all_of_pointer, &index.to_string());
        Ok(Some(self.union_shape(&outer, &distributed, &at, hint)?))
    }

    /// The union schema `branch` is, written inline or behind `$ref`s within the same file
    /// (its members' `$ref`s are then relative to the file being lowered).
    fn union_behind(
        &mut self,
        branch: &Schema,
        pointer: &str,
        depth: usize,
    ) -> Result<Option<SchemaObject>, Diagnostic> {
        let Schema::Object(object) = branch else {
            return Ok(None);
        };
        if depth > MAX_DEPTH {
            return Ok(None);
        }
        if let Some(reference) = &object.reference {
            // A union in another file is not looked into (nor is that file read for it).
            if file_of(&self.resolver.target_pointer(reference, pointer)?) != file_of(pointer) {
                return Ok(None);
            }
            let (schema, target) = self.referenced_schema(reference, pointer)?;
            return self.union_behind(&schema, &target, depth + 1);
        }
        let (names, _) = object.type_names();
        let object_like = names.is_empty() || names == ["object"];
        let union = object.one_of.is_some() || object.any_of.is_some();
        Ok((union && object_like && object.all_of.is_none()).then(|| (**object).clone()))
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
            let (schema, target) = self.referenced_schema(reference, pointer)?;
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

/// The file a node's location names (`other.yaml#/x`), `None` for the spec itself.
fn file_of(location: &str) -> Option<&str> {
    if location.is_empty() || location.starts_with('/') {
        return None;
    }
    location.split_once('#').map(|(file, _)| file)
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

#[cfg(test)]
mod tests {
    use crate::ir::{Tagging, TypeDef, TypeKind, TypeRef};
    use serde_json::json;

    fn lowered(schemas: serde_json::Value) -> (Vec<TypeDef>, Vec<String>) {
        let raw = json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
                         "components": {"schemas": schemas}});
        let lowered = crate::lower_bytes(raw.to_string().as_bytes()).expect("lowers");
        let warnings = lowered.warnings.iter().map(|w| w.message.clone()).collect();
        (lowered.api.types, warnings)
    }

    fn field_names(types: &[TypeDef], name: &str) -> Vec<String> {
        types
            .iter()
            .find(|def| def.name == name)
            .and_then(|def| match &def.kind {
                TypeKind::Struct(s) => Some(s.fields.iter().map(|f| f.wire_name.clone()).collect()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{name} is a struct"))
    }

    #[test]
    fn an_all_of_of_a_union_and_an_object_is_an_enum_of_merged_structs() {
        let (types, warnings) = lowered(json!({
            "Body": {"oneOf": [
                {"type": "object", "required": ["content"], "properties": {"content": {"type": "string"}}},
                {"type": "object", "required": ["tool_calls"], "properties": {"tool_calls": {"type": "array", "items": {"type": "string"}}}}
            ]},
            "Message": {"allOf": [
                {"$ref": "#/components/schemas/Body"},
                {"type": "object", "required": ["role"], "properties": {"role": {"type": "string"}}}
            ]}
        }));
        assert!(warnings.is_empty(), "{warnings:?}");
        let message = types
            .iter()
            .find(|def| def.name == "Message")
            .expect("Message");
        let TypeKind::Union(union) = &message.kind else {
            panic!("Message is {:?}", message.kind)
        };
        assert_eq!(union.tagging, Tagging::Untagged);
        let variants: Vec<String> = union
            .variants
            .iter()
            .map(|variant| match variant.payload.type_refs()[..] {
                [TypeRef::Named(name)] => name.clone(),
                ref other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(field_names(&types, &variants[0]), ["content", "role"]);
        assert_eq!(field_names(&types, &variants[1]), ["tool_calls", "role"]);
    }

    #[test]
    fn inline_all_of_branches_that_pin_the_discriminator_are_tagged() {
        let (types, warnings) = lowered(json!({
            "A": {"type": "object", "properties": {"a": {"type": "string"}}},
            "Event": {"oneOf": [
                {"allOf": [{"$ref": "#/components/schemas/A"},
                           {"type": "object", "required": ["kind"], "properties": {"kind": {"enum": ["one"]}}}]},
                {"allOf": [{"$ref": "#/components/schemas/A"},
                           {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "two"}}}]}
            ], "discriminator": {"propertyName": "kind"}}
        }));
        assert!(warnings.is_empty(), "{warnings:?}");
        let event = types.iter().find(|def| def.name == "Event").expect("Event");
        let TypeKind::Union(union) = &event.kind else {
            panic!("Event is {:?}", event.kind)
        };
        assert!(
            matches!(union.tagging, Tagging::Internal { .. }),
            "{:?}",
            union.tagging
        );
        let tags: Vec<&[String]> = union.variants.iter().map(|v| &v.tag_values[..]).collect();
        assert_eq!(tags, [&["one".to_string()][..], &["two".to_string()][..]]);
    }
}
