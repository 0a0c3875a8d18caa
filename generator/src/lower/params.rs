//! Parameters: merging path-level and operation-level ones, resolving them, typing them.

use super::Lowerer;
use super::names::{NameScope, camel_ident, snake_ident};
use super::operations::{TemplatePart, path_parts, split_template};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{
    Param, ParamLocation, ParamShape, ParamStyle, PathPart, Primitive, TypeKind, TypeRef,
};
use crate::model::{self, Parameter, Schema};

/// Header parameters the OpenAPI specification says to ignore: the HTTP layer owns them.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

impl Lowerer<'_> {
    /// Lowers an operation's parameters; returns them with the IR path.
    pub(super) fn lower_params(
        &mut self,
        template: &str,
        shared: &[Parameter],
        operation: &model::Operation,
        pointer: &str,
        type_hint: &str,
    ) -> Result<(Vec<Param>, Vec<PathPart>), Diagnostic> {
        let resolved = self.resolve_params(shared, operation, pointer)?;
        let parts = split_template(template);
        let template_params: Vec<&str> = parts
            .iter()
            .filter_map(|part| match part {
                TemplatePart::Param(name) => Some(*name),
                TemplatePart::Literal(_) => None,
            })
            .collect();
        // `body` and `params` are the client method's other arguments and the request's other fields.
        let mut scope = NameScope::with_reserved(&["body", "params"]);
        let mut params = Vec::with_capacity(resolved.len());
        // Path parameters first, in template order, so positional client arguments follow the URL.
        for name in &template_params {
            let found = resolved.iter().find(|(p, _)| {
                p.name.as_deref() == Some(*name) && p.location.as_deref() == Some("path")
            });
            let param = match found {
                Some((parameter, at)) => {
                    self.lower_param(parameter, at, ParamLocation::Path, &mut scope, type_hint)?
                }
                None => {
                    self.warn(
                        pointer,
                        format!("path parameter `{name}` is not declared; typed as a string"),
                    );
                    undeclared_path_param(name, &mut scope)
                }
            };
            params.push(param);
        }
        for (parameter, at) in &resolved {
            if let Some(location) = self.non_path_location(parameter, at, &template_params) {
                params.push(self.lower_param(parameter, at, location, &mut scope, type_hint)?);
            }
        }
        let path = path_parts(&parts, |name| {
            params
                .iter()
                .position(|p| p.location == ParamLocation::Path && p.wire_name == name)
                .unwrap_or(0)
        });
        Ok((params, path))
    }

    /// The path item's and the operation's parameters, `$ref`s followed, each with its pointer;
    /// an operation's parameter overrides a path item's with the same name and location.
    fn resolve_params(
        &mut self,
        shared: &[Parameter],
        operation: &model::Operation,
        pointer: &str,
    ) -> Result<Vec<(Parameter, String)>, Diagnostic> {
        let mut resolved: Vec<(Parameter, String)> = Vec::new();
        let shared_pointer =
            pointer_push(&pointer[..pointer.rfind('/').unwrap_or(0)], "parameters");
        let own_pointer = pointer_push(pointer, "parameters");
        let listed = shared
            .iter()
            .enumerate()
            .map(|(i, p)| (p, pointer_push(&shared_pointer, &i.to_string())))
            .chain(
                operation
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, pointer_push(&own_pointer, &i.to_string()))),
            );
        for (parameter, at) in listed {
            let (parameter, at) = match &parameter.reference {
                Some(reference) => self
                    .resolver
                    .follow::<Parameter>(reference, &at, |p| p.reference.as_ref())?,
                None => (parameter.clone(), at),
            };
            let (Some(name), Some(location)) = (&parameter.name, &parameter.location) else {
                self.warn(&at, "parameter without `name` or `in`; skipped");
                continue;
            };
            resolved.retain(|(p, _)| {
                !(p.name.as_ref() == Some(name) && p.location.as_ref() == Some(location))
            });
            resolved.push((parameter, at));
        }
        Ok(resolved)
    }

    /// Where a parameter other than a path parameter travels; `None` (with a warning) for path
    /// parameters the template does not name, unknown locations and headers HTTP owns. Path
    /// parameters the template names are lowered in template order instead.
    fn non_path_location(
        &mut self,
        parameter: &Parameter,
        at: &str,
        template_params: &[&str],
    ) -> Option<ParamLocation> {
        let location = match parameter.location.as_deref() {
            Some("path") => {
                if !template_params.contains(&parameter.name.as_deref().unwrap_or_default()) {
                    self.warn(
                        at,
                        "path parameter does not appear in the path template; skipped",
                    );
                }
                return None;
            }
            Some("query") => ParamLocation::Query,
            Some("header") => ParamLocation::Header,
            Some("cookie") => ParamLocation::Cookie,
            other => {
                self.warn(
                    at,
                    format!(
                        "unknown parameter location `{}`; skipped",
                        other.unwrap_or_default()
                    ),
                );
                return None;
            }
        };
        let wire_name = parameter.name.as_deref().unwrap_or_default();
        if location == ParamLocation::Header
            && IGNORED_HEADERS.contains(&wire_name.to_ascii_lowercase().as_str())
        {
            self.warn(
                at,
                format!("header parameter `{wire_name}` is managed by the HTTP layer; skipped"),
            );
            return None;
        }
        Some(location)
    }

    fn lower_param(
        &mut self,
        parameter: &Parameter,
        pointer: &str,
        location: ParamLocation,
        scope: &mut NameScope,
        type_hint: &str,
    ) -> Result<Param, Diagnostic> {
        let wire_name = parameter.name.clone().unwrap_or_default();
        let (rust_name, renamed) = scope.claim(&snake_ident(&wire_name));
        if renamed {
            self.warn(
                pointer,
                format!("parameter `{wire_name}` is field `{rust_name}` (name collision)"),
            );
        }
        let hint = format!("{type_hint}{}", camel_ident(&wire_name));
        let (ty, constraints) = match (
            &parameter.schema,
            parameter
                .content
                .values()
                .next()
                .and_then(|m| m.schema.as_ref()),
        ) {
            (Some(schema), _) => {
                let at = pointer_push(pointer, "schema");
                let ty = self.type_ref(schema, &at, &hint)?;
                (ty, self.constraints_of(schema, &at))
            }
            (None, Some(schema)) => {
                let at = pointer_push(pointer, "content");
                let ty = self.type_ref(schema, &at, &hint)?;
                (ty, self.constraints_of(schema, &at))
            }
            (None, None) => (TypeRef::Primitive(Primitive::String), Default::default()),
        };
        let required = parameter.required || location == ParamLocation::Path;
        let ty = if required { ty } else { ty.optional() };
        let style = match parameter.style.as_deref() {
            Some("deepObject") => ParamStyle::DeepObject,
            Some("pipeDelimited") => ParamStyle::PipeDelimited,
            Some("spaceDelimited") => ParamStyle::SpaceDelimited,
            Some("simple") => ParamStyle::Simple,
            Some("form") => ParamStyle::Form,
            _ if matches!(location, ParamLocation::Path | ParamLocation::Header) => {
                ParamStyle::Simple
            }
            _ => ParamStyle::Form,
        };
        let shape = self.param_shape(&ty);
        if shape == ParamShape::Object
            && matches!(
                location,
                ParamLocation::Path | ParamLocation::Header | ParamLocation::Cookie
            )
        {
            self.warn(
                pointer,
                "an object-valued path, header or cookie parameter is sent as JSON text",
            );
        }
        Ok(Param {
            wire_name,
            rust_name,
            location,
            required,
            shape,
            ty,
            style,
            explode: parameter.explode.unwrap_or(style == ParamStyle::Form),
            docs: param_docs(parameter),
            deprecated: parameter.deprecated,
            constraints,
        })
    }
}

