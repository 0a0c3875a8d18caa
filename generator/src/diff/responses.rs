//! An operation's responses: paired by the statuses they cover; then the variant's name, body
//! and headers.

use super::change::ChangeKind;
use super::context::{Differ, Found};
use super::rules::{Roles, Rule};
use crate::ir::{Operation, Response, ResponseHeader, StatusMatch, TypeRef};

/// `status 404`, `statuses 4XX`, `the default response`.
fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => format!("status {code}"),
        StatusMatch::Range(class) => format!("statuses {class}XX"),
        StatusMatch::Default => "the default response".to_string(),
    }
}

/// `operations::create_pet::Response::Created`.
fn variant_subject(operation: &Operation, response: &Response) -> String {
    format!(
        "operations::{}::Response::{}",
        operation.name, response.variant
    )
}

/// Responses by status, in the new operation's order, removed ones after.
pub(crate) fn compare_responses(differ: &mut Differ<'_>, old: &Operation, new: &Operation) {
    for response in &new.responses {
        let new_pointer = Some(differ.new.response(new, response.status));
        match old
            .responses
            .iter()
            .find(|old| old.status == response.status)
        {
            Some(old_response) => {
                let old_pointer = Some(differ.old.response(old, response.status));
                let pointers = (old_pointer, new_pointer);
                compare_response(differ, (old, old_response), (new, response), pointers);
            }
            None => {
                let subject = variant_subject(new, response);
                let found = Found::new(subject, ChangeKind::Added, status_text(response.status));
                differ.record(
                    found.at(None, new_pointer),
                    Rule::ChoiceAdded,
                    Roles::RESPONSE,
                );
            }
        }
    }
    for response in &old.responses {
        if new
            .responses
            .iter()
            .all(|new| new.status != response.status)
        {
            let old_pointer = Some(differ.old.response(old, response.status));
            let subject = variant_subject(old, response);
            let found = Found::new(subject, ChangeKind::Removed, status_text(response.status));
            differ.record(found.at(old_pointer, None), Rule::Removed, Roles::RESPONSE);
        }
    }
}

fn compare_response(
    differ: &mut Differ<'_>,
    (old_operation, old): (&Operation, &Response),
    (new_operation, new): (&Operation, &Response),
    pointers: (Option<String>, Option<String>),
) {
    let subject = variant_subject(new_operation, new);
    let here = |kind: ChangeKind, detail: String| {
        Found::new(subject.clone(), kind, detail).at(pointers.0.clone(), pointers.1.clone())
    };
    if old.variant != new.variant {
        let from = variant_subject(old_operation, old);
        let detail = format!("{} kept", status_text(new.status));
        differ.record(
            here(ChangeKind::Renamed { from }, detail),
            Rule::Renamed,
            Roles::RESPONSE,
        );
    }
    if old.success != new.success {
        // The client returns successes and errors apart; the server's enum holds both alike.
        let detail = if new.success {
            "now a success"
        } else {
            "now an error"
        };
        differ.record(
            here(ChangeKind::Changed, detail.into()),
            Rule::Retyped,
            Roles::CLIENT,
        );
    }
    let body_type = |response: &Response| {
        response
            .content
            .as_ref()
            .map_or(TypeRef::Unit, |content| content.ty.clone())
    };
    let same = differ.compare_types(
        here(ChangeKind::Changed, String::new()),
        &body_type(old),
        &body_type(new),
        Roles::RESPONSE,
    );
    if let (true, Some(old_content), Some(new_content)) = (same, &old.content, &new.content)
        && old_content.content_type != new_content.content_type
    {
        let detail = format!(
            "content type `{}` → `{}`",
            old_content.content_type, new_content.content_type
        );
        differ.record(
            here(ChangeKind::Changed, detail),
            Rule::EncodingChanged,
            Roles::RESPONSE,
        );
    }
    compare_stream(differ, (old, new), &subject, &pointers);
    compare_headers(differ, (old_operation, old), (new_operation, new));
}

/// The pointer of a response's media type entry (`…/content/text~1event-stream`).
fn media_pointer(response: Option<&str>, content_type: &str) -> Option<String> {
    let escaped = content_type.replace('~', "~0").replace('/', "~1");
    response.map(|response| format!("{response}/content/{escaped}"))
}

