//! Hostile and malformed specs: the `oasgen` binary must fail on each with exit code 1 and one
//! `error:` line naming the problem, the file and the JSON pointer (and the line and column when
//! they are known), within a bounded time, leaving an existing output folder byte for byte as it
//! was. The small cases are files in `tests/hostile/`; the huge ones (deep nesting, 50 MB
//! strings, alias bombs, oversized files) are written to a temporary folder at run time. Each
//! message is pinned by an insta snapshot in `tests/snapshots/`.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest any case may take; a case still running then is killed and fails the test.
const TIME_LIMIT: Duration = Duration::from_secs(20);

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generator/ is inside the repository")
        .to_path_buf()
}

/// What one run of the binary did.
struct Run {
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
}

/// Runs `oasgen generate <spec> --out <out>` in `dir`, killing it after [`TIME_LIMIT`].
fn run_oasgen(dir: &Path, spec: &str, out: &Path) -> Run {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_oasgen"))
        // One line per message: these cases pin the message itself (the excerpt that
        // `--message-format human` adds is tested in cli.rs).
        .args(["generate", spec, "--message-format", "short", "--out"])
        .arg(out)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("oasgen starts");
    // Read stderr on the side, so a chatty child cannot block on a full pipe.
    let mut pipe = child.stderr.take().expect("stderr is piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        pipe.read_to_string(&mut text).map(|_| text)
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait works") {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{spec}: still running after {TIME_LIMIT:?}; killed");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    let stderr = reader
        .join()
        .expect("reader thread")
        .expect("stderr is UTF-8");
    Run {
        code: status.code(),
        stderr,
        elapsed,
    }
}

/// Every file under `root`, with its bytes, in path order.
fn tree(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push((path.clone(), std::fs::read(&path).expect("readable")));
            }
        }
    }
    files.sort();
    files
}

/// An output folder holding what a user might have there: a previous generation, edited.
fn existing_output() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(out.path().join("src")).expect("mkdir");
    std::fs::write(
        out.path().join("Cargo.toml"),
        "[package]\nname = \"kept\"\n",
    )
    .expect("write");
    std::fs::write(out.path().join("src/lib.rs"), "// written by hand\n").expect("write");
    out
}

/// Runs one case and checks everything but the message text, which it returns for the
/// snapshot (with the case's folder written as `<dir>`).
fn check_failure(dir: &Path, spec: &str) -> (String, Duration) {
    let out = existing_output();
    let before = tree(out.path());
    let run = run_oasgen(dir, spec, out.path());
    assert_eq!(
        run.code,
        Some(1),
        "{spec}: exit code; stderr: {}",
        run.stderr
    );
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{spec}: one line on stderr: {}", run.stderr);
    let line = lines[0];
    assert!(line.starts_with("error: "), "{spec}: {line}");
    let location = Location::of(line);
    assert!(
        dir.join(location.file).is_file(),
        "{spec}: names the file (the spec or one it refers to): {line}"
    );
    assert!(
        location.pointer.is_empty() || location.pointer.starts_with('/'),
        "{spec}: {line}"
    );
    assert_eq!(tree(out.path()), before, "{spec}: output folder untouched");
    let text = line.replace(&dir.display().to_string(), "<dir>");
    (text, run.elapsed)
}

/// The `(file:line:column at /pointer)` part of a message.
struct Location<'m> {
    file: &'m str,
    line_column: Option<(usize, usize)>,
    /// Empty for the document root.
    pointer: &'m str,
}

impl<'m> Location<'m> {
    fn of(message: &'m str) -> Self {
        let body = message
            .strip_suffix(')')
            .unwrap_or_else(|| panic!("ends with a location: {message}"));
        let (before, pointer) = match body.strip_suffix(" at (document root)") {
            Some(before) => (before, ""),
            None => body
                .rsplit_once(" at ")
                .unwrap_or_else(|| panic!("a pointer: {message}")),
        };
        let (_, place) = before
            .rsplit_once(" (")
            .unwrap_or_else(|| panic!("a location: {message}"));
        let mut parts = place.rsplitn(3, ':');
        let numbers = (parts.next(), parts.next(), parts.next());
        match numbers {
            (Some(column), Some(line), Some(file)) => match (line.parse(), column.parse()) {
                (Ok(line), Ok(column)) => Location {
                    file,
                    line_column: Some((line, column)),
                    pointer,
                },
                _ => Location {
                    file: place,
                    line_column: None,
                    pointer,
                },
            },
            _ => Location {
                file: place,
                line_column: None,
                pointer,
            },
        }
    }
}

