//! Operation groups, which a generated crate turns into Cargo features: a caller who needs one
//! resource of a 4 MB platform API compiles that resource's operations and the types they
//! reach, not the whole API.
//!
//! An operation's group is what `oasgen.toml` says (`[groups.operations]`), else its first tag,
//! else the first path segment after a version segment (`/v1/payment_intents/{id}` →
//! `payment_intents`). Each group's feature name goes through the one collision rule. A type is
//! compiled when any group reaching it is on; one every group reaches, or a webhook reaches, is
//! always compiled; types no operation reaches get a feature of their own
//! ([`UNREFERENCED_FEATURE`]), so a one-group build leaves them out too.

use std::collections::{BTreeMap, BTreeSet};

use super::names::{NameScope, snake_ident};
use super::reach::named_in;
use super::type_graph::{Edges, TypeGraph};
use crate::config::Groups;
use crate::diagnostics::Diagnostic;
use crate::ir::{Group, Operation, TypeDef, Webhook};

/// The feature of the types no operation and no webhook reaches.
pub const UNREFERENCED_FEATURE: &str = "unreferenced_schemas";

/// Names a group cannot take: the generated crate's own features, and the names its `types`
/// module resolves paths through (a group's types are a module of that name in `types`, and a
/// module named `serde`, `std` or `usize` would shadow the crate or the primitive there).
const RESERVED_FEATURES: &[&str] = &[
    "default",
    "client",
    "server",
    "rustls",
    "tracing",
    "middleware",
    "webhooks",
    UNREFERENCED_FEATURE,
    // Keywords no raw identifier can name.
    "crate",
    "self",
    "super",
    // Path roots of generated code.
    "alloc",
    "core",
    "std",
    "runtime",
    "serde",
    "serde_json",
    "bytes",
    "chrono",
    "time",
    "uuid",
    "clippy",
    // Primitive types (`usize::from`).
    "bool",
    "char",
    "str",
    "f32",
    "f64",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
];

