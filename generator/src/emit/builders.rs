//! Building values without writing every field: a struct (a schema's, or an operation's
//! `Params`) with optional fields gets a chained setter per optional field, and, when it also
//! has required ones, `new(required…)` leaving every optional field empty —
//! `CreateChatCompletionRequest::new(model, messages).temperature(0.2)`. A union whose
//! variants each hold a value of a distinct type gets `From` of each (`"gpt-4o".into()` for a
//! variant holding a `String`).
//!
//! Only where they save writing: a struct of required fields alone is built by its literal,
//! and nothing is generated for it (each method is code every build type-checks).

use proc_macro2::TokenStream;
use quote::quote;

use super::text::{FieldValue, Lines, MethodCall, Param, RustType, type_text};
use super::tokens::{Scope, ident, type_tokens};
use crate::ir::{AliasIndex, Primitive, TypeRef, Union, VariantPayload};

/// One field, as the builders see it.
pub struct Member<'a> {
    /// Its Rust name.
    pub name: &'a str,
    /// Its type: an `Option` or a `Nullable` for an optional field.
    pub ty: &'a TypeRef,
    /// Whether the value must be given (a required, non-`Option` field).
    pub required: bool,
}

/// Names a setter must not take, since an inherent method wins over a trait's of the same
/// name in method calls (`value.clone()` would call the setter): the constructor's, the
/// inherent functions serde's `remote = "Self"` derive makes, and the methods of the traits a
/// generated type implements or the prelude brings. Such a field's setter is `with_<field>`.
const TAKEN: &[&str] = &[
    "new",
    "serialize",
    "deserialize",
    "deserialize_in_place",
    "clone",
    "clone_from",
    "clone_into",
    "to_owned",
    "eq",
    "ne",
    "fmt",
    "default",
    "into",
    "from",
    "try_into",
    "try_from",
    "type_id",
    "borrow",
    "borrow_mut",
    "to_string",
    "validate",
    "hash",
    "cmp",
    "partial_cmp",
    "max",
    "min",
    "clamp",
    "lt",
    "le",
    "gt",
    "ge",
    "as_ref",
    "as_mut",
];

/// `impl Name { new(…) and setters }` as text at `depth` in its file (see `emit::text`), or
/// nothing; `generics` is the parameter of a generic struct, `map` the field holding unlisted
/// properties (left empty by `new`).
pub fn struct_builders(
    name: &str,
    generics: Option<&str>,
    members: &[Member<'_>],
    map: Option<&str>,
    scope: Scope,
    depth: usize,
) -> Option<String> {
    let optional: Vec<&Member<'_>> = members.iter().filter(|member| !member.required).collect();
    if optional.is_empty() {
        return None;
    }
    // Each setter's name: the field's, or `with_<field>` where that is taken; one that would
    // repeat another's is left out.
    let mut names: Vec<String> = members
        .iter()
        .map(|member| member.name.to_string())
        .collect();
    let mut setters: Vec<Setter<'_>> = optional
        .iter()
        .filter_map(|member| {
            let name = if TAKEN.contains(&member.name) {
                let with = format!("with_{}", member.name);
                if names.contains(&with) {
                    return None;
                }
                names.push(with.clone());
                with
            } else {
                member.name.to_string()
            };
            let (inner, wrap) = match member.ty {
                TypeRef::Option(inner) => (inner, "Some".to_string()),
                TypeRef::Nullable(inner) => (inner, format!("{}::Value", nullable_path(scope))),
                _ => return None,
            };
            Some(Setter {
                member,
                name,
                sets: Sets::Value { inner, wrap },
            })
        })
        .collect();
    // `<field>_null()` for each field that can be sent as `null`, named after every value
    // setter so that none of those loses its name to one of these.
    setters.extend(optional.iter().filter_map(|member| {
        let TypeRef::Nullable(_) = member.ty else {
            return None;
        };
        let name = format!("{}_null", member.name);
        if names.contains(&name) || TAKEN.contains(&name.as_str()) {
            return None;
        }
        names.push(name.clone());
        Some(Setter {
            member,
            name,
            sets: Sets::Null,
        })
    }));
    let mut lines = Lines::at(depth);
    match generics {
        Some(param) => {
            // A generic struct's impl is rare: the formatter lays it out.
            lines.needs_formatter();
            lines.line(0, &format!("impl<{param}> {name}<{param}> {{"));
        }
        None => lines.line(0, &format!("impl {name} {{")),
    }
    if members.iter().any(|member| member.required) {
        constructor(&mut lines, members, map, scope);
    }
    for setter in &setters {
        setter.write(&mut lines, scope);
    }
    lines.line(0, "}");
    Some(lines.finish())
}

/// A chained setter: its field, its name, and what it sets the field to.
struct Setter<'a> {
    member: &'a Member<'a>,
    name: String,
    sets: Sets<'a>,
}

