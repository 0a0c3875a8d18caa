//! Which client method reads an operation's streamed response, and whether the request asks
//! for the stream with a boolean body property (`"stream": true`, the LLM pattern).

use super::Lowerer;
use super::names::NameScope;
use crate::ir::{Operation, Primitive, StreamMethod, TypeKind, TypeRef};

impl Lowerer<'_> {
    /// The stream method of `operation`, when a success response streams: the operation's own
    /// name when no success response has another body, else `<name>_stream` claimed in
    /// `scope` (after every operation has its name, by the same rule as other methods).
    pub(super) fn stream_method(
        &self,
        operation: &Operation,
        scope: &mut NameScope,
    ) -> Option<StreamMethod> {
        let successes = operation.responses.iter().filter(|r| r.success);
        if !successes.clone().any(|r| r.stream.is_some()) {
            return None;
        }
        let only = successes.clone().all(|r| r.content.is_none());
        let name = if only {
            operation.name.clone()
        } else {
            scope.claim(&format!("{}_stream", operation.name)).0
        };
        Some(StreamMethod {
            name,
            only,
            flag: self.stream_flag(operation),
        })
    }

    /// The wire name of the body's `stream` property, when the body is a struct with a
    /// boolean property of that name.
    fn stream_flag(&self, operation: &Operation) -> Option<String> {
        let body = operation.body.as_ref()?;
        let TypeRef::Named(name) = unwrap_option(&body.ty) else {
            return None;
        };
        let TypeKind::Struct(structure) = &self.types.get(name)?.kind else {
            return None;
        };
        structure
            .fields
            .iter()
            .find(|field| {
                field.wire_name == "stream"
                    && *unwrap_option(&field.ty) == TypeRef::Primitive(Primitive::Bool)
            })
            .map(|field| field.wire_name.clone())
    }
}

fn unwrap_option(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Option(inner) => inner,
        other => other,
    }
}
