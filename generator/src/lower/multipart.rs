//! `multipart/form-data` bodies: a struct per operation whose binary strings are file parts.

use super::Lowerer;
use super::all_of::Merged;
use super::structs::{FieldMode, Property};
use crate::diagnostics::Diagnostic;
use crate::ir::{Primitive, TypeKind, TypeRef};
use crate::model::{Schema, from_node};

/// How many `$ref` hops are followed to find out whether a property is a file.
const MAX_HOPS: usize = 16;

impl Lowerer<'_> {
    /// The form struct of a multipart body (named `hint`), or `None` (with a warning) when the
    /// schema is not an object.
    pub(super) fn multipart_form(
        &mut self,
        schema: &Schema,
        pointer: &str,
        hint: &str,
    ) -> Result<Option<TypeRef>, Diagnostic> {
        let mut merged = Merged::default();
        if !self.collect(schema, pointer, &mut merged, 0)? || merged.properties.is_empty() {
            self.warn(pointer, "a multipart body that is not an object with properties; the operation is generated without its body");
            return Ok(None);
        }
        let properties: Vec<Property<'_>> = merged
            .properties
            .iter()
            .map(|(wire_name, schema, at)| Property {
                wire_name,
                schema,
                pointer: at.clone(),
            })
            .collect();
        let structure = self.struct_kind(
            &properties,
            &merged.required,
            None,
            pointer,
            hint,
            FieldMode::Form,
        )?;
        let docs = super::schemas::docs_of(schema);
        Ok(Some(self.define(
            pointer,
            hint,
            docs,
            false,
            TypeKind::Struct(structure),
        )))
    }

    /// `bytes::Bytes` for a file part (a binary string, following `$ref`s), `Vec<Bytes>` for an
    /// array of them, `None` for anything else.
    pub(super) fn file_field_type(
        &mut self,
        schema: &Schema,
        pointer: &str,
    ) -> Result<Option<TypeRef>, Diagnostic> {
        let mut current = schema.clone();
        let mut at = pointer.to_string();
        for _ in 0..MAX_HOPS {
            let Schema::Object(object) = &current else {
                return Ok(None);
            };
            if let Some(reference) = &object.reference {
                let (node, target) = self.resolver.node(reference, &at)?;
                current = from_node(node, &target)?;
                at = target;
                continue;
            }
            if let Some(items) = &object.items {
                let items_pointer = crate::diagnostics::pointer_push(&at, "items");
                let item = self.file_field_type(items, &items_pointer)?;
                return Ok(item
                    .filter(|ty| !matches!(ty, TypeRef::Vec(_)))
                    .map(|ty| TypeRef::Vec(Box::new(ty))));
            }
            let (names, _) = object.type_names();
            let string = names.is_empty() || names == ["string"];
            let binary = object.format.as_deref() == Some("binary")
                || object.content_encoding.as_deref() == Some("binary")
                || object.content_media_type.is_some();
            return Ok((string && binary).then_some(TypeRef::Primitive(Primitive::Bytes)));
        }
        Ok(None)
    }
}
