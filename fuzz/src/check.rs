//! Running one input through the whole pipeline, and judging what happened.

use std::any::Any;
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread;
use std::time::Duration;

use oasgen::config::Config;
use oasgen::pipeline::{self, Input, Job, Layout, NoHook};
use oasgen::{Error, Parts};

/// What one input did.
#[derive(Debug, Clone)]
pub enum Verdict {
    /// Lowered, then emitted and rendered in both layouts.
    Generated {
        /// How many warnings lowering reported.
        warnings: usize,
    },
    /// Rejected with a diagnostic: the expected end of most broken inputs.
    Rejected {
        /// The diagnostic's message.
        message: String,
    },
    /// A bug in oasgen.
    Failure(Failure),
}

/// Which kind of bug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// A panic (the "no panics on input" invariant).
    Panic,
    /// The case ran longer than the time limit.
    Hang,
    /// A diagnostic with an empty message: the user would be told nothing.
    EmptyMessage,
    /// `emit` or `render` returned an error, which the invariants reserve for oasgen's own bugs.
    Internal,
    /// A YAML text read in pieces gave another value than read whole.
    Pieces,
}

impl FailureKind {
    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            FailureKind::Panic => "panic",
            FailureKind::Hang => "hang",
            FailureKind::EmptyMessage => "empty diagnostic message",
            FailureKind::Internal => "internal error",
            FailureKind::Pieces => "YAML read in pieces differs",
        }
    }
}

/// A bug found by one input.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Which kind.
    pub kind: FailureKind,
    /// One line: the panic message and where it was raised, or the error.
    pub message: String,
    /// More detail (a backtrace for panics), possibly empty.
    pub detail: String,
}

impl Failure {
    fn new(kind: FailureKind, message: impl Into<String>) -> Self {
        Failure {
            kind,
            message: message.into(),
            detail: String::new(),
        }
    }
}

/// The last panic of a case, as the hook saw it (with location and backtrace, which the
/// payload `catch_unwind` returns does not have). One slot for the process: a case's panic
/// happens on the pipeline's own threads, and cases run one at a time.
static LAST_PANIC: Mutex<Option<(String, String)>> = Mutex::new(None);

/// Takes what [`LAST_PANIC`] holds.
fn take_last_panic() -> Option<(String, String)> {
    LAST_PANIC
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
}

/// Prefix of the names of the threads cases run on; the panic hook is quiet on those and on the
/// pipeline's own threads (named `oasgen…`), which only cases start here.
pub const CASE_THREAD_PREFIX: &str = "case-";

/// Prefix of the names of the threads the library's driver runs the pipeline on.
const PIPELINE_THREAD_PREFIX: &str = "oasgen";

/// Installs (once per process) a panic hook that records every panic for [`check`] and prints
/// nothing for panics on case threads: thousands of caught panics must not flood the terminal,
/// and the report wants the location and backtrace, which the payload `catch_unwind` returns
/// does not have. Panics elsewhere (the fuzzer's own, or a test's) still go to the previous
/// hook and print as usual.
pub fn install_quiet_panic_hook() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let location = info
                .location()
                .map(|at| format!(" (at {}:{}:{})", at.file(), at.line(), at.column()))
                .unwrap_or_default();
            let message = format!("{}{location}", payload_text(info.payload()));
            let on_case_thread = thread::current().name().is_some_and(|name| {
                name.starts_with(CASE_THREAD_PREFIX) || name.starts_with(PIPELINE_THREAD_PREFIX)
            });
            if !on_case_thread {
                previous(info);
            }
            let backtrace = std::backtrace::Backtrace::force_capture().to_string();
            *LAST_PANIC.lock().unwrap_or_else(PoisonError::into_inner) = Some((message, backtrace));
        }));
    });
}

fn payload_text(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic with a non-string payload".to_string()
    }
}

/// Runs `input` through the library's driver in both layouts (a crate, one file), catching
/// panics.
pub fn check(input: &[u8]) -> Verdict {
    take_last_panic();
    match std::panic::catch_unwind(|| pipeline(input)) {
        Ok(verdict) => verdict,
        Err(payload) => {
            let (message, detail) = take_last_panic()
                .unwrap_or_else(|| (payload_text(payload.as_ref()), String::new()));
            Verdict::Failure(Failure {
                kind: FailureKind::Panic,
                message,
                detail,
            })
        }
    }
}

