//! A giant spec's component schemas, then its operations, lowered in two halves at once.
//!
//! Lowering is the one stage that runs on one core, and on Stripe its components and
//! operations are most of it. Each half is lowered by a lowerer of its own, over the types
//! lowered before (frozen and shared meanwhile). The result must be the one lowering the list
//! in order gives, names, suffixes and warnings included.
//!
//! The first half always gives it: it is what lowering in order does first. The second gives it
//! when the halves claimed no type name and no schema node in common: a name it wanted is then
//! free or taken alike whether or not the first half ran before it, so every collision suffix
//! comes out the same (each suffix search starts from the base's counter, and a search that
//! would have skipped a name of the first half stops on it, which is a name in common). It must
//! also not have asked the base for a definition the base had claimed but not stored yet (a
//! component the first half may have lowered), nor read another file. Otherwise it is lowered
//! again, in order, after the first. Warnings keep their order: the first half's, then the
//! second's.

use std::ops::Range;
use std::sync::Arc;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::type_table::TypeTable;
use super::{Lowerer, depth};
use crate::diagnostics::Diagnostic;

/// How many components or operations make lowering them in halves worth it (Stripe has 1 200
/// and 468; the halves cost a copy of a few small maps, and taking the second's types in).
pub(super) const HALVES_FROM: usize = 96;

/// What a half starts from: this lowerer's state, over the frozen base (a lowerer itself
/// cannot cross threads: its nesting counter is not shared).
struct HalfStart<'a> {
    config: &'a crate::config::Config,
    resolver: super::refs::Resolver<'a>,
    types: TypeTable,
    nullable_components: HashSet<String>,
    inline_refs: HashMap<String, crate::ir::TypeRef>,
    component_aliases: crate::ir::AliasIndex,
    component_schemas: &'a crate::model::Map<crate::model::Schema>,
}

/// How a list is lowered: the part of it in a range, by the lowerer given, each item's result in
/// order.
pub(super) type LowerPart<'l, 'a, R> =
    dyn Fn(&mut Lowerer<'a>, Range<usize>) -> Result<Vec<R>, Diagnostic> + Sync + 'l;

/// What a half made of its part, and what else it changed.
struct HalfDone<R> {
    lowered: Result<Vec<R>, Diagnostic>,
    types: TypeTable,
    warnings: Vec<Diagnostic>,
    inline_refs: HashMap<String, crate::ir::TypeRef>,
    /// Whether it changed anything `keep` does not take in: read another file, queued a
    /// schema of one, found a component nullable.
    strayed: bool,
}

impl<'a> Lowerer<'a> {
    /// The `count` items of a list, lowered by `lower` in two halves at once when there are at
    /// least `self.halves_from`; `None` when they must all be lowered in order. A second half that
    /// met the first is lowered again, in order, after it (the first is right whatever the
    /// second did).
    pub(super) fn lower_in_halves<R: Send>(
        &mut self,
        count: usize,
        lower: &LowerPart<'_, 'a, R>,
    ) -> Result<Option<Vec<R>>, Diagnostic> {
        // Off the pool the halves would run one after the other: in order costs less.
        if count < self.halves_from.max(2)
            || !self.pending_schemas.is_empty()
            || self.resolver.has_documents()
            || !crate::deep_stack::in_pool()
        {
            return Ok(None);
        }
        let base = Arc::new(std::mem::take(&mut self.types));
        let middle = count / 2;
        let (first, second) = (self.half(&base), self.half(&base));
        let (first, second) = crate::parallel::join(
            || first.lower(0..middle, lower),
            || second.lower(middle..count, lower),
        );
        let kept = self.keep(first, second);
        // Every half has let go of the base by now: it is taken back whole, not copied.
        self.types = Arc::unwrap_or_clone(base);
        let Some((layers, mut lowered)) = kept else {
            return Ok(None);
        };
        let both = layers.len() == 2;
        for layer in layers {
            self.types.absorb(layer);
        }
        if !both {
            lowered.extend(lower(self, middle..count)?);
        }
        Ok(Some(lowered))
    }

    /// What a half starts from: this lowerer's state, over `base`.
    fn half(&self, base: &Arc<TypeTable>) -> HalfStart<'a> {
        HalfStart {
            config: self.config,
            resolver: self.resolver.alongside(),
            types: TypeTable::over(Arc::clone(base)),
            nullable_components: self.nullable_components.clone(),
            inline_refs: self.inline_refs.clone(),
            component_aliases: self.component_aliases.clone(),
            component_schemas: self.component_schemas,
        }
    }

    /// Takes in the warnings and references of the halves kept, and returns their tables (to
    /// absorb in order) and results. The first half is kept when it lowered, within the state
    /// taken in here; the second too when it also stayed apart from the first. `None` when not
    /// even the first is kept.
    fn keep<R>(
        &mut self,
        first: HalfDone<R>,
        second: HalfDone<R>,
    ) -> Option<(Vec<TypeTable>, Vec<R>)> {
        // An error comes again, the same, from lowering in order.
        let Ok(mut lowered) = first.lowered else {
            return None;
        };
        if first.strayed {
            return None;
        }
        // A definition the second half found missing may be one the first half stored.
        let second_apart = !second.strayed
            && !second.types.asked_unfinished()
            && !first.types.claims_meet(&second.types)
            && !first
                .inline_refs
                .keys()
                .filter(|target| !self.inline_refs.contains_key(*target))
                .any(|target| second.inline_refs.contains_key(target));
        let mut kept = vec![(first.warnings, first.inline_refs, first.types)];
        match second.lowered {
            Ok(second_lowered) if second_apart => {
                lowered.extend(second_lowered);
                kept.push((second.warnings, second.inline_refs, second.types));
            }
            _ => {}
        }
        let mut layers = Vec::with_capacity(kept.len());
        for (warnings, inline_refs, types) in kept {
            self.warnings.extend(warnings);
            self.inline_refs.extend(inline_refs);
            layers.push(types.detached());
        }
        Some((layers, lowered))
    }
}

