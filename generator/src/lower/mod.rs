//! Stage 4: the OpenAPI model → the IR. All naming and every lossy decision happens here.

mod all_of;
mod checks;
mod components;
mod config_check;
mod constraints;
mod cycles;
mod depth;
mod discriminator;
mod external;
mod features;
mod generics;
mod groups;
mod halves;
mod idempotency;
mod identical;
mod inferred_tags;
mod media;
mod multipart;
pub(crate) mod names;
mod openness;
mod operations;
mod pagination;
mod params;
mod reach;
mod read_write;
mod ref_files;
mod referenced;
mod refs;
mod responses;
mod schemas;
mod security;
mod shared_errors;
mod streams;
mod structs;
mod type_graph;
mod type_table;
mod unions;
mod webhooks;

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::path::Path;

use serde_json::Value;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::ir::{AliasIndex, Api, Group, Operation, Server, TypeDef, Webhook};
use crate::model::Document;
use crate::upgrade::SpecVersion;
use refs::Resolver;
use type_table::TypeTable;

/// The IR of an API and the warnings found while lowering it.
#[derive(Debug)]
pub struct Lowered {
    /// The API.
    pub api: Api,
    /// Located warnings: everything skipped, degraded or renamed.
    pub warnings: Vec<Diagnostic>,
    /// Other files the spec's `$ref`s led to, in path order.
    pub files_read: Vec<std::path::PathBuf>,
}

/// Lowers a parsed document. `raw` is the upgraded JSON it came from (for following `$ref`s);
/// it has no file, so `$ref`s to other files are errors.
pub fn lower(raw: &Value, document: &Document) -> Result<Lowered, Diagnostic> {
    lower_with(Resolver::new(raw), document, &Config::default())
}

/// Reads a document without a file (as [`lower`] does) up to the point where the spec's trees
/// are no longer needed: [`Unsettled::settle`] does the rest.
pub fn read_without_folder<'c>(
    raw: &Value,
    document: &Document,
    config: &'c Config,
) -> Result<Unsettled<'c>, Diagnostic> {
    read_with(Resolver::new(raw), document, config, halves::HALVES_FROM)
}

/// Reads a document from the file `spec` (whose declared version was `version`) up to the
/// point where the spec's trees are no longer needed: `$ref`s may also lead into other files
/// inside the spec's folder, and diagnostics about nodes of those files name them.
/// [`Unsettled::settle`] does the rest.
pub fn read_in_folder<'c>(
    raw: &Value,
    document: &Document,
    spec: &Path,
    version: SpecVersion,
    config: &'c Config,
) -> Result<Unsettled<'c>, Diagnostic> {
    read_with(
        Resolver::in_folder(raw, spec, version)?,
        document,
        config,
        halves::HALVES_FROM,
    )
}

fn lower_with(
    resolver: Resolver<'_>,
    document: &Document,
    config: &Config,
) -> Result<Lowered, Diagnostic> {
    read_with(resolver, document, config, halves::HALVES_FROM)?.settle()
}

/// A document's types, operations and webhooks as read from it, before the facts about the
/// whole API are worked out. It borrows neither the spec's JSON nor its model, so a giant
/// spec's trees can be let go while the settling passes run (their pages then serve rendering).
#[derive(Debug)]
pub struct Unsettled<'c> {
    config: &'c Config,
    types: Vec<TypeDef>,
    type_pointers: BTreeMap<String, String>,
    operations: Vec<Operation>,
    webhooks: Vec<Webhook>,
    security_schemes: Vec<crate::ir::SecurityScheme>,
    default_headers: Vec<crate::ir::DefaultHeader>,
    warnings: Vec<Diagnostic>,
    files_read: Vec<std::path::PathBuf>,
    title: String,
    version: String,
    docs: Option<String>,
    servers: Vec<Server>,
}