fn pipeline(input: &[u8]) -> Verdict {
    if !oasgen::load::pieces_agree(input) {
        return Verdict::Failure(Failure::new(
            FailureKind::Pieces,
            "the YAML text read in pieces gives another value than read whole",
        ));
    }
    let config = Config::default();
    let layouts = [
        Layout::Crate {
            crate_name: "fuzz-api".into(),
        },
        Layout::Module {
            file_name: "fuzz.rs".into(),
        },
    ];
    let mut warnings = 0;
    for layout in layouts {
        let job = Job {
            input: Input::Bytes(input),
            config: &config,
            parts: Parts::default(),
            layout,
            spec_label: "fuzz.yaml",
            locate_warnings: 0,
            staged: None,
            freeing: oasgen::pipeline::Freeing::Elsewhere,
        };
        let generated = match pipeline::generate(&job, &mut NoHook) {
            Ok(generated) => generated,
            Err(Error::Spec(diagnostic)) if diagnostic.message.trim().is_empty() => {
                return Verdict::Failure(Failure::new(
                    FailureKind::EmptyMessage,
                    format!("error with an empty message ({})", diagnostic.location),
                ));
            }
            Err(Error::Spec(diagnostic)) => {
                return Verdict::Rejected {
                    message: diagnostic.message,
                };
            }
            Err(error) => {
                return Verdict::Failure(Failure::new(FailureKind::Internal, error.to_string()));
            }
        };
        if let Some(warning) = generated
            .warnings
            .iter()
            .find(|warning| warning.message.trim().is_empty())
        {
            return Verdict::Failure(Failure::new(
                FailureKind::EmptyMessage,
                format!("warning with an empty message ({})", warning.location),
            ));
        }
        warnings = generated.warnings.len();
    }
    Verdict::Generated { warnings }
}

/// The stack of the thread a case runs on: the size of a main thread's, where the oasgen CLI
/// and build scripts run the same code (a spawned thread's default is only 2 MiB).
const CASE_STACK: usize = 8 * 1024 * 1024;

/// [`check`] on a thread of its own, named `case-<label>`, given at most `timeout`. The name
/// shows in Rust's "thread '…' has overflowed its stack" message, the one failure that kills
/// the process before a report can be written.
pub fn check_with_timeout(input: Arc<Vec<u8>>, label: &str, timeout: Duration) -> Verdict {
    let (sender, receiver) = mpsc::channel();
    let worker = thread::Builder::new()
        .name(format!("{CASE_THREAD_PREFIX}{label}"))
        .stack_size(CASE_STACK)
        .spawn(move || {
            // The receiver is gone only after a timeout, when nobody needs the verdict.
            let _ = sender.send(check(&input));
        });
    let worker = match worker {
        Ok(worker) => worker,
        Err(error) => {
            return Verdict::Failure(Failure::new(
                FailureKind::Internal,
                format!("cannot start a case thread: {error}"),
            ));
        }
    };
    match receiver.recv_timeout(timeout) {
        Ok(verdict) => {
            // It has sent its verdict, so it is about to end; joining keeps threads from piling
            // up.
            let _ = worker.join();
            verdict
        }
        Err(mpsc::RecvTimeoutError::Timeout) => Verdict::Failure(Failure::new(
            FailureKind::Hang,
            format!("still running after {} s", timeout.as_secs_f64()),
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => Verdict::Failure(Failure::new(
            FailureKind::Panic,
            "the case thread ended without a verdict",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PETSTORE: &str = "openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: array, items: {type: string}}\n";

    #[test]
    fn a_valid_spec_is_generated() {
        assert!(
            matches!(check(PETSTORE.as_bytes()), Verdict::Generated { .. }),
            "{:?}",
            check(PETSTORE.as_bytes())
        );
    }

    #[test]
    fn broken_input_is_rejected_with_a_message() {
        for input in [&b""[..], b"{", b"- a", b"openapi: 9\n", b"\xff"] {
            match check(input) {
                Verdict::Rejected { message } => assert!(!message.is_empty()),
                other => panic!("{input:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn panics_on_case_threads_are_caught_with_their_location() {
        install_quiet_panic_hook();
        let recorded = thread::Builder::new()
            .name(format!("{CASE_THREAD_PREFIX}test"))
            .spawn(|| {
                let caught = std::panic::catch_unwind(|| panic!("boom {}", 1));
                assert!(caught.is_err());
                take_last_panic()
            })
            .expect("spawns")
            .join()
            .expect("the panic was caught");
        let (message, backtrace) = recorded.expect("the hook recorded it");
        assert!(message.starts_with("boom 1 (at "), "{message}");
        assert!(message.contains("check.rs"), "{message}");
        assert!(!backtrace.is_empty());
    }

    #[test]
    fn the_timeout_thread_returns_the_verdict() {
        let verdict = check_with_timeout(
            Arc::new(PETSTORE.as_bytes().to_vec()),
            "test",
            Duration::from_secs(60),
        );
        assert!(matches!(verdict, Verdict::Generated { .. }), "{verdict:?}");
    }
}
