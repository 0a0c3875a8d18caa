//! Following `$ref`s: inside the document, and into other files of the spec's folder.
//!
//! Lowering identifies every spec node by a pointer string, and so must keep nodes of different
//! files apart. A node of the root document keeps its plain JSON pointer (`/components/…`); a
//! node of another file is `<label>#<pointer>` (`schemas/pet.yaml#/Pet`), the label being the
//! file's path in the spec's folder (see `ref_files`). Pointers are only ever extended
//! (`pointer_push`), so a node found in another file carries its file along, and a `$ref` met
//! there is resolved from that file, as JSON Reference requires, with no other bookkeeping.
//! Diagnostics get their file back from this form in [`attribute`].

use std::collections::HashMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::ref_files::{SpecFolder, decode_label, refuse_non_relative};
use crate::diagnostics::Diagnostic;
use crate::model::from_node;
use crate::upgrade::SpecVersion;

/// Resolves references against the root document and, lazily, the other files they name.
pub(crate) struct Resolver<'a> {
    root: &'a Value,
    /// Where other files are found; `None` for a document that came without a path.
    folder: Option<SpecFolder>,
    /// Other files, parsed and upgraded, by label (looked up, never iterated).
    documents: HashMap<String, Value>,
    /// Bytes other files may still take: together they are held to the size of one document.
    bytes_left: usize,
}

/// How many `$ref`-to-`$ref` hops are followed before a chain is called a cycle.
const MAX_HOPS: usize = 64;

impl<'a> Resolver<'a> {
    /// A resolver for a document that has no file: references to other files are refused.
    pub fn new(raw: &'a Value) -> Self {
        Resolver {
            root: raw,
            folder: None,
            documents: HashMap::new(),
            bytes_left: crate::load::MAX_DOCUMENT_BYTES,
        }
    }

