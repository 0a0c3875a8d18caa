//! The command line: which sections run, on which specs, how many times.

/// How to call the benchmark.
pub const USAGE: &str = "usage: cargo run --release -p oasgen-bench -- [--only NAME]... \
[--runs N] [--check-runs N] [--skip-stages] [--skip-scale] [--skip-progenitor] [--skip-compile]

  --only NAME       only this spec (a corpus name such as prog-nexus, `fixture-api`,
                    `synthetic` for the scale section, `giants` or a giant's name such as
                    stripe-spec3 for the giant specs); repeat or comma-separate for more
  --runs N          generation runs per measurement, median reported (default 7)
  --check-runs N    timed `cargo check` runs per crate and feature set (default 3)
  --skip-stages     no per-stage corpus table
  --skip-scale      no synthetic 1×/4×/16× table, no giant specs' generation timings
  --skip-progenitor no progenitor side by side (nor progenitor crates in the compile table)
  --skip-compile    no `cargo check` timings (nor the giant Stripe crate's and async-stripe's)";

/// Parsed options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Spec names to keep; empty: all.
    pub only: Vec<String>,
    /// Generation runs per measurement.
    pub runs: usize,
    /// Timed `cargo check` runs per crate and feature set.
    pub check_runs: usize,
    /// Run the per-stage corpus table.
    pub stages: bool,
    /// Run the synthetic scale table and the giant specs' generation timings.
    pub scale: bool,
    /// Run progenitor side by side.
    pub progenitor: bool,
    /// Run the `cargo check` timings, the giant Stripe crate's and async-stripe's among them.
    pub compile: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            only: Vec::new(),
            runs: 7,
            check_runs: 3,
            stages: true,
            scale: true,
            progenitor: true,
            compile: true,
        }
    }
}

impl Options {
    /// Whether the spec called `name` is selected by `--only`.
    pub fn selects(&self, name: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|only| only == name)
    }
}

/// Parses the arguments after the program name. `Err("")` means help was asked for.
pub fn parse(arguments: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut options = Options::default();
    let mut arguments = arguments.into_iter();
    while let Some(flag) = arguments.next() {
        let mut value = || {
            arguments
                .next()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        let count = |text: String| match text.parse::<usize>() {
            Ok(count) if count > 0 => Ok(count),
            _ => Err(format!("{flag} wants a whole number above 0, not `{text}`")),
        };
        match flag.as_str() {
            "--only" => options.only.extend(
                value()?
                    .split(',')
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .map(str::to_string),
            ),
            "--runs" => options.runs = count(value()?)?,
            "--check-runs" => options.check_runs = count(value()?)?,
            "--skip-stages" => options.stages = false,
            "--skip-scale" => options.scale = false,
            "--skip-progenitor" => options.progenitor = false,
            "--skip-compile" => options.compile = false,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_words(words: &str) -> Result<Options, String> {
        parse(words.split_whitespace().map(str::to_string))
    }

    #[test]
    fn defaults_run_everything() {
        let options = parse_words("").expect("no arguments are fine");
        assert_eq!(options, Options::default());
        assert!(options.selects("discord"));
    }

    #[test]
    fn only_takes_repeats_and_lists() {
        let options = parse_words("--only prog-nexus --only discord,synthetic --runs 3")
            .expect("valid arguments");
        assert_eq!(options.only, ["prog-nexus", "discord", "synthetic"]);
        assert_eq!(options.runs, 3);
        assert!(options.selects("synthetic"));
        assert!(!options.selects("lago"));
    }

    #[test]
    fn skips_and_errors() {
        let options = parse_words("--skip-compile --skip-progenitor --skip-stages --skip-scale")
            .expect("valid arguments");
        assert!(!options.compile && !options.progenitor && !options.stages && !options.scale);
        assert!(parse_words("--runs 0").is_err());
        assert!(parse_words("--runs").is_err());
        assert!(parse_words("--bogus").is_err());
        assert_eq!(parse_words("--help"), Err(String::new()));
    }
}