/// Reads a document; from `halves_from` operations on, they are lowered in two halves at once.
fn read_with<'c>(
    resolver: Resolver<'_>,
    document: &Document,
    config: &'c Config,
    halves_from: usize,
) -> Result<Unsettled<'c>, Diagnostic> {
    config_check::check(config)?;
    let mut lowerer = Lowerer {
        config,
        resolver,
        types: TypeTable::default(),
        warnings: Vec::new(),
        nullable_components: HashSet::new(),
        inline_refs: HashMap::new(),
        refs_in_progress: HashSet::new(),
        nesting: depth::Nesting::default(),
        pending_schemas: Vec::new(),
        schemas_in_progress: HashSet::new(),
        component_aliases: AliasIndex::default(),
        referenced_schemas: HashMap::new(),
        component_schemas: &document.components.schemas,
        halves_from,
    };
    let (operations, webhooks, (security_schemes, default_headers)) =
        match lowerer.lower_all(document) {
            Ok(lowered) => lowered,
            Err(error) => return Err(lowerer.resolver.attribute(error)),
        };
    let resolver = lowerer.resolver;
    let files_read = resolver.files_read();
    let warnings = lowerer
        .warnings
        .into_iter()
        .map(|warning| resolver.attribute(warning))
        .collect();
    let title = if document.info.title.trim().is_empty() {
        "Api".to_string()
    } else {
        document.info.title.clone()
    };
    Ok(Unsettled {
        config,
        type_pointers: lowerer.types.pointers(),
        types: lowerer.types.into_defs(),
        operations,
        webhooks,
        security_schemes,
        default_headers,
        warnings,
        files_read,
        title,
        version: document.info.version.clone(),
        docs: document.info.description.clone(),
        servers: document.servers.iter().map(lower_server).collect(),
    })
}

impl Unsettled<'_> {
    /// Works out the facts about the whole API (see `LoweredGraph::settle`) and assembles it.
    pub fn settle(self) -> Result<Lowered, Diagnostic> {
        let Unsettled {
            config,
            mut types,
            mut type_pointers,
            mut operations,
            mut webhooks,
            security_schemes,
            default_headers,
            mut warnings,
            files_read,
            title,
            version,
            docs,
            servers,
        } = self;
        let mut lowered = LoweredGraph {
            types: &mut types,
            operations: &mut operations,
            webhooks: &mut webhooks,
            pointers: &mut type_pointers,
        };
        let (groups, aliases, checks_patterns) = lowered.settle(config, &mut warnings)?;
        let features = features::api_features(&types, &operations, &webhooks, checks_patterns);
        let service_trait = names::camel_ident(&title);
        let idempotency = idempotency::idempotency_header(config, &operations);
        Ok(Lowered {
            api: Api {
                title,
                version,
                docs,
                service_trait,
                servers,
                operations,
                types,
                webhooks,
                webhook_signature: webhooks::signature(config),
                security_schemes,
                default_headers,
                extra_derives: config.types.derives.clone(),
                serde_per_side: config.types.serde == crate::config::SerdeDerives::PerSide,
                idempotency,
                aliases,
                features,
                groups,
                type_pointers,
            },
            warnings,
            files_read,
        })
    }
}

/// The types, operations and webhooks once lowered, before the facts about them are worked out.
struct LoweredGraph<'a> {
    types: &'a mut Vec<TypeDef>,
    operations: &'a mut Vec<Operation>,
    webhooks: &'a mut Vec<Webhook>,
    pointers: &'a mut BTreeMap<String, String>,
}

impl LoweredGraph<'_> {
    /// Works out the facts about the whole API, in the order each needs the ones before it:
    /// groups (and the `[groups] only` selection), boxes for cycles, reach, request forms,
    /// open enums, identical types merged, generic structs, the groups each type needs, what
    /// is validated and which error enums are shared. Returns the groups, where each alias
    /// leads, and whether a checked pattern needs `regex`.
    fn settle(
        &mut self,
        config: &Config,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<(Vec<Group>, AliasIndex, bool), Diagnostic> {
        let (types, operations, webhooks) =
            (&mut *self.types, &mut *self.operations, &mut *self.webhooks);
        let mut groups = groups::assign(&config.groups, operations, warnings);
        groups::select(
            &config.groups.only,
            &mut groups,
            operations,
            types,
            webhooks,
            self.pointers,
        )?;
        cycles::box_cycles(types);
        reach::mark_reach(types, operations, webhooks);
        warnings.extend(read_write::split_by_direction(
            types,
            operations,
            self.pointers,
        ));
        // The split moved types out of one direction (and made request forms).
        reach::mark_reach(types, operations, webhooks);
        openness::open_response_enums(types);
        if config.types.merge_identical != Some(false) {
            identical::merge_identical(types, operations, webhooks, self.pointers);
            // The copies' roots now reach the type each stands for.
            reach::mark_reach(types, operations, webhooks);
        }
        generics::share_generic_structs(types);
        let groups =
            groups::mark_types(config.groups.features, groups, operations, types, webhooks);
        let aliases = AliasIndex::new(types.iter());
        let checks_patterns = checks::mark_validated(types, operations, &aliases);
        webhooks::mark_validated_payloads(webhooks, types);
        shared_errors::share_error_enums(operations);
        Ok((groups, aliases, checks_patterns))
    }
}

