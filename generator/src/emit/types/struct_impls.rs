//! A struct's serde impls, written out rather than derived, as text (see `emit::text`).
//!
//! A derived `Deserialize` carries a field enum with its own visitor, a visitor for structs
//! written as sequences, and a wrapper struct per field decoded `with` a function; on a 4 MB
//! spec's thousands of structs that is most of what `cargo check` spends. The impls written
//! here are one `match` over the field names and a line per field, on the runtime's `object`
//! module, and decode and encode exactly as the derive did (renames, absent and `null`
//! fields, repeated and missing fields, other properties in a map).

use proc_macro2::TokenStream;

use super::super::text::{Arg, FieldValue, Lines, MethodCall, impl_header, string_literal};
use super::super::tokens::ident;
use super::Context;
use crate::ir::{Field, Struct, TypeRef};

/// What a struct's serde impls are written from.
pub(super) struct Impls<'a> {
    /// The struct's name as written (`r#` included).
    pub name: String,
    /// The type parameter of a generic struct.
    pub param: Option<String>,
    /// Its fields and other properties.
    pub structure: &'a Struct,
}

impl Impls<'_> {
    /// `Deserialize` and `FromMap`, through `runtime::object`: a map only, each listed field
    /// once, keys it does not list skipped (or kept in the map of other properties).
    pub fn deserialize(&self, context: &Context<'_>) -> [String; 2] {
        let (impl_generics, generics) = match &self.param {
            Some(param) => (
                format!("<'de, {param}: serde::Deserialize<'de>>"),
                format!("<{param}>"),
            ),
            None => ("<'de>".to_string(), String::new()),
        };
        let name = format!("{}{generics}", self.name);
        let deserialize = deserialize_through(
            &format!("impl{impl_generics} serde::Deserialize<'de>"),
            &name,
            "runtime::object::deserialize",
        );

        // The locals are the fields' own names; the reader and the key take others.
        let taken: Vec<&str> = self
            .structure
            .fields
            .iter()
            .map(|field| field.rust_name.as_str())
            .chain(self.others_name())
            .collect();
        let map = free_name("map", &taken);
        let key = free_name("key", &taken);
        let mut from_map = Lines::new();
        impl_header(
            &mut from_map,
            &format!("impl{impl_generics} runtime::object::FromMap<'de>"),
            &name,
        );
        from_map.line(
            1,
            &format!(
                "const NAME: &'static str = {};",
                string_literal(&self.label())
            ),
        );
        from_map.line(1, "fn from_map<A: serde::de::MapAccess<'de>>(");
        from_map.line(2, &format!("mut {map}: runtime::object::Reader<A>,"));
        from_map.line(1, ") -> Result<Self, A::Error> {");
        // Nothing in these lines can break: the formatter writes them whole however wide.
        for field in &self.structure.fields {
            let slot = ident(&field.rust_name);
            from_map.line(2, &format!("let mut {slot} = None;"));
        }
        if let Some(others) = self.others_name().map(ident) {
            from_map.line(
                2,
                &format!("let mut {others} = std::collections::BTreeMap::new();"),
            );
        }
        self.read_loop(&mut from_map, &map, &key, context);
        self.construct(&mut from_map, &map);
        from_map.line(1, "}");
        from_map.line(0, "}");
        [self.finish(deserialize), self.finish(from_map)]
    }

    /// The loop over the map's entries: each key to its field's slot, or skipped, or to the
    /// map of other properties.
    fn read_loop(&self, lines: &mut Lines, map: &str, key: &str, context: &Context<'_>) {
        let fields = &self.structure.fields;
        let others = self.others_name().map(ident);
        match (fields.is_empty(), &others) {
            // A `match` of one arm is what clippy calls a single binding.
            (true, None) => {
                lines.line(2, &format!("while {map}.next_key()?.is_some() {{"));
                lines.line(3, &format!("{map}.skip()?;"));
            }
            (true, Some(others)) => {
                lines.line(2, &format!("while let Some({key}) = {map}.next_key()? {{"));
                let keep = MethodCall {
                    receiver: map,
                    method: "other",
                    args: vec![format!("&mut {others}"), key.to_string()],
                    suffix: "?;",
                };
                lines.call_statement(3, &keep);
            }
            // One `?` after the `match` rather than one per arm: fewer exits for rustc to
            // build and borrow-check (Stripe's `payment_intents` group: borrow checking
            // 5.1 → 4.5 s).
            (false, _) => {
                lines.line(2, &format!("while let Some({key}) = {map}.next_key()? {{"));
                lines.line(3, &format!("match {key}.as_str() {{"));
                for field in fields {
                    let slot = format!("&mut {}", ident(&field.rust_name));
                    let wire = string_literal(&field.wire_name);
                    let read = match decoding(field, context) {
                        Some(how) => MethodCall {
                            receiver: map,
                            method: "field_via",
                            args: vec![slot, wire.clone(), how.to_string()],
                            suffix: "",
                        },
                        None => MethodCall {
                            receiver: map,
                            method: "field",
                            args: vec![slot, wire.clone()],
                            suffix: "",
                        },
                    };
                    lines.call_arm(4, &wire, &read);
                }
                let unknown = match &others {
                    Some(others) => MethodCall {
                        receiver: map,
                        method: "other",
                        args: vec![format!("&mut {others}"), key.to_string()],
                        suffix: "",
                    },
                    None => MethodCall {
                        receiver: map,
                        method: "skip",
                        args: Vec::new(),
                        suffix: "",
                    },
                };
                lines.call_arm(4, "_", &unknown);
                lines.line(3, "}?;");
            }
        }
        lines.line(2, "}");
    }

    /// `Ok(Self { .. })`: each field from its slot (a required one missing is an error), then
    /// the other properties; on one line when short, as the formatter writes it.
    fn construct(&self, lines: &mut Lines, map: &str) {
        let fields = &self.structure.fields;
        let slots: Vec<String> = fields
            .iter()
            .map(|field| ident(&field.rust_name).to_string())
            .collect();
        let mut values: Vec<(&str, FieldValue<'_>)> = fields
            .iter()
            .zip(&slots)
            .map(|(field, slot)| {
                let value = if field.ty.may_be_left_out() {
                    MethodCall {
                        receiver: slot,
                        method: "unwrap_or_default",
                        args: Vec::new(),
                        suffix: "",
                    }
                } else {
                    MethodCall {
                        receiver: map,
                        method: "required",
                        args: vec![slot.clone(), string_literal(&field.wire_name)],
                        suffix: "?",
                    }
                };
                (slot.as_str(), FieldValue::Call(value))
            })
            .collect();
        let others = self.others_name().map(|others| ident(others).to_string());
        values.extend(
            others
                .as_deref()
                .map(|others| (others, FieldValue::Shorthand)),
        );
        lines.struct_literal(2, ("Ok(", "Self", ")"), &values);
    }

    /// `Serialize`: the fields in order under their wire names, empty optional ones left out,
    /// then the other properties.
    pub fn serialize(&self) -> String {
        let (impl_generics, generics) = match &self.param {
            Some(param) => (format!("<{param}: serde::Serialize>"), format!("<{param}>")),
            None => (String::new(), String::new()),
        };
        let mut lines = serialize_start(
            &format!("impl{impl_generics} serde::Serialize"),
            &format!("{}{generics}", self.name),
        );
        let others = self.others_name().map(ident);
        let mutable = if self.structure.fields.is_empty() && others.is_none() {
            ""
        } else {
            "mut "
        };
        let (head, args) = self.writer_start();
        lines.path_call_statement(2, &format!("let {mutable}object = {head}"), &args, "?;");
        for field in &self.structure.fields {
            let member = format!("&self.{}", ident(&field.rust_name));
            let wire = string_literal(&field.wire_name);
            let write = match presence(field) {
                Some(present) => MethodCall {
                    receiver: "object",
                    method: "field_if",
                    args: vec![present, wire, member],
                    suffix: "?;",
                },
                None => MethodCall {
                    receiver: "object",
                    method: "field",
                    args: vec![wire, member],
                    suffix: "?;",
                },
            };
            lines.call_statement(2, &write);
        }
        if let Some(others) = others {
            let write = MethodCall {
                receiver: "object",
                method: "others",
                args: vec![format!("&self.{others}")],
                suffix: "?;",
            };
            lines.call_statement(2, &write);
        }
        lines.line(2, "object.end()");
        lines.line(1, "}");
        lines.line(0, "}");
        self.finish(lines)
    }

    /// The `Writer` a struct is written with: a struct of as many fields as will be written
    /// (serde_json writes `{}` at once for a struct of none), or a map when it keeps others.
    fn writer_start(&self) -> (&'static str, Vec<Arg>) {
        let serializer = Arg::Plain("serializer".to_string());
        if self.structure.additional.is_some() {
            return ("runtime::object::Writer::with_others", vec![serializer]);
        }
        let fields = &self.structure.fields;
        let always = fields
            .iter()
            .filter(|field| presence(field).is_none())
            .count();
        let mut terms: Vec<String> = fields
            .iter()
            .filter_map(presence)
            .map(|present| format!("usize::from({present})"))
            .collect();
        // `0 + …` is what clippy calls an identity operation.
        if always > 0 || terms.is_empty() {
            terms.insert(0, always.to_string());
        }
        let label = Arg::Plain(string_literal(&self.label()));
        let count = match <[String; 1]>::try_from(terms) {
            Ok([term]) => Arg::Plain(term),
            Err(terms) => Arg::Sum(terms),
        };
        (
            "runtime::object::Writer::new",
            vec![serializer, label, count],
        )
    }

    /// An impl's text as the module holds it: a generic struct's is formatted whole (its
    /// header has no fixed layout here).
    fn finish(&self, mut lines: Lines) -> String {
        if self.param.is_some() {
            lines.needs_formatter();
        }
        lines.finish()
    }

    /// The struct's name as errors and serializers see it (no `r#`).
    fn label(&self) -> String {
        self.name.trim_start_matches("r#").to_string()
    }

    /// The name of the map of other properties, if the struct keeps them.
    fn others_name(&self) -> Option<&str> {
        self.structure
            .additional
            .as_ref()
            .map(|additional| additional.rust_name.as_str())
    }
}

