//! Unions whose variants name themselves without a `discriminator`: every branch an inline
//! object requiring one property that holds a single string (`"type": {"enum": ["vpc"]}`).
//! This is how serde writes Rust enums and how schemars (so dropshot and every Oxide API)
//! describes them, so the enum the API was written from comes back:
//!
//! - each branch holds the tag and at most one other property, always the same one, always
//!   required where present → adjacently tagged (`#[serde(tag = "type", content = "value")]`,
//!   `Vpc(Name)`);
//! - otherwise → internally tagged, each branch's other properties a struct variant
//!   (`Snapshot { snapshot_id: Uuid }`); a branch with the tag alone is a unit variant.
//!
//! Branches that are all `$ref`s to such objects keep their types (the tag stays a field) and
//! decode by a dispatch on the tag, which may then be an integer too (Discord's component
//! types).
//!
//! Without this, each branch would be a struct of its own holding a one-value enum for its
//! tag, decoded by trying every branch in turn.

use super::Lowerer;
use super::names::{NameScope, camel_ident};
use super::schemas::is_annotation_only;
use super::structs::{FieldMode, own_properties};
use super::unions::variant_name;
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{Tagging, TypeRef, Union, UnionVariant, VariantPayload};
use crate::model::{Schema, SchemaObject, from_node};

impl Lowerer<'_> {
    /// The tagged union `branches` (at `base/<index>`) form, or `None` when they do not have
    /// the shape described above.
    pub(super) fn inferred_tagged_union(
        &mut self,
        branches: &[(usize, &Schema)],
        base: &str,
        hint: &str,
    ) -> Result<Option<Union>, Diagnostic> {
        let referenced = |(_, branch): &(usize, &Schema)| matches!(branch, Schema::Object(object) if object.reference.is_some());
        if branches.iter().all(referenced) {
            return self.referenced_tagged_union(branches, base);
        }
        let mut objects = Vec::with_capacity(branches.len());
        for (index, branch) in branches {
            match branch {
                Schema::Object(object) if is_plain_object(object) => {
                    objects.push((*index, &**object));
                }
                _ => return Ok(None),
            }
        }
        // Every branch is an object here (checked above), in the same order.
        let schemas: Vec<&Schema> = branches.iter().map(|(_, branch)| *branch).collect();
        let Some((tag, values)) = common_tag(&objects, TagValues::Strings) else {
            return Ok(None);
        };
        let content = adjacent_content(&objects, tag);
        let mut scope = NameScope::default();
        let mut variants = Vec::with_capacity(objects.len());
        for (((index, object), value), schema) in objects.iter().zip(values).zip(schemas) {
            let at = pointer_push(base, &index.to_string());
            let (name, _) = scope.claim(&camel_ident(&value));
            let variant_hint = format!("{}{name}", camel_ident(hint));
            let properties: Vec<_> = own_properties(object, &at)
                .into_iter()
                .filter(|property| property.wire_name != tag)
                .collect();
            let payload = match (content, properties.first()) {
                (Some(_), Some(property)) => VariantPayload::Value(
                    self.type_ref(property.schema, &property.pointer, &variant_hint)?,
                    self.constraints_of(property.schema, &property.pointer),
                ),
                (_, None) => VariantPayload::Unit,
                (None, Some(_)) => VariantPayload::Fields(self.struct_kind(
                    &properties,
                    &object.required,
                    // Unlisted properties are allowed at most (see `is_plain_object`): no map.
                    None,
                    &at,
                    &variant_hint,
                    FieldMode::Json,
                )?),
            };
            variants.push(UnionVariant {
                name,
                payload,
                tag_values: vec![value],
                docs: schema.docs(),
                deprecated: schema.is_deprecated(),
            });
        }
        let tagging = match content {
            Some(content) => Tagging::Adjacent {
                tag: tag.to_string(),
                content: content.to_string(),
            },
            None => Tagging::Internal {
                tag: tag.to_string(),
                payload_has_tag: false,
            },
        };
        Ok(Some(Union {
            tagging,
            variants,
            fallback: None,
        }))
    }
}

