//! `oneOf` / `anyOf` (and multi-type arrays) → enums.

use std::collections::BTreeSet;

use super::Lowerer;
use super::names::{NameScope, camel_ident};
use super::schemas::{Shape, is_null_schema};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{
    NumberWidth, Primitive, Tagging, TypeKind, TypeRef, Union, UnionVariant, VariantPayload,
};
use crate::model::{Schema, SchemaObject};

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
            match self.tagged_union(&kept, &real, discriminator, &base, hint)? {
                Ok(union) => return Ok(Shape::Def(TypeKind::Union(union))),
                Err(why) => self.warn(pointer, format!("{why}; decoding the variants untagged")),
            }
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
                (None, Some(constant)) => vec![(**constant).clone()],
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
        let mut required = Vec::with_capacity(branches.len());
        for (branch, index) in branches.iter().zip(indices) {
            let at = pointer_push(base, &index.to_string());
            required.push(self.required_names(branch, &at, 0)?);
        }
        Ok(Shape::Def(TypeKind::Union(Union {
            tagging: Tagging::Untagged,
            variants: most_demanding_first(variants, &required),
            fallback: None,
        })))
    }

    /// The properties an object schema requires (its own, its `allOf` branches', through
    /// `$ref`s); `None` when it is not a plain object schema (a union, a scalar, too deep).
    fn required_names(
        &mut self,
        schema: &Schema,
        pointer: &str,
        depth: usize,
    ) -> Result<Option<BTreeSet<String>>, Diagnostic> {
        let Schema::Object(object) = schema else {
            return Ok(None);
        };
        if depth > 32 || object.one_of.is_some() || object.any_of.is_some() {
            return Ok(None);
        }
        if let Some(reference) = &object.reference {
            let (resolved, target) = self.referenced_schema(reference, pointer)?;
            return self.required_names(&resolved, &target, depth + 1);
        }
        let (names, _) = object.type_names();
        let object_like = names == ["object"] || (names.is_empty() && object.all_of.is_some());
        if !object_like {
            return Ok(None);
        }
        let mut required: BTreeSet<String> = object.required.iter().cloned().collect();
        for branch in object.all_of.iter().flatten() {
            match self.required_names(branch, pointer, depth + 1)? {
                Some(more) => required.extend(more),
                None => return Ok(None),
            }
        }
        Ok(Some(required))
    }
}

/// An array variant named after what it holds, so a union's arrays are told apart:
/// `BoolArray`, `ChunkArray`, `F32Arrays` (arrays of arrays); `Array` when its items are any
/// JSON. Floats are named by width (`Number` would not say which).
fn array_variant_name(ty: &TypeRef) -> String {
    let mut depth = 0;
    let mut element = ty;
    loop {
        match element {
            TypeRef::Vec(inner) => {
                depth += 1;
                element = inner;
            }
            TypeRef::Option(inner) | TypeRef::Nullable(inner) | TypeRef::Box(inner) => {
                element = inner
            }
            _ => break,
        }
    }
    let element_name = match element {
        TypeRef::Primitive(Primitive::Number { width, .. }) => match width {
            NumberWidth::F32 => "F32".to_string(),
            NumberWidth::F64 => "F64".to_string(),
        },
        TypeRef::Json | TypeRef::Unit | TypeRef::Tuple(_) | TypeRef::Vec(_) => {
            return "Array".into();
        }
        other => variant_name(other, &0),
    };
    let arrays = match depth {
        0 | 1 => "Array".to_string(),
        nested => format!("{}Arrays", "Array".repeat(nested - 2)),
    };
    format!("{element_name}{arrays}")
}

