//! A crate whose pet store client is generated at build time by `build.rs` with
//! `oasgen::build::Bindings`: nothing generated is checked in, and cargo regenerates it only when
//! `petstore.yaml` changes.

/// The generated bindings: `types`, `operations`, `client`.
pub mod petstore {
    include!(concat!(env!("OUT_DIR"), "/petstore.rs"));
}

#[cfg(test)]
mod tests {
    use super::petstore::client::Client;
    use super::petstore::operations::list_pets;

    /// The generated client talks to a stand-in server on loopback.
    #[tokio::test]
    async fn lists_pets() {
        let app = axum::Router::new().route(
            "/pets",
            axum::routing::get(|| async {
                (
                    [
                        ("content-type", "application/json"),
                        ("x-next", "/pets?page=2"),
                    ],
                    r#"[{"id": 1, "name": "Rex"}]"#,
                )
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let address = listener.local_addr().expect("address");
        tokio::spawn(async move { axum::serve(listener, app).await });
        let client = Client::new(format!("http://{address}"));
        let list_pets::SuccessResponse::Ok(pets, headers) = client
            .list_pets(&list_pets::Params { limit: Some(10) })
            .await
            .expect("200");
        assert_eq!(pets.len(), 1);
        assert_eq!(pets[0].name, "Rex");
        assert_eq!(
            headers.x_next.as_deref(),
            Some("/pets?page=2"),
            "the documented paging header"
        );
    }
}
