//! Component schemas → named types.

use super::Lowerer;
use super::names::camel_ident;
use super::schemas::{Shape, admits_null};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::model::{Document, Schema};

impl Lowerer<'_> {
    /// Gives every component schema its name before anything refers to it, in document order,
    /// so a component always wins its name over an inline schema.
    pub(super) fn claim_component_names(&mut self, document: &Document) {
        for (name, schema) in &document.components.schemas {
            let pointer = component_pointer(name);
            if let Some(rust_type) = self.config.types.replace.get(name) {
                // Replaced by an existing type: references use it, nothing is generated.
                self.inline_refs
                    .insert(pointer, TypeRef::External(rust_type.clone()));
                continue;
            }
            let wanted = self
                .config
                .types
                .rename
                .get(name)
                .cloned()
                .unwrap_or_else(|| camel_ident(name));
            let (rust_name, renamed) = self.types.claim(&pointer, &wanted);
            if renamed {
                self.warn(
                    &pointer,
                    format!("schema name `{wanted}` is taken; this schema is `{rust_name}`"),
                );
            }
            if admits_null(schema) {
                self.nullable_components.insert(pointer);
            }
        }
    }

    /// Lowers every component schema into the type named for it; from the lowerer's
    /// `halves_from` of them on, in two halves at once (`halves.rs`).
    pub(super) fn lower_components(&mut self, document: &Document) -> Result<(), Diagnostic> {
        let components: Vec<(&String, &Schema)> = document.components.schemas.iter().collect();
        let lower_part = |lowerer: &mut Lowerer<'_>, part: std::ops::Range<usize>| {
            lowerer.lower_component_list(&components[part])?;
            Ok(Vec::<()>::new())
        };
        if self
            .lower_in_halves(components.len(), &lower_part)?
            .is_none()
        {
            self.lower_component_list(&components)?;
        }
        Ok(())
    }

    /// Lowers `components`, in order.
    fn lower_component_list(
        &mut self,
        components: &[(&String, &Schema)],
    ) -> Result<(), Diagnostic> {
        for &(name, schema) in components {
            let pointer = component_pointer(name);
            let Some(rust_name) = self.types.name_of(&pointer).map(str::to_string) else {
                continue;
            };
            if let Schema::Object(object) = schema
                && let Some(reference) = &object.reference
            {
                // A component that is only a `$ref` must lead somewhere with content.
                self.resolver
                    .follow::<Schema>(reference, &pointer, |s| match s {
                        Schema::Object(o) => o.reference.as_ref(),
                        Schema::Bool(_) => None,
                    })?;
            }
            let (shape, _) = self.shape(schema, &pointer, &rust_name)?;
            let (kind, constraints) = match shape {
                Shape::Def(kind) => (kind, Default::default()),
                Shape::Inline(ty) => (TypeKind::Alias(ty), self.constraints_of(schema, &pointer)),
            };
            self.types.insert(TypeDef {
                name: rust_name,
                docs: schema.docs(),
                deprecated: schema.is_deprecated(),
                kind,
                constraints,
                reach: Default::default(),
                groups: Vec::new(),
                validated: false,
            });
        }
        Ok(())
    }
}

fn component_pointer(name: &str) -> String {
    pointer_push("/components/schemas", name)
}