fn lower_server(server: &crate::model::Server) -> Server {
    let mut url = server.url.clone();
    for (name, variable) in &server.variables {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    Server {
        url,
        description: server.description.clone(),
    }
}

/// The state of one lowering run.
pub(crate) struct Lowerer<'a> {
    /// What `oasgen.toml` asks for.
    config: &'a Config,
    resolver: Resolver<'a>,
    types: TypeTable,
    warnings: Vec<Diagnostic>,
    /// Pointers of component schemas that admit `null`: references to them are `Option`s.
    nullable_components: HashSet<String>,
    /// Types of schemas reached by `$ref` outside `components/schemas`, by pointer.
    inline_refs: HashMap<String, crate::ir::TypeRef>,
    /// Such references being lowered right now (a repeat is a cycle).
    refs_in_progress: HashSet<String>,
    /// How deep the schema being lowered is nested.
    nesting: depth::Nesting,
    /// Schemas of other files that were named when reached and wait to be lowered.
    pending_schemas: Vec<type_table::PendingSchema>,
    /// Pointers of schemas whose type is being worked out right now: an `allOf` merge can bring
    /// a schema back inside itself, and a repeat would recurse forever.
    schemas_in_progress: HashSet<String>,
    /// Where the component schemas' aliases lead, once they are lowered (operations'
    /// parameters are shaped by it).
    component_aliases: AliasIndex,
    /// Schemas read at a `$ref`'s target while working out a union's required properties, by
    /// target pointer: a giant spec asks for the same few hundreds of times.
    referenced_schemas: HashMap<String, std::sync::Arc<crate::model::Schema>>,
    /// The root document's component schemas, as the model read them.
    component_schemas: &'a crate::model::Map<crate::model::Schema>,
    /// From how many operations on they are lowered in two halves at once (`halves.rs`).
    halves_from: usize,
}

