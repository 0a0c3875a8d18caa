//! Checks the parts of `oasgen.toml` that become Rust code, before anything is generated.

use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// Every configured Rust type must parse as a type, and every configured name and derive must
/// be an identifier or path: a typo is reported here, not as broken generated code.
pub(super) fn check(config: &Config) -> Result<(), Diagnostic> {
    let types = config
        .types
        .replace
        .iter()
        .map(|(k, v)| ("types.replace", k, v));
    let formats = config
        .types
        .formats
        .iter()
        .map(|(k, v)| ("types.formats", k, v));
    for (section, key, rust_type) in types.chain(formats) {
        if syn::parse_str::<syn::Type>(rust_type).is_err() {
            return Err(config_error(format!(
                "{section}.{key}: `{rust_type}` is not a Rust type"
            )));
        }
    }
    let type_names = config
        .types
        .rename
        .iter()
        .map(|(k, v)| ("types.rename", k, v));
    let operation_names = config
        .operations
        .rename
        .iter()
        .map(|(k, v)| ("operations.rename", k, v));
    let header_methods = config.headers.iter().map(|(k, v)| ("headers", k, v));
    for (section, key, name) in type_names.chain(operation_names).chain(header_methods) {
        if syn::parse_str::<syn::Ident>(name).is_err() {
            return Err(config_error(format!(
                "{section}.{key}: `{name}` is not a Rust identifier"
            )));
        }
    }
    if let Some(header) = &config.idempotency_header
        && !super::idempotency::is_header_name(header)
    {
        return Err(config_error(format!(
            "idempotency_header: `{header}` is not a header name"
        )));
    }
    for derive in &config.types.derives {
        if syn::parse_str::<syn::Path>(derive).is_err() {
            return Err(config_error(format!(
                "types.derives: `{derive}` is not a derive path"
            )));
        }
    }
    Ok(())
}

fn config_error(message: String) -> Diagnostic {
    Diagnostic::error("", format!("invalid oasgen.toml: {message}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_what_would_not_compile() {
        let bad_type = Config::parse("[types]\nreplace = { Money = \"rust decimal\" }\n").unwrap();
        assert!(
            check(&bad_type)
                .unwrap_err()
                .message
                .contains("types.replace.Money")
        );
        let bad_name = Config::parse("[operations]\nrename = { a = \"not-an-ident\" }\n").unwrap();
        assert!(check(&bad_name).is_err());
        let good = Config::parse("[types]\nreplace = { Money = \"rust_decimal::Decimal\" }\nderives = [\"Eq\", \"serde::Serialize\"]\n").unwrap();
        assert!(check(&good).is_ok());
    }
}
