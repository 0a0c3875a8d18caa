//! The spec's folder: which files a `$ref` may name, and reading them.
//!
//! A reference names another file by a path relative to the document it is in (JSON Reference
//! semantics). oasgen follows it only when the file is inside the root spec's folder, after
//! symbolic links are resolved: a spec is often someone else's file, and `$ref:
//! ../../home/me/.ssh/id_rsa` must not turn code generation into a way of reading it. URLs are
//! never fetched.
//!
//! Files are known by a *label*: their canonical path relative to the canonical folder, with
//! `/` separators (and `%`, `#` percent-encoded, so a label never contains the `#` that ends it
//! in a qualified pointer).

use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::upgrade::SpecVersion;

/// The root spec's folder.
#[derive(Debug, Clone)]
pub(super) struct SpecFolder {
    /// The folder as the user named it (`specs`), for diagnostics.
    shown: PathBuf,
    /// The folder after resolving symbolic links: nothing outside it is read.
    canonical: PathBuf,
    /// The root document's own label (a reference to it is a reference into the root).
    root_label: String,
    /// The root's OpenAPI version: files without an `openapi` field are read as that version.
    root_version: SpecVersion,
}

impl SpecFolder {
    /// The folder of the spec at `spec` (a file that was just read).
    pub fn of(spec: &Path, root_version: SpecVersion) -> Result<SpecFolder, String> {
        let canonical_spec = spec
            .canonicalize()
            .map_err(|error| format!("cannot resolve the spec's path: {error}"))?;
        let canonical = canonical_spec
            .parent()
            .ok_or("the spec has no folder")?
            .to_path_buf();
        let root_label = label_of(&canonical_spec, &canonical)?;
        Ok(SpecFolder {
            shown: spec.parent().unwrap_or(Path::new("")).to_path_buf(),
            canonical,
            root_label,
            root_version,
        })
    }

    /// Whether `label` is the root document.
    pub fn is_root(&self, label: &str) -> bool {
        label == self.root_label
    }

    /// The label of the file `path` (a decoded, relative reference path) names from the file
    /// labelled `from` (`None`: the root). Refuses paths that leave the folder.
    pub fn resolve(&self, from: Option<&str>, path: &str) -> Result<String, String> {
        let base = from.unwrap_or(&self.root_label);
        let mut segments: Vec<String> = decode_label(base).split('/').map(str::to_string).collect();
        segments.pop(); // the referring file's name: paths are relative to its folder
        for segment in path.split('/') {
            match segment {
                "" | "." => {}
                ".." => {
                    if segments.pop().is_none() {
                        return Err("it leads outside the spec's folder, and oasgen reads only files inside it".into());
                    }
                }
                name => segments.push(name.to_string()),
            }
        }
        if segments.is_empty() {
            return Err("it names a folder, not a file".into());
        }
        let lexical: PathBuf = segments
            .iter()
            .fold(self.canonical.clone(), |p, s| p.join(s));
        let canonical = lexical.canonicalize().map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => format!("file `{}` does not exist", segments.join("/")),
            _ => format!("cannot resolve `{}`: {error}", segments.join("/")),
        })?;
        if !canonical.starts_with(&self.canonical) {
            return Err(format!(
                "`{}` is a symbolic link to a file outside the spec's folder, and oasgen reads only files inside it",
                segments.join("/")
            ));
        }
        if !canonical.is_file() {
            return Err(format!("`{}` is not a file", segments.join("/")));
        }
        label_of(&canonical, &self.canonical)
    }

    /// Reads, parses and (for 3.0) upgrades the file labelled `label`; `budget` is how many
    /// bytes other files may still take, and is charged for this one.
    pub fn load(&self, label: &str, budget: &mut usize) -> Result<Value, String> {
        let path = self.canonical.join(decode_label(label));
        let bytes = crate::load::read_document(&path)
            .map_err(|error| format!("cannot read `{}`: {error}", decode_label(label)))?;
        *budget = budget.checked_sub(bytes.len()).ok_or_else(|| {
            format!(
                "the files `$ref`s lead to are larger than {} MiB together",
                crate::load::MAX_DOCUMENT_BYTES >> 20
            )
        })?;
        let shown = decode_label(label);
        let mut document = crate::load::load(&bytes).map_err(|diagnostic| {
            let at = match diagnostic.location.line_column {
                Some((line, column)) => format!("{shown}:{line}:{column}"),
                None => shown.clone(),
            };
            let pointer = match diagnostic.location.pointer.as_str() {
                "" => String::new(),
                pointer => format!(" at {pointer}"),
            };
            format!("`{at}`{pointer}: {}", diagnostic.message)
        })?;
        let declares_version =
            document.get("openapi").is_some() || document.get("swagger").is_some();
        if declares_version {
            crate::upgrade::upgrade(&mut document)
                .map_err(|diagnostic| format!("`{shown}`: {}", diagnostic.message))?;
        } else if self.root_version == SpecVersion::V3_0 {
            crate::upgrade::upgrade_fragment(&mut document);
        }
        Ok(document)
    }

    /// The path of the file labelled `label`, as the user would name it (for diagnostics).
    pub fn shown_path(&self, label: &str) -> PathBuf {
        self.shown.join(decode_label(label))
    }
}