/// `impl Deserialize` handing the deserializer to a runtime function (`head` is the impl's
/// head up to its trait: `impl<'de> serde::Deserialize<'de>`).
pub(super) fn deserialize_through(head: &str, name: &str, function: &str) -> Lines {
    let mut lines = Lines::new();
    impl_header(&mut lines, head, name);
    lines.line(1, "fn deserialize<D: serde::Deserializer<'de>>(");
    lines.line(2, "deserializer: D,");
    lines.line(1, ") -> Result<Self, D::Error> {");
    lines.line(2, &format!("{function}(deserializer)"));
    lines.line(1, "}");
    lines.line(0, "}");
    lines
}

/// `impl Serialize` up to the body of `serialize`.
pub(super) fn serialize_start(head: &str, name: &str) -> Lines {
    let mut lines = Lines::new();
    impl_header(&mut lines, head, name);
    lines.line(
        1,
        "fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {",
    );
    lines
}

/// When a field is written: `None` always; else the condition (an optional field's `Some`, a
/// three-state field's value or `null`). A required `Option` is written as `null`.
fn presence(field: &Field) -> Option<String> {
    let member = ident(&field.rust_name);
    match &field.ty {
        TypeRef::Option(_) if !field.required => Some(format!("self.{member}.is_some()")),
        TypeRef::Nullable(_) => Some(format!("!self.{member}.is_absent()")),
        _ => None,
    }
}

