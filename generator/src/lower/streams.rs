//! Which client method reads an operation's streamed response, and whether the request asks
//! for the stream with a boolean body property (`"stream": true`, the LLM pattern).

use super::Lowerer;
use super::names::NameScope;
use crate::diagnostics::Diagnostic;
use crate::ir::{
    MediaKind, Operation, Primitive, Response, StreamMethod, StreamedBody, Tagging, TypeKind,
    TypeRef,
};
use crate::model::{Schema, SchemaObject};

impl Lowerer<'_> {
    /// Applies `[streams.<name>]` to an operation's responses: its `item` replaces the event
    /// type of the first successful stream, or adds an SSE stream beside the first successful
    /// body when the spec documents none; its `terminator` ends the stream.
    pub(super) fn configured_stream(
        &mut self,
        name: &str,
        responses: &mut [Response],
        hint: &str,
    ) -> Result<(), Diagnostic> {
        let Some(config) = self.config.streams.get(name).cloned() else {
            return Ok(());
        };
        let item = match &config.item {
            Some(reference) => Some(self.configured_item(name, reference, hint)?),
            None => None,
        };
        let streamed = responses
            .iter()
            .position(|r| r.success && r.stream.is_some());
        let Some(index) = streamed.or_else(|| responses.iter().position(|r| r.success)) else {
            self.warn(
                "",
                format!("streams.{name}: the operation documents no successful response"),
            );
            return Ok(());
        };
        let response = &mut responses[index];
        match (&mut response.stream, item) {
            (Some(stream), item) => {
                if let Some(item) = item {
                    stream.named =
                        stream.media == MediaKind::EventStream && self.is_named_events(&item);
                    stream.item = item;
                }
                stream.terminator = config.terminator.clone();
            }
            (None, Some(item)) => {
                let named = self.is_named_events(&item);
                response.stream = Some(StreamedBody {
                    media: MediaKind::EventStream,
                    content_type: "text/event-stream".to_string(),
                    item,
                    terminator: config.terminator.clone(),
                    named,
                });
            }
            (None, None) => self.warn(
                "",
                format!(
                    "streams.{name}: the operation has no event stream; give its `item` to add one"
                ),
            ),
        }
        Ok(())
    }

    /// The type a configured `item` reference names, its errors said as the config's.
    fn configured_item(
        &mut self,
        name: &str,
        reference: &str,
        hint: &str,
    ) -> Result<TypeRef, Diagnostic> {
        let schema = Schema::Object(Box::new(SchemaObject {
            reference: Some(reference.to_string()),
            ..SchemaObject::default()
        }));
        self.type_ref(&schema, "", &format!("{hint}Event"))
            .map_err(|error| {
                Diagnostic::error(
                    "",
                    format!(
                        "invalid oasgen.toml: streams.{name}.item: {}",
                        error.message
                    ),
                )
            })
    }

    /// Warns of `[streams.<name>]` tables that name no operation.
    pub(super) fn warn_unknown_streams(&mut self, operations: &[Operation]) {
        let unknown: Vec<String> = self
            .config
            .streams
            .keys()
            .filter(|name| !operations.iter().any(|op| &op.name == *name))
            .cloned()
            .collect();
        for name in unknown {
            self.warn("", format!("streams.{name}: no operation has this name"));
        }
    }

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

    /// Whether `item` is an enum tagged by `event` with its value in `data`: each SSE event
    /// is then read as that object, its name choosing the variant.
    pub(super) fn is_named_events(&self, item: &TypeRef) -> bool {
        let TypeRef::Named(name) = item else {
            return false;
        };
        let Some(def) = self.types.get(name) else {
            return false;
        };
        matches!(
            &def.kind,
            TypeKind::Union(union) if union.tagging == Tagging::Adjacent {
                tag: "event".to_string(),
                content: "data".to_string(),
            }
        )
    }

    /// The wire name of the body's `stream` property, when the body is a struct with a
    /// boolean property of that name.
    fn stream_flag(&self, operation: &Operation) -> Option<String> {
        let body = operation.body.as_ref()?;
        let TypeRef::Named(name) = body.ty.held() else {
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
                    && *field.ty.held() == TypeRef::Primitive(Primitive::Bool)
            })
            .map(|field| field.wire_name.clone())
    }
}
