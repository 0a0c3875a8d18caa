//! Small token builders shared by the emitters.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{AliasIndex, IntegerWidth, NumberWidth, Primitive, TypeRef};

/// Rust keywords (strict and reserved, 2024 edition): names that are written as raw
/// identifiers (`r#type`). `self`, `Self`, `super` and `crate` cannot be raw; `lower` never
/// gives them out.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// The identifier of an IR name (which `lower` made valid): a keyword becomes a raw
/// identifier (`type` → `r#type`).
pub fn ident(name: &str) -> Ident {
    if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// [`ident`] as text, without building the token (`type` → `r#type`).
pub fn ident_text(name: &str) -> String {
    if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// Code this crate wrote as text, as tokens; code that does not read (never expected: its
/// pieces are names, types and literals written here) becomes a `compile_error!` saying so.
pub fn text_tokens(text: &str) -> TokenStream {
    text.parse().unwrap_or_else(|error| {
        let message = format!("oasgen wrote code it cannot read back: {error}");
        quote!(compile_error!(#message);)
    })
}

/// `#[doc = "…"]` lines for a doc text, or nothing.
pub fn docs(text: Option<&str>) -> TokenStream {
    let lines = super::doc_text::doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// `#[deprecated]` when the API description deprecates the item (uses inside the generated
/// crate are allowed module by module; the user's uses warn, which is the point).
pub fn deprecated_attr(deprecated: bool) -> TokenStream {
    if deprecated {
        quote!(#[deprecated = #DEPRECATION_NOTE])
    } else {
        TokenStream::new()
    }
}

/// The note of a deprecated item's `#[deprecated]`.
pub const DEPRECATION_NOTE: &str = "deprecated in the API description";

/// Clippy allowances for an operation's `&self` method (client or service trait) whose name is
/// one clippy expects another shape for: `into_*` taking `self`, `from_*` taking no `self`,
/// `to_*_mut` taking `&mut self`, and std trait methods (`clone`, `cmp`, …) that a matching
/// signature should implement. The name is the API's, so the lint is answered here.
pub fn method_name_allows(name: &str) -> TokenStream {
    /// Method names of clippy's `should_implement_trait` list.
    const STD_TRAIT_METHODS: &[&str] = &[
        "add",
        "as_mut",
        "as_ref",
        "bitand",
        "bitor",
        "bitxor",
        "borrow",
        "borrow_mut",
        "clone",
        "cmp",
        "default",
        "deref",
        "deref_mut",
        "div",
        "drop",
        "eq",
        "from_iter",
        "from_str",
        "hash",
        "index",
        "index_mut",
        "into_iter",
        "mul",
        "neg",
        "next",
        "not",
        "rem",
        "shl",
        "shr",
        "sub",
    ];
    let mut lints = Vec::new();
    if name.starts_with("into_")
        || name.starts_with("from_")
        || name == "to_mut"
        || (name.starts_with("to_") && name.ends_with("_mut"))
    {
        lints.push(quote!(clippy::wrong_self_convention));
    }
    if STD_TRAIT_METHODS.contains(&name) {
        lints.push(quote!(clippy::should_implement_trait));
    }
    if lints.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[allow(#(#lints),*)])
    }
}

/// Where a type reference is written: inside the `types` module, or outside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// In `types`: named types are referred to bare.
    Types,
    /// Elsewhere: named types are `types::Name` (each module imports `types`).
    Outside,
}

/// The Rust type for a type reference.
pub fn type_tokens(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Outside => quote!(types::#name),
            }
        }
        TypeRef::Primitive(primitive) => primitive_tokens(*primitive),
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Option(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(Option<#inner>)
        }
        // `types` re-exports it, so it reads as users name it (`types::Nullable`).
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner, scope);
            match scope {
                Scope::Types => quote!(Nullable<#inner>),
                Scope::Outside => quote!(types::Nullable<#inner>),
            }
        }
        TypeRef::Box(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(Box<#inner>)
        }
        TypeRef::Tuple(items) => {
            let items = items.iter().map(|item| type_tokens(item, scope));
            quote!((#(#items,)*))
        }
        // Checked to parse as a type when lowered, so this cannot fail on a config's text.
        TypeRef::External(path) => path.parse().unwrap_or_else(|_| quote!(serde_json::Value)),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Unit => quote!(()),
    }
}

fn primitive_tokens(primitive: Primitive) -> TokenStream {
    match primitive {
        Primitive::String => quote!(String),
        Primitive::Bool => quote!(bool),
        Primitive::Integer { width, .. } => match width {
            IntegerWidth::I32 => quote!(i32),
            IntegerWidth::I64 => quote!(i64),
            IntegerWidth::U32 => quote!(u32),
            IntegerWidth::U64 => quote!(u64),
        },
        Primitive::Number { width, .. } => match width {
            NumberWidth::F32 => quote!(f32),
            NumberWidth::F64 => quote!(f64),
        },
        Primitive::Uuid => quote!(uuid::Uuid),
        Primitive::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        Primitive::Date => quote!(chrono::NaiveDate),
        Primitive::Bytes => quote!(bytes::Bytes),
    }
}

/// Whether values of `ty` are `Copy` (as the emitted types derive it), aliases resolved.
pub fn is_copy(api: &crate::ir::Api, ty: &TypeRef) -> bool {
    use crate::ir::TypeKind;
    match ty {
        TypeRef::Primitive(Primitive::String) | TypeRef::Primitive(Primitive::Bytes) => false,
        TypeRef::Primitive(_) | TypeRef::Unit => true,
        TypeRef::Option(inner) | TypeRef::Nullable(inner) => is_copy(api, inner),
        TypeRef::Named(name) => match api.aliases.target(name) {
            Some(target) => is_copy(api, &target.ty),
            None => match api.type_def(name).map(|def| &def.kind) {
                Some(TypeKind::StringEnum(string_enum)) => string_enum.fallback.is_none(),
                Some(TypeKind::IntegerEnum(_)) => true,
                _ => false,
            },
        },
        _ => false,
    }
}

/// Whether any named type occurs in these references (so a module needs `use super::types`).
pub fn mentions_named<'t>(types: impl IntoIterator<Item = &'t TypeRef>) -> bool {
    types.into_iter().any(|ty| {
        let mut found = false;
        ty.visit_named(&mut |_, _| found = true);
        found
    })
}

/// The serde attribute that lets a field or variant read numbers given as strings, aliases of
/// such numbers included.
pub fn lenient_attr(ty: &TypeRef, runtime: &TokenStream, aliases: &AliasIndex) -> TokenStream {
    if aliases.accepts_numeric_strings(ty) {
        let path = format!("{runtime}::lenient::deserialize").replace(' ', "");
        quote!(deserialize_with = #path)
    } else {
        TokenStream::new()
    }
}

/// `deserialize_with = "runtime::integral::deserialize"` for a type holding integers read
/// strictly (so `3.0` reads as `3`, as JSON Schema counts it), or nothing. A type that also
/// reads numeric strings gets [`lenient_attr`] instead, which does both.
pub fn integral_attr(ty: &TypeRef, aliases: &AliasIndex) -> TokenStream {
    if !aliases.accepts_numeric_strings(ty) && aliases.holds_integers(ty) {
        quote!(deserialize_with = "runtime::integral::deserialize")
    } else {
        TokenStream::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::IntegerWidth;

    #[test]
    fn raw_identifiers_stay_raw() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("user_id").to_string(), "user_id");
    }

    #[test]
    fn type_references_render() {
        let lenient = TypeRef::Primitive(Primitive::Integer {
            width: IntegerWidth::I32,
            accepts_string: true,
        });
        let ty = TypeRef::Option(Box::new(TypeRef::Vec(Box::new(TypeRef::Named(
            "Pet".into(),
        )))));
        assert_eq!(
            type_tokens(&ty, Scope::Outside).to_string(),
            "Option < Vec < types :: Pet > >"
        );
        assert_eq!(
            type_tokens(&ty, Scope::Types).to_string(),
            "Option < Vec < Pet > >"
        );
        assert_eq!(
            type_tokens(&lenient.clone().optional(), Scope::Types).to_string(),
            "Option < i32 >"
        );
        let none = AliasIndex::default();
        let attr = lenient_attr(&lenient.clone().optional(), &quote!(runtime), &none).to_string();
        assert_eq!(attr, "deserialize_with = \"runtime::lenient::deserialize\"");
        assert!(lenient_attr(&TypeRef::Json, &quote!(runtime), &none).is_empty());
        let money = TypeRef::Named("Money".into());
        assert!(lenient_attr(&money, &quote!(runtime), &none).is_empty());
        let money_alias = crate::ir::TypeDef {
            name: "Money".into(),
            docs: None,
            deprecated: false,
            kind: crate::ir::TypeKind::Alias(lenient),
            constraints: Default::default(),
            reach: Default::default(),
            groups: Vec::new(),
            validated: false,
        };
        let aliases = AliasIndex::new([&money_alias]);
        assert!(!lenient_attr(&money, &quote!(runtime), &aliases).is_empty());
    }

    #[test]
    fn docs_become_doc_attributes_line_by_line() {
        assert_eq!(docs(Some("  ")).to_string(), "");
        assert_eq!(
            docs(Some("One\nTwo")).to_string(),
            "# [doc = \" One\"] # [doc = \" Two\"]"
        );
    }
}
