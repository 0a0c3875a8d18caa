//! Stage 7: files to disk — atomically, and only when their content changed — or a comparison.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;

mod staged;

pub use staged::Staged;

/// What preparing a file came to: `None` when the file on disk already holds its text, else
/// the temporary file holding it, ready to be renamed into place. The file is closed (a path
/// that removes the file when dropped): a crate of many files would otherwise hold a
/// descriptor for each until the renames.
type Outcome = io::Result<Option<tempfile::TempPath>>;

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteSummary {
    /// Files whose content changed (or that are new).
    pub written: Vec<PathBuf>,
    /// Files left untouched because their content was already right.
    pub unchanged: Vec<PathBuf>,
    /// Files an earlier generation wrote that this one no longer does (a runtime module the API
    /// stopped needing, say), removed.
    pub removed: Vec<PathBuf>,
}

/// Writes `files` (paths relative to `root`). Each file is written to a temporary file in its
/// own folder and renamed over the old one, so readers never see half a file; files whose
/// content is already right are not touched, so their modification time (and cargo's rebuild
/// decision) stays. Generated sources under `root/src` that are no longer generated are removed
/// (only files that start with oasgen's `@generated` line: a file of yours is never touched).
/// Every changed file is written beside its place before any is renamed, so when one cannot
/// be (its folder cannot be made, the disk is full) none is replaced. [`Staged`] does the same
/// with files handed over while they are being generated.
pub fn write_files(root: &Path, files: &BTreeMap<PathBuf, String>) -> Result<WriteSummary, Error> {
    put_in_place(root, files, BTreeMap::new())
}

/// Puts `files` in place: each one `handed` over (its outcome being for its text) as its
/// writer prepared it, the others compared and prepared now, a few at a time; then every
/// changed file is renamed into place and orphans are removed. Nothing is replaced when any
/// file failed to prepare.
fn put_in_place(
    root: &Path,
    files: &BTreeMap<PathBuf, String>,
    mut handed: BTreeMap<PathBuf, Outcome>,
) -> Result<WriteSummary, Error> {
    let mut outcomes: Vec<Option<Outcome>> = files
        .keys()
        .map(|relative| handed.remove(relative))
        .collect();
    // Not handed over while generated, handed over again, or left by a writer that panicked
    // on it: prepared here, each outcome put in its file's place.
    let (slots, unprepared): (Vec<usize>, Vec<(&PathBuf, &String)>) = files
        .iter()
        .enumerate()
        .filter(|(index, _)| outcomes.get(*index).is_some_and(Option::is_none))
        .unzip();
    for (slot, outcome) in slots.into_iter().zip(prepare_all(root, &unprepared)) {
        if let Some(place) = outcomes.get_mut(slot) {
            *place = Some(outcome);
        }
    }
    let mut summary = WriteSummary::default();
    let mut ready = Vec::new();
    for (relative, outcome) in files.keys().zip(outcomes) {
        // `prepare_all` gives one outcome per file it is given.
        let outcome = outcome
            .unwrap_or_else(|| Err(io::Error::other("oasgen lost this file's outcome (a bug)")));
        match outcome {
            Ok(None) => summary.unchanged.push(relative.clone()),
            Ok(Some(temporary)) => ready.push((relative, temporary)),
            Err(source) => {
                return Err(Error::Io {
                    path: root.join(relative),
                    source,
                });
            }
        }
    }
    for (relative, temporary) in ready {
        temporary
            .persist(root.join(relative))
            .map_err(|error| Error::Io {
                path: root.join(relative),
                source: error.error,
            })?;
        summary.written.push(relative.to_path_buf());
    }
    summary.written.sort();
    for relative in orphans(root, files)? {
        let path = root.join(&relative);
        std::fs::remove_file(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        // A folder the removal emptied (`src/runtime/client/`) goes too; one that still holds
        // anything stays (removing a non-empty folder fails, and that failure is fine).
        let mut folder = path.parent();
        while let Some(dir) = folder.filter(|dir| *dir != root.join("src")) {
            if std::fs::remove_dir(dir).is_err() {
                break;
            }
            folder = dir.parent();
        }
        summary.removed.push(relative);
    }
    Ok(summary)
}

/// The files (relative to `root`) that differ from `files`: changed, missing, or generated
/// sources that would no longer be generated.
pub fn stale_files(root: &Path, files: &BTreeMap<PathBuf, String>) -> Result<Vec<PathBuf>, Error> {
    let mut stale = Vec::new();
    for (relative, contents) in files {
        let path = root.join(relative);
        let existing = existing_bytes(&path).map_err(|source| Error::Io { path, source })?;
        if existing.as_deref() != Some(contents.as_bytes()) {
            stale.push(relative.clone());
        }
    }
    stale.extend(orphans(root, files)?);
    Ok(stale)
}

/// Rust files under `root/src` (at any depth) that oasgen generated and `files` no longer
/// holds, in path order.
fn orphans(root: &Path, files: &BTreeMap<PathBuf, String>) -> Result<Vec<PathBuf>, Error> {
    let mut found = Vec::new();
    let mut folders = vec![PathBuf::from("src")];
    while let Some(folder) = folders.pop() {
        let path = root.join(&folder);
        if !path.is_dir() {
            continue;
        }
        let io_error = |source| Error::Io {
            path: path.clone(),
            source,
        };
        for entry in std::fs::read_dir(&path).map_err(io_error)? {
            let entry = entry.map_err(io_error)?;
            let relative = folder.join(entry.file_name());
            let kind = entry.file_type().map_err(io_error)?;
            if kind.is_dir() {
                folders.push(relative);
            } else if relative.extension().is_some_and(|ext| ext == "rs")
                && !files.contains_key(&relative)
                && is_generated(&entry.path())
            {
                found.push(relative);
            }
        }
    }
    found.sort();
    Ok(found)
}

fn is_generated(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| text.starts_with("// @generated by oasgen"))
}

