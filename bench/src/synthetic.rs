//! A synthetic spec that scales: N copies of a realistic resource, so generation time can be
//! plotted against size with nothing else changing.
//!
//! Each resource has eight schemas (an entity with nested inline objects, nullable and
//! formatted fields, a string enum, a discriminated `oneOf` of two variants, create and update
//! bodies, a page) and six operations (list with query parameters, create with a header
//! parameter, get, patch, delete, an action), each with success and error responses. Three
//! shared schemas (`Error`, `PageInfo`, `Money`) are referenced from every resource. The spec
//! is OpenAPI 3.0.3, pretty-printed JSON, so oasgen's upgrade stage runs and progenitor can read
//! it too. Errors are `4xx`/`500` responses rather than `default`: progenitor counts `default`
//! among the success types and panics when an operation then has two.

use serde_json::{Map, Value, json};

/// Resources per scale step: 1× is about 0.26 MB and 16× just over 4 MB (4.16 MB).
pub const RESOURCES_PER_SCALE: usize = 16;

/// Operations each resource contributes.
pub const OPERATIONS_PER_RESOURCE: usize = 6;

/// Entity nouns, cycled: names read like a real API rather than `Item1 … Item512`.
const NOUNS: [&str; 8] = [
    "Invoice", "Customer", "Shipment", "Product", "Ticket", "Account", "Order", "Vendor",
];

/// The spec at `scale` (1×, 4×, 16×, …) as pretty-printed JSON.
pub fn synthetic_text(scale: usize) -> String {
    let spec = synthetic_spec(scale * RESOURCES_PER_SCALE);
    // Serialising a `Value` cannot fail (its keys are strings); the fallback keeps it total.
    serde_json::to_string_pretty(&spec).unwrap_or_default()
}

