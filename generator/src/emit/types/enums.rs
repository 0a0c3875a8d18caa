//! String and integer enums.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::super::text::{Lines, impl_header, string_literal};
use super::super::tokens::ident;
use super::outer::Outer;
use super::struct_impls::{deserialize_through, serialize_start};
use super::{Context, SerdeSides};
use crate::ir::{IntegerEnum, StringEnum};

/// A string enum, closed or open (an `Unknown(String)` variant keeps unlisted values), with its
/// serde impls written out through `runtime::string_enum` (see there for why not derived); all
/// written as text (see `emit::text`), its docs and attributes with it.
pub(super) fn emit_string_enum(
    name: &Ident,
    string_enum: &StringEnum,
    outer: &Outer<'_>,
    sides: &SerdeSides,
    context: &Context<'_>,
) -> TokenStream {
    let name = name.to_string();
    let texts = &context.texts;
    let definition = definition(&name, string_enum, outer);
    let definition = texts.item(outer.attrs(TokenStream::new()), definition);
    let as_str = texts.item(outer.attrs(TokenStream::new()), as_str(&name, string_enum));
    let deserialize_cfg = outer.attrs(sides.deserialize_cfg());
    let deserialize = deserialize_through(
        "impl<'de> serde::Deserialize<'de>",
        &name,
        "runtime::string_enum::deserialize",
    );
    let deserialize = texts.item(deserialize_cfg.clone(), deserialize.finish());
    let from_wire = texts.item(deserialize_cfg, from_wire(&name, string_enum));
    let mut serialize = serialize_start("impl serde::Serialize", &name);
    serialize.line(2, "serializer.serialize_str(self.as_str())");
    serialize.line(1, "}");
    serialize.line(0, "}");
    let serialize = texts.item(outer.attrs(sides.serialize_cfg()), serialize.finish());
    quote! {
        #definition
        #as_str
        #deserialize
        #from_wire
        #serialize
    }
}

/// The enum: docs, attributes, a line per variant (and the one keeping unlisted values).
fn definition(name: &str, string_enum: &StringEnum, outer: &Outer<'_>) -> String {
    let mut lines = Lines::new();
    outer.write(&mut lines);
    let copy = if string_enum.fallback.is_some() {
        ""
    } else {
        " Copy,"
    };
    lines.line(
        0,
        &format!("#[derive(Debug, Clone,{copy} PartialEq, Eq, Hash, PartialOrd, Ord)]"),
    );
    lines.line(0, &format!("pub enum {name} {{"));
    for variant in &string_enum.variants {
        lines.line(1, &format!("{},", ident(&variant.name)));
    }
    if let Some(fallback) = &string_enum.fallback {
        lines.line(
            1,
            "/// A value this version of the API description does not list.",
        );
        lines.line(1, &format!("{}(String),", ident(fallback)));
    }
    lines.line(0, "}");
    lines.finish()
}

/// `impl Name { as_str }` (and `ALL`, every value of a closed enum).
fn as_str(name: &str, string_enum: &StringEnum) -> String {
    let mut lines = Lines::new();
    lines.line(0, &format!("impl {name} {{"));
    let returned = match string_enum.fallback {
        Some(_) => "&str",
        None => {
            let all: Vec<String> = string_enum
                .variants
                .iter()
                .map(|variant| format!("{name}::{}", ident(&variant.name)))
                .collect();
            lines.line(
                1,
                "/// Every value, in the order the API description lists them.",
            );
            lines.array_statement(1, &format!("pub const ALL: &[{name}] = &"), &all, ";");
            "&'static str"
        }
    };
    lines.line(1, "/// The value as sent on the wire.");
    lines.line(1, &format!("pub fn as_str(&self) -> {returned} {{"));
    lines.line(2, "match self {");
    for variant in &string_enum.variants {
        let pattern = format!("{name}::{}", ident(&variant.name));
        lines.value_arm(3, &pattern, &string_literal(&variant.wire_value));
    }
    if let Some(fallback) = &string_enum.fallback {
        lines.value_arm(3, &format!("{name}::{}(value)", ident(fallback)), "value");
    }
    lines.line(2, "}");
    lines.line(1, "}");
    lines.line(0, "}");
    lines.finish()
}

/// `StringEnum`: the listed values, and the variant of a value (a value listed twice reads as
/// its first variant: a second arm would be unreachable).
fn from_wire(name: &str, string_enum: &StringEnum) -> String {
    let mut lines = Lines::new();
    impl_header(&mut lines, "impl runtime::string_enum::StringEnum", name);
    let values: Vec<String> = string_enum
        .variants
        .iter()
        .map(|variant| string_literal(&variant.wire_value))
        .collect();
    lines.array_statement(1, "const VALUES: &'static [&'static str] = &", &values, ";");
    lines.line(1, "fn from_wire(value: &str) -> Option<Self> {");
    lines.line(2, "let variant = match value {");
    let mut seen = std::collections::BTreeSet::new();
    for variant in &string_enum.variants {
        if seen.insert(variant.wire_value.as_str()) {
            let value = format!("{name}::{}", ident(&variant.name));
            lines.value_arm(3, &string_literal(&variant.wire_value), &value);
        }
    }
    match &string_enum.fallback {
        Some(fallback) => {
            let head = format!("{name}::{}", ident(fallback));
            lines.path_call_arm(3, "_", &head, &["value.to_owned()".to_string()]);
        }
        None => lines.line(3, "_ => return None,"),
    }
    lines.line(2, "};");
    lines.line(2, "Some(variant)");
    lines.line(1, "}");
    lines.line(0, "}");
    lines.finish()
}

/// An integer enum: a newtype of `i64` with a constant per listed value (any integer reads).
pub(super) fn emit_integer_enum(
    name: &Ident,
    integer_enum: &IntegerEnum,
    sides: &SerdeSides,
) -> TokenStream {
    let (serde, conditional) = sides.derives(true);
    let constants = integer_enum.values.iter().map(|(constant, value)| {
        let constant = ident(&constant.to_ascii_uppercase());
        let value = proc_macro2::Literal::i64_unsuffixed(*value);
        quote!(pub const #constant: #name = #name(#value);)
    });
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord #serde)]
        #conditional
        #[serde(transparent)]
        pub struct #name(pub i64);

        impl #name {
            #(#constants)*
        }
    }
}
