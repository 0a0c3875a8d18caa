//! `oneOf` / `anyOf` (and multi-type arrays) → enums.

use super::Lowerer;
use super::names::{NameScope, camel_ident};
use super::schemas::{Shape, is_null_schema};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{Primitive, Tagging, TypeKind, TypeRef, Union, UnionVariant, VariantPayload};
use crate::model::{Schema, SchemaObject, from_node};

impl Lowerer<'_> {
    pub(super) fn union_shape(
        &mut self,
        object: &SchemaObject,
        branches: &[Schema],
        pointer: &str,
        hint: &str,
    ) -> Result<Shape, Diagnostic> {
        let keyword = if object.one_of.is_some() {
            "oneOf"
        } else {
            "anyOf"
        };
        let base = pointer_push(pointer, keyword);
        let real: Vec<(usize, &Schema)> = branches
            .iter()
            .enumerate()
            .filter(|(_, branch)| !is_null_schema(branch))
            .collect();
        match real.as_slice() {
            [] => return Ok(Shape::Inline(TypeRef::Json)),
            [(index, only)] => {
                // The union is this one branch: it may define the enclosing type itself.
                let at = pointer_push(&base, &index.to_string());
                return Ok(self.shape(only, &at, hint)?.0);
            }
            _ => {}
        }
        if let Some(merged) = self.merged_string_enum(&real, &base) {
            return Ok(merged);
        }
        let kept: Vec<Schema> = real.iter().map(|(_, branch)| (*branch).clone()).collect();
        if let Some(discriminator) = &object.discriminator {
            if let Some(union) = self.tagged_union(&kept, &real, discriminator, &base, hint)? {
                return Ok(Shape::Def(TypeKind::Union(union)));
            }
            self.warn(
                pointer,
                "discriminator over non-object variants; decoding them untagged",
            );
        } else if let Some(union) = self.inferred_tagged_union(&real, &base, hint)? {
            // Without a discriminator the variants may still name themselves; with one, its
            // property is the tag, and no other property is taken for it.
            return Ok(Shape::Def(TypeKind::Union(union)));
        }
        self.untagged_union_at(
            &kept,
            &real.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
            &base,
            hint,
        )
    }

    /// `oneOf` whose branches are each a string enum or constant (a common way to document each
    /// value): one string enum with every value.
    fn merged_string_enum(
        &mut self,
        branches: &[(usize, &Schema)],
        pointer: &str,
    ) -> Option<Shape> {
        let mut values: Vec<serde_json::Value> = Vec::new();
        // Seen values, for look-ups (`values.contains` made many branches quadratic).
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (_, branch) in branches {
            let Schema::Object(object) = branch else {
                return None;
            };
            let own: Vec<serde_json::Value> = match (&object.enum_values, &object.const_value) {
                (Some(listed), None) => listed.clone(),
                (None, Some(constant)) => vec![constant.clone()],
                _ => return None,
            };
            let plain = object.reference.is_none()
                && object.properties.is_empty()
                && object.one_of.is_none();
            if !plain || !own.iter().all(serde_json::Value::is_string) {
                return None;
            }
            // Every value is a string here (checked above).
            let fresh: Vec<serde_json::Value> = own
                .into_iter()
                .filter(|value| !seen.contains(value.as_str().unwrap_or_default()))
                .collect();
            seen.extend(fresh.iter().filter_map(|v| v.as_str().map(str::to_string)));
            values.extend(fresh);
        }
        Some(self.enum_shape(&values, &["string"], pointer))
    }

    /// An untagged union of `branches`, which sit at `pointer/0`, `pointer/1`, …
    pub(super) fn untagged_union(
        &mut self,
        branches: &[Schema],
        pointer: &str,
        hint: &str,
    ) -> Result<Shape, Diagnostic> {
        let indices: Vec<usize> = (0..branches.len()).collect();
        self.untagged_union_at(branches, &indices, pointer, hint)
    }

    fn untagged_union_at(
        &mut self,
        branches: &[Schema],
        indices: &[usize],
        base: &str,
        hint: &str,
    ) -> Result<Shape, Diagnostic> {
        let mut scope = NameScope::default();
        let mut variants = Vec::with_capacity(branches.len());
        for (branch, index) in branches.iter().zip(indices) {
            let at = pointer_push(base, &index.to_string());
            let variant_hint = format!("{}Variant{index}", camel_ident(hint));
            let ty = self.type_ref(branch, &at, &variant_hint)?;
            let (name, _) = scope.claim(&variant_name(&ty, index));
            variants.push(UnionVariant {
                name,
                payload: VariantPayload::value(ty),
                tag_values: Vec::new(),
                docs: None,
                deprecated: false,
            });
        }
        Ok(Shape::Def(TypeKind::Union(Union {
            tagging: Tagging::Untagged,
            variants,
            fallback: None,
        })))
    }

    /// `oneOf` + `discriminator`; `None` when a variant is not an object (it cannot carry a tag).
    fn tagged_union(
        &mut self,
        branches: &[Schema],
        real: &[(usize, &Schema)],
        discriminator: &crate::model::Discriminator,
        base: &str,
        hint: &str,
    ) -> Result<Option<Union>, Diagnostic> {
        let tag = discriminator.property_name.clone();
        let mut scope = NameScope::default();
        let mut variants = Vec::with_capacity(branches.len());
        let mut every_payload_has_tag = true;
        for (branch, (index, _)) in branches.iter().zip(real) {
            let at = pointer_push(base, &index.to_string());
            let Schema::Object(object) = branch else {
                return Ok(None);
            };
            let (tag_values, has_tag) = match &object.reference {
                Some(reference) => {
                    let default_value = reference
                        .rsplit('/')
                        .next()
                        .unwrap_or(reference)
                        .to_string();
                    let mut values: Vec<String> = discriminator
                        .mapping
                        .iter()
                        .filter(|(_, target)| *target == reference || **target == default_value)
                        .map(|(value, _)| value.clone())
                        .collect();
                    if values.is_empty() {
                        values.push(default_value);
                    }
                    (values, self.has_property(branch, &tag, &at, 0)?)
                }
                None => (
                    inline_tag_value(object, &tag).into_iter().collect(),
                    self.has_property(branch, &tag, &at, 0)?,
                ),
            };
            let variant_hint = format!("{}Variant{index}", camel_ident(hint));
            let ty = self.type_ref(branch, &at, &variant_hint)?;
            if !matches!(ty, TypeRef::Named(_)) || tag_values.is_empty() {
                return Ok(None);
            }
            every_payload_has_tag &= has_tag;
            let wanted = match &object.reference {
                Some(_) => variant_name(&ty, index),
                None => camel_ident(&tag_values[0]),
            };
            let (name, _) = scope.claim(&wanted);
            variants.push(UnionVariant {
                name,
                payload: VariantPayload::value(ty),
                tag_values,
                docs: None,
                deprecated: false,
            });
        }
        let tagging = Tagging::Internal {
            tag,
            payload_has_tag: every_payload_has_tag,
        };
        Ok(Some(Union {
            tagging,
            variants,
            fallback: None,
        }))
    }

    /// Whether an object schema (following `$ref` and `allOf`) declares `property`.
    fn has_property(
        &mut self,
        schema: &Schema,
        property: &str,
        pointer: &str,
        depth: usize,
    ) -> Result<bool, Diagnostic> {
        let Schema::Object(object) = schema else {
            return Ok(false);
        };
        if depth > 32 {
            return Ok(false);
        }
        if object.properties.contains_key(property) {
            return Ok(true);
        }
        if let Some(reference) = &object.reference {
            let (node, target) = self.resolver.node(reference, pointer)?;
            let resolved: Schema = from_node(node, &target)?;
            return self.has_property(&resolved, property, &target, depth + 1);
        }
        for branch in object.all_of.iter().flatten() {
            if self.has_property(branch, property, pointer, depth + 1)? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// The tag value an inline variant declares for itself (`properties.kind.const` or a one-value
/// `enum`).
fn inline_tag_value(object: &SchemaObject, tag: &str) -> Option<String> {
    let Some(Schema::Object(property)) = object.properties.get(tag) else {
        return None;
    };
    if let Some(value) = property.const_value.as_ref().and_then(|v| v.as_str()) {
        return Some(value.to_string());
    }
    match property.enum_values.as_deref() {
        Some([single]) => single.as_str().map(str::to_string),
        _ => None,
    }
}

/// A variant name from its payload type: the type's own name, or what kind of value it is.
pub(super) fn variant_name(ty: &TypeRef, index: &usize) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::Primitive(Primitive::String) => "String".into(),
        TypeRef::Primitive(Primitive::Bool) => "Bool".into(),
        TypeRef::Primitive(Primitive::Integer { .. }) => "Integer".into(),
        TypeRef::Primitive(Primitive::Number { .. }) => "Number".into(),
        TypeRef::Primitive(Primitive::Uuid) => "Uuid".into(),
        TypeRef::Primitive(Primitive::DateTime) => "DateTime".into(),
        TypeRef::Primitive(Primitive::Date) => "Date".into(),
        TypeRef::Primitive(Primitive::Bytes) => "Bytes".into(),
        TypeRef::Vec(_) | TypeRef::Tuple(_) => "Array".into(),
        TypeRef::Map(_) => "Object".into(),
        TypeRef::Option(inner) | TypeRef::Box(inner) => variant_name(inner, index),
        TypeRef::External(path) => camel_ident(path.rsplit("::").next().unwrap_or(path)),
        TypeRef::Json | TypeRef::Unit => format!("Variant{index}"),
    }
}
