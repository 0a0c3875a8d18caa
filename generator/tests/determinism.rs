//! Same input, byte-identical output: across repeated runs, across threads, and across
//! processes (each has its own hash seed).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generator/ is inside the repository")
        .to_path_buf()
}

/// The specs with the most ordering to get wrong: many types, unions, names and webhooks.
const SPECS: &[&str] = &[
    "specs/dolfin.yaml",
    "../shared/corpus/discord.json",
    "../shared/corpus/lago.yaml",
    "tests/fixtures/constructs.yaml",
];

fn generate(spec: &str) -> Vec<(PathBuf, String)> {
    let options = oasgen::CrateOptions {
        crate_name: "determinism".into(),
        spec_label: spec.into(),
        ..Default::default()
    };
    let generated = oasgen::generate_crate(&repo_root().join(spec), &options).expect("generates");
    generated.files.into_iter().collect()
}

#[test]
fn repeated_runs_and_threads_agree() {
    for spec in SPECS {
        let first = generate(spec);
        let threads: Vec<_> = (0..4)
            .map(|_| std::thread::spawn(move || generate(spec)))
            .collect();
        for thread in threads {
            assert!(
                thread.join().expect("no panic") == first,
                "{spec}: a concurrent run differs"
            );
        }
        assert!(generate(spec) == first, "{spec}: a repeated run differs");
    }
}

#[test]
fn separate_processes_agree() {
    // Each process seeds its HashMaps differently; output must not notice.
    let oasgen = env!("CARGO_BIN_EXE_oasgen");
    let work = tempfile_dir();
    for spec in SPECS {
        let outputs: Vec<PathBuf> = (0..3)
            .map(|run| work.join(format!("{}-{run}", spec.replace(['/', '.'], "_"))))
            .collect();
        for out in &outputs {
            let status = Command::new(oasgen)
                .args(["generate", spec, "--out"])
                .arg(out)
                .arg("--quiet")
                .current_dir(repo_root())
                .status()
                .expect("oasgen runs");
            assert!(status.success(), "{spec}");
        }
        let read = |out: &PathBuf| -> Vec<(String, Vec<u8>)> {
            let mut files = Vec::new();
            for folder in [out.clone(), out.join("src")] {
                for entry in std::fs::read_dir(&folder).expect("readable") {
                    let path = entry.expect("entry").path();
                    if path.is_file() {
                        files.push((
                            path.file_name()
                                .unwrap_or_default()
                                .to_string_lossy()
                                .into_owned(),
                            std::fs::read(&path).expect("readable"),
                        ));
                    }
                }
            }
            files.sort();
            files
        };
        let first = read(&outputs[0]);
        for out in &outputs[1..] {
            assert!(read(out) == first, "{spec}: processes disagree");
        }
    }
}

fn tempfile_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("determinism");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("writable");
    dir
}
