//! Schemas → type references: the dispatch on what a schema is.

use serde_json::Value;

use super::Lowerer;
use super::names::camel_ident;
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{
    EnumVariant, IntegerEnum, IntegerWidth, NumberWidth, Primitive, StringEnum, TypeDef, TypeKind,
    TypeRef,
};
use crate::model::{Schema, SchemaObject, TypeSet, from_node};

/// What a schema lowers to: a reference usable in place, or a type that needs a name.
pub(super) enum Shape {
    /// Usable as is (`String`, `Vec<Pet>`, `Option<i32>`, a named type).
    Inline(TypeRef),
    /// Needs a definition (a struct, an enum, a union).
    Def(TypeKind),
}

impl Lowerer<'_> {
    /// Lowers `schema` (at `pointer`) to a type reference; a type it must create is named `hint`.
    pub(super) fn type_ref(
        &mut self,
        schema: &Schema,
        pointer: &str,
        hint: &str,
    ) -> Result<TypeRef, Diagnostic> {
        // A node reached twice (an allOf merge restating a referenced schema's properties) keeps
        // the one type it was given the first time.
        if let Some(name) = self.types.name_of(pointer)
            && self.types.is_defined(name)
        {
            let named = TypeRef::Named(name.to_string());
            let nullable = matches!(schema, Schema::Object(o) if o.type_names().1);
            return Ok(if nullable { named.optional() } else { named });
        }
        if !self.schemas_in_progress.insert(pointer.to_string()) {
            self.warn(
                pointer,
                "this schema contains itself through an allOf merge; using serde_json::Value here",
            );
            return Ok(TypeRef::Json);
        }
        let shaped = self.shape(schema, pointer, hint);
        self.schemas_in_progress.remove(pointer);
        let (shape, nullable) = shaped?;
        let ty = match shape {
            Shape::Inline(ty) => ty,
            Shape::Def(kind) => {
                self.define(pointer, hint, schema.docs(), schema.is_deprecated(), kind)
            }
        };
        Ok(if nullable && ty != TypeRef::Json {
            ty.optional()
        } else {
            ty
        })
    }

    /// Stores a definition under a fresh name derived from `hint`.
    pub(super) fn define(
        &mut self,
        pointer: &str,
        hint: &str,
        docs: Option<String>,
        deprecated: bool,
        kind: TypeKind,
    ) -> TypeRef {
        let wanted = camel_ident(hint);
        let (name, renamed) = self.types.claim(pointer, &wanted);
        if renamed {
            self.warn(
                pointer,
                format!("type name `{wanted}` is taken; this schema is named `{name}`"),
            );
        }
        self.types.insert(TypeDef {
            name: name.clone(),
            docs,
            deprecated,
            kind,
            constraints: Default::default(),
            reach: Default::default(),
            groups: Vec::new(),
            validated: false,
        });
        TypeRef::Named(name)
    }

    /// What a schema is, and whether it also admits `null`.
    pub(super) fn shape(
        &mut self,
        schema: &Schema,
        pointer: &str,
        hint: &str,
    ) -> Result<(Shape, bool), Diagnostic> {
        let _level = self.nesting.enter(pointer)?;
        let object = match schema {
            Schema::Bool(_) => return Ok((Shape::Inline(TypeRef::Json), false)),
            Schema::Object(object) => object,
        };
        if let Some(reference) = &object.reference {
            let (_, nullable) = object.type_names();
            return Ok((
                Shape::Inline(self.schema_ref(reference, pointer)?),
                nullable,
            ));
        }
        let (names, _) = object.type_names();
        let nullable = admits_null(schema);
        let shape = self.non_null_shape(object, &names, pointer, hint)?;
        Ok((shape, nullable))
    }

    fn non_null_shape(
        &mut self,
        object: &SchemaObject,
        names: &[&str],
        pointer: &str,
        hint: &str,
    ) -> Result<Shape, Diagnostic> {
        if let Some(rust_type) = object
            .format
            .as_ref()
            .and_then(|format| self.config.types.formats.get(format))
            && names
                .iter()
                .all(|name| matches!(*name, "string" | "integer" | "number"))
        {
            return Ok(Shape::Inline(TypeRef::External(rust_type.clone())));
        }
        if let Some(values) = &object.enum_values {
            return Ok(self.enum_shape(values, names, pointer));
        }
        if let Some(constant) = &object.const_value
            && names.is_empty()
        {
            return Ok(Shape::Inline(const_type(constant)));
        }
        if let Some(branches) = object.one_of.as_ref().or(object.any_of.as_ref()) {
            return self.union_shape(object, branches, pointer, hint);
        }
        if let Some(branches) = &object.all_of {
            return self.all_of_shape(object, branches, pointer, hint);
        }
        if names.len() > 1 {
            return self.multi_type_shape(object, names, pointer, hint);
        }
        let shape = match names.first().copied() {
            Some("string") => Shape::Inline(string_type(object)),
            Some("integer") => Shape::Inline(integer_type(object, false)),
            Some("number") => Shape::Inline(number_type(object, false)),
            Some("boolean") => Shape::Inline(TypeRef::Primitive(Primitive::Bool)),
            Some("array") => self.array_shape(object, pointer, hint)?,
            Some("object") => self.object_shape(object, pointer, hint)?,
            Some(other) => {
                self.warn(
                    pointer,
                    format!("unknown type `{other}`; using serde_json::Value"),
                );
                Shape::Inline(TypeRef::Json)
            }
            None if !object.properties.is_empty() || object.additional_properties.is_some() => {
                self.object_shape(object, pointer, hint)?
            }
            None if object.items.is_some() => self.array_shape(object, pointer, hint)?,
            None => Shape::Inline(TypeRef::Json),
        };
        Ok(shape)
    }

    /// A `$ref` to a schema: a component becomes its named type; anything else is lowered where
    /// it points, once.
    pub(super) fn schema_ref(
        &mut self,
        reference: &str,
        pointer: &str,
    ) -> Result<TypeRef, Diagnostic> {
        let target = self.resolver.target_pointer(reference, pointer)?;
        if let Some(name) = self.types.name_of(&target) {
            let named = TypeRef::Named(name.to_string());
            return Ok(if self.nullable_components.contains(&target) {
                named.optional()
            } else {
                named
            });
        }
        if let Some(done) = self.inline_refs.get(&target) {
            return Ok(done.clone());
        }
        if let Some(name) = super::refs::external_type_name(&target) {
            return self.external_component(reference, pointer, &name);
        }
        if !self.refs_in_progress.insert(target.clone()) {
            self.warn(pointer, format!("recursive reference to `{reference}` outside components; using serde_json::Value"));
            return Ok(TypeRef::Json);
        }
        let (node, target) = self.resolver.node(reference, pointer)?;
        let schema: Schema = from_node(node, &target)?;
        let hint = target.rsplit('/').next().unwrap_or("Schema").to_string();
        let result = self.type_ref(&schema, &target, &hint);
        self.refs_in_progress.remove(&target);
        let ty = result?;
        self.inline_refs.insert(target, ty.clone());
        Ok(ty)
    }

    pub(super) fn enum_shape(&mut self, values: &[Value], names: &[&str], pointer: &str) -> Shape {
        let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        let non_null = values.iter().filter(|value| !value.is_null()).count();
        if strings.len() == non_null && non_null > 0 {
            let mut scope = super::names::NameScope::default();
            let mut variants = Vec::with_capacity(strings.len());
            for wire_value in strings {
                let wanted = camel_ident(wire_value);
                let (name, renamed) = scope.claim(&wanted);
                if renamed {
                    self.warn(
                        pointer,
                        format!("enum values collide as `{wanted}`; \"{wire_value}\" is `{name}`"),
                    );
                }
                variants.push(EnumVariant {
                    name,
                    wire_value: wire_value.to_string(),
                });
            }
            return Shape::Def(TypeKind::StringEnum(StringEnum {
                variants,
                fallback: None,
            }));
        }
        let integers: Vec<i64> = values.iter().filter_map(Value::as_i64).collect();
        if !integers.is_empty() && integers.len() == non_null {
            let mut scope = super::names::NameScope::default();
            let values = integers
                .into_iter()
                .map(|value| (scope.claim(&camel_ident(&value.to_string())).0, value))
                .collect();
            return Shape::Def(TypeKind::IntegerEnum(IntegerEnum { values }));
        }
        // Mixed enums keep their base type: every listed value still decodes.
        let base = if names == ["string"] {
            TypeRef::Primitive(Primitive::String)
        } else {
            TypeRef::Json
        };
        Shape::Inline(base)
    }

    fn multi_type_shape(
        &mut self,
        object: &SchemaObject,
        names: &[&str],
        pointer: &str,
        hint: &str,
    ) -> Result<Shape, Diagnostic> {
        // ASP.NET Core writes numbers as ["integer","string"] + a numeric pattern: a number that
        // may arrive quoted.
        let mut sorted = names.to_vec();
        sorted.sort_unstable();
        if object.pattern.is_some() && sorted == ["integer", "string"] {
            return Ok(Shape::Inline(integer_type(object, true)));
        }
        if object.pattern.is_some() && sorted == ["number", "string"] {
            return Ok(Shape::Inline(number_type(object, true)));
        }
        let branches: Vec<Schema> = names
            .iter()
            .map(|name| {
                let mut single = object.clone();
                single.types = Some(TypeSet(vec![name.to_string()]));
                Schema::Object(Box::new(single))
            })
            .collect();
        self.untagged_union(&branches, pointer, hint)
    }

    fn array_shape(
        &mut self,
        object: &SchemaObject,
        pointer: &str,
        hint: &str,
    ) -> Result<Shape, Diagnostic> {
        if let Some(prefix) = &object.prefix_items {
            return self.tuple_shape(object, prefix, pointer, hint);
        }
        let item = match &object.items {
            Some(items) => self.type_ref(
                items,
                &pointer_push(pointer, "items"),
                &format!("{hint}Item"),
            )?,
            None => TypeRef::Json,
        };
        Ok(Shape::Inline(TypeRef::Vec(Box::new(item))))
    }

    /// `prefixItems` → a tuple; with `items` also allowing more elements, the tail cannot be a
    /// tuple, so the array stays a `Vec` of the common item type (or JSON values).
    fn tuple_shape(
        &mut self,
        object: &SchemaObject,
        prefix: &[Schema],
        pointer: &str,
        hint: &str,
    ) -> Result<Shape, Diagnostic> {
        let closed = matches!(object.items, None | Some(Schema::Bool(false)));
        if !closed {
            self.warn(
                pointer,
                "`prefixItems` with further `items`: a Vec of JSON values",
            );
            return Ok(Shape::Inline(TypeRef::Vec(Box::new(TypeRef::Json))));
        }
        let base = pointer_push(pointer, "prefixItems");
        let mut items = Vec::with_capacity(prefix.len());
        for (index, item) in prefix.iter().enumerate() {
            let at = pointer_push(&base, &index.to_string());
            items.push(self.type_ref(item, &at, &format!("{hint}{index}"))?);
        }
        Ok(Shape::Inline(TypeRef::Tuple(items)))
    }

    fn object_shape(
        &mut self,
        object: &SchemaObject,
        pointer: &str,
        hint: &str,
    ) -> Result<Shape, Diagnostic> {
        if object.properties.is_empty() {
            let value = match &object.additional_properties {
                Some(schema @ Schema::Object(_)) => self.type_ref(
                    schema,
                    &pointer_push(pointer, "additionalProperties"),
                    &format!("{hint}Value"),
                )?,
                _ => TypeRef::Json,
            };
            return Ok(Shape::Inline(TypeRef::Map(Box::new(value))));
        }
        let properties = super::structs::own_properties(object, pointer);
        let structure = self.struct_kind(
            &properties,
            &object.required,
            object.additional_properties.as_ref(),
            pointer,
            hint,
            super::structs::FieldMode::Json,
        )?;
        Ok(Shape::Def(TypeKind::Struct(structure)))
    }
}

