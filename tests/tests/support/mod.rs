//! What every loopback test needs: a router served on 127.0.0.1 at a port the OS picks.

/// Serves `router` on 127.0.0.1 (port chosen by the OS) and returns its base URL; the server
/// task ends with the test's runtime.
pub async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{address}")
}
