//! The `oasgen` command line: a thin shell over the library.

/// mimalloc: generation allocates and frees millions of small token and syntax-tree nodes,
/// which the system allocator handles markedly slower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// OpenAPI 3.x → Rust: types, an async reqwest client and an axum server trait.
#[derive(Debug, Parser)]
#[command(name = "oasgen", version, about)]
struct Cli {
    /// How errors are shown: `human` adds the spec line with the spot marked.
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    #[command(subcommand)]
    command: Command,
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MessageFormat {
    /// The message and its location, then the excerpt of the spec.
    Human,
    /// One line per message.
    Short,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a standalone crate (Cargo.toml + src/) from a spec.
    Generate(GenerateArgs),
    /// Print what a spec lowers to: operations, types and warnings.
    Inspect {
        /// The OpenAPI document.
        spec: PathBuf,
        /// An `oasgen.toml` to apply.
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Say what changes in the generated API from one spec to another, and whom it breaks.
    Diff(DiffArgs),
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// The spec before the change.
    old: PathBuf,
    /// The spec after it.
    new: PathBuf,
    /// An `oasgen.toml` to apply to both.
    #[arg(long)]
    config: Option<PathBuf>,
    /// How the report is written (markdown: a pull-request comment).
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Exit 1 when the change holds a breaking change of this kind.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
}

/// `--format` of `oasgen diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    /// Plain text.
    Text,
    /// Markdown: the summary, details folded.
    Markdown,
    /// JSON.
    Json,
}

/// `--fail-on` of `oasgen diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// Any breaking change.
    Breaking,
    /// A change that breaks callers of the client.
    BreakingForClients,
    /// A change that breaks implementors of the server.
    BreakingForServers,
}

#[derive(Debug, Args)]
struct GenerateArgs {
    /// The OpenAPI document (JSON or YAML, 3.0, 3.1 or 3.2).
    spec: PathBuf,
    /// The crate folder to write.
    #[arg(long)]
    out: PathBuf,
    /// The package name (default: the spec's file name). Lower case, words joined by one `-`
    /// or `_`: names rustc would warn about are refused, with a suggestion.
    #[arg(long, value_parser = parse_crate_name)]
    crate_name: Option<String>,
    /// An `oasgen.toml` to apply (renames, replacements, filters, security, overlay).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Compare with the existing output instead of writing; exit 1 when it is stale.
    #[arg(long)]
    check: bool,
    /// Do not print warnings.
    #[arg(long, short)]
    quiet: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate(args) => generate(args),
        Command::Inspect { spec, config } => inspect(&spec, config.as_deref()),
        Command::Diff(args) => diff(&args),
    };
    result.unwrap_or_else(|error| {
        eprintln!("error: {}", error.to_string().trim_start_matches("error: "));
        if cli.message_format == MessageFormat::Human
            && let oasgen::Error::Spec(diagnostic) = &error
            && let Some(excerpt) = diagnostic.excerpt()
        {
            eprintln!("{excerpt}");
        }
        ExitCode::from(1)
    })
}

/// How many warnings get a line and column (locating them reads their files once more, and parses
/// each once).
const WARNINGS_LOCATED: usize = 200;

fn load_config(path: Option<&Path>) -> Result<oasgen::config::Config, oasgen::Error> {
    path.map_or_else(
        || Ok(oasgen::config::Config::default()),
        oasgen::config::Config::load,
    )
}

fn inspect(spec: &Path, config: Option<&Path>) -> Result<ExitCode, oasgen::Error> {
    let lowered = oasgen::lower_file_with(spec, &load_config(config)?)?;
    Ok(write_out(&oasgen::inspect::report(&lowered)).unwrap_or(ExitCode::from(1)))
}

/// Writes a report to standard output; `None` when that failed (said on standard error). A
/// reader that stops early (`oasgen inspect | head`) closes the pipe: that ends the output
/// quietly, as other tools do, rather than in a panic.
fn write_out(text: &str) -> Option<ExitCode> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Some(ExitCode::SUCCESS),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Some(ExitCode::SUCCESS),
        Err(error) => {
            eprintln!("error: cannot write the report: {error}");
            None
        }
    }
}