/// The spec with `resources` copies of the resource.
pub fn synthetic_spec(resources: usize) -> Value {
    let mut paths = Map::new();
    let mut schemas = shared_schemas();
    for index in 0..resources {
        let resource = Resource::new(index);
        resource.add_schemas(&mut schemas);
        resource.add_paths(&mut paths);
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Synthetic API",
            "version": "1.0.0",
            "description": format!("{resources} resources with CRUD operations, for benchmarking generators."),
        },
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

/// The names one copy of the resource uses.
struct Resource {
    /// Type name: `Invoice3`.
    entity: String,
    /// Operation-name stem: `invoice3`.
    snake: String,
    /// Collection path: `/invoices3`.
    collection: String,
}

impl Resource {
    fn new(index: usize) -> Self {
        let noun = NOUNS[index % NOUNS.len()];
        let number = index / NOUNS.len() + 1;
        let snake = format!("{}{number}", noun.to_lowercase());
        Resource {
            entity: format!("{noun}{number}"),
            collection: format!("/{}s{number}", noun.to_lowercase()),
            snake,
        }
    }

    fn schema_ref(&self, suffix: &str) -> Value {
        json!({"$ref": format!("#/components/schemas/{}{suffix}", self.entity)})
    }

    fn add_schemas(&self, schemas: &mut Map<String, Value>) {
        let entity = &self.entity;
        let status = self.schema_ref("Status");
        let kind = self.schema_ref("Kind");
        schemas.insert(entity.clone(), json!({
            "type": "object",
            "description": format!("A {entity} as the server stores it."),
            "required": ["id", "name", "status", "kind", "created_at"],
            "properties": {
                "id": {"type": "string", "format": "uuid", "readOnly": true, "description": "Unique identifier, assigned by the server."},
                "name": {"type": "string", "minLength": 1, "maxLength": 200, "description": "Human-readable name."},
                "description": {"type": "string", "nullable": true, "description": "Free-form text; `null` when not set."},
                "status": status,
                "kind": kind,
                "tags": {"type": "array", "maxItems": 50, "items": {"type": "string"}, "description": "Labels for search."},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}, "description": "Key-value metadata."},
                "amount": {"$ref": "#/components/schemas/Money"},
                "quantity": {"type": "integer", "format": "int32", "minimum": 0},
                "ratio": {"type": "number", "format": "double"},
                "owner": {
                    "type": "object",
                    "description": "Who owns it.",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string", "format": "uuid"},
                        "email": {"type": "string", "format": "email"},
                        "role": {"type": "string", "enum": ["admin", "member", "viewer"]}
                    }
                },
                "address": {
                    "type": "object",
                    "properties": {
                        "line1": {"type": "string"},
                        "line2": {"type": "string", "nullable": true},
                        "city": {"type": "string"},
                        "postal_code": {"type": "string"},
                        "country": {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2 code."}
                    }
                },
                "created_at": {"type": "string", "format": "date-time", "readOnly": true},
                "updated_at": {"type": "string", "format": "date-time", "readOnly": true},
                "archived": {"type": "boolean", "default": false},
                "parent_id": {"type": "string", "format": "uuid", "nullable": true}
            }
        }));
        schemas.insert(
            format!("{entity}Status"),
            json!({
                "type": "string",
                "description": format!("Lifecycle state of a {entity}."),
                "enum": ["draft", "active", "suspended", "archived", "deleted"]
            }),
        );
        schemas.insert(
            format!("{entity}Kind"),
            json!({
                "description": "Physical or digital; `kind_type` says which.",
                "oneOf": [self.schema_ref("Physical"), self.schema_ref("Digital")],
                "discriminator": {
                    "propertyName": "kind_type",
                    "mapping": {
                        "physical": format!("#/components/schemas/{entity}Physical"),
                        "digital": format!("#/components/schemas/{entity}Digital")
                    }
                }
            }),
        );
        schemas.insert(
            format!("{entity}Physical"),
            json!({
                "type": "object",
                "required": ["kind_type", "weight_grams"],
                "properties": {
                    "kind_type": {"type": "string", "enum": ["physical"]},
                    "weight_grams": {"type": "integer", "format": "int64", "minimum": 0},
                    "dimensions": {
                        "type": "object",
                        "properties": {
                            "width": {"type": "number"},
                            "height": {"type": "number"},
                            "depth": {"type": "number"}
                        }
                    },
                    "fragile": {"type": "boolean"}
                }
            }),
        );
        schemas.insert(
            format!("{entity}Digital"),
            json!({
                "type": "object",
                "required": ["kind_type", "url"],
                "properties": {
                    "kind_type": {"type": "string", "enum": ["digital"]},
                    "url": {"type": "string", "format": "uri"},
                    "size_bytes": {"type": "integer", "format": "int64"},
                    "checksum": {"type": "string", "description": "SHA-256, hex."}
                }
            }),
        );
        schemas.insert(
            format!("{entity}Create"),
            json!({
                "type": "object",
                "description": format!("What a new {entity} needs."),
                "required": ["name", "kind"],
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 200},
                    "description": {"type": "string", "nullable": true},
                    "status": self.schema_ref("Status"),
                    "kind": self.schema_ref("Kind"),
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                    "quantity": {"type": "integer", "format": "int32", "minimum": 0}
                }
            }),
        );
        schemas.insert(
            format!("{entity}Update"),
            json!({
                "type": "object",
                "description": "Fields to change; absent fields stay as they are.",
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 200},
                    "description": {"type": "string", "nullable": true},
                    "status": self.schema_ref("Status"),
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}}
                }
            }),
        );
        schemas.insert(format!("{entity}Page"), json!({
            "type": "object",
            "required": ["items", "page_info"],
            "properties": {
                "items": {"type": "array", "items": {"$ref": format!("#/components/schemas/{entity}")}},
                "page_info": {"$ref": "#/components/schemas/PageInfo"}
            }
        }));
    }

    fn add_paths(&self, paths: &mut Map<String, Value>) {
        let (entity, snake) = (&self.entity, &self.snake);
        let json_body =
            |schema: Value| json!({"content": {"application/json": {"schema": schema}}});
        let ok = |description: &str, schema: Value| {
            let mut response = json_body(schema);
            response["description"] = json!(description);
            response
        };
        let error =
            |description: &str| ok(description, json!({"$ref": "#/components/schemas/Error"}));
        paths.insert(self.collection.clone(), json!({
            "get": {
                "operationId": format!("list_{snake}"),
                "summary": format!("List {entity} records"),
                "description": "Newest first unless `sort` says otherwise. Follow `page_info.next_cursor` for more.",
                "tags": [entity],
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 100}, "description": "Page size."},
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}, "description": "Where the previous page ended."},
                    {"name": "status", "in": "query", "schema": self.schema_ref("Status")},
                    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["created_at", "-created_at", "name", "-name"]}},
                    {"name": "tag", "in": "query", "schema": {"type": "string"}, "description": "Only records with this tag."}
                ],
                "responses": {
                    "200": ok("A page of records.", self.schema_ref("Page")),
                    "400": error("The query is malformed."),
                    "500": error("The server failed.")
                }
            },
            "post": {
                "operationId": format!("create_{snake}"),
                "summary": format!("Create a {entity}"),
                "tags": [entity],
                "parameters": [
                    {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string", "maxLength": 64}, "description": "Retries with the same key create one record."}
                ],
                "requestBody": {"required": true, "content": {"application/json": {"schema": self.schema_ref("Create")}}},
                "responses": {
                    "201": ok("Created.", self.schema_ref("")),
                    "400": error("The body is invalid."),
                    "409": error("A record with this name exists."),
                    "500": error("The server failed.")
                }
            }
        }));
        let id = json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}});
        paths.insert(format!("{}/{{id}}", self.collection), json!({
            "parameters": [id],
            "get": {
                "operationId": format!("get_{snake}"),
                "summary": format!("Fetch one {entity}"),
                "tags": [entity],
                "responses": {
                    "200": ok("The record.", self.schema_ref("")),
                    "404": error("No such record."),
                    "500": error("The server failed.")
                }
            },
            "patch": {
                "operationId": format!("update_{snake}"),
                "summary": format!("Change a {entity}"),
                "tags": [entity],
                "requestBody": {"required": true, "content": {"application/json": {"schema": self.schema_ref("Update")}}},
                "responses": {
                    "200": ok("The changed record.", self.schema_ref("")),
                    "404": error("No such record."),
                    "422": error("The change is not allowed.")
                }
            },
            "delete": {
                "operationId": format!("delete_{snake}"),
                "summary": format!("Delete a {entity}"),
                "tags": [entity],
                "responses": {
                    "204": {"description": "Deleted."},
                    "404": error("No such record.")
                }
            }
        }));
        paths.insert(
            format!("{}/{{id}}/archive", self.collection),
            json!({
                "post": {
                    "operationId": format!("archive_{snake}"),
                    "summary": format!("Archive a {entity}"),
                    "description": "Archived records are read-only and hidden from lists.",
                    "tags": [entity],
                    "parameters": [id],
                    "responses": {
                        "200": ok("The archived record.", self.schema_ref("")),
                        "409": error("Already archived.")
                    }
                }
            }),
        );
    }
}

