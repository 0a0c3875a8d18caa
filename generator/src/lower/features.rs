//! What the generated crate needs beyond its fixed parts, read off the finished API once:
//! optional runtime helpers (forms, pages, checks, patterns) and dependencies (uuid, chrono).

use crate::ir::{
    ApiFeatures, MediaKind, Operation, Primitive, TypeDef, TypeKind, TypeRef, Webhook,
};

/// The features of an API whose types, operations and webhooks are final (and marked
/// validated); `checks_patterns`: whether a check the server makes is a `pattern`.
pub fn api_features(
    types: &[TypeDef],
    operations: &[Operation],
    webhooks: &[Webhook],
    checks_patterns: bool,
) -> ApiFeatures {
    let refs = type_refs(types, operations, webhooks);
    let uses = |wanted: &dyn Fn(Primitive) -> bool| {
        let primitive = |ty: &TypeRef| matches!(ty, TypeRef::Primitive(p) if wanted(*p));
        refs.iter().any(|ty| holds(ty, &primitive))
    };
    ApiFeatures {
        multipart: operations.iter().any(|op| {
            op.body
                .as_ref()
                .is_some_and(|body| body.media == MediaKind::Multipart)
        }),
        pagination: operations.iter().any(|op| op.pagination.is_some()),
        streams: operations.iter().any(|op| {
            op.stream.is_some()
                || op
                    .body
                    .as_ref()
                    .is_some_and(|body| body.media == MediaKind::JsonLines)
        }) || webhooks
            .iter()
            .any(|webhook| webhook.media == Some(MediaKind::JsonLines)),
        validation: types.iter().any(|def| def.validated)
            || operations.iter().any(|op| op.validated),
        patterns: checks_patterns || has_patterns(types, operations),
        uuid: uses(&|p| p == Primitive::Uuid),
        chrono: uses(&|p| matches!(p, Primitive::DateTime | Primitive::Date)),
        webhooks: !webhooks.is_empty(),
        nullable: refs
            .iter()
            .any(|ty| holds(ty, &|ty| matches!(ty, TypeRef::Nullable(_)))),
        streamed_bodies: operations.iter().any(|op| {
            op.body
                .as_ref()
                .is_some_and(|body| body.media == MediaKind::JsonLines)
        }),
    }
}

/// Whether an assertion of a type, a struct's field or a parameter is a `pattern`.
fn has_patterns(types: &[TypeDef], operations: &[Operation]) -> bool {
    let in_types = types.iter().any(|def| {
        def.constraints.has_pattern()
            || matches!(&def.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.constraints.has_pattern()))
    });
    in_types
        || operations
            .iter()
            .flat_map(|op| &op.params)
            .any(|param| param.constraints.has_pattern())
}

/// Every place a type can sit in the generated code: types, parameters, bodies, responses and
/// their headers, pagination items, webhook payloads (a type used in one place only still needs
/// its crate).
fn type_refs<'a>(
    types: &'a [TypeDef],
    operations: &'a [Operation],
    webhooks: &'a [Webhook],
) -> Vec<&'a TypeRef> {
    let mut refs: Vec<&TypeRef> = types.iter().flat_map(|def| def.kind.type_refs()).collect();
    for operation in operations {
        refs.extend(operation.params.iter().map(|p| &p.ty));
        refs.extend(operation.body.iter().map(|b| &b.ty));
        for response in &operation.responses {
            refs.extend(response.content.iter().map(|c| &c.ty));
            refs.extend(response.stream.iter().map(|s| &s.item));
            refs.extend(response.headers.iter().map(|h| &h.ty));
        }
        refs.extend(operation.pagination.iter().map(|p| &p.item_ty));
    }
    refs.extend(webhooks.iter().map(|webhook| &webhook.payload));
    refs
}

/// Whether a reference `wanted` picks sits anywhere in `ty` (outside named types: each type's
/// own references are looked at in its turn).
fn holds(ty: &TypeRef, wanted: &dyn Fn(&TypeRef) -> bool) -> bool {
    if wanted(ty) {
        return true;
    }
    match ty {
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::Box(inner) => holds(inner, wanted),
        TypeRef::Tuple(items) => items.iter().any(|item| holds(item, wanted)),
        TypeRef::Named(_)
        | TypeRef::Primitive(_)
        | TypeRef::External(_)
        | TypeRef::Json
        | TypeRef::Unit => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    /// The features of a spec with no components.
    fn features(raw: serde_json::Value) -> crate::ir::ApiFeatures {
        let document = crate::model::from_node(&raw, "").expect("valid model");
        crate::lower::lower(&raw, &document)
            .expect("lowers")
            .api
            .features
    }

    #[test]
    fn a_type_in_one_place_only_still_needs_its_crate() {
        let header_only = features(json!({
            "openapi": "3.1.0", "info": {"title": "T", "version": "1"},
            "paths": {"/bill": {"get": {"operationId": "bill", "responses": {"200": {
                "description": "ok",
                "headers": {"X-Next": {"schema": {"type": "string", "format": "date-time"}}}
            }}}}}
        }));
        assert!(header_only.chrono && !header_only.uuid);
        let webhook_only = features(json!({
            "openapi": "3.1.0", "info": {"title": "T", "version": "1"},
            "webhooks": {"billed": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"type": "string", "format": "uuid"}}}},
                "responses": {"200": {"description": "ok"}}
            }}}
        }));
        assert!(webhook_only.uuid && !webhook_only.chrono);
    }
}
