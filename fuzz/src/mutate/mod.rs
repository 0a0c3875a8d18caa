//! Structure-aware mutations of a spec's JSON value.
//!
//! Mutating the parsed value, not the text, keeps most cases well-formed JSON/YAML, so they get
//! past the parser and the model into `lower` and the emitters, where the interesting decisions
//! are. Each mutation picks its target at random among the nodes it applies to and returns
//! `false` when the document has none (the caller then tries another).

mod document;
mod generic;
mod http;
mod schema;

use serde_json::Value;

use crate::rng::Rng;

/// A named mutation.
pub struct Mutation {
    /// A short name, listed in the crash report.
    pub name: &'static str,
    /// How often it is chosen, relative to the others.
    pub weight: usize,
    /// Applies it; `false` when the document offers no target.
    pub apply: fn(&mut Value, &mut Rng) -> bool,
}

/// Every structure-aware mutation. Schema mutations weigh most: schemas are where lowering
/// makes the most decisions.
pub const MUTATIONS: &[Mutation] = &[
    Mutation {
        name: "replace-node",
        weight: 6,
        apply: generic::replace_node,
    },
    Mutation {
        name: "delete-key",
        weight: 6,
        apply: generic::delete_key,
    },
    Mutation {
        name: "duplicate-subtree",
        weight: 5,
        apply: generic::duplicate_subtree,
    },
    Mutation {
        name: "set-type",
        weight: 8,
        apply: schema::set_type,
    },
    Mutation {
        name: "insert-ref",
        weight: 8,
        apply: schema::insert_ref,
    },
    Mutation {
        name: "wrap-composition",
        weight: 8,
        apply: schema::wrap_composition,
    },
    Mutation {
        name: "enum-or-const",
        weight: 6,
        apply: schema::enum_or_const,
    },
    Mutation {
        name: "schema-keyword",
        weight: 8,
        apply: schema::schema_keyword,
    },
    Mutation {
        name: "odd-name",
        weight: 6,
        apply: schema::odd_name,
    },
    Mutation {
        name: "colliding-name",
        weight: 4,
        apply: schema::colliding_name,
    },
    Mutation {
        name: "path-template",
        weight: 5,
        apply: http::path_template,
    },
    Mutation {
        name: "status-key",
        weight: 5,
        apply: http::status_key,
    },
    Mutation {
        name: "media-type",
        weight: 5,
        apply: http::media_type,
    },
    Mutation {
        name: "parameter",
        weight: 6,
        apply: http::parameter,
    },
    Mutation {
        name: "method",
        weight: 2,
        apply: http::method,
    },
    Mutation {
        name: "operation-id",
        weight: 2,
        apply: http::operation_id,
    },
    Mutation {
        name: "info-or-servers",
        weight: 2,
        apply: document::info_or_servers,
    },
    Mutation {
        name: "security",
        weight: 2,
        apply: document::security,
    },
    Mutation {
        name: "response-header",
        weight: 3,
        apply: document::response_header,
    },
    Mutation {
        name: "version",
        weight: 1,
        apply: http::version,
    },
];

/// Applies one randomly chosen mutation that has a target in `document`; its name, or `None`
/// when a few tries found nothing to mutate (an empty document).
pub fn mutate(document: &mut Value, rng: &mut Rng) -> Option<&'static str> {
    let total: usize = MUTATIONS.iter().map(|mutation| mutation.weight).sum();
    for _ in 0..8 {
        let mut ticket = rng.below(total);
        let Some(mutation) = MUTATIONS.iter().find(|mutation| {
            if ticket < mutation.weight {
                return true;
            }
            ticket -= mutation.weight;
            false
        }) else {
            continue;
        };
        if (mutation.apply)(document, rng) {
            return Some(mutation.name);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn petstore() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "Pets", "version": "1"},
            "paths": {"/pets/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                "get": {"operationId": "getPet", "responses": {"200": {"description": "ok",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}}
            }},
            "components": {"schemas": {"Pet": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string"}, "kind": {"type": "string", "enum": ["cat", "dog"]}
            }}}}
        })
    }

    #[test]
    fn every_mutation_applies_to_a_small_spec_and_changes_it() {
        for mutation in MUTATIONS {
            let mut changed = false;
            for seed in 0..20 {
                let mut document = petstore();
                let mut rng = Rng::new(seed);
                assert!(
                    (mutation.apply)(&mut document, &mut rng),
                    "{} found no target",
                    mutation.name
                );
                changed |= document != petstore();
            }
            assert!(changed, "{} never changed the document", mutation.name);
        }
    }

    #[test]
    fn mutation_is_deterministic() {
        let run = || {
            let mut document = petstore();
            let mut rng = Rng::new(42);
            let names: Vec<_> = (0..10).map(|_| mutate(&mut document, &mut rng)).collect();
            (names, document)
        };
        assert_eq!(run(), run());
    }

    #[test]
    fn empty_documents_offer_few_targets() {
        let mut document = json!({});
        let mut rng = Rng::new(1);
        // Must not loop forever or panic; whether something applied is up to chance.
        let _ = mutate(&mut document, &mut rng);
    }
}