/// What a setter sets its field to.
enum Sets<'a> {
    /// The value given, into the field's type (of `inner`) and wrapped (`Some`).
    Value { inner: &'a TypeRef, wrap: String },
    /// `null` (a three-state field).
    Null,
}

impl Setter<'_> {
    /// `/// Sets `field`.` and `pub fn field(mut self, value: impl Into<T>) -> Self`.
    fn write(&self, lines: &mut Lines, scope: Scope) {
        let field = ident(self.member.name);
        let name = ident(&self.name);
        let (doc, params, value) = match &self.sets {
            Sets::Value { inner, wrap } => {
                let inner = type_text(inner, scope).unwrap_or_else(|| {
                    lines.needs_formatter();
                    RustType::Path(type_tokens(inner, scope).to_string())
                });
                (
                    format!("/// Sets `{}`.", self.member.name),
                    vec![
                        Param::Plain("mut self".to_string()),
                        Param::Into {
                            name: "value".to_string(),
                            ty: inner,
                        },
                    ],
                    format!("{wrap}(value.into())"),
                )
            }
            Sets::Null => (
                format!("/// Sends `{}` as `null`.", self.member.name),
                vec![Param::Plain("mut self".to_string())],
                format!("{}::Null", nullable_path(scope)),
            ),
        };
        lines.line(1, &doc);
        lines.signature(1, &format!("pub fn {name}"), &params, " -> Self {");
        lines.unbroken(2, &format!("self.{field} = {value};"));
        lines.line(2, "self");
        lines.line(1, "}");
    }
}

/// `new(required…)`: every optional field `None`, unlisted properties none.
fn constructor(lines: &mut Lines, members: &[Member<'_>], map: Option<&str>, scope: Scope) {
    let required: Vec<&Member<'_>> = members.iter().filter(|member| member.required).collect();
    let params: Vec<Param> = required
        .iter()
        .map(|member| {
            let ty = type_text(member.ty, scope).unwrap_or_else(|| {
                lines.needs_formatter();
                RustType::Path(type_tokens(member.ty, scope).to_string())
            });
            Param::Into {
                name: ident(member.name).to_string(),
                ty,
            }
        })
        .collect();
    let names: Vec<String> = members
        .iter()
        .map(|member| ident(member.name).to_string())
        .collect();
    let mut values: Vec<(&str, FieldValue<'_>)> = members
        .iter()
        .zip(&names)
        .map(|(member, name)| {
            let value = if member.required {
                FieldValue::Call(MethodCall {
                    receiver: name,
                    method: "into",
                    args: Vec::new(),
                    suffix: "",
                })
            } else if let TypeRef::Nullable(_) = member.ty {
                FieldValue::Plain(format!("{}::Absent", nullable_path(scope)))
            } else {
                FieldValue::Plain("None".to_string())
            };
            (name.as_str(), value)
        })
        .collect();
    let map = map.map(|field| ident(field).to_string());
    values.extend(
        map.as_deref()
            .map(|field| (field, FieldValue::Plain("Default::default()".to_string()))),
    );
    lines.line(
        1,
        "/// The value with the required fields given and every optional one empty.",
    );
    if required.len() > 7 {
        lines.line(1, "#[allow(clippy::too_many_arguments)]");
    }
    lines.signature(1, "pub fn new", &params, " -> Self {");
    lines.struct_literal(2, ("", "Self", ""), &values);
    lines.line(1, "}");
}

/// How code in `scope` names the three-state type (`types` re-exports it).
fn nullable_path(scope: Scope) -> &'static str {
    match scope {
        Scope::Types => "Nullable",
        Scope::Outside => "types::Nullable",
    }
}

/// `From` of each variant's value, for a union whose variants each hold a value of a type no
/// other variant holds (two of one type would make `into()` ambiguous, and their impls
/// overlap: neither gets one); `From<&str>` beside `From<String>`.
pub fn union_conversions(
    name: &proc_macro2::Ident,
    union: &Union,
    aliases: &AliasIndex,
) -> TokenStream {
    let impls = conversions(union, aliases).into_iter().map(
        |Conversion {
             variant,
             from,
             string,
         }| {
            let variant = ident(variant);
            let from = type_tokens(from, Scope::Types);
            let text = string.then(|| {
                quote! {
                    impl From<&str> for #name {
                        fn from(value: &str) -> Self {
                            #name::#variant(value.to_string())
                        }
                    }
                }
            });
            quote! {
                impl From<#from> for #name {
                    fn from(value: #from) -> Self {
                        #name::#variant(value)
                    }
                }
                #text
            }
        },
    );
    quote!(#(#impls)*)
}