impl Lowerer<'_> {
    /// Branches that are all references to object schemas tagged as above: each keeps its own
    /// type (tag included), and decoding dispatches on the tag instead of trying each in turn.
    fn referenced_tagged_union(
        &mut self,
        branches: &[(usize, &Schema)],
        base: &str,
    ) -> Result<Option<Union>, Diagnostic> {
        let mut targets: Vec<(usize, SchemaObject)> = Vec::with_capacity(branches.len());
        for (index, branch) in branches {
            let Schema::Object(object) = branch else {
                return Ok(None);
            };
            let Some(reference) = &object.reference else {
                return Ok(None);
            };
            let at = pointer_push(base, &index.to_string());
            let (node, target) = self.resolver.node(reference, &at)?;
            match from_node::<Schema>(node, &target)? {
                Schema::Object(resolved) if is_plain_object(&resolved) => {
                    targets.push((*index, *resolved));
                }
                _ => return Ok(None),
            }
        }
        let objects: Vec<(usize, &SchemaObject)> = targets
            .iter()
            .map(|(index, object)| (*index, object))
            .collect();
        let Some((tag, values)) = common_tag(&objects, TagValues::StringsOrIntegers) else {
            return Ok(None);
        };
        let mut scope = NameScope::default();
        let mut variants = Vec::with_capacity(branches.len());
        for ((index, branch), value) in branches.iter().zip(values) {
            let at = pointer_push(base, &index.to_string());
            let ty = self.type_ref(branch, &at, "")?;
            if !matches!(ty, TypeRef::Named(_)) {
                return Ok(None);
            }
            let (name, _) = scope.claim(&variant_name(&ty, index));
            variants.push(UnionVariant {
                name,
                payload: VariantPayload::value(ty),
                tag_values: vec![value],
                docs: None,
                deprecated: false,
            });
        }
        let tagging = Tagging::Internal {
            tag: tag.to_string(),
            payload_has_tag: true,
        };
        Ok(Some(Union {
            tagging,
            variants,
            fallback: None,
        }))
    }
}

/// An object schema written in place, with nothing but properties: no `$ref`, composition,
/// `null`, or schema for unlisted properties (serde cannot flatten a map into a tagged
/// variant reliably).
fn is_plain_object(object: &SchemaObject) -> bool {
    let (names, nullable) = object.type_names();
    let object_typed = match names.as_slice() {
        ["object"] => true,
        [] => !object.properties.is_empty(),
        _ => false,
    };
    object_typed
        && !nullable
        && object.reference.is_none()
        && object.all_of.is_none()
        && object.one_of.is_none()
        && object.any_of.is_none()
        && object.enum_values.is_none()
        && object.const_value.is_none()
        && object
            .additional_properties
            .as_ref()
            .is_none_or(|additional| {
                matches!(additional, Schema::Bool(_)) || is_annotation_only(additional)
            })
}

/// What a tag may be: serde reads only strings; our own dispatch reads integers too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagValues {
    Strings,
    StringsOrIntegers,
}

/// The first property (in the first branch's order) that every branch requires with a single
/// value, the values all different; with each branch's value (an integer as its decimal text).
fn common_tag<'s>(
    objects: &[(usize, &'s SchemaObject)],
    allowed: TagValues,
) -> Option<(&'s str, Vec<String>)> {
    let (_, first) = objects.first()?;
    first.properties.keys().find_map(|name| {
        let values: Vec<String> = objects
            .iter()
            .map(|(_, object)| tag_value(object, name, allowed))
            .collect::<Option<_>>()?;
        let distinct: std::collections::BTreeSet<&String> = values.iter().collect();
        (distinct.len() == values.len()).then_some((name.as_str(), values))
    })
}

/// The one value `name` must have in `object`, when `object` requires it.
fn tag_value(object: &SchemaObject, name: &str, allowed: TagValues) -> Option<String> {
    if !object.required.iter().any(|required| required == name) {
        return None;
    }
    let Some(Schema::Object(property)) = object.properties.get(name) else {
        return None;
    };
    let (types, nullable) = property.type_names();
    let typed = matches!(
        (types.as_slice(), allowed),
        ([] | ["string"], _) | (["integer"], TagValues::StringsOrIntegers)
    );
    if nullable || !typed || property.reference.is_some() {
        return None;
    }
    let value = match (
        property.const_value.as_deref(),
        property.enum_values.as_deref(),
    ) {
        (Some(constant), None) => constant,
        (None, Some([single])) => single,
        (Some(constant), Some([single])) if constant == single => constant,
        _ => return None,
    };
    match (value, allowed) {
        (serde_json::Value::String(text), _) => Some(text.clone()),
        (serde_json::Value::Number(number), TagValues::StringsOrIntegers)
            if number.is_i64() || number.is_u64() =>
        {
            Some(number.to_string())
        }
        _ => None,
    }
}

/// The content property of an adjacently tagged union: the one property besides the tag,
/// required in every branch that has it. A branch may have none (a unit variant) only if it
/// forbids other properties: serde refuses content beside a unit variant's tag, which such a
/// branch would otherwise allow.
fn adjacent_content<'s>(objects: &[(usize, &'s SchemaObject)], tag: &str) -> Option<&'s str> {
    let mut content: Option<&str> = None;
    for (_, object) in objects {
        let mut others = object.properties.keys().filter(|name| *name != tag);
        let Some(other) = others.next() else {
            if !matches!(object.additional_properties, Some(Schema::Bool(false))) {
                return None;
            }
            continue;
        };
        if others.next().is_some()
            || content.is_some_and(|seen| seen != other)
            || !object.required.iter().any(|required| required == other)
        {
            return None;
        }
        content = Some(other);
    }
    content
}