/// The schemas every resource refers to, defined once.
fn shared_schemas() -> Map<String, Value> {
    let mut schemas = Map::new();
    schemas.insert(
        "Error".into(),
        json!({
            "type": "object",
            "description": "What went wrong.",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "request_id": {"type": "string"},
                "details": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"field": {"type": "string"}, "issue": {"type": "string"}}
                    }
                }
            }
        }),
    );
    schemas.insert("PageInfo".into(), json!({
        "type": "object",
        "required": ["total"],
        "properties": {
            "next_cursor": {"type": "string", "nullable": true, "description": "`null` on the last page."},
            "total": {"type": "integer", "format": "int64"}
        }
    }));
    schemas.insert("Money".into(), json!({
        "type": "object",
        "required": ["currency", "amount_minor"],
        "properties": {
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "amount_minor": {"type": "integer", "format": "int64", "description": "In the currency's smallest unit."}
        }
    }));
    schemas
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operations(spec: &Value) -> usize {
        let methods = ["get", "put", "post", "patch", "delete"];
        spec["paths"]
            .as_object()
            .map(|paths| {
                paths
                    .values()
                    .map(|item| methods.iter().filter(|m| item.get(**m).is_some()).count())
                    .sum()
            })
            .unwrap_or(0)
    }

    #[test]
    fn every_resource_adds_its_schemas_and_operations() {
        let spec = synthetic_spec(10);
        assert_eq!(operations(&spec), 10 * OPERATIONS_PER_RESOURCE);
        let schemas = spec["components"]["schemas"].as_object().map(Map::len);
        assert_eq!(schemas, Some(3 + 10 * 8));
        // Nouns cycle, numbers keep the names apart.
        assert!(spec["components"]["schemas"].get("Invoice1").is_some());
        assert!(spec["components"]["schemas"].get("Invoice2").is_some());
        assert!(spec["paths"].get("/vendors1/{id}/archive").is_some());
    }

    #[test]
    fn size_grows_linearly_and_16x_is_over_4_mb() {
        let sizes: Vec<usize> = [1, 4, 16].map(|scale| synthetic_text(scale).len()).to_vec();
        let per_step = |index: usize, scale: usize| sizes[index] as f64 / scale as f64;
        for (index, scale) in [(1, 4), (2, 16)] {
            let drift = per_step(index, scale) / per_step(0, 1);
            assert!((0.98..1.02).contains(&drift), "{sizes:?}");
        }
        assert!(sizes[2] >= 4_000_000, "16× is {} bytes", sizes[2]);
    }

    #[test]
    fn oasgen_generates_it_without_warnings() {
        let text = serde_json::to_string(&synthetic_spec(2)).unwrap_or_default();
        let lowered = oasgen::lower_bytes(text.as_bytes()).expect("the synthetic spec lowers");
        assert_eq!(lowered.api.operations.len(), 2 * OPERATIONS_PER_RESOURCE);
        assert!(
            lowered.warnings.is_empty(),
            "{:?}",
            lowered
                .warnings
                .iter()
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
        );
    }
}