impl Lowerer<'_> {
    /// Components, then operations, then the schemas of other files they reached.
    /// Everything but the final type list: operations, webhooks and security schemes.
    #[allow(clippy::type_complexity)]
    fn lower_all(
        &mut self,
        document: &Document,
    ) -> Result<
        (
            Vec<crate::ir::Operation>,
            Vec<crate::ir::Webhook>,
            (
                Vec<crate::ir::SecurityScheme>,
                Vec<crate::ir::DefaultHeader>,
            ),
        ),
        Diagnostic,
    > {
        self.claim_component_names(document);
        self.lower_components(document)?;
        self.component_aliases = AliasIndex::new(self.types.defs());
        let operations = self.lower_operations(document)?;
        let webhooks = self.lower_webhooks(document)?;
        let security_schemes = self.lower_security_schemes(document);
        self.lower_pending_schemas()?;
        Ok((operations, webhooks, security_schemes))
    }

    fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Diagnostic::warning(pointer, message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{IntegerWidth, Primitive, TypeKind, TypeRef};
    use serde_json::json;

    fn lowered(raw: Value) -> Lowered {
        let document: Document = crate::model::from_node(&raw, "").expect("valid model");
        lower(&raw, &document).expect("lowers")
    }

    #[test]
    fn aspnet_problem_details_status_is_a_lenient_nullable_i32() {
        let lowered = lowered(json!({
            "openapi": "3.1.1",
            "info": {"title": "Dolfin API", "version": "v1"},
            "paths": {"/auth/codes": {"post": {"summary": "Create auth code", "responses": {
                "404": {"description": "x", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}}
            }}}},
            "components": {"schemas": {"ProblemDetails": {"type": "object", "properties": {
                "status": {"pattern": "^-?(?:0|[1-9]\\d*)$", "type": ["null", "integer", "string"], "format": "int32"}
            }}}}
        }));
        assert_eq!(lowered.api.service_trait, "DolfinApi");
        let operation = &lowered.api.operations[0];
        assert_eq!(operation.name, "create_auth_code");
        assert_eq!(operation.responses[0].variant, "NotFound");
        let TypeKind::Struct(problem) = &lowered.api.types[0].kind else {
            panic!("a struct")
        };
        let status = TypeRef::Primitive(Primitive::Integer {
            width: IntegerWidth::I32,
            accepts_string: true,
        });
        // Neither required nor non-nullable: absent, `null` and a value read apart.
        assert_eq!(problem.fields[0].ty, TypeRef::Nullable(Box::new(status)));
        assert!(lowered.warnings.is_empty());
    }

    #[test]
    fn optional_nullable_properties_are_nullable_unless_configured_as_options() {
        let raw = json!({
            "openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {},
            "components": {"schemas": {"Pet": {"type": "object", "properties": {
                "name": {"type": ["string", "null"]}
            }}}}
        });
        let document = crate::model::from_node(&raw, "").expect("valid model");
        let field_type = |config: &Config| {
            let lowered = lower_with(Resolver::new(&raw), &document, config).expect("lowers");
            match &lowered.api.types[0].kind {
                TypeKind::Struct(pet) => pet.fields[0].ty.clone(),
                other => panic!("a struct, not {other:?}"),
            }
        };
        let string = Box::new(TypeRef::Primitive(Primitive::String));
        assert_eq!(
            field_type(&Config::default()),
            TypeRef::Nullable(string.clone())
        );
        let merged = Config::parse("[types]\noptional_nullable = \"option\"\n").expect("config");
        assert_eq!(field_type(&merged), TypeRef::Option(string));
        assert!(Config::parse("[types]\noptional_nullable = \"maybe\"\n").is_err());
    }

    #[test]
    fn an_optional_reference_to_a_nullable_component_is_nullable() {
        let raw = json!({
            "openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {},
            "components": {"schemas": {
                "Day": {"type": ["string", "null"], "format": "date"},
                "Patch": {"type": "object", "required": ["kept"], "properties": {
                    "due": {"$ref": "#/components/schemas/Day"},
                    "kept": {"$ref": "#/components/schemas/Day"}
                }}
            }}
        });
        let document = crate::model::from_node(&raw, "").expect("valid model");
        let lowered = lower(&raw, &document).expect("lowers");
        let Some(TypeKind::Struct(patch)) = lowered.api.type_def("Patch").map(|def| &def.kind)
        else {
            panic!("Patch is a struct")
        };
        let day = Box::new(TypeRef::Named("Day".into()));
        // Optional: absent, `null` and a day apart; required: `null` or a day.
        assert_eq!(patch.fields[0].ty, TypeRef::Nullable(day.clone()));
        assert_eq!(patch.fields[1].ty, TypeRef::Option(day));
    }

    #[test]
    fn dangling_references_are_errors_with_their_pointer() {
        let raw = json!({
            "openapi": "3.1.0",
            "paths": {"/a": {"get": {"responses": {"200": {"description": "x", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}}}}}}}
        });
        let document: Document = crate::model::from_node(&raw, "").expect("valid model");
        let error = lower(&raw, &document).unwrap_err();
        assert_eq!(
            error.location.pointer,
            "/paths/~1a/get/responses/200/content/application~1json/schema"
        );
        assert!(
            error.message.contains("#/components/schemas/Missing"),
            "{}",
            error.message
        );
    }

    #[test]
    fn schema_names_of_generated_code_are_suffixed() {
        let lowered = lowered(json!({
            "openapi": "3.1.0",
            "components": {"schemas": {"Option": {"type": "object", "properties": {"a": {"type": "string"}}}}}
        }));
        assert_eq!(lowered.api.types[0].name, "Option2");
        assert_eq!(lowered.warnings.len(), 1);
    }
}
