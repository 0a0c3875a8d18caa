//! `multipart/form-data` bodies: a struct per operation whose binary strings are file parts.

use super::Lowerer;
use super::all_of::Merged;
use super::structs::FieldMode;
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
        let properties = merged.as_properties();
        let structure = self.struct_kind(
            &properties,
            &merged.required,
            None,
            pointer,
            hint,
            FieldMode::Form,
        )?;
        let docs = schema.docs();
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
        // Items are followed in this loop, not by recursion: `items` may `$ref` back to the array
        // itself, and only one level counts anyway (an array of arrays of files is no file list).
        let mut in_array = false;
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
                if in_array {
                    return Ok(None);
                }
                in_array = true;
                let items = items.clone();
                at = crate::diagnostics::pointer_push(&at, "items");
                current = items;
                continue;
            }
            let (names, _) = object.type_names();
            let string = names.is_empty() || names == ["string"];
            let binary = object.format.as_deref() == Some("binary")
                || object.content_encoding.as_deref() == Some("binary")
                || object.content_media_type.is_some();
            let file = (string && binary).then_some(TypeRef::Primitive(Primitive::Bytes));
            return Ok(if in_array {
                file.map(|ty| TypeRef::Vec(Box::new(ty)))
            } else {
                file
            });
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::ir::{Primitive, TypeKind, TypeRef};

    #[test]
    fn form_arrays_whose_items_refer_back_to_themselves_end() {
        // Found by the fuzzer: `Files.items` is `Files` again, which recursed without end.
        let raw = json!({
            "openapi": "3.1.0",
            "paths": {"/a": {"post": {
                "requestBody": {"content": {"multipart/form-data": {"schema": {
                    "type": "object",
                    "properties": {
                        "looped": {"$ref": "#/components/schemas/Files"},
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "nested": {"type": "array", "items": {"type": "array", "items": {"type": "string", "format": "binary"}}}
                    }
                }}}},
                "responses": {"204": {"description": "done"}}
            }}},
            "components": {"schemas": {"Files": {"type": "array", "items": {"$ref": "#/components/schemas/Files"}}}}
        });
        let document = crate::model::from_node(&raw, "").expect("valid model");
        let lowered = crate::lower::lower(&raw, &document).expect("lowers");
        let field_type = |wire_name: &str| {
            lowered.api.types.iter().find_map(|def| match &def.kind {
                TypeKind::Struct(form) => form
                    .fields
                    .iter()
                    .find(|field| field.wire_name == wire_name)
                    .map(|field| field.ty.clone()),
                _ => None,
            })
        };
        let bytes = TypeRef::Primitive(Primitive::Bytes);
        assert_eq!(
            field_type("files"),
            Some(TypeRef::Vec(Box::new(bytes.clone())).optional())
        );
        assert_ne!(
            field_type("looped"),
            Some(TypeRef::Vec(Box::new(bytes.clone())).optional())
        );
        assert_eq!(
            field_type("nested"),
            Some(
                TypeRef::Vec(Box::new(TypeRef::Vec(Box::new(TypeRef::Primitive(
                    Primitive::String
                )))))
                .optional()
            )
        );
    }
}
