//! `oasgen inspect`: what a spec lowers to, as text a person reads before generating.

use std::fmt::Write as _;

use crate::Lowered;
use crate::ir::{MediaKind, Operation, StatusMatch, TypeKind, TypeRef};

/// A report of the operations, types and warnings of a lowered spec.
pub fn report(lowered: &Lowered) -> String {
    let api = &lowered.api;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} — {} operations, {} types, {} warnings",
        api.title,
        api.version,
        api.operations.len(),
        api.types.len(),
        lowered.warnings.len()
    );
    if !api.groups.is_empty() {
        let _ = writeln!(out, "\ngroups (Cargo features):");
        for group in &api.groups {
            let _ = writeln!(
                out,
                "  {:<40} {} operations ({})",
                group.feature, group.operations, group.source
            );
        }
    }
    let _ = writeln!(out, "\noperations:");
    for operation in &api.operations {
        write_operation(&mut out, operation);
    }
    let _ = writeln!(out, "\ntypes:");
    for def in &api.types {
        let _ = writeln!(out, "  {:<40} {}", def.name, kind_text(&def.kind));
    }
    if !lowered.warnings.is_empty() {
        let _ = writeln!(out, "\nwarnings:");
        for warning in &lowered.warnings {
            let _ = writeln!(
                out,
                "  {} (at {})",
                warning.message, warning.location.pointer
            );
        }
    }
    out
}

/// An operation's line, then one per parameter, body, response and pagination.
fn write_operation(out: &mut String, operation: &Operation) {
    let _ = writeln!(
        out,
        "  {:<7} {:<40} {}",
        operation.method.as_str(),
        operation.path_template,
        crate::emit::ident_text(&operation.name)
    );
    for param in &operation.params {
        let required = if param.required { "" } else { "?" };
        let _ = writeln!(
            out,
            "          {:?} {}{required}: {}",
            param.location,
            param.wire_name,
            type_text(&param.ty)
        );
    }
    if let Some(body) = &operation.body {
        let _ = writeln!(
            out,
            "          body ({}): {}",
            media_text(body.media),
            type_text(&body.ty)
        );
    }
    for response in &operation.responses {
        let status = match response.status {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(class) => format!("{class}XX"),
            StatusMatch::Default => "default".to_string(),
        };
        let body = response
            .content
            .as_ref()
            .map_or_else(|| "(no body)".to_string(), |c| type_text(&c.ty));
        let _ = writeln!(out, "          -> {status} {}: {body}", response.variant);
    }
    if let Some(pagination) = &operation.pagination {
        let _ = writeln!(
            out,
            "          pages: {} yields {}",
            pagination.stream_method,
            type_text(&pagination.item_ty)
        );
    }
}

/// What a named type is, briefly.
fn kind_text(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Struct(s) => format!("struct, {} fields", s.fields.len()),
        TypeKind::StringEnum(e) => format!(
            "string enum, {} values{}",
            e.variants.len(),
            if e.fallback.is_some() { ", open" } else { "" }
        ),
        TypeKind::IntegerEnum(e) => format!("integer enum, {} values", e.values.len()),
        TypeKind::Union(u) => format!("union, {} variants", u.variants.len()),
        TypeKind::Newtype(inner) => format!("newtype of {}", type_text(inner)),
        TypeKind::Alias(target) => format!("= {}", type_text(target)),
        TypeKind::GenericStruct { param, structure } => {
            format!(
                "generic struct over {param}, {} fields",
                structure.fields.len()
            )
        }
        TypeKind::Instance { generic, arg } => format!("= {generic}<{}>", type_text(arg)),
    }
}

fn media_text(media: MediaKind) -> &'static str {
    match media {
        MediaKind::Json => "json",
        MediaKind::Form => "form",
        MediaKind::Multipart => "multipart",
        MediaKind::Binary => "bytes",
        MediaKind::Text => "text",
        MediaKind::EventStream => "events",
        MediaKind::JsonLines => "json lines",
    }
}

/// A type reference as a Rust type, briefly.
fn type_text(ty: &TypeRef) -> String {
    crate::emit::type_text(ty)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reports_operations_types_and_warnings() {
        let spec = b"openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}}\n";
        let lowered = crate::lower_bytes(spec).expect("lowers");
        let report = super::report(&lowered);
        assert!(report.contains("GET     /a/{id}"), "{report}");
        assert!(report.contains("Path id: i64"), "{report}");
        assert!(report.contains("-> 200 Ok: Vec<String>"), "{report}");
    }
}
