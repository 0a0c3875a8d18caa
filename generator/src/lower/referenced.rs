//! The schema a `$ref` leads to, as a model.
//!
//! Lowering often looks through a reference without lowering its target: a union's required
//! properties, an `allOf` branch's properties, a discriminator's pinned value. A component
//! schema of the root document was already read into the model with the document, so it is
//! taken from there; reading its JSON node again cost a giant spec a tenth of its lowering,
//! most of it in memory the system had to clear. Any other target is read once and kept.

use std::borrow::Cow;
use std::ops::Deref;
use std::sync::Arc;

use super::Lowerer;
use crate::diagnostics::Diagnostic;
use crate::model::{Schema, from_node};

/// A referenced schema: the model's own, or one read from its node.
pub(super) enum Referenced<'a> {
    /// A component schema of the root document, from the model.
    Model(&'a Schema),
    /// Any other schema, read from its node (and kept for the next look).
    Read(Arc<Schema>),
}

impl Deref for Referenced<'_> {
    type Target = Schema;

    fn deref(&self) -> &Schema {
        match self {
            Referenced::Model(schema) => schema,
            Referenced::Read(schema) => schema,
        }
    }
}

impl<'a> Lowerer<'a> {
    /// The schema `reference` (met at `pointer`) leads to, and the pointer of where it sits.
    pub(super) fn referenced_schema(
        &mut self,
        reference: &str,
        pointer: &str,
    ) -> Result<(Referenced<'a>, String), Diagnostic> {
        let (node, target) = self.resolver.node(reference, pointer)?;
        let component = component_name(&target).and_then(|name| self.component_schemas.get(&*name));
        if let Some(schema) = component {
            return Ok((Referenced::Model(schema), target));
        }
        if let Some(known) = self.referenced_schemas.get(&target) {
            return Ok((Referenced::Read(known.clone()), target));
        }
        let read = Arc::new(from_node::<Schema>(node, &target)?);
        self.referenced_schemas.insert(target.clone(), read.clone());
        Ok((Referenced::Read(read), target))
    }
}

/// The name of the root document's component schema at `target`, if that is where it points.
fn component_name(target: &str) -> Option<Cow<'_, str>> {
    let token = target.strip_prefix("/components/schemas/")?;
    if token.contains('/') {
        return None;
    }
    Some(if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    })
}

#[cfg(test)]
mod tests {
    use super::component_name;

    #[test]
    fn only_a_root_component_schema_has_a_component_name() {
        assert_eq!(
            component_name("/components/schemas/Pet").as_deref(),
            Some("Pet")
        );
        assert_eq!(
            component_name("/components/schemas/a~1b~0c").as_deref(),
            Some("a/b~c")
        );
        assert_eq!(
            component_name("/components/schemas/Pet/properties/id"),
            None
        );
        assert_eq!(component_name("/components/responses/Pet"), None);
        assert_eq!(component_name("pets.yaml#/components/schemas/Pet"), None);
    }
}
