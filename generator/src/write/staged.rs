//! Files written while the rest is still being generated: each file handed over is compared
//! with the one on disk and, when it changed, written to a temporary file beside it, by threads
//! of their own. Nothing is replaced until [`Staged::finish`], which renames them all into place
//! once every file is known; dropped before that, the temporary files go.
//!
//! Why: creating and filling the files is the kernel's work, and done at the end it would all
//! come after the last module is formatted; handed over as each module is formatted, it is
//! done while the other modules still are.
//!
//! A file's text is handed over, not copied: the writers keep it until `finish` gives it back
//! (a copy of Stripe's crate was 12 MB of fresh memory, each page of which the system clears).

use std::collections::{BTreeMap, BTreeSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use super::{Outcome, WriteSummary, prepare_changed};
use crate::error::Error;

/// Threads writing handed-over files: the kernel's work of creating and filling them, beside
/// the threads still rendering (one or two made no difference on Stripe, lago or resend).
const WRITERS: usize = 2;

/// A file handed over: where it goes, and its text.
type Handed = (PathBuf, String);

/// A file a writer took, and what became of it (`None`: the writer panicked on it, so it is
/// written at the end).
type Taken = (PathBuf, String, Option<Outcome>);

/// Files under a folder, written as they are handed over and put in place at the end.
#[derive(Debug)]
pub struct Staged {
    root: PathBuf,
    sender: Option<Sender<Handed>>,
    writers: Vec<JoinHandle<Vec<Taken>>>,
    /// The paths the writers were given: each goes to them once.
    given: Mutex<BTreeSet<PathBuf>>,
}

impl Staged {
    /// Ready to put files in place under `root` at the end only: each file handed over is given
    /// back at once, and no thread is started.
    pub fn new(root: &Path) -> Self {
        Staged {
            root: root.to_path_buf(),
            sender: None,
            writers: Vec::new(),
            given: Mutex::default(),
        }
    }

    /// Ready to take files for `root`, with threads writing them as they come.
    pub fn writing(root: &Path) -> Self {
        let (sender, receiver) = std::sync::mpsc::channel::<Handed>();
        let receiver = Arc::new(Mutex::new(receiver));
        let writers = (0..WRITERS)
            .filter_map(|_| {
                let receiver = Arc::clone(&receiver);
                let root = root.to_path_buf();
                std::thread::Builder::new()
                    .name("oasgen-write".to_string())
                    .spawn(move || write_handed(&root, &receiver))
                    .ok()
            })
            .collect();
        Staged {
            root: root.to_path_buf(),
            sender: Some(sender),
            writers,
            given: Mutex::default(),
        }
    }

    /// Hands over `contents` for `relative` (a path under the folder), to be written now and
    /// given back by [`Staged::finish`]. Given back at once (`Some`) when it is not written
    /// early: no writer, or the path was handed over before. The caller then keeps it and
    /// passes it to `finish` with its other files, and that text is the one written (so a
    /// path handed over twice from two threads ends with whichever came second: callers hand
    /// each path over once).
    pub fn hand_over(&self, relative: PathBuf, contents: String) -> Option<(PathBuf, String)> {
        let Some(sender) = &self.sender else {
            return Some((relative, contents));
        };
        let mut given = self.given.lock().unwrap_or_else(PoisonError::into_inner);
        if !given.insert(relative.clone()) {
            return Some((relative, contents));
        }
        // With no writer left to take it, the caller keeps it.
        sender
            .send((relative, contents))
            .err()
            .map(|unsent| unsent.0)
    }

    /// Puts the crate in place (see [`super::write_files`]): `files` are the files not handed
    /// over (or given back); the handed-over ones are added to them as their writers prepared
    /// them, the others are compared and prepared now, and all are renamed into place once
    /// every one is prepared. A file in `files` that was also handed over is written from the
    /// text in `files`.
    pub fn finish(mut self, files: &mut BTreeMap<PathBuf, String>) -> Result<WriteSummary, Error> {
        let taken = self.join().ok_or_else(|| Error::Io {
            path: self.root.clone(),
            source: std::io::Error::other("a thread writing the files stopped"),
        })?;
        let mut handed = BTreeMap::new();
        for (relative, contents, outcome) in taken {
            // Its temporary file is dropped here, and goes.
            if files.contains_key(&relative) {
                continue;
            }
            if let Some(outcome) = outcome {
                handed.insert(relative.clone(), outcome);
            }
            files.insert(relative, contents);
        }
        super::put_in_place(&self.root, files, handed)
    }

    /// Waits for the writers; the files they took (`None` when one stopped, taking its files
    /// with it: a bug, as each file is prepared under `catch_unwind`).
    fn join(&mut self) -> Option<Vec<Taken>> {
        self.sender = None;
        let mut taken = Vec::new();
        let mut all = true;
        for writer in self.writers.drain(..) {
            match writer.join() {
                Ok(done) => taken.extend(done),
                Err(_) => all = false,
            }
        }
        all.then_some(taken)
    }
}

impl Drop for Staged {
    /// Waits for the writers, so no temporary file outlives a generation that failed.
    fn drop(&mut self) {
        drop(self.join());
    }
}

/// A writer's loop: takes handed-over files until the sender is gone.
fn write_handed(root: &Path, receiver: &Mutex<Receiver<Handed>>) -> Vec<Taken> {
    let mut done = Vec::new();
    loop {
        let next = receiver
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recv();
        let Ok((relative, contents)) = next else {
            return done;
        };
        // The writer holds the only copy of the text: a panic here (a bug) must not take it.
        let path = root.join(&relative);
        let outcome =
            std::panic::catch_unwind(AssertUnwindSafe(|| prepare_changed(&path, &contents))).ok();
        done.push((relative, contents, outcome));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<PathBuf, String> {
        pairs
            .iter()
            .map(|(path, text)| (PathBuf::from(path), text.to_string()))
            .collect()
    }

    /// Everything under `root`, by path, as text.
    fn tree(root: &Path) -> BTreeMap<PathBuf, String> {
        let mut found = BTreeMap::new();
        let mut folders = vec![root.to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    let text = std::fs::read_to_string(&path).unwrap();
                    found.insert(path.strip_prefix(root).unwrap().to_path_buf(), text);
                }
            }
        }
        found
    }

    #[test]
    fn files_handed_over_are_put_in_place_at_the_end_and_given_back() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("src")).unwrap();
        std::fs::write(root.path().join("src/same.rs"), "same\n").unwrap();
        std::fs::write(root.path().join("src/old.rs"), "old\n").unwrap();
        let wanted = files(&[
            ("Cargo.toml", "[package]\n"),
            ("src/same.rs", "same\n"),
            ("src/old.rs", "new\n"),
            ("src/late.rs", "final\n"),
            ("src/kept.rs", "kept\n"),
        ]);
        let staged = Staged::writing(root.path());
        let mut kept = BTreeMap::new();
        for (path, text) in &wanted {
            if path.ends_with("kept.rs") {
                // Never handed over: written at the end.
                kept.insert(path.clone(), text.clone());
                continue;
            }
            // One file is handed over with a draft first, then with its final text, which
            // comes back to be kept by the caller.
            if path.ends_with("late.rs") {
                assert_eq!(staged.hand_over(path.clone(), "draft\n".into()), None);
                let again = staged.hand_over(path.clone(), text.clone());
                assert_eq!(again, Some((path.clone(), text.clone())));
                kept.extend(again);
                continue;
            }
            assert_eq!(staged.hand_over(path.clone(), text.clone()), None);
        }
        let summary = staged.finish(&mut kept).unwrap();
        // Every file given back, each with its final text, and on disk as such.
        assert_eq!(kept, wanted);
        assert_eq!(tree(root.path()), wanted);
        assert_eq!(summary.unchanged, [PathBuf::from("src/same.rs")]);
        assert_eq!(
            summary.written,
            [
                PathBuf::from("Cargo.toml"),
                PathBuf::from("src/kept.rs"),
                PathBuf::from("src/late.rs"),
                PathBuf::from("src/old.rs"),
            ]
        );
    }

    #[test]
    fn without_writers_every_file_is_given_back_and_written_at_the_end() {
        let root = tempfile::tempdir().unwrap();
        let staged = Staged::new(root.path());
        let handed = staged.hand_over(PathBuf::from("src/lib.rs"), "lib\n".into());
        assert_eq!(
            handed,
            Some((PathBuf::from("src/lib.rs"), "lib\n".to_string()))
        );
        let mut kept: BTreeMap<PathBuf, String> = handed.into_iter().collect();
        let summary = staged.finish(&mut kept).unwrap();
        assert_eq!(summary.written, [PathBuf::from("src/lib.rs")]);
        assert_eq!(tree(root.path()), files(&[("src/lib.rs", "lib\n")]));
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_replaced_when_a_handed_over_file_cannot_be_prepared() {
        use crate::write::tests::{assert_failed_at_the_dead_end, folder_with_a_dead_end};
        let root = folder_with_a_dead_end();
        let staged = Staged::writing(root.path());
        for (path, text) in [("src/lib.rs", "new\n"), ("src/types/a.rs", "a\n")] {
            assert_eq!(staged.hand_over(PathBuf::from(path), text.into()), None);
        }
        // Kept for the end: prepared after the writers' files, and not put in place either.
        let mut kept = files(&[("Cargo.toml", "[package]\n"), ("src/z.rs", "z\n")]);
        assert_failed_at_the_dead_end(root.path(), staged.finish(&mut kept));
    }

    #[test]
    fn nothing_changes_when_the_generation_stops_before_the_end() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("src")).unwrap();
        std::fs::write(root.path().join("src/lib.rs"), "old\n").unwrap();
        let before = tree(root.path());
        let staged = Staged::writing(root.path());
        staged.hand_over(PathBuf::from("src/lib.rs"), "new\n".into());
        staged.hand_over(PathBuf::from("src/more.rs"), "more\n".into());
        drop(staged);
        // No temporary file is left beside them either.
        assert_eq!(tree(root.path()), before);
    }
}