/// The response's event stream: offered or withdrawn, its event type and framing.
fn compare_stream(
    differ: &mut Differ<'_>,
    (old, new): (&Response, &Response),
    subject: &str,
    pointers: &(Option<String>, Option<String>),
) {
    let here = |kind: ChangeKind, detail: String| {
        Found::new(subject.to_string(), kind, detail).at(pointers.0.clone(), pointers.1.clone())
    };
    match (&old.stream, &new.stream) {
        (None, None) => {}
        (None, Some(stream)) => {
            let detail = format!("now also streams `{}`", stream.content_type);
            let at = media_pointer(pointers.1.as_deref(), &stream.content_type);
            let found = Found::new(subject.to_string(), ChangeKind::Added, detail).at(None, at);
            // A stream method beside the others, a variant the server may build.
            differ.record(found, Rule::TypeAdded, Roles::RESPONSE);
        }
        (Some(stream), None) => {
            let detail = format!("no longer streams `{}`", stream.content_type);
            let at = media_pointer(pointers.0.as_deref(), &stream.content_type);
            let found = Found::new(subject.to_string(), ChangeKind::Removed, detail).at(at, None);
            differ.record(found, Rule::Removed, Roles::RESPONSE);
        }
        (Some(old_stream), Some(new_stream)) => {
            let detail = "its events".to_string();
            let same = differ.compare_types(
                here(ChangeKind::Changed, detail),
                &old_stream.item,
                &new_stream.item,
                Roles::RESPONSE,
            );
            if same && old_stream.content_type != new_stream.content_type {
                let detail = format!(
                    "event stream `{}` → `{}`",
                    old_stream.content_type, new_stream.content_type
                );
                differ.record(
                    here(ChangeKind::Changed, detail),
                    Rule::EncodingChanged,
                    Roles::RESPONSE,
                );
            }
        }
    }
}

/// `operations::get_pet::OkHeaders::rate_limit`.
fn header_subject(operation: &Operation, response: &Response, header: &ResponseHeader) -> String {
    format!(
        "operations::{}::{}Headers::{}",
        operation.name, response.variant, header.rust_name
    )
}

/// Declared headers by wire name (case-insensitive, as HTTP compares them).
fn compare_headers(
    differ: &mut Differ<'_>,
    (old_operation, old): (&Operation, &Response),
    (new_operation, new): (&Operation, &Response),
) {
    let same =
        |a: &ResponseHeader, b: &ResponseHeader| a.wire_name.eq_ignore_ascii_case(&b.wire_name);
    for header in &new.headers {
        let subject = header_subject(new_operation, new, header);
        let new_pointer = Some(
            differ
                .new
                .header(new_operation, new.status, &header.wire_name),
        );
        let Some(old_header) = old.headers.iter().find(|old| same(old, header)) else {
            let detail = format!("header `{}`", header.wire_name);
            let found = Found::new(subject, ChangeKind::Added, detail).at(None, new_pointer);
            let rule = Rule::MemberAdded {
                required: header.required,
            };
            differ.record(found, rule, Roles::RESPONSE);
            continue;
        };
        let old_pointer = Some(
            differ
                .old
                .header(old_operation, old.status, &old_header.wire_name),
        );
        let here = |kind: ChangeKind, detail: String| {
            Found::new(subject.clone(), kind, detail).at(old_pointer.clone(), new_pointer.clone())
        };
        if old_header.rust_name != header.rust_name {
            let from = header_subject(old_operation, old, old_header);
            let detail = format!("header `{}` kept", header.wire_name);
            differ.record(
                here(ChangeKind::Renamed { from }, detail),
                Rule::Renamed,
                Roles::RESPONSE,
            );
        }
        differ.compare_types(
            here(ChangeKind::Changed, String::new()),
            &old_header.ty,
            &header.ty,
            Roles::RESPONSE,
        );
    }
    for header in &old.headers {
        if new
            .headers
            .iter()
            .all(|new_header| !same(header, new_header))
        {
            let subject = header_subject(old_operation, old, header);
            let detail = format!("header `{}`", header.wire_name);
            let old_pointer = Some(
                differ
                    .old
                    .header(old_operation, old.status, &header.wire_name),
            );
            let found = Found::new(subject, ChangeKind::Removed, detail).at(old_pointer, None);
            differ.record(found, Rule::Removed, Roles::RESPONSE);
        }
    }
}
