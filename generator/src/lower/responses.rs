//! Request bodies and responses.

use super::Lowerer;
use super::media::{choose, choose_stream, is_stream};
use super::names::{NameScope, camel_ident, snake_ident, status_variant};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{
    Body, MediaKind, Primitive, Response, ResponseContent, ResponseHeader, StatusMatch,
    StreamedBody, TypeRef,
};
use crate::model::{self, Map, MediaType, RequestBody};

impl Lowerer<'_> {
    /// Lowers the request body, if the operation has one oasgen can encode.
    pub(super) fn lower_body(
        &mut self,
        operation: &model::Operation,
        pointer: &str,
        type_hint: &str,
    ) -> Result<Option<Body>, Diagnostic> {
        let Some(body) = &operation.request_body else {
            return Ok(None);
        };
        let at = pointer_push(pointer, "requestBody");
        // Borrowed when written in place: a body holds its whole schema, not worth copying.
        let (body, at) = self
            .resolver
            .in_place(body, at, |b: &RequestBody| b.reference.as_ref())?;
        let Some((media, content_type, ty)) = self.content(
            &body.content,
            &at,
            &format!("{type_hint}Body"),
            BodyRole::Request,
        )?
        else {
            return Ok(None);
        };
        let ty = if body.required { ty } else { ty.optional() };
        Ok(Some(Body {
            media,
            content_type,
            ty,
            required: body.required,
            docs: body.description.clone(),
            items_checked: false,
        }))
    }

    /// The documented responses with their statuses, in the order variants are named: codes
    /// ascending, then ranges, then `default`; a key that is none of these is skipped with a
    /// warning.
    fn documented_statuses<'o>(
        &mut self,
        operation: &'o model::Operation,
        base: &str,
    ) -> Vec<(StatusMatch, &'o str, &'o model::Response)> {
        let mut statuses = Vec::new();
        for (key, response) in &operation.responses {
            match parse_status(key) {
                Some(status) => statuses.push((status, key.as_str(), response)),
                None => self.warn(
                    pointer_push(base, key),
                    format!("`{key}` is not a status code, range or `default`; skipped"),
                ),
            }
        }
        statuses.sort_by_key(|(status, _, _)| status_order(*status));
        statuses
    }

    /// Lowers the documented responses: codes ascending, then ranges, then `default`.
    pub(super) fn lower_responses(
        &mut self,
        operation: &model::Operation,
        pointer: &str,
        type_hint: &str,
    ) -> Result<Vec<Response>, Diagnostic> {
        let base = pointer_push(pointer, "responses");
        let statuses = self.documented_statuses(operation, &base);
        let mut scope = NameScope::default();
        let mut responses = Vec::with_capacity(statuses.len());
        for (status, key, response) in statuses {
            let at = pointer_push(&base, key);
            let (response, at) = self
                .resolver
                .in_place(response, at, |r: &model::Response| r.reference.as_ref())?;
            let wanted = match status {
                StatusMatch::Code(code) => status_variant(code),
                StatusMatch::Range(class) => format!("Status{class}xx"),
                StatusMatch::Default => "Default".to_string(),
            };
            let (variant, _) = scope.claim(&wanted);
            let hint = format!("{type_hint}{variant}Response");
            let success = matches!(status, StatusMatch::Code(200..=299) | StatusMatch::Range(2));
            // A success may stream; an error's stream is read whole, as text.
            let role = if success {
                BodyRole::Success
            } else {
                BodyRole::Error
            };
            let content = self.content(&response.content, &at, &hint, role)?.map(
                |(media, content_type, ty)| ResponseContent {
                    media,
                    content_type,
                    ty,
                },
            );
            let stream = if success {
                self.streamed(&response.content, &at, &hint)?
            } else {
                None
            };
            let headers = self.lower_response_headers(&response, &at, &hint)?;
            responses.push(Response {
                status,
                variant,
                success,
                docs: response.description.clone(),
                content,
                headers,
                stream,
            });
        }
        if responses.is_empty() {
            self.warn(
                &base,
                "the operation documents no response; any status is accepted without a body",
            );
            responses.push(Response {
                status: StatusMatch::Default,
                variant: "Default".to_string(),
                success: false,
                docs: None,
                content: None,
                headers: Vec::new(),
                stream: None,
            });
        }
        Ok(responses)
    }

    /// The headers a response declares (`Content-Type` is the HTTP layer's, so skipped).
    fn lower_response_headers(
        &mut self,
        response: &model::Response,
        pointer: &str,
        hint: &str,
    ) -> Result<Vec<ResponseHeader>, Diagnostic> {
        let base = pointer_push(pointer, "headers");
        let mut scope = NameScope::default();
        let mut headers = Vec::new();
        for (wire_name, header) in &response.headers {
            if wire_name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let at = pointer_push(&base, wire_name);
            let (header, at) = self
                .resolver
                .in_place(header, at, |h: &model::Header| h.reference.as_ref())?;
            let (rust_name, _) = scope.claim(&snake_ident(wire_name));
            let field_hint = format!("{hint}{}", camel_ident(wire_name));
            let ty = match &header.schema {
                Some(schema) => self.type_ref(schema, &pointer_push(&at, "schema"), &field_hint)?,
                None => TypeRef::Primitive(Primitive::String),
            };
            let ty = if header.required { ty } else { ty.optional() };
            headers.push(ResponseHeader {
                wire_name: wire_name.clone(),
                rust_name,
                ty,
                required: header.required,
                docs: header.description.clone(),
            });
        }
        Ok(headers)
    }

    /// The chosen media type of a `content` map and its type. A success response's stream
    /// media types are left to `streamed`; a request's JSON Lines are its items, read whole;
    /// any other stream is read whole, as text.
    fn content(
        &mut self,
        content: &Map<MediaType>,
        pointer: &str,
        hint: &str,
        role: BodyRole,
    ) -> Result<Option<(MediaKind, String, TypeRef)>, Diagnostic> {
        let what = role.what();
        let streams_apart = role == BodyRole::Success;
        if content.is_empty() {
            return Ok(None);
        }
        let content_pointer = pointer_push(pointer, "content");
        if streams_apart && choose(content, true).is_none() && choose_stream(content).is_some() {
            return Ok(None);
        }
        let Some(chosen) = choose(content, streams_apart) else {
            let types: Vec<&str> = content.keys().map(String::as_str).collect();
            self.warn(
                &content_pointer,
                format!(
                    "no supported media type among {types:?}; the {what} body is not generated"
                ),
            );
            return Ok(None);
        };
        if !chosen.others.is_empty() {
            self.warn(
                &content_pointer,
                format!(
                    "the {what} is generated for `{}` only; also offered: {:?}",
                    chosen.content_type, chosen.others
                ),
            );
        }
        let schema_pointer = pointer_push(
            &pointer_push(&content_pointer, chosen.content_type),
            "schema",
        );
        let ty = match (chosen.kind, &chosen.media.schema) {
            (MediaKind::Binary, _) => TypeRef::Primitive(Primitive::Bytes),
            (MediaKind::Text, _) => TypeRef::Primitive(Primitive::String),
            (MediaKind::JsonLines, _) if role == BodyRole::Request => {
                let at = pointer_push(&content_pointer, chosen.content_type);
                let items = self.json_lines_items(chosen.media, &at, hint)?;
                return Ok(Some((
                    MediaKind::JsonLines,
                    chosen.content_type.to_string(),
                    items,
                )));
            }
            (kind, _) if is_stream(kind) => {
                return Ok(Some((
                    MediaKind::Text,
                    chosen.content_type.to_string(),
                    TypeRef::Primitive(Primitive::String),
                )));
            }
            (MediaKind::Multipart, Some(schema)) => {
                // A form is named for its operation (`<Op>Form`), not `<Op>Body`.
                let form_hint = hint
                    .strip_suffix("Body")
                    .map(|op| format!("{op}Form"))
                    .unwrap_or_else(|| hint.to_string());
                match self.multipart_form(schema, &schema_pointer, &form_hint)? {
                    Some(ty) => ty,
                    None => return Ok(None),
                }
            }
            (MediaKind::Multipart, None) => {
                self.warn(&content_pointer, "a multipart body without a schema; the operation is generated without its body");
                return Ok(None);
            }
            (_, Some(schema)) => self.type_ref(schema, &schema_pointer, hint)?,
            (_, None) => TypeRef::Json,
        };
        Ok(Some((chosen.kind, chosen.content_type.to_string(), ty)))
    }
}

