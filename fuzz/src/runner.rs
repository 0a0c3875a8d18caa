//! The fuzz loop: generate, check, count, and stop at the first bug.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::case::{self, Case, Format};
use crate::check::{self, Failure, Verdict};
use crate::seeds::Seed;

/// How a run is bounded.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The run's seed: the same seed gives the same cases in the same order.
    pub seed: u64,
    /// Stop after this long (checked between cases).
    pub duration: Option<Duration>,
    /// Stop after this many cases.
    pub cases: Option<u64>,
    /// A case running longer than this is a hang.
    pub timeout: Duration,
}

/// What a run has seen so far.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Cases run.
    pub cases: u64,
    /// Time spent.
    pub elapsed: Duration,
    /// Cases that lowered, emitted and rendered.
    pub generated: u64,
    /// Cases rejected with a diagnostic.
    pub rejected: u64,
    /// Distinct error messages among the rejections.
    pub distinct_messages: usize,
    /// Distinct messages once quoted names and numbers are masked: roughly, distinct checks.
    pub distinct_kinds: usize,
    /// Warnings reported by the generated cases, in total.
    pub warnings: u64,
    /// Rejections by masked message: (how many, the first message of that kind, cut short).
    pub kinds: HashMap<String, (u64, String)>,
}

impl Summary {
    /// Cases per second.
    pub fn rate(&self) -> f64 {
        self.cases as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The `count` most frequent kinds of rejection, most frequent first: where cases end.
    pub fn top_kinds(&self, count: usize) -> Vec<(u64, &str)> {
        let mut kinds: Vec<(u64, &str)> = self
            .kinds
            .values()
            .map(|(seen, example)| (*seen, example.as_str()))
            .collect();
        kinds.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        kinds.truncate(count);
        kinds
    }
}

/// A bug, with the case that found it.
#[derive(Debug, Clone)]
pub struct Crash {
    /// The case.
    pub case: Case,
    /// What went wrong.
    pub failure: Failure,
    /// The run so far.
    pub summary: Summary,
}

/// Runs cases until a limit is reached or a case finds a bug. `progress` is called about every
/// `progress_every`.
pub fn run(
    seeds: &[Seed],
    limits: &Limits,
    progress_every: Duration,
    progress: &mut dyn FnMut(&Summary),
) -> Result<Summary, Box<Crash>> {
    check::install_quiet_panic_hook();
    let start = Instant::now();
    let mut last_progress = start;
    let mut summary = Summary::default();
    let mut messages = HashSet::new();
    for index in 0.. {
        summary.elapsed = start.elapsed();
        let out_of_time = limits
            .duration
            .is_some_and(|limit| summary.elapsed >= limit);
        let out_of_cases = limits.cases.is_some_and(|limit| index >= limit);
        if out_of_time || out_of_cases {
            break;
        }
        let Some(case) = case::generate(seeds, limits.seed, index) else {
            break;
        };
        let input = Arc::new(case.input.clone());
        let verdict = check::check_with_timeout(input, &index.to_string(), limits.timeout);
        summary.cases += 1;
        match verdict {
            Verdict::Generated { warnings } => {
                summary.generated += 1;
                summary.warnings += warnings as u64;
            }
            Verdict::Rejected { message } => {
                summary.rejected += 1;
                messages.insert(fingerprint(&message));
                let kind = summary
                    .kinds
                    .entry(mask(&message))
                    .or_insert_with(|| (0, message.chars().take(160).collect()));
                kind.0 += 1;
                summary.distinct_messages = messages.len();
                summary.distinct_kinds = summary.kinds.len();
            }
            Verdict::Failure(failure) => {
                summary.elapsed = start.elapsed();
                return Err(Box::new(Crash {
                    case,
                    failure,
                    summary,
                }));
            }
        }
        if last_progress.elapsed() >= progress_every {
            last_progress = Instant::now();
            summary.elapsed = start.elapsed();
            progress(&summary);
        }
    }
    Ok(summary)
}

/// A 64-bit hash of a message: the sets keep hashes, not the (possibly huge) messages.
fn fingerprint(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// The message with `quoted` spans and digit runs masked, so that "unknown type `foo`" and
/// "unknown type `bar`" count as one kind.
fn mask(message: &str) -> String {
    let mut masked = String::with_capacity(message.len());
    let mut in_quote = false;
    let mut previous_digit = false;
    for character in message.chars() {
        if character == '`' {
            if !in_quote {
                masked.push_str("`…`");
            }
            in_quote = !in_quote;
        } else if !in_quote {
            let digit = character.is_ascii_digit();
            if !digit {
                masked.push(character);
            } else if !previous_digit {
                masked.push('0');
            }
            previous_digit = digit;
        }
    }
    masked
}

/// FNV-1a of the input: a stable file name for a crash (the same input always lands in the
/// same file, whichever run found it).
pub fn input_hash(input: &[u8]) -> String {
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// Writes a crashing input to `dir/<hash>.<json|yaml>` and what happened beside it in
/// `dir/<hash>.txt`; returns the input's path.
pub fn save_crash(
    dir: &Path,
    input: &[u8],
    format: Format,
    failure: &Failure,
    context: &str,
) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let hash = input_hash(input);
    let path = dir.join(format!("{hash}.{}", format.extension()));
    std::fs::write(&path, input)?;
    let report = format!(
        "{}: {}\n{context}\n{}\n",
        failure.kind.name(),
        failure.message,
        failure.detail
    );
    std::fs::write(dir.join(format!("{hash}.txt")), report)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn masking_merges_messages_that_differ_in_names_and_numbers() {
        assert_eq!(
            mask("unknown type `foo` at 12"),
            mask("unknown type `barbaz` at 7")
        );
        assert_ne!(mask("unknown type `foo`"), mask("unknown format `foo`"));
        assert_eq!(mask("a `b` c 123"), "a `…` c 0");
    }

    #[test]
    fn input_hash_is_stable() {
        assert_eq!(input_hash(b""), "cbf29ce484222325");
        assert_eq!(input_hash(b"a"), "af63dc4c8601ec8c");
    }

    #[test]
    fn a_short_run_counts_every_case() {
        let value = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}},
            "components": {"schemas": {"A": {"type": "object", "properties": {"b": {"type": "string", "enum": ["x", "y"]}}}}}});
        let seeds = vec![Seed {
            name: "a.json".into(),
            text: serde_json::to_vec(&value).unwrap_or_default(),
            value,
        }];
        let limits = Limits {
            seed: 1,
            duration: None,
            cases: Some(40),
            timeout: Duration::from_secs(60),
        };
        let summary = match run(&seeds, &limits, Duration::from_secs(3600), &mut |_| {}) {
            Ok(summary) => summary,
            Err(crash) => panic!("{}: {}", crash.failure.kind.name(), crash.failure.message),
        };
        assert_eq!(summary.cases, 40);
        assert_eq!(summary.generated + summary.rejected, 40);
        assert!(summary.distinct_messages >= summary.distinct_kinds);
    }

    #[test]
    fn crashes_are_saved_with_their_report() {
        let dir = std::env::temp_dir().join(format!("oasgen-fuzz-test-{}", std::process::id()));
        let failure = Failure {
            kind: check::FailureKind::Panic,
            message: "boom".into(),
            detail: String::new(),
        };
        let path =
            save_crash(&dir, b"a: 1", Format::Yaml, &failure, "seed 1, case 2").expect("writes");
        assert_eq!(std::fs::read(&path).expect("reads"), b"a: 1");
        assert!(path.to_string_lossy().ends_with(".yaml"));
        let report = std::fs::read_to_string(path.with_extension("txt")).expect("reads");
        assert!(
            report.starts_with("panic: boom\nseed 1, case 2"),
            "{report}"
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
