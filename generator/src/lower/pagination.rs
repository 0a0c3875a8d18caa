//! Recognising cursor-paginated list operations from their shape, so the client can offer a
//! stream of items across pages.
//!
//! A list operation is one whose single 2xx JSON body is a struct with an array field (`data`,
//! `items`, `results`, …), a next cursor (`nextCursor`, `next_cursor`, `next_page`, `next`, or
//! `meta.cursors.next`), and a query parameter that takes the cursor back (`cursor`, `after`,
//! `page_token`, `starting_after`, …).

use super::Lowerer;
use crate::ir::{
    CursorStep, Field, Operation, Pagination, ParamLocation, Presence, Primitive, TypeKind, TypeRef,
};

const ITEM_FIELDS: &[&str] = &["data", "items", "results", "records", "entries", "values"];
const CURSOR_FIELDS: &[&str] = &[
    "nextCursor",
    "next_cursor",
    "next_page",
    "nextPage",
    "next_page_token",
    "nextPageToken",
    "next",
];
const HAS_MORE_FIELDS: &[&str] = &["hasMore", "has_more", "hasNext", "has_next"];
const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "after",
    "starting_after",
    "page_token",
    "pagetoken",
    "next_page_token",
    "page",
    "continuation_token",
];

impl Lowerer<'_> {
    /// The pagination of an operation: as the configuration declares it, or, when its shape is
    /// a recognised cursor-paginated list, as detected.
    pub(super) fn detect_pagination(&mut self, operation: &Operation) -> Option<Pagination> {
        if let Some(declared) = self.config.pagination.get(&operation.name) {
            let declared = declared.clone();
            let found = self.declared_pagination(operation, &declared);
            if found.is_none() {
                let pointer = crate::diagnostics::pointer_push("/paths", &operation.path_template);
                self.warn(
                    pointer,
                    format!("pagination.{}: the page has no such fields or the operation no such query parameter", operation.name),
                );
            }
            return found;
        }
        self.detected_pagination(operation)
    }

    /// Pagination from `[pagination.<op>]`: every name must match the page and parameters.
    fn declared_pagination(
        &self,
        operation: &Operation,
        declared: &crate::config::PaginationConfig,
    ) -> Option<Pagination> {
        let response = operation.responses.iter().find(|r| r.success)?;
        let TypeRef::Named(page) = &response.content.as_ref()?.ty else {
            return None;
        };
        let fields = self.struct_fields(page)?;
        let items = fields.iter().find(|f| f.wire_name == declared.items)?;
        let (TypeRef::Vec(item), items_presence) = unwrap_option(&items.ty) else {
            return None;
        };
        let mut next_cursor = Vec::new();
        let mut current = fields;
        let steps: Vec<&str> = declared.next_cursor.split('.').collect();
        for (index, wire) in steps.iter().enumerate() {
            let field = current.iter().find(|f| f.wire_name == *wire)?;
            next_cursor.push(step(field));
            if index + 1 < steps.len() {
                let TypeRef::Named(inner) = unwrap_option(&field.ty).0 else {
                    return None;
                };
                current = self.struct_fields(inner)?;
            } else if unwrap_option(&field.ty).0 != &TypeRef::Primitive(Primitive::String) {
                return None;
            }
        }
        let has_more = match &declared.has_more {
            Some(wire) => Some(step(fields.iter().find(|f| &f.wire_name == wire)?)),
            None => None,
        };
        let cursor_param = operation
            .params
            .iter()
            .find(|p| {
                p.location == ParamLocation::Query
                    && p.wire_name == declared.cursor_param
                    && p.ty == TypeRef::Option(Box::new(TypeRef::Primitive(Primitive::String)))
            })?
            .rust_name
            .clone();
        let stream_method = format!("{}_stream", operation.name);
        Some(Pagination {
            items_field: items.rust_name.clone(),
            items_presence,
            item_ty: (**item).clone(),
            next_cursor,
            has_more,
            cursor_param,
            stream_method,
        })
    }

    /// Pagination recognised from the response shape.
    fn detected_pagination(&self, operation: &Operation) -> Option<Pagination> {
        let mut successes = operation.responses.iter().filter(|r| r.success);
        let response = successes.next()?;
        if successes.next().is_some() || !response.headers.is_empty() || operation.body.is_some() {
            return None;
        }
        let TypeRef::Named(page) = &response.content.as_ref()?.ty else {
            return None;
        };
        let fields = self.struct_fields(page)?;
        let (items_field, items_presence, item_ty) = fields.iter().find_map(|field| {
            if !ITEM_FIELDS.contains(&field.wire_name.as_str()) {
                return None;
            }
            match unwrap_option(&field.ty) {
                (TypeRef::Vec(item), presence) => {
                    Some((field.rust_name.clone(), presence, (**item).clone()))
                }
                _ => None,
            }
        })?;
        let next_cursor = self.cursor_path(fields)?;
        let has_more = fields
            .iter()
            .find(|f| {
                HAS_MORE_FIELDS.contains(&f.wire_name.as_str())
                    && unwrap_option(&f.ty).0 == &TypeRef::Primitive(Primitive::Bool)
            })
            .map(step);
        let cursor_param = operation
            .params
            .iter()
            .find(|p| {
                p.location == ParamLocation::Query
                    && CURSOR_PARAMS.contains(&p.wire_name.to_ascii_lowercase().as_str())
                    && p.ty == TypeRef::Option(Box::new(TypeRef::Primitive(Primitive::String)))
            })?
            .rust_name
            .clone();
        let stream_method = format!("{}_stream", operation.name);
        Some(Pagination {
            items_field,
            items_presence,
            item_ty,
            next_cursor,
            has_more,
            cursor_param,
            stream_method,
        })
    }

    /// `nextCursor`-style fields on the page itself, or `meta.cursors.next`.
    fn cursor_path(&self, fields: &[Field]) -> Option<Vec<CursorStep>> {
        let is_string =
            |ty: &TypeRef| unwrap_option(ty).0 == &TypeRef::Primitive(Primitive::String);
        if let Some(field) = fields
            .iter()
            .find(|f| CURSOR_FIELDS.contains(&f.wire_name.as_str()) && is_string(&f.ty))
        {
            return Some(vec![step(field)]);
        }
        let meta = fields.iter().find(|f| f.wire_name == "meta")?;
        let TypeRef::Named(meta_type) = unwrap_option(&meta.ty).0 else {
            return None;
        };
        let cursors = self
            .struct_fields(meta_type)?
            .iter()
            .find(|f| f.wire_name == "cursors")?;
        let TypeRef::Named(cursors_type) = unwrap_option(&cursors.ty).0 else {
            return None;
        };
        let next = self
            .struct_fields(cursors_type)?
            .iter()
            .find(|f| f.wire_name == "next" && is_string(&f.ty))?;
        Some(vec![step(meta), step(cursors), step(next)])
    }

    fn struct_fields(&self, name: &str) -> Option<&[Field]> {
        match &self.types.get(name)?.kind {
            TypeKind::Struct(structure) => Some(&structure.fields),
            _ => None,
        }
    }
}

fn step(field: &Field) -> CursorStep {
    CursorStep {
        field: field.rust_name.clone(),
        presence: Presence::of(&field.ty),
    }
}

/// The type a field holds, through an `Option` or a `Nullable`, and how it may be missing.
fn unwrap_option(ty: &TypeRef) -> (&TypeRef, Presence) {
    (ty.held(), Presence::of(ty))
}