/// Which message a `content` map belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyRole {
    Request,
    Success,
    Error,
}

impl BodyRole {
    /// The message, as warnings name it.
    fn what(self) -> &'static str {
        match self {
            BodyRole::Request => "request body",
            BodyRole::Success | BodyRole::Error => "response",
        }
    }
}

impl Lowerer<'_> {
    /// The items of a JSON Lines request body, as a `Vec`: one item is the `itemSchema` (3.2),
    /// else the `schema` (as 3.0 and 3.1 specs describe one record; an array schema is taken
    /// as the whole body), else any JSON.
    fn json_lines_items(
        &mut self,
        media: &MediaType,
        at: &str,
        hint: &str,
    ) -> Result<TypeRef, Diagnostic> {
        let hint = format!("{}Item", hint.strip_suffix("Body").unwrap_or(hint));
        let item = match (&media.item_schema, &media.schema) {
            (Some(item), _) => self.type_ref(item, &pointer_push(at, "itemSchema"), &hint)?,
            (None, Some(schema)) => {
                let ty = self.type_ref(schema, &pointer_push(at, "schema"), &hint)?;
                if matches!(ty, TypeRef::Vec(_)) {
                    return Ok(ty);
                }
                ty
            }
            (None, None) => TypeRef::Json,
        };
        Ok(TypeRef::Vec(Box::new(item)))
    }

    /// A success response's stream of events, when its content offers one, and the type of
    /// one event's data: the 3.2 `itemSchema` (an SSE event object's `data`, read through its
    /// `contentSchema` when the data is JSON in a string), else the `schema` (3.0 and 3.1
    /// specs describe one event there), else text (SSE) or any JSON (JSON Lines).
    fn streamed(
        &mut self,
        content: &Map<MediaType>,
        pointer: &str,
        hint: &str,
    ) -> Result<Option<StreamedBody>, Diagnostic> {
        let Some((media, content_type, entry)) = choose_stream(content) else {
            return Ok(None);
        };
        let at = pointer_push(&pointer_push(pointer, "content"), content_type);
        let hint = format!("{}Event", hint.strip_suffix("Response").unwrap_or(hint));
        // An `itemSchema` describes the whole SSE event: a `oneOf` of event objects naming
        // their events lowers to an enum chosen by the event's name. A 3.0/3.1 `schema`
        // describes one event's data, whatever its shape.
        let (item, whole_event) = match (&entry.item_schema, &entry.schema) {
            (Some(item), _) => {
                let at = pointer_push(&at, "itemSchema");
                match sse_data(media, item) {
                    Some((data, data_at)) => (
                        self.type_ref(data, &format!("{at}{data_at}"), &hint)?,
                        false,
                    ),
                    None => (self.type_ref(item, &at, &hint)?, true),
                }
            }
            (None, Some(schema)) => (
                self.type_ref(schema, &pointer_push(&at, "schema"), &hint)?,
                false,
            ),
            (None, None) if media == MediaKind::EventStream => {
                (TypeRef::Primitive(Primitive::String), false)
            }
            (None, None) => (TypeRef::Json, false),
        };
        let named = whole_event && media == MediaKind::EventStream && self.is_named_events(&item);
        Ok(Some(StreamedBody {
            media,
            content_type: content_type.to_string(),
            item,
            terminator: None,
            named,
        }))
    }
}