impl Lowerer<'_> {
    /// Scalar, list or object, looking through `Option` and aliases.
    fn param_shape(&self, ty: &TypeRef) -> ParamShape {
        match ty {
            TypeRef::Option(inner) | TypeRef::Nullable(inner) | TypeRef::Box(inner) => {
                self.param_shape(inner)
            }
            TypeRef::Vec(_) | TypeRef::Tuple(_) => ParamShape::List,
            TypeRef::Map(_) => ParamShape::Object,
            TypeRef::Named(name) => match self.component_aliases.target(name) {
                Some(target) => self.param_shape(&target.ty),
                None => match self.types.get(name).map(|def| &def.kind) {
                    Some(TypeKind::Struct(_)) => ParamShape::Object,
                    _ => ParamShape::Scalar,
                },
            },
            TypeRef::Primitive(_) | TypeRef::External(_) | TypeRef::Json | TypeRef::Unit => {
                ParamShape::Scalar
            }
        }
    }
}

fn undeclared_path_param(name: &str, scope: &mut NameScope) -> Param {
    Param {
        wire_name: name.to_string(),
        rust_name: scope.claim(&snake_ident(name)).0,
        location: ParamLocation::Path,
        required: true,
        ty: TypeRef::Primitive(Primitive::String),
        shape: ParamShape::Scalar,
        style: ParamStyle::Simple,
        explode: false,
        docs: None,
        deprecated: false,
        constraints: Default::default(),
    }
}

/// A parameter's description, with its schema's default (the value the server assumes when the
/// parameter is absent).
fn param_docs(parameter: &Parameter) -> Option<String> {
    let from_schema = parameter.schema.as_ref().and_then(Schema::docs);
    let default = from_schema
        .as_deref()
        .and_then(|docs| docs.lines().find(|line| line.starts_with("Default: ")));
    match (&parameter.description, default) {
        (Some(description), Some(default)) => Some(format!("{description}\n\n{default}")),
        (Some(description), None) => Some(description.clone()),
        (None, _) => from_schema,
    }
}