/// The label of `file` inside `folder` (both canonical).
fn label_of(file: &Path, folder: &Path) -> Result<String, String> {
    let relative = file
        .strip_prefix(folder)
        .map_err(|_| "the file is outside the spec's folder".to_string())?;
    let mut names = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(name) => names.push(
                name.to_str()
                    .ok_or_else(|| format!("the file name {name:?} is not UTF-8"))?
                    .replace('%', "%25")
                    .replace('#', "%23"),
            ),
            _ => return Err("the file is outside the spec's folder".into()),
        }
    }
    Ok(names.join("/"))
}

/// A label's path text (`%23` back to `#`).
pub(super) fn decode_label(label: &str) -> String {
    label.replace("%23", "#").replace("%25", "%")
}

/// Why a reference's path part cannot be read as a path relative to its document, if it
/// cannot: URLs and absolute paths.
pub(super) fn refuse_non_relative(path: &str) -> Option<&'static str> {
    let has_scheme = path.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if has_scheme {
        Some("it is a URL, and oasgen never fetches anything (no network)")
    } else if path.starts_with('/')
        || path.starts_with('\\')
        || Path::new(path).is_absolute()
        || path.get(1..2) == Some(":")
    {
        Some("absolute paths are refused; name the file by its path relative to this document")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with(files: &[(&str, &str)]) -> (tempfile::TempDir, SpecFolder) {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        let folder =
            SpecFolder::of(&dir.path().join("api.yaml"), SpecVersion::V3_0).expect("a folder");
        (dir, folder)
    }

    #[test]
    fn relative_paths_resolve_from_the_referring_file() {
        let (_dir, folder) = folder_with(&[
            ("api.yaml", "openapi: 3.0.0\n"),
            ("schemas/pet.yaml", "Pet: {type: object}\n"),
            ("common.yaml", "X: {}\n"),
        ]);
        assert_eq!(
            folder.resolve(None, "./schemas/pet.yaml").unwrap(),
            "schemas/pet.yaml"
        );
        assert_eq!(
            folder
                .resolve(Some("schemas/pet.yaml"), "../common.yaml")
                .unwrap(),
            "common.yaml"
        );
        assert_eq!(
            folder
                .resolve(Some("schemas/pet.yaml"), "pet.yaml")
                .unwrap(),
            "schemas/pet.yaml"
        );
        assert!(
            folder.is_root(
                &folder
                    .resolve(Some("schemas/pet.yaml"), "../api.yaml")
                    .unwrap()
            )
        );
    }

    #[test]
    fn escapes_and_missing_files_are_refused() {
        let (_dir, folder) = folder_with(&[("api.yaml", ""), ("schemas/pet.yaml", "")]);
        let escape = folder
            .resolve(Some("schemas/pet.yaml"), "../../etc/passwd")
            .unwrap_err();
        assert!(escape.contains("outside the spec's folder"), "{escape}");
        let missing = folder.resolve(None, "schemas/nope.yaml").unwrap_err();
        assert!(
            missing.contains("`schemas/nope.yaml` does not exist"),
            "{missing}"
        );
        assert!(
            folder
                .resolve(None, "schemas")
                .unwrap_err()
                .contains("not a file")
        );
        assert!(folder.resolve(None, "..").unwrap_err().contains("outside"));
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_out_of_the_folder_are_refused() {
        let outside = tempfile::tempdir().expect("temp dir");
        std::fs::write(outside.path().join("secret.yaml"), "x: 1\n").expect("write");
        let (dir, folder) = folder_with(&[("api.yaml", "")]);
        std::os::unix::fs::symlink(
            outside.path().join("secret.yaml"),
            dir.path().join("link.yaml"),
        )
        .expect("symlink");
        let error = folder.resolve(None, "link.yaml").unwrap_err();
        assert!(error.contains("symbolic link"), "{error}");
    }

    #[test]
    fn urls_and_absolute_paths_are_not_relative() {
        for url in [
            "http://example.com/x.yaml",
            "https://x/y",
            "file:///etc/passwd",
            "urn:x:y",
        ] {
            assert!(
                refuse_non_relative(url).is_some_and(|why| why.contains("network")),
                "{url}"
            );
        }
        for absolute in ["/etc/passwd", "\\\\server\\share", "C:/x.yaml"] {
            assert!(
                refuse_non_relative(absolute).is_some_and(|why| why.contains("absolute")),
                "{absolute}"
            );
        }
        assert_eq!(refuse_non_relative("schemas/pet.yaml"), None);
    }

    #[test]
    fn fragments_follow_the_root_version() {
        let (_dir, folder) = folder_with(&[
            ("api.yaml", ""),
            ("frag.yaml", "Pet: {type: string, nullable: true}\n"),
            (
                "full.yaml",
                "openapi: 3.1.0\nPet: {type: string, nullable: true}\n",
            ),
            ("bad.yaml", "a: [\n"),
        ]);
        let mut budget = 1 << 20;
        let fragment = folder.load("frag.yaml", &mut budget).unwrap();
        assert_eq!(
            fragment["Pet"]["type"],
            serde_json::json!(["string", "null"])
        );
        let full = folder.load("full.yaml", &mut budget).unwrap();
        assert_eq!(full["Pet"]["nullable"], true, "a 3.1 file is read as 3.1");
        let bad = folder.load("bad.yaml", &mut budget).unwrap_err();
        let mut small = 10;
        let over = folder.load("frag.yaml", &mut small).unwrap_err();
        assert!(over.contains("larger than 64 MiB together"), "{over}");
        assert!(
            bad.starts_with("`bad.yaml:2:1` at /a/0: invalid YAML"),
            "{bad}"
        );
    }
}