/// Puts every operation in its group ([`Operation::group`]) and returns the groups, in the order
/// their first operation comes. Renamed features are warned about.
pub fn assign(
    config: &Groups,
    operations: &mut [Operation],
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Group> {
    let mut scope = NameScope::with_reserved(RESERVED_FEATURES);
    let mut by_source: BTreeMap<String, usize> = BTreeMap::new();
    let mut groups: Vec<Group> = Vec::new();
    for operation in operations.iter_mut() {
        let source = source_of(config, operation);
        let index = match by_source.get(&source) {
            Some(&index) => index,
            None => {
                let (feature, renamed) = scope.claim(&snake_ident(&source));
                if renamed {
                    warnings.push(Diagnostic::warning(
                        operation_pointer(operation),
                        format!(
                            "the group `{source}` (of `{}`) is the Cargo feature `{feature}`: its \
                             name is taken",
                            operation.name
                        ),
                    ));
                }
                by_source.insert(source.clone(), groups.len());
                groups.push(Group {
                    feature,
                    source,
                    operations: 0,
                });
                groups.len() - 1
            }
        };
        if let Some(group) = groups.get_mut(index) {
            group.operations += 1;
            operation.group = Some(group.feature.clone());
        }
    }
    groups
}

/// Where an operation is written: `/paths/~1pets/get`.
fn operation_pointer(operation: &Operation) -> String {
    let path = operation
        .path_template
        .replace('~', "~0")
        .replace('/', "~1");
    format!(
        "/paths/{path}/{}",
        operation.method.as_str().to_ascii_lowercase()
    )
}

/// The configured group, else the first tag, else the path's first resource segment.
fn source_of(config: &Groups, operation: &Operation) -> String {
    if let Some(group) = config.operations.get(&operation.name) {
        return group.clone();
    }
    if let Some(tag) = operation.tags.first().filter(|tag| !tag.trim().is_empty()) {
        return tag.clone();
    }
    resource_segment(&operation.path_template).unwrap_or_else(|| "root".to_string())
}

/// The first literal segment of a path that is not a version (`v1`, `v2beta`, `2.0`).
fn resource_segment(path: &str) -> Option<String> {
    path.split('/')
        .filter(|segment| !segment.is_empty() && !segment.contains('{'))
        .find(|segment| !is_version(segment))
        .map(str::to_string)
}

fn is_version(segment: &str) -> bool {
    let digits = segment.strip_prefix(['v', 'V']).unwrap_or(segment);
    digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
}

/// Keeps only the operations of the groups `only` names (by feature name) and the types they or
/// a webhook reach; `pointers` loses the types dropped, and the other groups their operations.
/// An empty `only` keeps everything.
pub fn select(
    only: &[String],
    groups: &mut [Group],
    operations: &mut Vec<Operation>,
    types: &mut Vec<TypeDef>,
    webhooks: &[Webhook],
    pointers: &mut BTreeMap<String, String>,
) -> Result<(), Diagnostic> {
    if only.is_empty() {
        return Ok(());
    }
    if let Some(unknown) = only
        .iter()
        .find(|name| !groups.iter().any(|group| &group.feature == *name))
    {
        let known: Vec<&str> = groups.iter().map(|group| group.feature.as_str()).collect();
        return Err(Diagnostic::error(
            "",
            format!(
                "`[groups] only` names `{unknown}`, which is not a group of this API; its groups \
                 are: {}",
                known.join(", ")
            ),
        ));
    }
    operations.retain(|operation| {
        operation
            .group
            .as_ref()
            .is_some_and(|group| only.contains(group))
    });
    for group in groups.iter_mut() {
        if !only.contains(&group.feature) {
            group.operations = 0;
        }
    }
    let graph = TypeGraph::of(types, Edges::WithGenerics);
    let roots = operations
        .iter()
        .flat_map(Operation::type_refs)
        .chain(webhooks.iter().map(|webhook| &webhook.payload));
    let reached = graph.reached(named_in(roots));
    let kept: BTreeSet<String> = types
        .iter()
        .zip(reached)
        .filter(|(_, reached)| *reached)
        .map(|(def, _)| def.name.clone())
        .collect();
    types.retain(|def| kept.contains(&def.name));
    pointers.retain(|name, _| kept.contains(name));
    Ok(())
}

/// Sets [`TypeDef::groups`] once the type graph is final, and returns the API's groups (with
/// the unreferenced types' feature when some type needs it). With grouping off, or fewer than
/// two groups, nothing is grouped: operations lose their group and the list is empty.
pub fn mark_types(
    enabled: bool,
    groups: Vec<Group>,
    operations: &mut [Operation],
    types: &mut [TypeDef],
    webhooks: &[Webhook],
) -> Vec<Group> {
    let groups: Vec<Group> = groups
        .into_iter()
        .filter(|group| group.operations > 0)
        .collect();
    if !enabled || groups.len() < 2 {
        for operation in operations.iter_mut() {
            operation.group = None;
        }
        return Vec::new();
    }
    // Types by index: one closure per group over thousands of types (Stripe: 61 groups).
    let graph = TypeGraph::of(types, Edges::WithGenerics);
    // For each type, the groups needing it, by their index in `groups` (the unreferenced
    // types' feature last): pushed in increasing order, so never twice.
    let mut needed_by: Vec<Vec<usize>> = vec![Vec::new(); types.len()];
    for (group_index, group) in groups.iter().enumerate() {
        let roots = operations
            .iter()
            .filter(|operation| operation.group.as_deref() == Some(group.feature.as_str()))
            .flat_map(Operation::type_refs);
        for (needing, reached) in needed_by.iter_mut().zip(graph.reached(named_in(roots))) {
            if reached {
                needing.push(group_index);
            }
        }
    }
    let always = graph.reached(named_in(webhooks.iter().map(|webhook| &webhook.payload)));
    let unreferenced: Vec<&str> = types
        .iter()
        .zip(needed_by.iter().zip(&always))
        .filter(|(_, (needing, always))| needing.is_empty() && !**always)
        .map(|(def, _)| def.name.as_str())
        .collect();
    let has_unreferenced = !unreferenced.is_empty();
    for (needing, reached) in needed_by.iter_mut().zip(graph.reached(unreferenced)) {
        if reached {
            needing.push(groups.len());
        }
    }
    let features = groups.len() + usize::from(has_unreferenced);
    let feature_name = |index: usize| {
        groups
            .get(index)
            .map_or(UNREFERENCED_FEATURE, |group| group.feature.as_str())
    };
    let marks: Vec<Vec<String>> = needed_by
        .iter()
        .zip(&always)
        .map(|(needing, always)| {
            if !needing.is_empty() && !always && needing.len() < features {
                let mut names: Vec<String> = needing
                    .iter()
                    .map(|&index| feature_name(index).to_string())
                    .collect();
                names.sort();
                names.dedup();
                names
            } else {
                Vec::new()
            }
        })
        .collect();
    for (def, mark) in types.iter_mut().zip(marks) {
        def.groups = mark;
    }
    let mut groups = groups;
    if has_unreferenced {
        groups.push(Group {
            feature: UNREFERENCED_FEATURE.to_string(),
            source: "schemas no operation or webhook uses".to_string(),
            operations: 0,
        });
    }
    groups.sort_by(|a, b| a.feature.cmp(&b.feature));
    groups
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::UNREFERENCED_FEATURE;
    use crate::config::Config;
    use crate::ir::Api;
    use crate::lower::{Lowered, lower_with, refs::Resolver};

    fn lowered(raw: &Value, config: &str) -> Result<Lowered, crate::diagnostics::Diagnostic> {
        let document = crate::model::from_node(raw, "").expect("valid model");
        let config = Config::parse(config).expect("config");
        lower_with(Resolver::new(raw), &document, &config)
    }

    fn api(raw: &Value, config: &str) -> Api {
        lowered(raw, config).expect("lowers").api
    }

    fn op(tags: Value, schema: &str) -> Value {
        json!({"tags": tags, "responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}}}})
    }

    /// Two tagged operations, two untagged under `/v1`, one whose tag is a reserved feature,
    /// a shared type, a type only one group reaches, a webhook payload and an unused schema.
    fn spec() -> Value {
        json!({
            "openapi": "3.1.0", "info": {"title": "T", "version": "1"},
            "paths": {
                "/pets": {"get": op(json!(["Pets"]), "Pet")},
                "/v1/payment_intents/{id}": {"get": op(json!([]), "Intent"),
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}]},
                "/v2/payment_intents": {"post": op(json!([]), "Shared")},
                "/client": {"get": op(json!(["client"]), "Shared")}
            },
            "webhooks": {"petAdded": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Event"}}}}, "responses": {"200": {"description": "ok"}}}}},
            "components": {"schemas": {
                "Pet": {"type": "object", "properties": {"owner": {"$ref": "#/components/schemas/Shared"}}},
                "Intent": {"type": "object", "properties": {"amount": {"type": "integer"}, "shared": {"$ref": "#/components/schemas/Shared"}}},
                "Shared": {"type": "object", "properties": {"name": {"type": "string"}}},
                "Event": {"type": "object", "properties": {"kind": {"type": "string"}}},
                "Unused": {"type": "object", "properties": {"pet": {"$ref": "#/components/schemas/Pet"}}}
            }}
        })
    }

    fn groups_of<'a>(api: &'a Api, name: &str) -> Vec<&'a str> {
        let def = api.type_def(name).expect("defined");
        def.groups.iter().map(String::as_str).collect()
    }

    #[test]
    fn operations_are_grouped_by_tag_else_by_the_path_after_its_version() {
        let lowered = lowered(&spec(), "").expect("lowers");
        let api = &lowered.api;
        let group_of = |path: &str| {
            let operation = api.operations.iter().find(|op| op.path_template == path);
            operation.and_then(|op| op.group.as_deref())
        };
        assert_eq!(group_of("/pets"), Some("pets"));
        assert_eq!(
            group_of("/v1/payment_intents/{id}"),
            Some("payment_intents")
        );
        assert_eq!(group_of("/v2/payment_intents"), Some("payment_intents"));
        // `client` is the crate's own feature: the tag's group takes the next free name.
        assert_eq!(group_of("/client"), Some("client2"));
        assert!(
            lowered
                .warnings
                .iter()
                .any(|w| w.message.contains("`client2`"))
        );
        let features: Vec<(&str, usize)> = api
            .groups
            .iter()
            .map(|group| (group.feature.as_str(), group.operations))
            .collect();
        assert_eq!(
            features,
            [
                ("client2", 1),
                ("payment_intents", 2),
                ("pets", 1),
                (UNREFERENCED_FEATURE, 0)
            ]
        );
    }

    #[test]
    fn a_type_compiles_with_any_group_reaching_it() {
        let api = api(&spec(), "");
        assert_eq!(groups_of(&api, "Intent"), ["payment_intents"]);
        assert_eq!(groups_of(&api, "Pet"), ["pets", UNREFERENCED_FEATURE]);
        assert_eq!(groups_of(&api, "Unused"), [UNREFERENCED_FEATURE]);
        // Every group reaches `Shared` (and so does the unused schema): always compiled, as
        // is a webhook's payload.
        assert!(groups_of(&api, "Shared").is_empty());
        assert!(groups_of(&api, "Event").is_empty());
    }

    #[test]
    fn the_configuration_moves_operations_and_picks_groups() {
        let config = "[groups.operations]\nget_client = \"pets\"\n";
        let moved = api(&spec(), config);
        let client = moved
            .operations
            .iter()
            .find(|op| op.path_template == "/client");
        assert_eq!(client.and_then(|op| op.group.as_deref()), Some("pets"));

        let only = api(&spec(), "[groups]\nonly = [\"payment_intents\"]\n");
        let paths: Vec<&str> = only
            .operations
            .iter()
            .map(|op| op.path_template.as_str())
            .collect();
        assert_eq!(paths, ["/v1/payment_intents/{id}", "/v2/payment_intents"]);
        let names: Vec<&str> = only.types.iter().map(|def| def.name.as_str()).collect();
        assert_eq!(names, ["Event", "Intent", "Shared"]);
        // One group left: nothing to put behind features.
        assert!(only.groups.is_empty() && only.operations.iter().all(|op| op.group.is_none()));

        let error = lowered(&spec(), "[groups]\nonly = [\"cats\"]\n").expect_err("no such group");
        assert!(error.message.contains("`cats`") && error.message.contains("payment_intents"));
    }

    #[test]
    fn grouping_can_be_turned_off_and_one_group_is_none() {
        let off = api(&spec(), "[groups]\nfeatures = false\n");
        assert!(off.groups.is_empty());
        assert!(off.operations.iter().all(|op| op.group.is_none()));
        assert!(off.types.iter().all(|def| def.groups.is_empty()));

        let mut one_tag = spec();
        one_tag["paths"] = json!({"/pets": {"get": op(json!(["Pets"]), "Pet")},
                                  "/owners": {"get": op(json!(["Pets"]), "Shared")}});
        let api = api(&one_tag, "");
        assert!(api.groups.is_empty() && api.types.iter().all(|def| def.groups.is_empty()));
    }
}
