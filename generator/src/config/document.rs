//! The config's edits to the raw document, before the model reads it.

use serde_json::{Map, Value};

use super::{Config, glob_matches};
use crate::diagnostics::Diagnostic;

/// Applies the overlay, adds the config's security schemes, and removes the operations the
/// config leaves out.
pub fn apply_to_document(document: &mut Value, config: &Config) -> Result<(), Diagnostic> {
    if let Some(overlay) = &config.overlay {
        let path = config.base_dir.join(overlay);
        let bytes = std::fs::read(&path).map_err(|error| {
            Diagnostic::error(
                "",
                format!("cannot read the overlay {}: {error}", path.display()),
            )
        })?;
        let overlay = crate::load::load(&bytes).map_err(|diagnostic| diagnostic.in_file(&path))?;
        super::overlay::apply_overlay(document, &overlay)
            .map_err(|diagnostic| diagnostic.in_file(&path))?;
    }
    add_security_schemes(document, config);
    filter_operations(document, config);
    Ok(())
}

fn add_security_schemes(document: &mut Value, config: &Config) {
    if config.security.is_empty() {
        return;
    }
    let Some(root) = document.as_object_mut() else {
        return;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else {
        return;
    };
    let schemes = components
        .entry("securitySchemes")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(schemes) = schemes.as_object_mut() else {
        return;
    };
    for (name, scheme) in &config.security {
        if let Ok(value) = serde_json::to_value(scheme) {
            schemes.insert(name.clone(), value);
        }
    }
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn filter_operations(document: &mut Value, config: &Config) {
    let rules = &config.operations;
    if rules.include_tags.is_empty()
        && rules.exclude_tags.is_empty()
        && rules.include_paths.is_empty()
        && rules.exclude_paths.is_empty()
    {
        return;
    }
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let path_kept = (rules.include_paths.is_empty()
            || rules.include_paths.iter().any(|p| glob_matches(p, path)))
            && !rules.exclude_paths.iter().any(|p| glob_matches(p, path));
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        item.retain(|key, operation| {
            if !METHODS.contains(&key.as_str()) {
                return true;
            }
            let tags: Vec<&str> = operation
                .get("tags")
                .and_then(Value::as_array)
                .map(|tags| tags.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let tag_kept = (rules.include_tags.is_empty()
                || tags
                    .iter()
                    .any(|t| rules.include_tags.iter().any(|i| i == t)))
                && !tags
                    .iter()
                    .any(|t| rules.exclude_tags.iter().any(|e| e == t));
            path_kept && tag_kept
        });
    }
    paths.retain(|_, item| {
        item.as_object()
            .is_none_or(|item| item.keys().any(|key| METHODS.contains(&key.as_str())))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn filters_by_tag_and_path_and_adds_schemes() {
        let mut document = json!({
            "openapi": "3.1.0",
            "paths": {
                "/invoices": {"get": {"tags": ["Invoices"]}, "post": {"tags": ["Internal"]}},
                "/admin/users": {"get": {"tags": ["Users"]}},
                "/bills": {"get": {"tags": ["Bills"]}}
            }
        });
        let config = Config::parse(
            "[operations]\ninclude_tags = [\"Invoices\", \"Users\", \"Internal\"]\nexclude_tags = [\"Internal\"]\n\
             exclude_paths = [\"/admin/*\"]\n[security.key]\ntype = \"apiKey\"\nin = \"header\"\nname = \"x-key\"\n",
        )
        .unwrap();
        apply_to_document(&mut document, &config).unwrap();
        assert_eq!(
            document["paths"],
            json!({"/invoices": {"get": {"tags": ["Invoices"]}}})
        );
        assert_eq!(
            document["components"]["securitySchemes"]["key"],
            json!({"type": "apiKey", "in": "header", "name": "x-key"})
        );
    }
}