    /// A resolver of the same document and folder that has read no other file yet (for a
    /// half of the operations lowered at once: see `halves.rs`).
    pub fn alongside(&self) -> Resolver<'a> {
        Resolver {
            root: self.root,
            folder: self.folder.clone(),
            documents: HashMap::new(),
            bytes_left: self.bytes_left,
        }
    }

    /// Whether another file has been read.
    pub fn has_documents(&self) -> bool {
        !self.documents.is_empty()
    }

    /// A resolver for the document read from `spec`, whose version was `version`: references
    /// may lead into other files inside the spec's folder.
    pub fn in_folder(
        raw: &'a Value,
        spec: &Path,
        version: SpecVersion,
    ) -> Result<Self, Diagnostic> {
        let folder = SpecFolder::of(spec, version).map_err(|why| Diagnostic::error("", why))?;
        Ok(Resolver {
            root: raw,
            folder: Some(folder),
            documents: HashMap::new(),
            bytes_left: crate::load::MAX_DOCUMENT_BYTES,
        })
    }

    /// The node a reference found at `at` names, as a pointer of the form described above;
    /// checked to be well formed and, for other files, allowed.
    pub fn target_pointer(&self, reference: &str, at: &str) -> Result<String, Diagnostic> {
        let refuse =
            |why: &str| Diagnostic::error(at, format!("cannot follow `$ref: {reference}`: {why}"));
        let (path, fragment) = match reference.split_once('#') {
            Some((path, fragment)) => (path, fragment),
            None => (reference, ""),
        };
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(Diagnostic::error(
                at,
                format!("`$ref: {reference}` is not a JSON pointer (it must start with `#/`)"),
            ));
        }
        let pointer = percent_decode(fragment).ok_or_else(|| {
            Diagnostic::error(
                at,
                format!("`$ref: {reference}` has invalid percent-encoding"),
            )
        })?;
        let (from, _) = split_location(at);
        if path.is_empty() {
            return Ok(qualified(from, &pointer));
        }
        if let Some(why) = refuse_non_relative(path) {
            return Err(refuse(why));
        }
        let Some(folder) = &self.folder else {
            return Err(refuse(
                "no base folder (the document was not read from a file, so other files cannot be found)",
            ));
        };
        let path = percent_decode(path).ok_or_else(|| refuse("invalid percent-encoding"))?;
        let label = folder.resolve(from, &path).map_err(|why| refuse(&why))?;
        if folder.is_root(&label) {
            Ok(pointer)
        } else {
            Ok(qualified(Some(&label), &pointer))
        }
    }

    /// The raw node a reference found at `at` points at, and its pointer.
    pub fn node(&mut self, reference: &str, at: &str) -> Result<(&Value, String), Diagnostic> {
        let target = self.target_pointer(reference, at)?;
        let (label, pointer) = split_location(&target);
        let document = match (label, &self.folder) {
            (Some(label), Some(folder)) => {
                if !self.documents.contains_key(label) {
                    let loaded = folder.load(label, &mut self.bytes_left).map_err(|why| {
                        Diagnostic::error(at, format!("cannot follow `$ref: {reference}`: {why}"))
                    })?;
                    self.documents.insert(label.to_string(), loaded);
                }
                self.documents.get(label)
            }
            _ => Some(self.root),
        };
        let node = document.and_then(|document| document.pointer(pointer));
        let Some(node) = node else {
            let place = match label {
                Some(label) => format!("`{}`", decode_label(label)),
                None => "the document".to_string(),
            };
            return Err(Diagnostic::error(
                at,
                format!("`$ref: {reference}` points at nothing in {place}"),
            ));
        };
        Ok((node, target))
    }

    /// `item` where it is written (at `at`), or, when it is a `$ref` (`next_ref` gives it), the
    /// object its chain of references leads to and where that sits. Borrowed when written in
    /// place: a request body or a response holds its whole schema, not worth copying.
    pub fn in_place<'item, T: DeserializeOwned + Clone>(
        &mut self,
        item: &'item T,
        at: String,
        next_ref: impl Fn(&T) -> Option<&String>,
    ) -> Result<(std::borrow::Cow<'item, T>, String), Diagnostic> {
        match next_ref(item) {
            Some(reference) => {
                let (item, at) = self.follow(reference, &at, next_ref)?;
                Ok((std::borrow::Cow::Owned(item), at))
            }
            None => Ok((std::borrow::Cow::Borrowed(item), at)),
        }
    }

    /// Follows a chain of references to an object of type `T` (which may itself be a `$ref`);
    /// returns it with the pointer where it finally sits. Each reference in the chain is
    /// resolved from the node it was found in.
    pub fn follow<T: DeserializeOwned>(
        &mut self,
        reference: &str,
        at: &str,
        next_ref: impl Fn(&T) -> Option<&String>,
    ) -> Result<(T, String), Diagnostic> {
        let mut reference = reference.to_string();
        let mut found_at = at.to_string();
        let mut seen: Vec<String> = Vec::new();
        for _ in 0..MAX_HOPS {
            let (node, pointer) = self.node(&reference, &found_at)?;
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
                    found_at = pointer.clone();
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

    /// Gives a diagnostic about a node of another file that file and the node's plain pointer.
    pub fn attribute(&self, diagnostic: Diagnostic) -> Diagnostic {
        attribute(diagnostic, self.folder.as_ref())
    }

    /// The other files `$ref`s led to, in path order (a build script reruns when they change).
    pub fn files_read(&self) -> Vec<std::path::PathBuf> {
        let Some(folder) = &self.folder else {
            return Vec::new();
        };
        let mut files: Vec<std::path::PathBuf> = self
            .documents
            .keys()
            .map(|label| folder.shown_path(label))
            .collect();
        files.sort();
        files
    }
}

/// Splits a node's pointer string into its file's label (`None`: the root) and JSON pointer.
fn split_location(at: &str) -> (Option<&str>, &str) {
    if at.is_empty() || at.starts_with('/') {
        return (None, at);
    }
    match at.split_once('#') {
        Some((label, pointer)) => (Some(label), pointer),
        None => (None, at),
    }
}

fn qualified(label: Option<&str>, pointer: &str) -> String {
    match label {
        Some(label) => format!("{label}#{pointer}"),
        None => pointer.to_string(),
    }
}

/// The type name a schema of another file has when it is reached by reference: the name it is
/// listed under (`other.yaml#/components/schemas/Pet`, `#/$defs/Pet`, `#/definitions/Pet`, or
/// a top-level `#/Pet`), or the file's name for a whole-file schema (`pet.yaml` → `pet`).
/// `None` for the root document and for schemas nested inside others.
pub(super) fn external_type_name(target: &str) -> Option<String> {
    let (Some(label), pointer) = split_location(target) else {
        return None;
    };
    if pointer.is_empty() {
        let file = decode_label(label);
        let file_name = file.rsplit('/').next().unwrap_or(&file);
        let stem = file_name.split('.').next().unwrap_or(file_name);
        return Some(stem.to_string());
    }
    let (parent, token) = pointer.rsplit_once('/')?;
    let listed = matches!(
        parent,
        "" | "/components/schemas" | "/$defs" | "/definitions"
    );
    listed.then(|| token.replace("~1", "/").replace("~0", "~"))
}

/// See [`Resolver::attribute`]; `folder` is `None` when no other file can be involved.
fn attribute(mut diagnostic: Diagnostic, folder: Option<&SpecFolder>) -> Diagnostic {
    let Some(folder) = folder else {
        return diagnostic;
    };
    let (label, pointer) = match split_location(&diagnostic.location.pointer) {
        (Some(label), pointer) => (label.to_string(), pointer.to_string()),
        (None, _) => return diagnostic,
    };
    diagnostic.location.file = Some(folder.shown_path(&label));
    diagnostic.location.pointer = pointer;
    diagnostic
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

    fn next(p: &crate::model::Parameter) -> Option<&String> {
        p.reference.as_ref()
    }

    #[test]
    fn pointers_are_checked_and_decoded() {
        let raw = json!({});
        let resolver = Resolver::new(&raw);
        assert_eq!(resolver.target_pointer("#/a/b%20c", "").unwrap(), "/a/b c");
        assert!(
            resolver
                .target_pointer("https://x/y.json#/a", "")
                .unwrap_err()
                .message
                .contains("network")
        );
        assert!(resolver.target_pointer("#a", "").is_err());
        assert!(resolver.target_pointer("#/a%zz", "").is_err());
        let no_folder = resolver.target_pointer("other.yaml#/a", "/x").unwrap_err();
        assert!(
            no_folder.message.contains("no base folder"),
            "{}",
            no_folder.message
        );
        assert_eq!(no_folder.location.pointer, "/x");
    }

    #[test]
    fn local_references_stay_in_the_referring_file() {
        let raw = json!({});
        let resolver = Resolver::new(&raw);
        assert_eq!(
            resolver
                .target_pointer("#/b", "schemas/pet.yaml#/a")
                .unwrap(),
            "schemas/pet.yaml#/b"
        );
        assert_eq!(resolver.target_pointer("#", "/a").unwrap(), "");
    }

    #[test]
    fn chains_and_cycles() {
        let raw = json!({"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}, "c": {"$ref": "#/d"}, "d": {"name": "x"}});
        let mut resolver = Resolver::new(&raw);
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

    #[test]
    fn other_files_are_loaded_once_and_resolved_from_where_they_are() {
        let dir = tempfile::tempdir().expect("temp dir");
        let spec = dir.path().join("api.yaml");
        std::fs::create_dir(dir.path().join("params")).expect("mkdir");
        std::fs::write(&spec, "openapi: 3.1.0\n").expect("write");
        std::fs::write(
            dir.path().join("params/limit.yaml"),
            "Limit: {$ref: '#/Real'}\nReal: {$ref: '../shared.yaml#/Limit'}\n",
        )
        .expect("write");
        std::fs::write(
            dir.path().join("shared.yaml"),
            "Limit: {name: limit, in: query}\n",
        )
        .expect("write");
        let raw = json!({"openapi": "3.1.0"});
        let mut resolver = Resolver::in_folder(&raw, &spec, SpecVersion::V3_1).expect("folder");
        let (param, pointer) = resolver
            .follow(
                "params/limit.yaml#/Limit",
                "/paths/~1a/get/parameters/0",
                next,
            )
            .unwrap();
        assert_eq!(param.name.as_deref(), Some("limit"));
        assert_eq!(pointer, "shared.yaml#/Limit");
        assert_eq!(resolver.documents.len(), 2);

        let error = resolver.node("params/none.yaml#/X", "/p").unwrap_err();
        assert_eq!(error.location.pointer, "/p");
        assert!(
            error.message.contains("`params/none.yaml` does not exist"),
            "{}",
            error.message
        );

        let attributed = resolver.attribute(Diagnostic::warning("shared.yaml#/Limit/name", "w"));
        assert_eq!(
            attributed.location.file,
            Some(dir.path().join("shared.yaml"))
        );
        assert_eq!(attributed.location.pointer, "/Limit/name");
    }

    #[test]
    fn schemas_of_other_files_are_named_where_they_are_listed() {
        let name = |target: &str| external_type_name(target);
        assert_eq!(
            name("other.yaml#/components/schemas/Pet").as_deref(),
            Some("Pet")
        );
        assert_eq!(name("defs.json#/$defs/a~1b").as_deref(), Some("a/b"));
        assert_eq!(name("common.yaml#/Owner").as_deref(), Some("Owner"));
        assert_eq!(name("schemas/pet.schema.json#").as_deref(), Some("pet"));
        assert_eq!(
            name("other.yaml#/components/schemas/Pet/properties/x"),
            None
        );
        assert_eq!(name("/components/schemas/Pet"), None);
    }
}
