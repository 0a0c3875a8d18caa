//! `oneOf` + `discriminator` → an internally tagged enum: which values select each branch (the
//! `mapping`, a value the branch pins the property to, the component name), and what makes a
//! discriminator unusable.

use super::Lowerer;
use super::names::{NameScope, camel_ident};
use super::unions::variant_name;
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{Tagging, TypeRef, Union, UnionVariant, VariantPayload};
use crate::model::{Schema, SchemaObject};

impl Lowerer<'_> {
    /// `oneOf` + `discriminator`; `Err` with the reason when the tag cannot tell the variants
    /// apart (a variant that is not an object cannot carry it; one whose only value an earlier
    /// variant already has cannot be selected by it).
    pub(super) fn tagged_union(
        &mut self,
        branches: &[Schema],
        real: &[(usize, &Schema)],
        discriminator: &crate::model::Discriminator,
        base: &str,
        hint: &str,
    ) -> Result<Result<Union, String>, Diagnostic> {
        let tag = discriminator.property_name.clone();
        let mut scope = NameScope::default();
        let mut variants = Vec::with_capacity(branches.len());
        let mut every_payload_has_tag = true;
        let mut claimed_tags = std::collections::HashSet::new();
        for (branch, (index, _)) in branches.iter().zip(real) {
            let at = pointer_push(base, &index.to_string());
            let Schema::Object(object) = branch else {
                return Ok(Err(format!(
                    "discriminator `{tag}`: variant {index} is not an object, so it cannot carry the tag"
                )));
            };
            let (tag_values, has_tag) =
                self.branch_tag_values(branch, object, discriminator, &at)?;
            let tag_values =
                match self.claim_tag_values(tag_values, &mut claimed_tags, &tag, *index, &at) {
                    Ok(values) => values,
                    Err(reason) => return Ok(Err(reason)),
                };
            let variant_hint = format!("{}Variant{index}", camel_ident(hint));
            let ty = self.type_ref(branch, &at, &variant_hint)?;
            if !matches!(ty, TypeRef::Named(_)) {
                return Ok(Err(format!(
                    "discriminator `{tag}`: variant {index} is not an object, so it cannot carry the tag"
                )));
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
        Ok(Ok(Union {
            tagging,
            variants,
            fallback: None,
        }))
    }

    /// The tag values that select `branch` of a discriminated union, and whether its payload
    /// declares the tag property itself.
    fn branch_tag_values(
        &mut self,
        branch: &Schema,
        object: &SchemaObject,
        discriminator: &crate::model::Discriminator,
        at: &str,
    ) -> Result<(Vec<String>, bool), Diagnostic> {
        let tag = &discriminator.property_name;
        let has_tag = self.has_property(branch, tag, at, 0)?;
        let values = match &object.reference {
            Some(reference) => {
                let default_value = reference
                    .rsplit('/')
                    .next()
                    .unwrap_or(reference)
                    .to_string();
                let mapped: Vec<String> = discriminator
                    .mapping
                    .iter()
                    .filter(|(_, target)| *target == reference || **target == default_value)
                    .map(|(value, _)| value.clone())
                    .collect();
                if mapped.is_empty() {
                    self.implicit_tag_values(branch, tag, at, default_value)?
                } else {
                    mapped
                }
            }
            // Written inline: the value it pins the tag to, in its own properties or in those
            // an `allOf` merges (`allOf: [$ref: Chunk, {properties: {object: …}}]`).
            None => self.pinned_value(branch, tag, at, 0)?.into_iter().collect(),
        };
        Ok((values, has_tag))
    }

    /// The values that select variant `index`: each selects one variant, so a later branch
    /// claiming one again (two branches pinning one value, or a pinned value that is another's
    /// component name) loses it, with a warning. `Err` says why the variant has none left.
    fn claim_tag_values(
        &mut self,
        values: Vec<String>,
        claimed: &mut std::collections::HashSet<String>,
        tag: &str,
        index: usize,
        at: &str,
    ) -> Result<Vec<String>, String> {
        let (values, taken): (Vec<String>, Vec<String>) = values
            .into_iter()
            .partition(|value| claimed.insert(value.clone()));
        if values.is_empty() {
            return Err(if taken.is_empty() {
                format!("discriminator `{tag}`: variant {index} does not fix `{tag}` to one value")
            } else {
                format!(
                    "discriminator `{tag}`: variant {index} is selected by {}, which an earlier variant has",
                    quoted_list(&taken)
                )
            });
        }
        if !taken.is_empty() {
            self.warn(
                at,
                format!(
                    "discriminator `{tag}`: value(s) {} already select an earlier variant",
                    quoted_list(&taken)
                ),
            );
        }
        Ok(values)
    }

    /// The tag values of a `$ref` branch the `mapping` does not name. The spec's implicit
    /// mapping makes the component name its tag; but a branch that pins the property to one
    /// value (`role: {enum: [user]}`) is written with that value, which real documents send,
    /// so it comes first (the one written) and the component name is still accepted. Only a
    /// branch with neither a mapping entry nor a pinned value gets a warning: its tag is a
    /// guess the spec allows but its authors rarely mean.
    fn implicit_tag_values(
        &mut self,
        branch: &Schema,
        tag: &str,
        pointer: &str,
        component_name: String,
    ) -> Result<Vec<String>, Diagnostic> {
        match self.pinned_value(branch, tag, pointer, 0)? {
            Some(pinned) if pinned == component_name => Ok(vec![pinned]),
            Some(pinned) => Ok(vec![pinned, component_name]),
            None => {
                self.warn(
                    pointer,
                    format!(
                        "discriminator `{tag}` has no mapping for `{component_name}`, whose \
                         schema does not fix `{tag}` to one value: its tag is taken to be \
                         `{component_name}` (the implicit mapping)"
                    ),
                );
                Ok(vec![component_name])
            }
        }
    }

    /// The one string value an object schema (following `$ref` and `allOf`) allows for
    /// `property`: its `const`, or its `enum` of one value, written inline or behind a `$ref`.
    pub(super) fn pinned_value(
        &mut self,
        schema: &Schema,
        property: &str,
        pointer: &str,
        depth: usize,
    ) -> Result<Option<String>, Diagnostic> {
        let Schema::Object(object) = schema else {
            return Ok(None);
        };
        if depth > 32 {
            return Ok(None);
        }
        if let Some(declared) = object.properties.get(property) {
            return self.single_value(declared, pointer, depth + 1);
        }
        if let Some(reference) = &object.reference {
            let (resolved, target) = self.referenced_schema(reference, pointer)?;
            return self.pinned_value(&resolved, property, &target, depth + 1);
        }
        for branch in object.all_of.iter().flatten() {
            if let Some(value) = self.pinned_value(branch, property, pointer, depth + 1)? {
                return Ok(Some(value));
            }
        }
        Ok(None)
    }

    /// The one string a schema allows (`const`, a one-value `enum`), following `$ref`s.
    fn single_value(
        &mut self,
        schema: &Schema,
        pointer: &str,
        depth: usize,
    ) -> Result<Option<String>, Diagnostic> {
        let Schema::Object(object) = schema else {
            return Ok(None);
        };
        if depth > 32 {
            return Ok(None);
        }
        if let Some(value) = object.const_value.as_ref().and_then(|v| v.as_str()) {
            return Ok(Some(value.to_string()));
        }
        if let Some([single]) = object.enum_values.as_deref() {
            return Ok(single.as_str().map(str::to_string));
        }
        match &object.reference {
            Some(reference) => {
                let (resolved, target) = self.referenced_schema(reference, pointer)?;
                self.single_value(&resolved, &target, depth + 1)
            }
            None => Ok(None),
        }
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
            let (resolved, target) = self.referenced_schema(reference, pointer)?;
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

/// `"a", "b"`, for messages.
fn quoted_list(values: &[String]) -> String {
    values
        .iter()
        .map(|value| format!("\"{value}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