/// How a field's value is read when not by its type's own `Deserialize`: the runtime's unit
/// struct naming the decoding. Numbers may come from strings (ASP.NET's `["integer","string"]`)
/// or, for integers, as integral floats (`3.0`); an optional field whose schema does not admit
/// `null` refuses it in the server (the runtime's `present`, whose flag only the server sets, so
/// a client reads such a `null` as absent).
fn decoding(field: &Field, context: &Context<'_>) -> Option<&'static str> {
    let number = context.number_decoding(&field.ty);
    if context.refuses_null(field) {
        return Some(match number {
            Number::Lenient => "runtime::present::NotNullLenient",
            Number::Integral => "runtime::present::NotNullWhole",
            Number::Plain => "runtime::present::NotNull",
        });
    }
    match number {
        Number::Lenient => Some("runtime::lenient::Lenient"),
        Number::Integral => Some("runtime::integral::Whole"),
        Number::Plain => None,
    }
}

/// How the numbers a type holds are read.
pub(super) enum Number {
    /// From numbers and numeric strings.
    Lenient,
    /// Integers, also from integral floats.
    Integral,
    /// As serde reads them (or no numbers at all).
    Plain,
}

/// `base`, with `_` appended until no field has the name (the locals of `from_map` are the
/// fields' own names).
fn free_name(base: &str, taken: &[&str]) -> String {
    let mut name = base.to_string();
    while taken.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The tokens of the impls, each standing for its text after its attributes (the groups'
/// `cfg`, the side that needs it, an `allow`).
pub(super) fn impl_items(
    impls: &Impls<'_>,
    deserialize_attrs: &TokenStream,
    serialize_attrs: &TokenStream,
    context: &Context<'_>,
) -> TokenStream {
    let mut items = TokenStream::new();
    for text in impls.deserialize(context) {
        items.extend(context.texts.item(deserialize_attrs.clone(), text));
    }
    items.extend(
        context
            .texts
            .item(serialize_attrs.clone(), impls.serialize()),
    );
    items
}