/// Cases whose problem has no position in the text: nothing to parse, or the whole document.
const WITHOUT_POSITION: &[&str] = &[
    "array_document",
    "bom_only",
    "empty",
    "openapi_missing",
    "string_document",
    "two_documents",
    "whitespace_only",
    "generated_oversized",
];

fn report(timings: &mut [(String, Duration)]) -> String {
    timings.sort_by_key(|(_, elapsed)| std::cmp::Reverse(*elapsed));
    let mut text = String::new();
    for (name, elapsed) in timings.iter().take(5) {
        let _ = writeln!(text, "{:>8.3}s  {name}", elapsed.as_secs_f64());
    }
    text
}

fn snapshot_case(name: &str, message: &str) {
    if !WITHOUT_POSITION.contains(&name) {
        assert!(
            Location::of(message).line_column.is_some(),
            "{name}: shows file:line:column: {message}"
        );
    }
    insta::assert_snapshot!(name, message);
}

#[test]
fn committed_hostile_specs_fail_cleanly() {
    let dir = repo_root().join("tests/hostile");
    let mut specs: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/hostile exists")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".json"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 30, "{} cases", specs.len());
    let mut stems: Vec<&str> = specs.iter().filter_map(|s| s.split('.').next()).collect();
    stems.dedup();
    assert_eq!(
        stems.len(),
        specs.len(),
        "case names (snapshot names) are unique"
    );
    let mut timings = Vec::new();
    for spec in &specs {
        let (message, elapsed) = check_failure(&dir, spec);
        let name = spec
            .rsplit_once('.')
            .map_or(spec.as_str(), |(stem, _)| stem);
        snapshot_case(name, &message);
        timings.push((spec.clone(), elapsed));
    }
    println!("slowest committed cases:\n{}", report(&mut timings));
}

/// A JSON spec whose one component schema nests `levels` inline object schemas.
fn nested_schemas_json(levels: usize) -> String {
    let mut schema = String::from(r#"{"type": "string"}"#);
    for _ in 0..levels {
        schema = format!(r#"{{"type": "object", "properties": {{"inner": {schema}}}}}"#);
    }
    format!(
        r#"{{"openapi": "3.1.0", "info": {{"title": "Deep", "version": "1"}}, "paths": {{}},
"components": {{"schemas": {{"Deep": {schema}}}}}}}"#
    )
}

