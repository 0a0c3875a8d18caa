//! A type reference as text, as prettyplease prints the type `tokens::type_tokens` writes
//! (a test compares the two), in the parts it may break the type at.

use crate::emit::tokens::{Scope, ident};
use crate::ir::{IntegerWidth, NumberWidth, Primitive, TypeRef};

/// A Rust type as text, in the parts the printer may break it at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// A path without generic arguments (`String`, `types::Pet`, `()`).
    Path(String),
    /// `head<args>` (`Vec<Pet>`, `impl Into<Pet>`): the arguments go one per line when the
    /// type does not fit its line.
    Generic {
        /// What comes before `<`.
        head: String,
        /// The generic arguments.
        args: Vec<RustType>,
    },
    /// A tuple, written whole.
    Tuple(String),
}

impl RustType {
    /// `head<arg>`.
    pub fn generic(head: impl Into<String>, arg: RustType) -> Self {
        RustType::Generic {
            head: head.into(),
            args: vec![arg],
        }
    }
}

impl std::fmt::Display for RustType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RustType::Path(text) | RustType::Tuple(text) => f.write_str(text),
            RustType::Generic { head, args } => {
                write!(f, "{head}<")?;
                for (index, arg) in args.iter().enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{arg}")?;
                }
                f.write_str(">")
            }
        }
    }
}

/// The Rust type for `ty` in an item written as text; a type the configuration names is
/// written as its tokens print, and the item goes to the formatter.
pub fn laid_type(lines: &mut super::Lines, ty: &TypeRef, scope: Scope) -> RustType {
    type_text(ty, scope).unwrap_or_else(|| {
        lines.needs_formatter();
        RustType::Path(crate::emit::tokens::type_tokens(ty, scope).to_string())
    })
}

/// The Rust type for `ty`; `None` for a type the configuration names (its text is the
/// user's, and only the formatter knows how it prints).
pub fn type_text(ty: &TypeRef, scope: Scope) -> Option<RustType> {
    let named = |name: &str| match scope {
        Scope::Types => ident(name).to_string(),
        Scope::Outside => format!("types::{}", ident(name)),
    };
    let wrapped = |head: &str, inner: &TypeRef| -> Option<RustType> {
        Some(RustType::generic(head, type_text(inner, scope)?))
    };
    match ty {
        TypeRef::Named(name) => Some(RustType::Path(named(name))),
        TypeRef::Primitive(primitive) => Some(primitive_type(*primitive)),
        TypeRef::Vec(inner) => wrapped("Vec", inner),
        TypeRef::Map(inner) => Some(RustType::Generic {
            head: "std::collections::BTreeMap".to_string(),
            args: vec![
                RustType::Path("String".to_string()),
                type_text(inner, scope)?,
            ],
        }),
        TypeRef::Option(inner) => wrapped("Option", inner),
        TypeRef::Nullable(inner) => wrapped(&named("Nullable"), inner),
        TypeRef::Box(inner) => wrapped("Box", inner),
        TypeRef::Tuple(items) => {
            let items: Vec<String> = items
                .iter()
                .map(|item| Some(type_text(item, scope)?.to_string()))
                .collect::<Option<_>>()?;
            // A tuple of one keeps its comma.
            Some(RustType::Tuple(match items.as_slice() {
                [one] => format!("({one},)"),
                _ => format!("({})", items.join(", ")),
            }))
        }
        TypeRef::External(_) => None,
        TypeRef::Json => Some(RustType::Path("serde_json::Value".to_string())),
        TypeRef::Unit => Some(RustType::Path("()".to_string())),
    }
}

fn primitive_type(primitive: Primitive) -> RustType {
    let path = match primitive {
        Primitive::String => "String",
        Primitive::Bool => "bool",
        Primitive::Integer { width, .. } => match width {
            IntegerWidth::I32 => "i32",
            IntegerWidth::I64 => "i64",
            IntegerWidth::U32 => "u32",
            IntegerWidth::U64 => "u64",
        },
        Primitive::Number { width, .. } => match width {
            NumberWidth::F32 => "f32",
            NumberWidth::F64 => "f64",
        },
        Primitive::Uuid => "uuid::Uuid",
        Primitive::DateTime => {
            let utc = RustType::Path("chrono::Utc".to_string());
            return RustType::generic("chrono::DateTime", utc);
        }
        Primitive::Date => "chrono::NaiveDate",
        Primitive::Bytes => "bytes::Bytes",
    };
    RustType::Path(path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::tokens::type_tokens;

    /// The type as prettyplease prints `type_tokens`' tokens.
    fn printed(ty: &TypeRef, scope: Scope) -> String {
        let tokens = type_tokens(ty, scope);
        let file: syn::File = syn::parse2(quote::quote!(type T = #tokens;)).expect("parses");
        let text = prettyplease::unparse(&file);
        text.trim_end()
            .strip_prefix("type T = ")
            .and_then(|rest| rest.strip_suffix(';'))
            .expect("one alias")
            .to_string()
    }

    #[test]
    fn the_text_is_what_the_tokens_print_as() {
        let string = TypeRef::Primitive(Primitive::String);
        let named = TypeRef::Named("Pet".to_string());
        let keyword = TypeRef::Named("type".to_string());
        let primitives = [
            Primitive::String,
            Primitive::Bool,
            Primitive::Uuid,
            Primitive::DateTime,
            Primitive::Date,
            Primitive::Bytes,
            Primitive::Integer {
                width: IntegerWidth::U32,
                accepts_string: true,
            },
            Primitive::Number {
                width: NumberWidth::F64,
                accepts_string: false,
            },
        ];
        let mut types: Vec<TypeRef> = primitives.into_iter().map(TypeRef::Primitive).collect();
        types.extend([
            named.clone(),
            keyword,
            TypeRef::Vec(Box::new(named.clone())),
            TypeRef::Map(Box::new(TypeRef::Vec(Box::new(string.clone())))),
            TypeRef::Option(Box::new(TypeRef::Box(Box::new(named.clone())))),
            TypeRef::Nullable(Box::new(string.clone())),
            TypeRef::Tuple(vec![string.clone()]),
            TypeRef::Tuple(vec![string, named]),
            TypeRef::Json,
            TypeRef::Unit,
        ]);
        for ty in &types {
            for scope in [Scope::Types, Scope::Outside] {
                let text = type_text(ty, scope).map(|ty| ty.to_string());
                assert_eq!(text, Some(printed(ty, scope)), "{ty:?}");
            }
        }
        assert_eq!(
            type_text(&TypeRef::External("a::B".into()), Scope::Types),
            None
        );
    }
}