/// The schema of an SSE event's `data` when `item` describes the whole event (an object whose
/// properties are among `data`, `event`, `id`, `retry`, `data` among them), with its pointer
/// below `item`: `data`'s `contentSchema` when it has one (JSON carried in the string).
fn sse_data(media: MediaKind, item: &model::Schema) -> Option<(&model::Schema, String)> {
    let model::Schema::Object(object) = item else {
        return None;
    };
    let fields = ["data", "event", "id", "retry"];
    let event_shaped = media == MediaKind::EventStream
        && object.properties.contains_key("data")
        && object
            .properties
            .keys()
            .all(|key| fields.contains(&key.as_str()));
    if !event_shaped {
        return None;
    }
    let data = object.properties.get("data")?;
    match data {
        model::Schema::Object(inner) => match &inner.content_schema {
            Some(schema) => Some((schema, "/properties/data/contentSchema".to_string())),
            None => Some((data, "/properties/data".to_string())),
        },
        model::Schema::Bool(_) => Some((data, "/properties/data".to_string())),
    }
}

fn parse_status(key: &str) -> Option<StatusMatch> {
    if key == "default" {
        return Some(StatusMatch::Default);
    }
    if let Ok(code) = key.parse::<u16>() {
        return (100..=599)
            .contains(&code)
            .then_some(StatusMatch::Code(code));
    }
    match key.as_bytes() {
        [class @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => Some(StatusMatch::Range(class - b'0')),
        _ => None,
    }
}

fn status_order(status: StatusMatch) -> (u8, u16) {
    match status {
        StatusMatch::Code(code) => (0, code),
        StatusMatch::Range(class) => (1, u16::from(class)),
        StatusMatch::Default => (2, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse() {
        assert_eq!(parse_status("201"), Some(StatusMatch::Code(201)));
        assert_eq!(parse_status("2XX"), Some(StatusMatch::Range(2)));
        assert_eq!(parse_status("default"), Some(StatusMatch::Default));
        assert_eq!(parse_status("200 OK"), None);
        assert_eq!(parse_status("999"), None);
    }
}
