//! What the generated crate needs beyond its fixed parts, read off the finished API once:
//! optional runtime helpers (forms, pages, checks, patterns) and dependencies (uuid, chrono).

use crate::ir::{ApiFeatures, MediaKind, Operation, Primitive, TypeDef, TypeKind, TypeRef};

/// The features of an API whose types and operations are final (and marked validated);
/// `checks_patterns`: whether a check the server makes is a `pattern`.
pub fn api_features(
    types: &[TypeDef],
    operations: &[Operation],
    checks_patterns: bool,
) -> ApiFeatures {
    ApiFeatures {
        multipart: operations.iter().any(|op| {
            op.body
                .as_ref()
                .is_some_and(|body| body.media == MediaKind::Multipart)
        }),
        pagination: operations.iter().any(|op| op.pagination.is_some()),
        validation: types.iter().any(|def| def.validated)
            || operations.iter().any(|op| op.validated),
        patterns: checks_patterns || has_patterns(types, operations),
        uuid: uses(types, operations, &|p| p == Primitive::Uuid),
        chrono: uses(types, operations, &|p| {
            matches!(p, Primitive::DateTime | Primitive::Date)
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

/// Whether any type, parameter, body or response body uses a primitive matching `wanted`.
fn uses(types: &[TypeDef], operations: &[Operation], wanted: &dyn Fn(Primitive) -> bool) -> bool {
    let mut refs: Vec<&TypeRef> = types.iter().flat_map(|def| def.kind.type_refs()).collect();
    for operation in operations {
        refs.extend(operation.params.iter().map(|p| &p.ty));
        refs.extend(operation.body.iter().map(|b| &b.ty));
        refs.extend(
            operation
                .responses
                .iter()
                .filter_map(|r| r.content.as_ref().map(|c| &c.ty)),
        );
    }
    refs.into_iter().any(|ty| uses_primitive(ty, wanted))
}

fn uses_primitive(ty: &TypeRef, wanted: &dyn Fn(Primitive) -> bool) -> bool {
    match ty {
        TypeRef::Primitive(primitive) => wanted(*primitive),
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Box(inner) => uses_primitive(inner, wanted),
        TypeRef::Tuple(items) => items.iter().any(|item| uses_primitive(item, wanted)),
        TypeRef::Named(_) | TypeRef::External(_) | TypeRef::Json | TypeRef::Unit => false,
    }
}
