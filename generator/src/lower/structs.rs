//! Object schemas → structs.

use super::Lowerer;
use super::names::{NameScope, camel_ident, snake_ident};
use crate::config::OptionalNullable;
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{AdditionalProperties, Field, Struct, TypeRef};
use crate::model::{Schema, SchemaObject};

/// How a struct travels: as JSON, or as a multipart form whose binary strings are files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FieldMode {
    /// A JSON object: binary strings stay strings.
    Json,
    /// A `multipart/form-data` body: binary strings become `bytes::Bytes` file parts.
    Form,
}

/// A property to become a field, with the pointer of its schema.
pub(super) struct Property<'s> {
    pub wire_name: &'s str,
    pub schema: &'s Schema,
    pub pointer: String,
}

/// The properties a schema object declares itself, in document order.
pub(super) fn own_properties<'s>(object: &'s SchemaObject, pointer: &str) -> Vec<Property<'s>> {
    let properties_pointer = pointer_push(pointer, "properties");
    object
        .properties
        .iter()
        .map(|(wire_name, schema)| Property {
            wire_name,
            schema,
            pointer: pointer_push(&properties_pointer, wire_name),
        })
        .collect()
}

impl Lowerer<'_> {
    /// Builds a struct from properties; `hint` is the struct's wanted name, used to name the
    /// types of inline property schemas.
    pub(super) fn struct_kind(
        &mut self,
        properties: &[Property<'_>],
        required: &[String],
        additional: Option<&Schema>,
        pointer: &str,
        hint: &str,
        mode: FieldMode,
    ) -> Result<Struct, Diagnostic> {
        let mut scope = NameScope::default();
        let mut fields = Vec::with_capacity(properties.len());
        // Each field's type hint starts with the struct's (once per struct, not per field:
        // on a giant spec these names are long and many).
        let struct_hint = camel_ident(hint);
        for property in properties {
            let wanted = snake_ident(property.wire_name);
            let (rust_name, renamed) = scope.claim(&wanted);
            if renamed {
                self.warn(
                    &property.pointer,
                    format!(
                        "property names collide as `{wanted}`; \"{}\" is field `{rust_name}`",
                        property.wire_name
                    ),
                );
            }
            let field_hint = format!("{struct_hint}{}", camel_ident(property.wire_name));
            let file = match mode {
                FieldMode::Form => self.file_field_type(property.schema, &property.pointer)?,
                FieldMode::Json => None,
            };
            let mut ty = match file {
                Some(ty) => ty,
                None => self.type_ref(property.schema, &property.pointer, &field_hint)?,
            };
            let is_required = required.iter().any(|name| name == property.wire_name);
            // `serde_json::Value` holds `null` itself; anything else admits it as an `Option`.
            let nullable = ty.is_option() || ty == TypeRef::Json;
            ty = match ty {
                // Absent, `null` and a value each mean something (a `PATCH` leaves out what
                // stays and sends `null` to clear). A form has no `null`: there it is an
                // `Option`, as its encoding can say only "there" or "not there".
                TypeRef::Option(inner)
                    if !is_required
                        && mode == FieldMode::Json
                        && self.config.types.optional_nullable == OptionalNullable::Nullable =>
                {
                    TypeRef::Nullable(inner)
                }
                ty if !is_required => ty.optional(),
                ty => ty,
            };
            let constraints = self.constraints_of(property.schema, &property.pointer);
            fields.push(Field {
                wire_name: property.wire_name.to_string(),
                rust_name,
                ty,
                required: is_required,
                nullable,
                constraints,
                docs: property.schema.docs(),
                deprecated: property.schema.is_deprecated(),
                read_only: matches!(property.schema, Schema::Object(object) if object.read_only),
                write_only: matches!(property.schema, Schema::Object(object) if object.write_only),
            });
        }
        let additional = match additional {
            Some(schema @ Schema::Object(_)) => {
                let at = pointer_push(pointer, "additionalProperties");
                let ty = self.type_ref(schema, &at, &format!("{hint}Value"))?;
                let (rust_name, _) = scope.claim("additional_properties");
                Some(AdditionalProperties { rust_name, ty })
            }
            _ => None,
        };
        Ok(Struct { fields, additional })
    }
}