fn diff(args: &DiffArgs) -> Result<ExitCode, oasgen::Error> {
    use oasgen::diff;
    let report = diff::diff_files(&args.old, &args.new, &load_config(args.config.as_deref())?)?;
    let format = match args.format {
        DiffFormat::Text => diff::Format::Text,
        DiffFormat::Markdown => diff::Format::Markdown,
        DiffFormat::Json => diff::Format::Json,
    };
    if write_out(&diff::render(&report, format)).is_none() {
        return Ok(ExitCode::from(1));
    }
    let fail_on = args.fail_on.map(|fail_on| match fail_on {
        FailOn::Breaking => diff::FailOn::Breaking,
        FailOn::BreakingForClients => diff::FailOn::BreakingForClients,
        FailOn::BreakingForServers => diff::FailOn::BreakingForServers,
    });
    Ok(match fail_on {
        Some(fail_on) if fail_on.fails(&report) => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    })
}

fn generate(args: GenerateArgs) -> Result<ExitCode, oasgen::Error> {
    let options = oasgen::CrateOptions {
        crate_name: args
            .crate_name
            .clone()
            .unwrap_or_else(|| default_crate_name(&args.spec)),
        spec_label: args.spec.display().to_string().replace('\\', "/"),
        config: load_config(args.config.as_deref())?,
        locate_warnings: if args.quiet { 0 } else { WARNINGS_LOCATED },
        freeing: oasgen::pipeline::Freeing::AtExit,
    };
    if args.check {
        let generated = oasgen::generate_crate(&args.spec, &options)?;
        print_warnings(&generated, args.quiet);
        let stale = oasgen::write::stale_files(&args.out, &generated.files)?;
        for path in &stale {
            eprintln!("stale: {}", args.out.join(path).display());
        }
        return Ok(if stale.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    // Written as it is generated: each file is written by a thread of its own while the next
    // is made, and all are put in place at the end.
    let (generated, summary) = oasgen::write_crate(&args.spec, &options, &args.out)?;
    print_warnings(&generated, args.quiet);
    if !args.quiet {
        for path in &summary.removed {
            eprintln!("removed {} (no longer generated)", path.display());
        }
        eprintln!(
            "wrote {} file(s), {} unchanged, {} warning(s)",
            summary.written.len(),
            summary.unchanged.len(),
            generated.warnings.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The generation's warnings on stderr, unless `quiet`.
fn print_warnings(generated: &oasgen::Generated, quiet: bool) {
    if !quiet {
        for warning in &generated.warnings {
            eprintln!("{warning}");
        }
    }
}

/// `specs/dolfin.yaml` → `dolfin`.
fn default_crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    oasgen::crate_name::normalized(stem)
}

/// `--crate-name`: the name as given when a generated crate under it builds warning-free,
/// else a usage error saying why and suggesting one that does. Refused rather than quietly
/// changed, since the caller will write the name in their own `Cargo.toml` and `use` lines.
fn parse_crate_name(text: &str) -> Result<String, String> {
    match oasgen::crate_name::problem(text) {
        None => Ok(text.to_string()),
        Some(problem) => Err(format!(
            "`{text}` {problem}; use `{}`",
            oasgen::crate_name::normalized(text)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_from_file_names_are_accepted() {
        for (spec, name) in [
            ("specs/dolfin.yaml", "dolfin"),
            ("My..API spec.json", "my-api-spec"),
            ("2fa.yaml", "api-2fa"),
            ("self.yaml", "self-api"),
            ("__.yaml", "api"),
        ] {
            let default = default_crate_name(Path::new(spec));
            assert_eq!(default, name);
            assert_eq!(oasgen::crate_name::problem(&default), None, "{default}");
        }
    }
}
