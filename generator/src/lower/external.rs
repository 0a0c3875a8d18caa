//! Schemas of other files that are listed under a name: named types, like root components.
//!
//! A schema reached at `other.yaml#/components/schemas/Pet` is a component of that file, so it
//! becomes the named type `Pet` rather than an anonymous inline type. Root components claim
//! their names before anything else; these claim theirs when first reached, and collide by the
//! one collision rule (the later claimant gets a suffix and a warning). They are lowered after
//! the root's components and operations, from a queue, so a long chain of files referring to one
//! another does not nest lowering calls.

use super::Lowerer;
use super::names::camel_ident;
use super::schemas::{Shape, admits_null};
use super::type_table::PendingSchema;
use crate::diagnostics::Diagnostic;
use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::model::{Schema, from_node};

impl Lowerer<'_> {
    /// Names the schema a `$ref` found at `at` reaches in another file (listed there as `name`)
    /// and queues it; returns the reference to its type.
    pub(super) fn external_component(
        &mut self,
        reference: &str,
        at: &str,
        name: &str,
    ) -> Result<TypeRef, Diagnostic> {
        let (node, pointer) = self.resolver.node(reference, at)?;
        let schema: Schema = from_node(node, &pointer)?;
        let wanted = camel_ident(name);
        let (rust_name, renamed) = self.types.claim(&pointer, &wanted);
        if renamed {
            self.warn(
                &pointer,
                format!("schema name `{wanted}` is taken; this schema is `{rust_name}`"),
            );
        }
        let nullable = admits_null(&schema);
        if nullable {
            self.nullable_components.insert(pointer.clone());
        }
        self.pending_schemas.push(PendingSchema {
            pointer,
            rust_name: rust_name.clone(),
            schema,
        });
        let named = TypeRef::Named(rust_name);
        Ok(if nullable { named.optional() } else { named })
    }

    /// Lowers every queued schema, and those they queue in turn, in the order they were reached.
    pub(super) fn lower_pending_schemas(&mut self) -> Result<(), Diagnostic> {
        loop {
            let batch = std::mem::take(&mut self.pending_schemas);
            if batch.is_empty() {
                return Ok(());
            }
            for pending in batch {
                self.lower_pending(pending)?;
            }
        }
    }

    fn lower_pending(&mut self, pending: PendingSchema) -> Result<(), Diagnostic> {
        let PendingSchema {
            pointer,
            rust_name,
            schema,
        } = pending;
        if let Schema::Object(object) = &schema
            && let Some(reference) = &object.reference
        {
            // A schema that is only a `$ref` must lead somewhere with content.
            self.resolver
                .follow::<Schema>(reference, &pointer, |s| match s {
                    Schema::Object(o) => o.reference.as_ref(),
                    Schema::Bool(_) => None,
                })?;
        }
        let (shape, _) = self.shape(&schema, &pointer, &rust_name)?;
        let (kind, constraints) = match shape {
            Shape::Def(kind) => (kind, Default::default()),
            Shape::Inline(ty) => (TypeKind::Alias(ty), self.constraints_of(&schema, &pointer)),
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
        Ok(())
    }
}
