//! `cargo run --release -p oasgen-fuzz -- [--seconds N] [--seed S] [--cases N] [--timeout S]
//! [--reproduce FILE] [--case K] [--kinds N]`: fuzz oasgen, or replay one input. Exit 1 on a bug.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use oasgen_fuzz::case::{self, Format};
use oasgen_fuzz::check::{self, Verdict};
use oasgen_fuzz::runner::{self, Limits, Summary};
use oasgen_fuzz::seeds;

const USAGE: &str = "usage: cargo run --release -p oasgen-fuzz -- [--seconds N] [--seed S] [--cases N] \
                     [--timeout SECONDS] [--reproduce FILE] [--case K] [--kinds N]";

/// Without `--seconds` or `--cases`, a run lasts this long.
const DEFAULT_SECONDS: u64 = 60;
/// A case running longer than this is a hang.
const DEFAULT_TIMEOUT: u64 = 10;

#[derive(Debug, Default)]
struct Arguments {
    seconds: Option<u64>,
    seed: Option<u64>,
    cases: Option<u64>,
    timeout: Option<u64>,
    reproduce: Option<PathBuf>,
    case: Option<u64>,
    kinds: Option<u64>,
}

fn parse_arguments(mut arguments: impl Iterator<Item = String>) -> Result<Arguments, String> {
    let mut parsed = Arguments::default();
    while let Some(flag) = arguments.next() {
        let mut value = || {
            arguments
                .next()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        let number = |text: String| {
            text.parse::<u64>()
                .map_err(|_| format!("{flag} wants a whole number, not `{text}`"))
        };
        match flag.as_str() {
            "--seconds" => parsed.seconds = Some(number(value()?)?),
            "--seed" => parsed.seed = Some(number(value()?)?),
            "--cases" => parsed.cases = Some(number(value()?)?),
            "--timeout" => parsed.timeout = Some(number(value()?)?),
            "--reproduce" => parsed.reproduce = Some(PathBuf::from(value()?)),
            "--case" => parsed.case = Some(number(value()?)?),
            "--kinds" => parsed.kinds = Some(number(value()?)?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let arguments = match parse_arguments(std::env::args().skip(1)) {
        Ok(arguments) => arguments,
        Err(problem) => {
            if !problem.is_empty() {
                eprintln!("error: {problem}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let root = repository_root();
    let timeout = Duration::from_secs(arguments.timeout.unwrap_or(DEFAULT_TIMEOUT));
    check::install_quiet_panic_hook();
    if let Some(file) = &arguments.reproduce {
        return reproduce(file, timeout);
    }
    let (seeds, problems) = seeds::load_seeds(&root);
    for problem in &problems {
        eprintln!("warning: seed skipped: {problem}");
    }
    if seeds.is_empty() {
        eprintln!("error: no seed specs found under {}", root.display());
        return ExitCode::from(2);
    }
    // Without --seed the clock picks one (its low 64 bits: any value will do); it is printed so
    // the run can be replayed.
    let seed = arguments.seed.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|since| since.as_nanos() as u64)
            .unwrap_or(0)
    });
    let crash_dir = root.join("fuzz").join("crashes");
    if let Some(index) = arguments.case {
        return single_case(&seeds, seed, index, &crash_dir, &root, timeout);
    }
    let duration = match (arguments.seconds, arguments.cases) {
        (None, None) => Some(DEFAULT_SECONDS),
        (seconds, _) => seconds,
    };
    let limits = Limits {
        seed,
        duration: duration.map(Duration::from_secs),
        cases: arguments.cases,
        timeout,
    };
    println!(
        "oasgen-fuzz: seed {seed}, {} seed specs, {}; a case over {} s is a hang",
        seeds.len(),
        match (duration, arguments.cases) {
            (Some(seconds), Some(cases)) => format!("{seconds} s or {cases} cases"),
            (Some(seconds), None) => format!("{seconds} s"),
            (None, Some(cases)) => format!("{cases} cases"),
            (None, None) => "no limit".to_string(),
        },
        timeout.as_secs()
    );
    let mut progress = |summary: &Summary| println!("  … {}", one_line(summary));
    match runner::run(&seeds, &limits, Duration::from_secs(30), &mut progress) {
        Ok(summary) => {
            print_summary(&summary, 0);
            let shown = usize::try_from(arguments.kinds.unwrap_or(0)).unwrap_or(usize::MAX);
            for (count, example) in summary.top_kinds(shown) {
                println!("  {count:>7}  {example}");
            }
            ExitCode::SUCCESS
        }
        Err(crash) => {
            print_summary(&crash.summary, 1);
            let context = format!(
                "seed {seed}, case {} (regenerate: --seed {seed} --case {}), from {} by {}",
                crash.case.index,
                crash.case.index,
                crash.case.seed_name,
                crash.case.mutations.join(", ")
            );
            report_crash(
                &crash_dir,
                &root,
                &crash.case.input,
                crash.case.format,
                &crash.failure,
                &context,
            );
            ExitCode::FAILURE
        }
    }
}

/// The repository this crate sits in: seeds and `fuzz/crashes/` are found from it, whatever
/// the working directory.
fn repository_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn one_line(summary: &Summary) -> String {
    format!(
        "{} cases in {:.1} s ({:.1} cases/s): {} generated, {} rejected, {} distinct diagnostics",
        summary.cases,
        summary.elapsed.as_secs_f64(),
        summary.rate(),
        summary.generated,
        summary.rejected,
        summary.distinct_messages
    )
}

fn print_summary(summary: &Summary, crashes: usize) {
    println!("cases run:            {}", summary.cases);
    println!(
        "time:                 {:.1} s ({:.1} cases/s)",
        summary.elapsed.as_secs_f64(),
        summary.rate()
    );
    println!(
        "lowered OK:           {} (emitted and rendered; {} warnings in all)",
        summary.generated, summary.warnings
    );
    println!(
        "rejected:             {} (with a diagnostic)",
        summary.rejected
    );
    println!(
        "distinct diagnostics: {} messages ({} once names and numbers are masked)",
        summary.distinct_messages, summary.distinct_kinds
    );
    println!("crashes:              {crashes}");
}

/// Saves a failing input and prints where it went and how to replay it.
fn report_crash(
    crash_dir: &Path,
    root: &Path,
    input: &[u8],
    format: Format,
    failure: &check::Failure,
    context: &str,
) {
    println!("CRASH ({}): {}", failure.kind.name(), failure.message);
    println!("  {context}");
    match runner::save_crash(crash_dir, input, format, failure, context) {
        Ok(path) => {
            let shown = path.strip_prefix(root).unwrap_or(&path);
            println!(
                "reproduce: cargo run --release -p oasgen-fuzz -- --reproduce {}",
                shown.display()
            );
        }
        Err(error) => eprintln!("error: cannot save the input: {error}"),
    }
}

/// Runs one saved input and says what it does; exit 1 when it is a bug.
fn reproduce(file: &Path, timeout: Duration) -> ExitCode {
    let input = match std::fs::read(file) {
        Ok(input) => input,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", file.display());
            return ExitCode::from(2);
        }
    };
    judge(check::check_with_timeout(
        Arc::new(input),
        "reproduce",
        timeout,
    ))
}

/// Regenerates case `index` of the run seeded `seed`, saves it before running it (so even a
/// stack overflow, which kills the process, leaves the input behind), then runs it.
fn single_case(
    seeds: &[seeds::Seed],
    seed: u64,
    index: u64,
    crash_dir: &Path,
    root: &Path,
    timeout: Duration,
) -> ExitCode {
    let Some(case) = case::generate(seeds, seed, index) else {
        eprintln!("error: no seeds");
        return ExitCode::from(2);
    };
    let path = crash_dir.join(format!("case-{seed}-{index}.{}", case.format.extension()));
    let saved =
        std::fs::create_dir_all(crash_dir).and_then(|()| std::fs::write(&path, &case.input));
    if let Err(error) = saved {
        eprintln!("error: cannot write {}: {error}", path.display());
        return ExitCode::from(2);
    }
    println!(
        "case {index} of seed {seed}: {} by {}, saved as {}",
        case.seed_name,
        case.mutations.join(", "),
        path.strip_prefix(root).unwrap_or(&path).display()
    );
    judge(check::check_with_timeout(
        Arc::new(case.input),
        &index.to_string(),
        timeout,
    ))
}

fn judge(verdict: Verdict) -> ExitCode {
    match verdict {
        Verdict::Generated { warnings } => {
            println!("generated ({warnings} warnings)");
            ExitCode::SUCCESS
        }
        Verdict::Rejected { message } => {
            println!("rejected: {message}");
            ExitCode::SUCCESS
        }
        Verdict::Failure(failure) => {
            println!("{}: {}", failure.kind.name(), failure.message);
            if !failure.detail.is_empty() {
                println!("{}", failure.detail);
            }
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Arguments, String> {
        parse_arguments(text.split_whitespace().map(String::from))
    }

    #[test]
    fn flags_parse() {
        let arguments = parse("--seconds 20 --seed 1 --cases 5").expect("valid");
        assert_eq!(
            (arguments.seconds, arguments.seed, arguments.cases),
            (Some(20), Some(1), Some(5))
        );
        assert!(parse("--seconds").is_err());
        assert!(parse("--seconds x").is_err());
        assert!(parse("--bogus").is_err());
        assert_eq!(
            parse("--reproduce a.json").expect("valid").reproduce,
            Some(PathBuf::from("a.json"))
        );
    }
}
