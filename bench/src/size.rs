//! Output size of a generated crate, split the way the comparison with progenitor needs: what
//! a client user compiles, and what is the same for every API (oasgen's runtime module). Each
//! size is also counted as *code*: without whitespace and comment lines, so a difference in
//! formatting style or in documentation can be told from a difference in generated code.

use std::collections::BTreeMap;
use std::path::Path;

/// The size of one source file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileSize {
    /// All bytes.
    pub bytes: u64,
    /// Bytes that are neither whitespace nor on a comment line (`//`, `///`, `//!`).
    pub code: u64,
}

impl std::ops::Add for FileSize {
    type Output = FileSize;

    fn add(self, other: FileSize) -> FileSize {
        FileSize {
            bytes: self.bytes + other.bytes,
            code: self.code + other.code,
        }
    }
}

/// Measures one file's text.
pub fn measure_text(text: &str) -> FileSize {
    let code = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .flat_map(str::chars)
        .filter(|character| !character.is_whitespace())
        .map(char::len_utf8)
        .sum::<usize>();
    FileSize {
        bytes: text.len() as u64,
        code: code as u64,
    }
}

/// The size of each Rust source file directly under a crate's `src/`, by file name, and of the
/// files in each folder there, summed under the folder's name (`types/`: the groups' own types;
/// `runtime/`: the carried runtime's modules).
pub fn source_sizes(crate_dir: &Path) -> Result<BTreeMap<String, FileSize>, String> {
    let mut sizes = BTreeMap::new();
    add_sources(&crate_dir.join("src"), None, &mut sizes)?;
    Ok(sizes)
}

/// Adds the `.rs` files under `dir` to `sizes`: by file name, or under `folder/` when `dir` is
/// (inside) a folder of `src/`.
fn add_sources(
    dir: &Path,
    folder: Option<&str>,
    sizes: &mut BTreeMap<String, FileSize>,
) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let mut paths: Vec<std::path::PathBuf> = entries
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()
        .map_err(|error| format!("{}: {error}", dir.display()))?;
    paths.sort();
    for path in paths {
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        if path.is_dir() {
            let folder = folder.map_or_else(|| format!("{name}/"), str::to_string);
            add_sources(&path, Some(&folder), sizes)?;
        } else if name.ends_with(".rs") {
            let text = std::fs::read_to_string(&path)
                .map_err(|error| format!("{}: {error}", path.display()))?;
            let key = folder.map_or_else(|| name.to_string(), str::to_string);
            let sum = sizes.entry(key).or_default();
            *sum = *sum + measure_text(&text);
        }
    }
    Ok(())
}

/// The sum of all files' sizes.
pub fn total(sizes: &BTreeMap<String, FileSize>) -> FileSize {
    sizes
        .values()
        .fold(FileSize::default(), |sum, size| sum + *size)
}

/// oasgen's crate measured three ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OasgenSizes {
    /// Every source file: types, operations, client, server, runtime.
    pub all: FileSize,
    /// What the `client` feature compiles: everything but `server.rs` and `validation.rs`
    /// (the server-only items of `operations.rs` and the runtime module's server half are
    /// counted too, being in shared files).
    pub client: FileSize,
    /// The client side without the runtime module, whose ~50 KB are the same for every API
    /// (progenitor keeps its equivalent in the `progenitor-client` crate).
    pub client_without_runtime: FileSize,
}

/// The files only the `server` feature compiles.
const SERVER_FILES: [&str; 2] = ["server.rs", "validation.rs"];

/// The carried runtime: its root file and its modules' folder (see [`source_sizes`]).
const RUNTIME_FILES: [&str; 2] = ["runtime.rs", "runtime/"];

/// Splits oasgen's source file sizes into [`OasgenSizes`].
pub fn oasgen_sizes(sizes: &BTreeMap<String, FileSize>) -> OasgenSizes {
    let sum = |keep: &dyn Fn(&str) -> bool| {
        sizes
            .iter()
            .filter(|(name, _)| keep(name))
            .fold(FileSize::default(), |sum, (_, size)| sum + *size)
    };
    OasgenSizes {
        all: sum(&|_| true),
        client: sum(&|name| !SERVER_FILES.contains(&name)),
        client_without_runtime: sum(&|name| {
            !SERVER_FILES.contains(&name) && !RUNTIME_FILES.contains(&name)
        }),
    }
}

/// Bytes per operation, as a whole number (a spec without operations counts as one, so the
/// figure is the size itself rather than a division by zero).
pub fn per_operation(bytes: u64, operations: u64) -> u64 {
    bytes / operations.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(bytes: u64) -> FileSize {
        FileSize {
            bytes,
            code: bytes / 2,
        }
    }

    #[test]
    fn code_leaves_out_whitespace_and_comment_lines() {
        let text = "//! Crate docs.\n/// A struct.\npub struct A {\n    x: i32, // kept: not a comment line\n}\n";
        let measured = measure_text(text);
        assert_eq!(measured.bytes, text.len() as u64);
        assert_eq!(
            measured.code,
            "pubstructA{x:i32,//kept:notacommentline}".len() as u64
        );
    }

    #[test]
    fn splits_client_server_and_runtime() {
        let sizes: BTreeMap<String, FileSize> = [
            ("lib.rs", 2),
            ("types.rs", 20),
            ("operations.rs", 200),
            ("client.rs", 2000),
            ("server.rs", 20000),
            ("runtime.rs", 100000),
            ("runtime/", 100000),
        ]
        .map(|(name, bytes)| (name.to_string(), size(bytes)))
        .into();
        let split = oasgen_sizes(&sizes);
        assert_eq!(split.all, size(222222));
        assert_eq!(split.client, size(202222));
        assert_eq!(split.client_without_runtime, size(2222));
        assert_eq!(total(&sizes), size(222222));
    }

    #[test]
    fn files_in_folders_are_summed_by_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let src = dir.path().join("src");
        std::fs::create_dir_all(src.join("types")).expect("mkdir");
        std::fs::create_dir_all(src.join("runtime/client")).expect("mkdir");
        for (path, text) in [
            ("lib.rs", "a"),
            ("types.rs", "bb"),
            ("types/pets.rs", "ccc"),
            ("types/owners.rs", "dddd"),
            ("runtime/client/call.rs", "eeeee"),
            ("runtime/README.md", "not rust"),
        ] {
            std::fs::write(src.join(path), text).expect("write");
        }
        let sizes = source_sizes(dir.path()).expect("measures");
        let bytes: Vec<(&str, u64)> = sizes
            .iter()
            .map(|(name, size)| (name.as_str(), size.bytes))
            .collect();
        assert_eq!(
            bytes,
            [
                ("lib.rs", 1),
                ("runtime/", 5),
                ("types.rs", 2),
                ("types/", 7)
            ]
        );
    }

    #[test]
    fn per_operation_never_divides_by_zero() {
        assert_eq!(per_operation(1000, 4), 250);
        assert_eq!(per_operation(1000, 0), 1000);
    }
}
