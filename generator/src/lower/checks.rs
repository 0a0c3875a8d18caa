//! Which types and requests the server checks beyond their Rust types: a type gets a
//! `Validate` impl when a request or a webhook payload reaches it and one of its fields (or
//! variants) asserts something, or holds a type that does; a request is checked when a
//! parameter or the body does. Decided here once; `emit::validation` writes the checks these
//! flags call for.

// Only looked up, never iterated into the output: hashed (string keys compared in a B-tree
// were most of this pass on Stripe).
use foldhash::{HashMap, HashSet, HashSetExt};

use crate::ir::{
    AliasIndex, Constraints, Operation, Primitive, Struct, TypeDef, TypeKind, TypeRef,
    VariantPayload,
};

/// Sets [`TypeDef::validated`] and [`Operation::validated`]; reads [`TypeDef::reach`]. Returns
/// whether any check it calls for is a `pattern` (the checks then need `Pattern` and `regex`).
pub fn mark_validated(
    types: &mut [TypeDef],
    operations: &mut [Operation],
    aliases: &AliasIndex,
) -> bool {
    let validated: HashSet<String> = {
        // Before any type is known to be checked, only each type's own assertions count.
        let own = Asserts {
            aliases,
            validated: &HashSet::new(),
            wanted: Wanted::Any,
        };
        let mut holders: HashMap<&str, Vec<&str>> = HashMap::default();
        let mut queue = Vec::new();
        for def in types.iter() {
            for ty in def.kind.type_refs() {
                ty.visit_named(&mut |held, _| {
                    holders.entry(held).or_default().push(def.name.as_str());
                });
            }
            if own.definition(def) {
                queue.push(def.name.as_str());
            }
        }
        // A type holding a type (or an alias) that needs checks needs them too.
        let mut needs: HashSet<&str> = HashSet::new();
        while let Some(name) = queue.pop() {
            if needs.insert(name) {
                queue.extend(holders.get(name).into_iter().flatten().copied());
            }
        }
        // Only what a server decodes is checked, requests and webhook payloads (the receiver
        // checks those like requests): types that neither holds need no impl.
        types
            .iter()
            .filter(|def| {
                (def.reach.request || def.reach.webhook) && needs.contains(def.name.as_str())
            })
            .filter(|def| !matches!(def.kind, TypeKind::Alias(_)))
            .map(|def| def.name.clone())
            .collect()
    };
    let asserts = Asserts {
        aliases,
        validated: &validated,
        wanted: Wanted::Any,
    };
    for operation in operations.iter_mut() {
        operation.validated = asserts.request(operation);
        // A streamed body's items are checked one by one, by their type's own impl.
        if let Some(body) = operation.body.as_mut().filter(|body| is_streamed(body)) {
            body.items_checked = matches!(
                body.ty.held(),
                TypeRef::Vec(item) if matches!(&**item, TypeRef::Named(name) if validated.contains(name))
            );
        }
    }
    for def in types.iter_mut() {
        def.validated = validated.contains(&def.name);
    }
    // A validated type's own checks, and each validated request's: a pattern among them?
    let patterns = Asserts {
        wanted: Wanted::Pattern,
        ..asserts
    };
    types
        .iter()
        .any(|def| def.validated && patterns.definition(def))
        || operations
            .iter()
            .any(|op| op.validated && patterns.request(op))
}

/// Whether the server reads a request body as a stream of items (JSON Lines), checking each
/// as it arrives rather than the whole.
fn is_streamed(body: &crate::ir::Body) -> bool {
    body.media == crate::ir::MediaKind::JsonLines
}

/// What a walk over a value's checks looks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wanted {
    /// Any check at all, a named type's `Validate` call included.
    Any,
    /// A `pattern` check written here (a named type's own checks are its impl's).
    Pattern,
}

/// Whether values assert anything, given which named types are checked.
struct Asserts<'a> {
    aliases: &'a AliasIndex,
    validated: &'a HashSet<String>,
    wanted: Wanted,
}

