//! Structs: the type, its serde impls (written out: `struct_impls.rs`) and its builders.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::super::builders::{Member, struct_builders};
use super::super::text::{Lines, laid_type};
use super::super::tokens::{Scope, ident};
use super::outer::{Outer, deprecated_line};
use super::struct_impls::{Impls, impl_items};
use super::{Context, SerdeSides};
use crate::ir::{Struct, TypeRef};

/// A struct (`param`: the type parameter of a generic one) with its serde impls and builders.
pub(super) fn emit_struct(
    name: &Ident,
    param: Option<&Ident>,
    structure: &Struct,
    outer: &Outer<'_>,
    sides: &SerdeSides,
    context: &Context<'_>,
) -> TokenStream {
    let definition = definition(
        &name.to_string(),
        param.map(Ident::to_string).as_deref(),
        structure,
        outer,
    );
    let definition = context
        .texts
        .item(outer.attrs(TokenStream::new()), definition);
    // The impls read and write deprecated fields (and name a deprecated struct).
    let allow = (outer.deprecated || structure.fields.iter().any(|field| field.deprecated))
        .then(|| quote!(#[allow(deprecated)]));
    let impls = Impls {
        name: name.to_string(),
        param: param.map(Ident::to_string),
        structure,
    };
    let allow = allow.unwrap_or_default();
    let deserialize_cfg = sides.deserialize_cfg();
    let serialize_cfg = sides.serialize_cfg();
    let serde_impls = impl_items(
        &impls,
        &outer.attrs(quote!(#deserialize_cfg #allow)),
        &outer.attrs(quote!(#serialize_cfg #allow)),
        context,
    );
    let members: Vec<Member<'_>> = structure
        .fields
        .iter()
        .map(|field| Member {
            name: &field.rust_name,
            ty: &field.ty,
            required: !field.ty.may_be_left_out(),
        })
        .collect();
    let map = structure
        .additional
        .as_ref()
        .map(|map| map.rust_name.as_str());
    let builders = struct_builders(
        &name.to_string(),
        param.map(Ident::to_string).as_deref(),
        &members,
        map,
        Scope::Types,
        0,
    )
    .map(|text| context.texts.item(outer.attrs(TokenStream::new()), text));
    quote! {
        #definition

        #serde_impls

        #builders
    }
}

/// The struct's definition as text: docs, attributes, a line per field (`Default` when every
/// field may be left out).
fn definition(name: &str, param: Option<&str>, structure: &Struct, outer: &Outer<'_>) -> String {
    let mut lines = Lines::new();
    outer.write(&mut lines);
    let all_optional = structure
        .fields
        .iter()
        .all(|field| field.ty.may_be_left_out());
    let default = if all_optional { ", Default" } else { "" };
    lines.line(0, &format!("#[derive(Debug, Clone, PartialEq{default})]"));
    let generics = param.map(|param| format!("<{param}>")).unwrap_or_default();
    if structure.fields.is_empty() && structure.additional.is_none() {
        lines.line(0, &format!("pub struct {name}{generics} {{}}"));
        return lines.finish();
    }
    lines.line(0, &format!("pub struct {name}{generics} {{"));
    for field in &structure.fields {
        lines.docs(1, field.docs.as_deref());
        if field.deprecated {
            lines.line(1, &deprecated_line());
        }
        let ty = laid_type(&mut lines, &field.ty, Scope::Types);
        let prefix = format!("pub {}: ", ident(&field.rust_name));
        lines.typed(1, &prefix, &ty, (",", 1));
    }
    if let Some(additional) = &structure.additional {
        lines.line(1, "/// Properties not listed in the schema.");
        let map = TypeRef::Map(Box::new(additional.ty.clone()));
        let ty = laid_type(&mut lines, &map, Scope::Types);
        let prefix = format!("pub {}: ", ident(&additional.rust_name));
        lines.typed(1, &prefix, &ty, (",", 1));
    }
    lines.line(0, "}");
    lines.finish()
}