/// The bytes of the file at `path`, or `None` when there is none.
fn existing_bytes(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        read => read.map(Some),
    }
}

/// `None` when the file at `path` already holds `contents`, else the temporary file holding
/// them: the one step a file goes through whether it was handed over while generating
/// ([`Staged`]) or is written at the end.
fn prepare_changed(path: &Path, contents: &str) -> Outcome {
    match existing_bytes(path)? {
        Some(existing) if existing == contents.as_bytes() => Ok(None),
        _ => prepare(path, contents).map(Some),
    }
}

/// Files compared and prepared at once: creating and filling a file is the kernel's work (an
/// inode, its blocks, the text copied into the page cache), which a few threads share out.
const PREPARERS: usize = 4;

/// Each of `files` compared with the disk and, when changed, prepared, a few at a time: one
/// outcome per file, in `files`' order.
fn prepare_all(root: &Path, files: &[(&PathBuf, &String)]) -> Vec<Outcome> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let prepare_some = || {
        let mut outcomes = Vec::new();
        loop {
            let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some((relative, contents)) = files.get(index) else {
                return outcomes;
            };
            outcomes.push((index, prepare_changed(&root.join(relative), contents)));
        }
    };
    let mut outcomes: Vec<(usize, Outcome)> = std::thread::scope(|scope| {
        let preparers: Vec<_> = (1..PREPARERS.min(files.len()))
            .filter_map(|_| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, prepare_some)
                    .ok()
            })
            .collect();
        // This thread prepares too, so the files are prepared even when no thread can be had.
        let mut outcomes = prepare_some();
        for preparer in preparers {
            outcomes.extend(
                preparer
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        outcomes
    });
    outcomes.sort_by_key(|(index, _)| *index);
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}

/// `contents` in a temporary file beside `path`, with `path`'s permissions, closed and ready to
/// be renamed over it.
///
/// Not synced: renaming is what keeps a reader from ever seeing half a file, and generated code
/// is made again by running oasgen again (a file a crash left short differs from the output, so
/// the next run rewrites it and `--check` calls it stale). Cargo does not sync its outputs
/// either. A sync per file was up to 40 % of a small spec's time on our disk, and a tenth of
/// Stripe's.
fn prepare(path: &Path, contents: &str) -> io::Result<tempfile::TempPath> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let existing = match std::fs::metadata(path) {
        Ok(metadata) => Some(metadata.permissions()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(error),
    };
    let mut temporary = temporary_file(folder)?;
    // Replacing a file must not change who may read it (a 0600 temporary file would), so
    // the old file's permissions carry over; set after creation, where no umask applies.
    if let Some(permissions) = existing {
        temporary.as_file().set_permissions(permissions)?;
    }
    io::Write::write_all(&mut temporary, contents.as_bytes())?;
    Ok(temporary.into_temp_path())
}