impl Asserts<'_> {
    /// Whether a definition asserts something itself (not counting the types it holds).
    fn definition(&self, def: &TypeDef) -> bool {
        match &def.kind {
            TypeKind::Struct(structure) => self.fields(structure),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => self.value(ty, &def.constraints),
            TypeKind::Union(union) => union.variants.iter().any(|variant| match &variant.payload {
                VariantPayload::Value(ty, constraints) => self.value(ty, constraints),
                VariantPayload::Fields(fields) => self.fields(fields),
                VariantPayload::Unit => false,
            }),
            // No request reaches a generic struct or its instances (`lower::generics`).
            TypeKind::StringEnum(_)
            | TypeKind::IntegerEnum(_)
            | TypeKind::GenericStruct { .. }
            | TypeKind::Instance { .. } => false,
        }
    }

    /// Whether a field of a struct (or struct variant) asserts something.
    fn fields(&self, structure: &Struct) -> bool {
        structure
            .fields
            .iter()
            .any(|field| self.value(&field.ty, &field.constraints))
            || structure.additional.as_ref().is_some_and(|additional| {
                let map = TypeRef::Map(Box::new(additional.ty.clone()));
                self.value(&map, &Constraints::default())
            })
    }

    /// Whether an operation's parameters or body assert something.
    fn request(&self, operation: &Operation) -> bool {
        operation
            .params
            .iter()
            .any(|param| self.value(&param.ty, &param.constraints))
            || operation.body.as_ref().is_some_and(|body| {
                !is_streamed(body) && self.value(&body.ty, &Constraints::default())
            })
    }

    /// Whether a value of `ty` is held to `constraints` or to its types' assertions in a way
    /// the server checks (`emit::validation` writes exactly these checks).
    fn value(&self, ty: &TypeRef, constraints: &Constraints) -> bool {
        let any = self.wanted == Wanted::Any;
        match ty {
            TypeRef::Option(inner) | TypeRef::Nullable(inner) | TypeRef::Box(inner) => {
                self.value(inner, constraints)
            }
            TypeRef::Vec(inner) => {
                (any && constraints.binds_array())
                    || self.value(inner, constraints.items.as_deref().unwrap_or(&EMPTY))
            }
            TypeRef::Map(inner) => {
                (any && constraints.binds_map())
                    || self.value(inner, constraints.values.as_deref().unwrap_or(&EMPTY))
            }
            TypeRef::Tuple(items) => items.iter().any(|item| self.value(item, &EMPTY)),
            TypeRef::Named(name) => match self.aliases.target(name) {
                Some(target) => self.value(&target.ty, &constraints.and(&target.constraints)),
                None => any && self.validated.contains(name),
            },
            TypeRef::Primitive(Primitive::String) if any => constraints.binds_text(),
            TypeRef::Primitive(Primitive::String) => constraints.pattern.is_some(),
            TypeRef::Primitive(Primitive::Integer { .. }) => {
                any && !constraints.integer_checks().is_empty()
            }
            TypeRef::Primitive(Primitive::Number { .. }) => any && constraints.binds_number(),
            TypeRef::Primitive(_) | TypeRef::External(_) | TypeRef::Json | TypeRef::Unit => false,
        }
    }
}

/// No assertions.
static EMPTY: Constraints = Constraints {
    min_length: None,
    max_length: None,
    pattern: None,
    minimum: None,
    maximum: None,
    multiple_of: None,
    min_items: None,
    max_items: None,
    unique_items: false,
    min_properties: None,
    max_properties: None,
    items: None,
    values: None,
};

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::ir::Api;

    fn api(raw: serde_json::Value) -> Api {
        let document = crate::model::from_node(&raw, "").expect("valid model");
        crate::lower::lower(&raw, &document).expect("lowers").api
    }

    fn problem(description: &str) -> serde_json::Value {
        json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}})
    }

    /// One request body through an alias chain, one response: the facts `lower` leaves on the IR.
    #[test]
    fn reach_validation_shared_errors_and_features_are_worked_out_once() {
        let api = api(json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1"},
            "paths": {
                "/a": {"post": {"operationId": "create", "tags": ["things"],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Input"}}}},
                    "responses": {"204": {"description": "ok"}, "404": problem("missing")}}},
                "/b": {"get": {"operationId": "read", "tags": ["things"],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Output"}}}},
                                  "404": problem(" missing ")}}}
            },
            "components": {"schemas": {
                "Code": {"$ref": "#/components/schemas/ShortText"},
                "ShortText": {"type": "string", "maxLength": 4},
                "Input": {"type": "object", "properties": {"code": {"$ref": "#/components/schemas/Code"}}},
                "Output": {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}, "code": {"$ref": "#/components/schemas/Code"}}},
                "Problem": {"type": "object", "properties": {"title": {"type": "string"}}}
            }}
        }));
        let def = |name: &str| api.type_def(name).expect("defined");
        let (input, output) = (def("Input"), def("Output"));
        assert!(input.reach.request && !input.reach.response);
        assert!(output.reach.response && !output.reach.request);
        // The alias's `maxLength` binds the field: checked where a request holds it.
        assert!(input.validated && !output.validated && !def("Code").validated);
        let target = api.aliases.target("Code").expect("resolved");
        assert_eq!(target.constraints.max_length, Some(4));
        assert!(
            api.operations
                .iter()
                .all(|op| op.validated == (op.name == "create"))
        );
        // The same errors, told apart only by blanks the enum trims (in one group: an enum is
        // shared only there).
        let read = api.operations.iter().find(|op| op.name == "read");
        assert_eq!(
            read.and_then(|op| op.shares_errors_of.as_deref()),
            Some("create")
        );
        let features = api.features;
        assert!(features.validation && features.uuid);
        assert!(!features.chrono && !features.multipart && !features.patterns);
    }

    /// A pattern the server checks inside a union's struct variant needs `Pattern` and
    /// `regex` as much as one on a struct's field.
    #[test]
    fn a_checked_pattern_in_a_union_variant_needs_patterns() {
        let api = api(json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1"},
            "paths": {"/a": {"post": {"operationId": "send",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}}},
                "responses": {"204": {"description": "ok"}}}}},
            "components": {"schemas": {"Message": {"oneOf": [
                {"type": "object", "required": ["kind", "code"], "properties": {"kind": {"const": "a"}, "code": {"type": "string", "pattern": "^[a-z]+$"}}},
                {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "b"}}}
            ]}}}
        }));
        assert!(api.type_def("Message").expect("defined").validated);
        assert!(api.features.patterns && api.features.validation);
    }
}