fn enum_admits_null(object: &SchemaObject) -> bool {
    object
        .enum_values
        .as_ref()
        .is_some_and(|values| values.contains(&Value::Null))
}

fn string_type(object: &SchemaObject) -> TypeRef {
    let primitive = match object.format.as_deref() {
        Some("uuid") => Primitive::Uuid,
        Some("date-time") => Primitive::DateTime,
        Some("date") => Primitive::Date,
        _ => Primitive::String,
    };
    TypeRef::Primitive(primitive)
}

fn integer_type(object: &SchemaObject, accepts_string: bool) -> TypeRef {
    let width = match object.format.as_deref() {
        Some("int32") => IntegerWidth::I32,
        Some("uint32") => IntegerWidth::U32,
        Some("uint64") => IntegerWidth::U64,
        _ => IntegerWidth::I64,
    };
    TypeRef::Primitive(Primitive::Integer {
        width,
        accepts_string,
    })
}

fn number_type(object: &SchemaObject, accepts_string: bool) -> TypeRef {
    let width = match object.format.as_deref() {
        Some("float") => NumberWidth::F32,
        _ => NumberWidth::F64,
    };
    TypeRef::Primitive(Primitive::Number {
        width,
        accepts_string,
    })
}

/// Whether a schema admits only `null` (a union branch that just makes the union nullable).
pub(super) fn is_null_schema(schema: &Schema) -> bool {
    let Schema::Object(object) = schema else {
        return false;
    };
    let only_null_type = matches!(&object.types, Some(TypeSet(names)) if names.iter().all(|n| n == "null") && !names.is_empty());
    let only_null_enum = matches!(&object.enum_values, Some(values) if values.iter().all(Value::is_null) && !values.is_empty());
    object.reference.is_none() && (only_null_type || only_null_enum)
}