/// The huge and generated cases, by name: the file to write and its bytes.
fn generated_cases() -> Vec<(&'static str, String, Vec<u8>)> {
    let n = 100_000;
    let fifty_mb = "x".repeat(50 << 20);
    let head = "openapi: 3.1.0\ninfo:\n  title: Huge\n  version: \"1\"\n";
    let laughs = {
        let mut text =
            String::from("openapi: 3.1.0\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            let _ = writeln!(
                text,
                "{name}: &{name} [{}]",
                vec![format!("*{previous}"); 9].join(", ")
            );
        }
        text + "info: *i\n"
    };
    let quadratic = format!(
        "openapi: 3.1.0\nitems: &items [{}]\ninfo:\n  title: [{}]\n",
        vec!["item"; 20_000].join(", "),
        vec!["*items"; 20_000].join(", ")
    );
    // 300 schemas outside `components`, each an object whose property refers to the next.
    let chain = {
        let mut text = String::from(
            "openapi: 3.1.0\ninfo: {title: Chain, version: '1'}\npaths: {}\nx-chain:\n",
        );
        for i in 0..300 {
            let _ = writeln!(
                text,
                "  s{i}: {{type: object, properties: {{next: {{$ref: '#/x-chain/s{}'}}}}}}",
                i + 1
            );
        }
        text + "  s300: {type: string}\ncomponents:\n  schemas:\n    Start: {$ref: '#/x-chain/s0'}\n"
    };
    vec![
        (
            "generated_deep_json",
            "deep.json".into(),
            format!(
                r#"{{"openapi": "3.1.0", "x": {}{}}}"#,
                "[".repeat(n),
                "]".repeat(n)
            )
            .into_bytes(),
        ),
        (
            "generated_deep_yaml_flow",
            "deep_flow.yaml".into(),
            format!("openapi: 3.1.0\nx: {}{}\n", "[".repeat(n), "]".repeat(n)).into_bytes(),
        ),
        (
            "generated_deep_yaml_flow_mappings",
            "deep_mappings.yaml".into(),
            format!(
                "openapi: 3.1.0\nx: {}1{}\n",
                "{a: ".repeat(n),
                "}".repeat(n)
            )
            .into_bytes(),
        ),
        (
            "generated_deep_yaml_block",
            "deep_block.yaml".into(),
            (1..2_000)
                .fold(String::from("openapi: 3.1.0\nx:\n"), |text, level| {
                    text + &" ".repeat(level) + "a:\n"
                })
                .into_bytes(),
        ),
        (
            // 300 arrays of arrays: within the JSON depth limit, past the schema nesting one.
            "generated_deep_schemas",
            "deep_schemas.json".into(),
            format!(
                r#"{{"openapi": "3.1.0", "info": {{"title": "Deep", "version": "1"}},
"components": {{"schemas": {{"Grid": {}{{"type": "string"}}{}}}}}}}"#,
                r#"{"type": "array", "items": "#.repeat(300),
                "}".repeat(300)
            )
            .into_bytes(),
        ),
        (
            "generated_schema_ref_chain",
            "chain.yaml".into(),
            chain.into_bytes(),
        ),
        (
            "generated_string_50mb_json",
            "string.json".into(),
            format!(r#"{{"openapi": "3.1.0", "info": {{"title": "{fifty_mb}", "version": "1"}}}}"#)
                .into_bytes(),
        ),
        (
            "generated_string_50mb_yaml",
            "string.yaml".into(),
            format!("{head}  description: {fifty_mb}\n").into_bytes(),
        ),
        (
            "generated_alias_bomb",
            "laughs.yaml".into(),
            laughs.into_bytes(),
        ),
        (
            "generated_alias_quadratic",
            "quadratic.yaml".into(),
            quadratic.into_bytes(),
        ),
        (
            "generated_oversized",
            "oversized.json".into(),
            format!(
                "{{\"openapi\": \"3.1.0\", \"x\": \"{}\"}}",
                "y".repeat(65 << 20)
            )
            .into_bytes(),
        ),
    ]
}

#[test]
fn generated_hostile_specs_fail_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut timings = Vec::new();
    for (name, file, bytes) in generated_cases() {
        std::fs::write(dir.path().join(&file), bytes).expect("write");
        let (message, elapsed) = check_failure(dir.path(), &file);
        snapshot_case(name, &message);
        timings.push((name.to_string(), elapsed));
        std::fs::remove_file(dir.path().join(&file)).expect("remove");
    }
    println!("slowest generated cases:\n{}", report(&mut timings));
}

/// A reference through a symbolic link that leaves the spec's folder is refused, though the
/// path itself stays inside.
#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_folder_are_refused() {
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        outside.path().join("secret.yaml"),
        "Secret: {type: string}\n",
    )
    .expect("write");
    let dir = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        dir.path().join("link.yaml"),
    )
    .expect("symlink");
    std::fs::write(
        dir.path().join("api.yaml"),
        "openapi: 3.1.0\ninfo: {title: Link, version: '1'}\npaths: {}\n\
         components:\n  schemas:\n    Secret:\n      $ref: 'link.yaml#/Secret'\n",
    )
    .expect("write");
    let (message, _) = check_failure(dir.path(), "api.yaml");
    snapshot_case("generated_ref_symlink_escape", &message);
}

/// Deep but legal: inline schemas nested far past serde_json's default limit of 128 JSON levels
/// generate (the bounds are about hostile input, not big specs).
#[test]
fn deep_legal_documents_generate() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("deep.json"), nested_schemas_json(200)).expect("write");
    let out = tempfile::tempdir().expect("temp dir");
    let run = run_oasgen(dir.path(), "deep.json", out.path());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let types = std::fs::read_to_string(out.path().join("src/types.rs")).expect("written");
    assert!(
        types.contains("pub struct DeepInner"),
        "nested structs are named"
    );
    println!("200 nested schemas: {:.3}s", run.elapsed.as_secs_f64());
}