/// Untagged variants in the order serde should try them: the first that decodes wins, and an
/// object variant ignores properties it does not know, so a variant requiring every property
/// an earlier one requires, and more, would never be reached (`Chunk` before `CompletionFinal`
/// takes every final completion and drops its `usage`). Such a variant moves before the first
/// one it includes; everything else keeps document order (and its name).
fn most_demanding_first(
    variants: Vec<UnionVariant>,
    required: &[Option<BTreeSet<String>>],
) -> Vec<UnionVariant> {
    let mut order: Vec<usize> = Vec::with_capacity(variants.len());
    for later in 0..variants.len() {
        let includes = |earlier: &usize| match (&required[later], &required[*earlier]) {
            (Some(more), Some(fewer)) => more.len() > fewer.len() && more.is_superset(fewer),
            _ => false,
        };
        let position = order.iter().position(includes).unwrap_or(order.len());
        order.insert(position, later);
    }
    let mut slots: Vec<Option<UnionVariant>> = variants.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|index| slots.get_mut(index).and_then(Option::take))
        .collect()
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
        TypeRef::Vec(_) => array_variant_name(ty),
        TypeRef::Tuple(_) => "Array".into(),
        TypeRef::Map(_) => "Object".into(),
        TypeRef::Option(inner) | TypeRef::Nullable(inner) | TypeRef::Box(inner) => {
            variant_name(inner, index)
        }
        TypeRef::External(path) => camel_ident(path.rsplit("::").next().unwrap_or(path)),
        TypeRef::Json | TypeRef::Unit => format!("Variant{index}"),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{TypeKind, Union};
    use serde_json::json;

    /// The union named `Message` in a document of `schemas`, and the warnings.
    fn message_union(schemas: serde_json::Value) -> (Union, Vec<String>) {
        let raw = json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
                         "components": {"schemas": schemas}});
        let lowered = crate::lower_bytes(raw.to_string().as_bytes()).expect("lowers");
        let warnings = lowered.warnings.iter().map(|w| w.message.clone()).collect();
        let union = lowered
            .api
            .types
            .into_iter()
            .find_map(|def| match def.kind {
                TypeKind::Union(union) if def.name == "Message" => Some(union),
                _ => None,
            })
            .expect("Message is a union");
        (union, warnings)
    }

    #[test]
    fn a_value_two_branches_pin_selects_the_first() {
        let (union, warnings) = message_union(json!({
            "Message": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
                        "discriminator": {"propertyName": "role"}},
            "A": {"type": "object", "properties": {"role": {"const": "user"}}},
            "B": {"type": "object", "properties": {"role": {"enum": ["user"]}}}
        }));
        let tags: Vec<&[String]> = union.variants.iter().map(|v| &v.tag_values[..]).collect();
        assert_eq!(tags, [&["user", "A"][..], &["B"][..]]);
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("\"user\" already select")),
            "{warnings:?}"
        );
    }

    #[test]
    fn the_mapping_wins_over_a_pinned_value() {
        let (union, warnings) = message_union(json!({
            "Message": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
                        "discriminator": {"propertyName": "role",
                                          "mapping": {"a": "#/components/schemas/A", "b": "#/components/schemas/B"}}},
            "A": {"type": "object", "properties": {"role": {"enum": ["user"]}}},
            "B": {"type": "object", "properties": {"role": {"enum": ["user"]}}}
        }));
        assert!(warnings.is_empty(), "{warnings:?}");
        let tags: Vec<&[String]> = union.variants.iter().map(|v| &v.tag_values[..]).collect();
        assert_eq!(tags, [&["a"][..], &["b"][..]]);
    }

    #[test]
    fn untagged_variants_are_named_after_what_they_hold() {
        let (union, warnings) = message_union(json!({
            "Message": {"oneOf": [
                {"type": "array", "items": {"type": "boolean"}},
                {"type": "array", "items": {"type": "integer"}},
                {"type": "array", "items": {"type": "string"}},
                {"type": "array", "items": {"type": "array", "items": {"type": "number", "format": "float"}}},
                {"type": "array", "items": {"$ref": "#/components/schemas/Chunk"}},
                {"type": "array", "items": {"type": ["string", "null"]}},
                {"type": "array", "items": {}},
                {"type": "string"}
            ]},
            "Chunk": {"type": "object", "properties": {"text": {"type": "string"}}}
        }));
        let names: Vec<&str> = union.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "BoolArray",
                "IntegerArray",
                "StringArray",
                "F32Arrays",
                "ChunkArray",
                "StringArray2",
                "Array",
                "String"
            ]
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn an_untagged_variant_requiring_more_is_tried_first() {
        // Serde takes the first variant that decodes: `Chunk` would take every `Final` (it
        // ignores `usage`), so `Final`, which requires all `Chunk` does and more, goes first.
        let (union, _) = message_union(json!({
            "Message": {"oneOf": [{"$ref": "#/components/schemas/Chunk"}, {"$ref": "#/components/schemas/Final"},
                                  {"type": "string"}]},
            "Chunk": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
            "Final": {"type": "object", "required": ["id", "usage"],
                      "properties": {"id": {"type": "string"}, "usage": {"type": "integer"}}}
        }));
        let names: Vec<&str> = union.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["Final", "Chunk", "String"]);
    }
}
