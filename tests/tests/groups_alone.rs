//! Every operation group compiles on its own: for nexus (untagged, grouped by path) and svix
//! (grouped by tag), each group's feature alone with the client, and alone with the server,
//! passes `cargo check` under `-D warnings`, as do the client and the server with every group.
//! (`corpus.rs` checks every spec with all features.)
//!
//! One crate per configuration, all checked in one `cargo check` so both cores are busy.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the repository")
        .to_path_buf()
}

/// A generated crate to check, and the features to check it with.
struct Build {
    crate_name: String,
    features: Vec<String>,
}

#[test]
fn each_group_compiles_alone_with_the_client_and_with_the_server() {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("groups-alone");
    let _ = std::fs::remove_dir_all(&work);
    let mut builds = Vec::new();
    for stem in ["prog-nexus", "svix-server"] {
        let spec = repo_root().join(format!("../shared/corpus/{stem}.json"));
        let lowered = oasgen::lower_file(&spec).expect("lowers");
        let groups: Vec<String> = lowered
            .api
            .groups
            .iter()
            .map(|group| group.feature.clone())
            .collect();
        assert!(groups.len() >= 5, "{stem} has groups: {groups:?}");
        let mut configurations: Vec<Vec<String>> = groups
            .iter()
            .flat_map(|group| {
                [
                    vec!["client".to_string(), group.clone()],
                    vec!["server".to_string(), group.clone()],
                ]
            })
            .collect();
        for part in ["client", "server"] {
            let mut every_group = vec![part.to_string()];
            every_group.extend(groups.iter().cloned());
            configurations.push(every_group);
        }
        for (index, features) in configurations.into_iter().enumerate() {
            let crate_name = format!("alone-{stem}-{index}");
            let options = oasgen::CrateOptions {
                crate_name: crate_name.clone(),
                spec_label: format!("../shared/corpus/{stem}.json"),
                ..Default::default()
            };
            let generated = oasgen::generate_crate(&spec, &options).expect("generates");
            oasgen::write::write_files(&work.join("crates").join(&crate_name), &generated.files)
                .expect("writable");
            builds.push(Build {
                crate_name,
                features,
            });
        }
    }

    let members: Vec<String> = builds
        .iter()
        .map(|build| format!("\"crates/{}\"", build.crate_name))
        .collect();
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(work.join("Cargo.toml"), manifest).expect("writable");
    let mut check = Command::new(env!("CARGO"));
    check.args([
        "check",
        "--no-default-features",
        "--keep-going",
        "--message-format=short",
    ]);
    let mut features = Vec::new();
    for build in &builds {
        check.args(["-p", &build.crate_name]);
        features.extend(
            build
                .features
                .iter()
                .map(|feature| format!("{}/{feature}", build.crate_name)),
        );
    }
    check.args(["--features", &features.join(",")]);
    let output = check
        .current_dir(&work)
        // The corpus test's folder: dependencies build once.
        .env("CARGO_TARGET_DIR", repo_root().join("target/standalone"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    let log = String::from_utf8_lossy(&output.stderr);
    let failed: Vec<String> = builds
        .iter()
        .filter(|build| log.contains(&format!("could not compile `{}`", build.crate_name)))
        .map(|build| format!("{} with {}", build.crate_name, build.features.join(",")))
        .collect();
    println!(
        "{} configurations checked, {} failed",
        builds.len(),
        failed.len()
    );
    assert!(
        failed.is_empty() && output.status.success(),
        "these failed:\n{}\ncargo check said:\n{log}",
        failed.join("\n")
    );
}