/// Whether a component schema admits `null` at its top level, so references to it are optional.
pub(super) fn admits_null(schema: &Schema) -> bool {
    let Schema::Object(object) = schema else {
        return false;
    };
    let branches = object.one_of.iter().chain(object.any_of.iter()).flatten();
    object.type_names().1 || enum_admits_null(object) || branches.clone().any(is_null_schema)
}

/// Whether a schema only annotates (`example`, `description`, …) and constrains nothing: such an
/// `allOf` branch adds nothing to the type.
pub(super) fn is_annotation_only(schema: &Schema) -> bool {
    let Schema::Object(object) = schema else {
        return matches!(schema, Schema::Bool(true));
    };
    object.reference.is_none()
        && object.types.is_none()
        && object.properties.is_empty()
        && object.additional_properties.is_none()
        && object.items.is_none()
        && object.prefix_items.is_none()
        && object.all_of.is_none()
        && object.one_of.is_none()
        && object.any_of.is_none()
        && object.enum_values.is_none()
        && object.const_value.is_none()
        && object.format.is_none()
        && object.pattern.is_none()
}

/// The type of a `const` without `type`: what its value is.
fn const_type(value: &Value) -> TypeRef {
    match value {
        Value::String(_) => TypeRef::Primitive(Primitive::String),
        Value::Bool(_) => TypeRef::Primitive(Primitive::Bool),
        Value::Number(number) if number.is_i64() || number.is_u64() => {
            TypeRef::Primitive(Primitive::Integer {
                width: IntegerWidth::I64,
                accepts_string: false,
            })
        }
        Value::Number(_) => TypeRef::Primitive(Primitive::Number {
            width: NumberWidth::F64,
            accepts_string: false,
        }),
        Value::Null | Value::Array(_) | Value::Object(_) => TypeRef::Json,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::ir::{TypeKind, TypeRef};

    #[test]
    fn a_schema_merging_itself_through_all_of_is_json_there_not_a_stack_overflow() {
        // Found by the fuzzer: `id` merges `Todo`, whose `id` is this very allOf again.
        let raw = json!({"openapi": "3.1.0", "components": {"schemas": {"Todo": {
            "type": "object",
            "properties": {"id": {"allOf": [
                {"$ref": "#/components/schemas/Todo"},
                {"type": "object", "properties": {"file": {"type": "string"}}}
            ]}}
        }}}});
        let document = crate::model::from_node(&raw, "").expect("valid model");
        let lowered = crate::lower::lower(&raw, &document).expect("lowers");
        let id = lowered
            .api
            .types
            .iter()
            .find(|def| def.name == "TodoId")
            .expect("the merged struct");
        let TypeKind::Struct(merged) = &id.kind else {
            panic!("a struct: {:?}", id.kind)
        };
        let inner = merged.fields.iter().find(|field| field.wire_name == "id");
        assert_eq!(
            inner.map(|field| &field.ty),
            Some(&TypeRef::Json.optional())
        );
        assert!(
            lowered
                .warnings
                .iter()
                .any(|warning| warning.message.contains("contains itself")),
            "{:?}",
            lowered.warnings
        );
    }
}
