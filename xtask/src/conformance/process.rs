//! The servers a conformance run starts, and how they are stopped.
//!
//! A server must never outlive the harness, even one that is killed. A mock server stops when
//! its standard input closes, so it is started with a pipe the harness holds: when the harness
//! dies, the pipe closes. Prism cannot be told that way, so it runs under `timeout`, which ends
//! it after a bound whatever happens to the harness; normally the harness stops it first.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a server may take to start listening.
const START_LIMIT: Duration = Duration::from_secs(60);

/// How long a stopped server may take to exit before it is killed.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// A running mock server; stopped when dropped.
pub struct Mock {
    child: Child,
    /// Held only to be closed: end of input is the mock's signal to stop.
    stdin: Option<ChildStdin>,
    /// `http://127.0.0.1:PORT`, as the mock printed it.
    pub base_url: String,
}

impl Mock {
    /// Starts `binary` on a port of the system's choosing and reads the address it prints.
    pub fn start(binary: &Path) -> Result<Mock, String> {
        let name = binary.display();
        let mut child = Command::new(binary)
            .args(["--addr", "127.0.0.1:0"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|error| format!("cannot start {name}: {error}"))?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take();
        // Built before the address is known so that a mock that fails to start is still
        // stopped and reaped by `Drop`.
        let mut mock = Mock {
            child,
            stdin,
            base_url: String::new(),
        };
        let stdout = stdout.ok_or_else(|| format!("{name}: no standard output"))?;
        let first_line = first_line_within(stdout, START_LIMIT)
            .map_err(|error| format!("{name} did not report its address: {error}"))?;
        mock.base_url = first_line
            .trim()
            .strip_prefix("listening on ")
            .ok_or_else(|| format!("{name} printed `{first_line}`, not `listening on URL`"))?
            .to_string();
        Ok(mock)
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        drop(self.stdin.take());
        stop(&mut self.child);
    }
}

/// Reads the first line of `stdout` on a thread, giving up after `limit`. The thread then
/// drains the rest, so a server that writes more never blocks on a full pipe.
fn first_line_within(
    stdout: impl std::io::Read + Send + 'static,
    limit: Duration,
) -> Result<String, String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        let first = match lines.next() {
            Some(Ok(line)) => Ok(line),
            Some(Err(error)) => Err(error.to_string()),
            None => Err("it exited first".to_string()),
        };
        // The harness may have given up waiting; nobody to tell then.
        let _ = sender.send(first);
        for _ in lines.map_while(Result::ok) {}
    });
    receiver
        .recv_timeout(limit)
        .map_err(|_| format!("nothing within {} s", limit.as_secs()))?
}

/// A server process started under `timeout`; stopped when dropped.
pub struct Bounded {
    child: Child,
}

impl Bounded {
    /// Starts `command` under `timeout LIMIT`, so that it ends by itself after `limit`.
    pub fn start(
        program: &Path,
        arguments: &[String],
        limit: Duration,
        log: std::fs::File,
    ) -> Result<Bounded, String> {
        let log_too = log
            .try_clone()
            .map_err(|error| format!("cannot share the log file: {error}"))?;
        let child = Command::new("timeout")
            .arg(format!("{}s", limit.as_secs()))
            .arg(program)
            .args(arguments)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_too)
            .spawn()
            .map_err(|error| format!("cannot start {}: {error}", program.display()))?;
        Ok(Bounded { child })
    }

    /// Waits until something accepts connections on `port`; fails if the process exits first.
    pub fn wait_for_port(&mut self, port: u16) -> Result<(), String> {
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let started = Instant::now();
        while started.elapsed() < START_LIMIT {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "it exited ({status}) before listening on {address}"
                ));
            }
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!(
            "nothing listened on {address} within {} s",
            START_LIMIT.as_secs()
        ))
    }
}

impl Drop for Bounded {
    fn drop(&mut self) {
        // SIGTERM to `timeout` is passed on to the server; a SIGKILL would leave the server
        // running without its bound.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .stderr(Stdio::null())
            .status();
        stop(&mut self.child);
    }
}

/// Waits up to [`STOP_GRACE`] for `child` to exit, then kills it; always reaps it.
fn stop(child: &mut Child) {
    let asked = Instant::now();
    while asked.elapsed() < STOP_GRACE {
        match child.try_wait() {
            Ok(Some(_)) | Err(_) => return,
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A port nobody listens on right now. Another process could take it before the caller binds
/// it; on a loopback address of a CI machine that race is not worth more machinery.
pub fn free_port() -> Result<u16, String> {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|error| format!("cannot find a free port: {error}"))
}