/// A temporary file in `folder` created the way `File::create` creates one: tempfile's own
/// default is 0600 (right for secrets, wrong for source files others build), so on Unix it is
/// asked for 0666 and the umask narrows that as it would for any new file (0644 under 022).
fn temporary_file(folder: &Path) -> io::Result<tempfile::NamedTempFile> {
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(folder)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A crate folder whose `src/lib.rs` holds `old`, and whose `src/types` is a link to
    /// nowhere: a file under it reads as missing, but its folder cannot be made, so only
    /// preparing it fails.
    #[cfg(unix)]
    pub(in crate::write) fn folder_with_a_dead_end() -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("src")).unwrap();
        std::fs::write(root.path().join("src/lib.rs"), "old\n").unwrap();
        std::os::unix::fs::symlink(root.path().join("gone"), root.path().join("src/types"))
            .unwrap();
        root
    }

    /// Asserts that writing into [`folder_with_a_dead_end`] failed on `src/types/a.rs`, and
    /// left the folder as it was: `src/lib.rs` not replaced, no file added, no temporary file
    /// left behind.
    #[cfg(unix)]
    pub(in crate::write) fn assert_failed_at_the_dead_end<T: std::fmt::Debug>(
        root: &Path,
        result: Result<T, Error>,
    ) {
        match result {
            Err(Error::Io { path, .. }) => assert_eq!(path, root.join("src/types/a.rs")),
            other => panic!("expected the failing file's error, got {other:?}"),
        }
        assert_eq!(
            std::fs::read_to_string(root.join("src/lib.rs")).unwrap(),
            "old\n"
        );
        let mut left: Vec<_> = std::fs::read_dir(root)
            .unwrap()
            .chain(std::fs::read_dir(root.join("src")).unwrap())
            .map(|entry| entry.unwrap().file_name())
            .collect();
        left.sort();
        assert_eq!(left, ["lib.rs", "src", "types"]);
    }

    #[test]
    fn writes_only_changes_and_reports_staleness() {
        let root = tempfile::tempdir().unwrap();
        let mut files = BTreeMap::new();
        files.insert(
            PathBuf::from("src/lib.rs"),
            "// @generated by oasgen\n".to_string(),
        );
        files.insert(PathBuf::from("Cargo.toml"), "[package]\n".to_string());
        assert_eq!(stale_files(root.path(), &files).unwrap().len(), 2);
        let first = write_files(root.path(), &files).unwrap();
        assert_eq!(first.written.len(), 2);
        let second = write_files(root.path(), &files).unwrap();
        assert_eq!((second.written.len(), second.unchanged.len()), (0, 2));
        assert!(stale_files(root.path(), &files).unwrap().is_empty());
        std::fs::write(root.path().join("src/old.rs"), "// @generated by oasgen\n").unwrap();
        std::fs::write(root.path().join("src/mine.rs"), "fn main() {}\n").unwrap();
        assert_eq!(
            stale_files(root.path(), &files).unwrap(),
            [PathBuf::from("src/old.rs")]
        );
    }

    #[test]
    fn generated_files_no_longer_generated_are_removed_at_any_depth() {
        let root = tempfile::tempdir().unwrap();
        let generated = "// @generated by oasgen 0.1.0 from a.yaml. Do not edit.\n".to_string();
        let files = BTreeMap::from([(PathBuf::from("src/lib.rs"), generated.clone())]);
        let nested = root.path().join("src/runtime/client");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(nested.join("multipart.rs"), &generated).unwrap();
        std::fs::write(root.path().join("src/runtime.rs"), &generated).unwrap();
        std::fs::write(root.path().join("src/runtime/mine.rs"), "fn mine() {}\n").unwrap();
        // In path order, component by component (`runtime` sorts before `runtime.rs`).
        let orphaned = [
            PathBuf::from("src/runtime/client/multipart.rs"),
            PathBuf::from("src/runtime.rs"),
        ];
        let mut stale = stale_files(root.path(), &files).unwrap();
        stale.retain(|path| path != Path::new("src/lib.rs"));
        assert_eq!(stale, orphaned);
        let summary = write_files(root.path(), &files).unwrap();
        assert_eq!(summary.removed, orphaned);
        assert!(!nested.exists(), "the emptied folder is gone");
        // A file of the user's stays, and with it its folder.
        assert!(root.path().join("src/runtime/mine.rs").exists());
        assert!(stale_files(root.path(), &files).unwrap().is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_replaced_when_a_file_cannot_be_prepared() {
        let root = folder_with_a_dead_end();
        // Files sorted before the failing one and after it.
        let files = BTreeMap::from([
            (PathBuf::from("Cargo.toml"), "[package]\n".to_string()),
            (PathBuf::from("src/lib.rs"), "new\n".to_string()),
            (PathBuf::from("src/types/a.rs"), "a\n".to_string()),
            (PathBuf::from("src/z.rs"), "z\n".to_string()),
        ]);
        assert_failed_at_the_dead_end(root.path(), write_files(root.path(), &files));
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[cfg(unix)]
    #[test]
    fn new_files_get_the_mode_a_plain_creation_gets() {
        let root = tempfile::tempdir().unwrap();
        // What `File::create` gets under this process's umask (0644 under umask 022); the
        // umask is not changed here because it is shared by every test thread.
        let plain = root.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let files = BTreeMap::from([(PathBuf::from("src/lib.rs"), "fn a() {}\n".to_string())]);
        write_files(root.path(), &files).unwrap();
        assert_eq!(
            format!("{:o}", mode(&root.path().join("src/lib.rs"))),
            format!("{:o}", mode(&plain))
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("lib.rs");
        for kept in [0o640, 0o755] {
            std::fs::write(&path, "old\n").unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(kept)).unwrap();
            let files = BTreeMap::from([(PathBuf::from("lib.rs"), "new\n".to_string())]);
            write_files(root.path(), &files).unwrap();
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
            assert_eq!(format!("{:o}", mode(&path)), format!("{kept:o}"));
        }
    }
}