impl<'a> HalfStart<'a> {
    /// Lowers the items in `range` with `lower`, by a lowerer of its own.
    fn lower<R>(self, range: Range<usize>, lower: &LowerPart<'_, 'a, R>) -> HalfDone<R> {
        let nullable_before = self.nullable_components.len();
        let mut lowerer = Lowerer {
            config: self.config,
            resolver: self.resolver,
            types: self.types,
            warnings: Vec::new(),
            nullable_components: self.nullable_components,
            inline_refs: self.inline_refs,
            refs_in_progress: HashSet::new(),
            nesting: depth::Nesting::default(),
            pending_schemas: Vec::new(),
            schemas_in_progress: HashSet::new(),
            component_aliases: self.component_aliases,
            referenced_schemas: HashMap::new(),
            component_schemas: self.component_schemas,
            halves_from: usize::MAX,
        };
        let lowered = lower(&mut lowerer, range);
        let strayed = !lowerer.pending_schemas.is_empty()
            || lowerer.resolver.has_documents()
            || lowerer.nullable_components.len() != nullable_before;
        HalfDone {
            lowered,
            types: lowerer.types,
            warnings: lowerer.warnings,
            inline_refs: lowerer.inline_refs,
            strayed,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::{Lowered, read_with, refs::Resolver};
    use crate::config::Config;

    fn lowered(raw: &Value, halves_from: usize) -> Result<Lowered, crate::diagnostics::Diagnostic> {
        let document = crate::model::from_node(raw, "").expect("valid model");
        // On the pool: off it, lists are lowered in order whatever `halves_from` says.
        crate::deep_stack::run(|| {
            read_with(
                Resolver::new(raw),
                &document,
                &Config::default(),
                halves_from,
            )?
            .settle()
        })
    }

    /// Everything lowering gives, as text: the API and the warnings.
    fn shown(lowered: &Lowered) -> String {
        format!("{:#?}\n{:#?}", lowered.api, lowered.warnings)
    }

    /// An operation whose body and response are inline objects.
    fn operation(id: &str) -> Value {
        json!({"post": {
            "operationId": id,
            "requestBody": {"content": {"application/json": {"schema": {
                "type": "object", "properties": {"item": {"type": "object", "properties": {
                    "x": {"type": "string"}}}}}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"status": {"type": "string", "enum": ["a", "b"]}}}}}}}
        }})
    }

    fn spec(paths: serde_json::Map<String, Value>) -> Value {
        json!({
            "openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": paths,
            "components": {
                "schemas": {"Item": {"type": "object", "properties": {"x": {"type": "string"}}}},
                "parameters": {"Status": {"name": "status", "in": "query",
                    "schema": {"type": "string", "enum": ["open", "closed"]}}}
            }
        })
    }

    #[test]
    fn halves_that_stay_apart_lower_as_in_order() {
        let paths = (0..6)
            .map(|n| (format!("/things{n}"), operation(&format!("make{n}"))))
            .collect();
        let mut raw = spec(paths);
        // Names an inline schema of each half wants are components' already.
        for taken in ["Make1BodyItem", "Make4OkResponse"] {
            raw["components"]["schemas"][taken] = json!({"type": "boolean"});
        }
        let in_order = lowered(&raw, usize::MAX).expect("lowers");
        let in_halves = lowered(&raw, 2).expect("lowers");
        let names: Vec<&str> = in_order.api.types.iter().map(|t| t.name.as_str()).collect();
        assert!(names.contains(&"Make1BodyItem2") && names.contains(&"Make4OkResponse2"));
        assert_eq!(shown(&in_halves), shown(&in_order));
    }

    #[test]
    fn halves_that_meet_lower_as_in_order() {
        // The same operation id in both halves (the second is renamed), and the same component
        // parameter's inline enum reached from both: in order, the second reuses its type.
        let reaching = json!({"get": {
            "operationId": "same",
            "parameters": [{"$ref": "#/components/parameters/Status"}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"type": "object", "properties": {"v": {"type": "integer"}}}}}}}
        }});
        let mut paths = serde_json::Map::new();
        paths.insert("/a".into(), reaching.clone());
        for n in 0..6 {
            let path = format!("/things{n}");
            paths.insert(path.clone(), operation(&format!("make{n}")));
        }
        paths.insert("/z".into(), reaching);
        let raw = spec(paths);
        let in_order = lowered(&raw, usize::MAX).expect("lowers");
        assert!(
            !in_order.warnings.is_empty(),
            "the renamed operation is warned of"
        );
        let in_halves = lowered(&raw, 2).expect("lowers");
        assert_eq!(shown(&in_halves), shown(&in_order));
    }

    #[test]
    fn components_in_halves_lower_as_in_order() {
        let mut schemas = serde_json::Map::new();
        for n in 0..6 {
            schemas.insert(
                format!("Thing{n}"),
                json!({"type": "object", "properties": {
                    "detail": {"type": "object", "properties": {"x": {"type": "string"}}},
                    "kind": {"type": "string", "enum": ["a", "b"]}
                }}),
            );
        }
        // A later component restating an earlier one's properties (`allOf`), one whose
        // inline schema wants a name an inline schema of the other half wants too, and a
        // component named as another's inline schema would be.
        schemas.insert(
            "Both".into(),
            json!({"allOf": [{"$ref": "#/components/schemas/Thing0"},
                {"type": "object", "properties": {"more": {"type": "integer"}}}]}),
        );
        schemas.insert("Thing5Detail".into(), json!({"type": "boolean"}));
        schemas.insert(
            "Thing0".into(),
            json!({"type": "object", "properties": {"detail": {"type": "object",
                "properties": {"y": {"type": "number"}}}}}),
        );
        let raw = json!({
            "openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {},
            "components": {"schemas": schemas}
        });
        let in_order = lowered(&raw, usize::MAX).expect("lowers");
        let in_halves = lowered(&raw, 2).expect("lowers");
        assert_eq!(shown(&in_halves), shown(&in_order));
    }

    #[test]
    fn an_error_in_either_half_is_the_error_in_order() {
        let broken = json!({"get": {"responses": {"200": {
            "description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Missing"}}}}}}});
        // First in the first half, then last in the second.
        for at in [0, 4] {
            let mut paths = serde_json::Map::new();
            for n in 0..4 {
                if n == at {
                    paths.insert("/broken".into(), broken.clone());
                }
                let path = format!("/m{n}");
                paths.insert(path.clone(), operation(&format!("make{n}")));
            }
            if at == 4 {
                paths.insert("/broken".into(), broken.clone());
            }
            let raw = spec(paths);
            let in_order = lowered(&raw, usize::MAX).expect_err("a dangling reference");
            let in_halves = lowered(&raw, 2).expect_err("a dangling reference");
            assert_eq!(format!("{in_halves:?}"), format!("{in_order:?}"), "at {at}");
        }
    }
}
