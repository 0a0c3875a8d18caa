//! Following `$ref`s inside the document.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::model::from_node;

/// Resolves local references (`#/json/pointer`) against the raw document.
pub(crate) struct Resolver<'a> {
    raw: &'a Value,
}

/// How many `$ref`-to-`$ref` hops are followed before a chain is called a cycle.
const MAX_HOPS: usize = 64;

impl<'a> Resolver<'a> {
    pub fn new(raw: &'a Value) -> Self {
        Resolver { raw }
    }

    /// The JSON pointer a reference names, checked to be local and well formed.
    pub fn target_pointer(reference: &str, at: &str) -> Result<String, Diagnostic> {
        let Some(fragment) = reference.strip_prefix('#') else {
            let what = if reference.contains("://") {
                "references to URLs are not fetched (oasgen never uses the network)"
            } else {
                "references to other files are not supported yet"
            };
            return Err(Diagnostic::error(
                at,
                format!("cannot follow `$ref: {reference}`: {what}"),
            ));
        };
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(Diagnostic::error(
                at,
                format!("`$ref: {reference}` is not a JSON pointer (it must start with `#/`)"),
            ));
        }
        let decoded = percent_decode(fragment).ok_or_else(|| {
            Diagnostic::error(
                at,
                format!("`$ref: {reference}` has invalid percent-encoding"),
            )
        })?;
        Ok(decoded)
    }

    /// The raw node a reference points at.
    pub fn node(&self, reference: &str, at: &str) -> Result<(&'a Value, String), Diagnostic> {
        let pointer = Self::target_pointer(reference, at)?;
        let node = self.raw.pointer(&pointer).ok_or_else(|| {
            Diagnostic::error(
                at,
                format!("`$ref: {reference}` points at nothing in the document"),
            )
        })?;
        Ok((node, pointer))
    }

    /// Follows a chain of references to an object of type `T` (which may itself be a `$ref`);
    /// returns it with the pointer where it finally sits.
    pub fn follow<T: DeserializeOwned>(
        &self,
        reference: &str,
        at: &str,
        next_ref: impl Fn(&T) -> Option<&String>,
    ) -> Result<(T, String), Diagnostic> {
        let mut reference = reference.to_string();
        let mut seen = Vec::new();
        for _ in 0..MAX_HOPS {
            let (node, pointer) = self.node(&reference, at)?;
            if seen.contains(&pointer) {
                return Err(Diagnostic::error(
                    at,
                    format!(
                        "`$ref` cycle with no content: {} → {pointer}",
                        seen.join(" → ")
                    ),
                ));
            }
            let value: T = from_node(node, &pointer)?;
            match next_ref(&value) {
                Some(next) => {
                    reference = next.clone();
                    seen.push(pointer);
                }
                None => return Ok((value, pointer)),
            }
        }
        Err(Diagnostic::error(
            at,
            format!("`$ref` chain longer than {MAX_HOPS} hops"),
        ))
    }
}

/// Decodes `%XX` escapes (JSON pointers in URI fragments may be percent-encoded).
fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = text.get(index + 1..index + 3)?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointers_are_checked_and_decoded() {
        assert_eq!(Resolver::target_pointer("#/a/b%20c", "").unwrap(), "/a/b c");
        assert!(
            Resolver::target_pointer("https://x/y.json#/a", "")
                .unwrap_err()
                .message
                .contains("network")
        );
        assert!(Resolver::target_pointer("#a", "").is_err());
        assert!(Resolver::target_pointer("#/a%zz", "").is_err());
    }

    #[test]
    fn chains_and_cycles() {
        let raw = json!({"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}, "c": {"$ref": "#/d"}, "d": {"name": "x"}});
        let resolver = Resolver::new(&raw);
        fn next(p: &crate::model::Parameter) -> Option<&String> {
            p.reference.as_ref()
        }
        let error = resolver.follow("#/a", "/here", next).unwrap_err();
        assert!(error.message.contains("cycle"), "{}", error.message);
        let (param, pointer) = resolver.follow("#/c", "/here", next).unwrap();
        assert_eq!((param.name.as_deref(), pointer.as_str()), (Some("x"), "/d"));
        assert!(
            resolver
                .node("#/missing", "/here")
                .unwrap_err()
                .message
                .contains("nothing")
        );
    }
}
