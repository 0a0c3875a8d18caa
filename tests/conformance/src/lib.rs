//! What the conformance binaries share. This file: what every mock server shares, the
//! `--addr` argument and serving a router until the process is told to stop; [`driver`]: what
//! every client driver shares.
//!
//! A mock server prints `listening on http://ADDR` once it accepts connections, so a caller
//! that asked for port 0 learns the port. It stops on Ctrl-C, on SIGTERM, or when its
//! standard input closes: a harness that starts it with a pipe cannot leave it running by
//! dying first.

pub mod driver;
pub mod fixture_api;

use std::net::SocketAddr;

use tokio::io::AsyncReadExt;

/// The address given with `--addr ADDR` (default `127.0.0.1:0`), or a usage message.
pub fn address_argument() -> Result<SocketAddr, String> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: <mock server> [--addr 127.0.0.1:8080]";
    match arguments.as_slice() {
        [] => Ok(SocketAddr::from(([127, 0, 0, 1], 0))),
        [flag, value] if flag == "--addr" => value
            .parse()
            .map_err(|error| format!("--addr {value}: {error}\n{usage}")),
        _ => Err(usage.to_string()),
    }
}

/// Serves `router` on the `--addr` address until Ctrl-C or end of standard input.
pub fn serve_until_stopped(router: axum::Router) -> std::process::ExitCode {
    let address = match address_argument() {
        Ok(address) => address,
        Err(message) => {
            eprintln!("{message}");
            return std::process::ExitCode::from(2);
        }
    };
    match block_on(serve(address, router)) {
        Ok(Ok(())) => std::process::ExitCode::SUCCESS,
        Ok(Err(error)) => {
            eprintln!("cannot serve on {address}: {error}");
            std::process::ExitCode::FAILURE
        }
        Err(code) => code,
    }
}

/// Runs `future` to completion on a fresh tokio runtime; when none can start, says why and
/// gives the exit status to end with.
pub fn block_on<F: std::future::Future>(future: F) -> Result<F::Output, std::process::ExitCode> {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => Ok(runtime.block_on(future)),
        Err(error) => {
            eprintln!("cannot start the runtime: {error}");
            Err(std::process::ExitCode::FAILURE)
        }
    }
}

async fn serve(address: SocketAddr, router: axum::Router) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(address).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, router)
        .with_graceful_shutdown(stop_signal())
        .await
}

/// Resolves on Ctrl-C or when standard input reaches its end.
async fn stop_signal() {
    let stdin_closed = async {
        let mut stdin = tokio::io::stdin();
        let mut buffer = [0u8; 256];
        while matches!(stdin.read(&mut buffer).await, Ok(n) if n > 0) {}
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = stdin_closed => {}
    }
}