/// One `From` impl of a union: the variant, the type it holds, and whether that is a `String`
/// (which gains `From<&str>` too).
pub struct Conversion<'a> {
    /// The variant's name.
    pub variant: &'a str,
    /// The type it holds, as written.
    pub from: &'a TypeRef,
    /// Whether that type is `String`, aliases seen through.
    pub string: bool,
}

/// The `From` impls of a union whose variants hold distinct types, in variant order; none when
/// a variant holds no value or one too loose to convert from (`serde_json::Value`).
pub fn conversions<'a>(union: &'a Union, aliases: &AliasIndex) -> Vec<Conversion<'a>> {
    let mut values: Vec<(&str, &TypeRef, String)> = Vec::new();
    for variant in &union.variants {
        let VariantPayload::Value(ty, _) = &variant.payload else {
            return Vec::new();
        };
        let resolved = resolve(ty, aliases);
        if !convertible(&resolved) {
            return Vec::new();
        }
        // Whether two impls overlap is a question about Rust types, aliases seen through: the
        // written type answers it.
        let rust = type_tokens(&resolved, Scope::Types).to_string();
        values.push((&variant.name, ty, rust));
    }
    let distinct = |rust: &str| values.iter().filter(|(_, _, other)| other == rust).count() == 1;
    let string = type_tokens(&TypeRef::Primitive(Primitive::String), Scope::Types).to_string();
    values
        .iter()
        .filter(|(_, _, rust)| distinct(rust))
        .map(|(variant, from, rust)| Conversion {
            variant,
            from,
            string: *rust == string,
        })
        .collect()
}

/// `ty` with every alias in it replaced by what it stands for.
fn resolve(ty: &TypeRef, aliases: &AliasIndex) -> TypeRef {
    let inner = |ty: &TypeRef| Box::new(resolve(ty, aliases));
    match ty {
        TypeRef::Named(name) => match aliases.target(name) {
            Some(target) => resolve(&target.ty, aliases),
            None => ty.clone(),
        },
        TypeRef::Vec(held) => TypeRef::Vec(inner(held)),
        TypeRef::Map(held) => TypeRef::Map(inner(held)),
        TypeRef::Option(held) => TypeRef::Option(inner(held)),
        TypeRef::Nullable(held) => TypeRef::Nullable(inner(held)),
        TypeRef::Box(held) => TypeRef::Box(inner(held)),
        TypeRef::Tuple(items) => {
            TypeRef::Tuple(items.iter().map(|item| resolve(item, aliases)).collect())
        }
        TypeRef::Primitive(_) | TypeRef::External(_) | TypeRef::Json | TypeRef::Unit => ty.clone(),
    }
}

/// Whether a variant's value makes a useful `From`: a value with a type of its own — not the
/// free-form JSON every value converts to, not nothing, and not a type the configuration
/// names (it may be any type, one of ours included).
fn convertible(ty: &TypeRef) -> bool {
    let mut plain = true;
    let mut check = |ty: &TypeRef| {
        if matches!(ty, TypeRef::Json | TypeRef::Unit | TypeRef::External(_)) {
            plain = false;
        }
    };
    visit(ty, &mut check);
    plain
}

fn visit(ty: &TypeRef, check: &mut impl FnMut(&TypeRef)) {
    check(ty);
    match ty {
        TypeRef::Vec(held)
        | TypeRef::Map(held)
        | TypeRef::Option(held)
        | TypeRef::Nullable(held)
        | TypeRef::Box(held) => visit(held, check),
        TypeRef::Tuple(items) => items.iter().for_each(|item| visit(item, check)),
        TypeRef::Named(_)
        | TypeRef::Primitive(_)
        | TypeRef::External(_)
        | TypeRef::Json
        | TypeRef::Unit => {}
    }
}
