//! `readOnly` and `writeOnly` over loopback: the client sends a schema used both ways through its
//! request form (`AccountInput`, no read-only `id` to invent, the write-only password sent), the
//! API answers with the read form (`Account`, the id, no password); a read-only property a
//! request carries anyway is ignored, not refused.

mod support;

use std::sync::{Arc, Mutex};

use oasgen_tests::fixtures::read_write::client::Client;
use oasgen_tests::fixtures::read_write::operations::{
    create_account, current_session, replace_account,
};
use oasgen_tests::fixtures::read_write::server::{self, ReadWriteFixture, RequestContext};
use oasgen_tests::fixtures::read_write::types::{
    Account, AccountInput, NewAccount, Owner, OwnerInput, Session, Stamp, StampInput,
};

/// Keeps the passwords it was sent, and answers with what it stored.
#[derive(Default)]
struct Service {
    passwords: Mutex<Vec<String>>,
}

fn stamp() -> Stamp {
    Stamp {
        created_at: chrono::DateTime::UNIX_EPOCH,
        revision: Some(1),
    }
}

impl ReadWriteFixture for Service {
    async fn create_account(
        &self,
        _: RequestContext,
        request: create_account::Request,
    ) -> create_account::Response {
        create_account::Response::Created(Account {
            id: "a-new".into(),
            name: request.body.name,
            owner: Owner {
                id: 1,
                email: "owner@example.com".into(),
            },
            stamp: stamp(),
            aliases: None,
        })
    }

    async fn replace_account(
        &self,
        _: RequestContext,
        request: replace_account::Request,
    ) -> replace_account::Response {
        let input = request.body;
        self.passwords
            .lock()
            .expect("not poisoned")
            .push(input.password);
        replace_account::Response::Ok(Account {
            id: request.id,
            name: input.name,
            owner: Owner {
                id: 7,
                email: input.owner.email,
            },
            stamp: stamp(),
            aliases: input.aliases.map(|aliases| {
                aliases
                    .into_iter()
                    .zip(100..)
                    .map(|(alias, id)| Owner {
                        id,
                        email: alias.email,
                    })
                    .collect()
            }),
        })
    }

    async fn current_session(
        &self,
        _: RequestContext,
        _: current_session::Request,
    ) -> current_session::Response {
        current_session::Response::Ok(Session { user: "ada".into() })
    }
}

async fn serve() -> (Client, String, Arc<Service>) {
    let service = Arc::new(Service::default());
    let base_url = support::serve(server::router(service.clone())).await;
    (Client::new(base_url.clone()), base_url, service)
}

#[tokio::test]
async fn the_request_form_sends_what_the_client_may_set_and_the_read_form_comes_back() {
    let (client, _, service) = serve().await;
    let input = AccountInput {
        name: "Ada".into(),
        password: "correct horse".into(),
        owner: OwnerInput {
            email: "ada@example.com".into(),
        },
        stamp: StampInput {},
        aliases: Some(vec![OwnerInput {
            email: "countess@example.com".into(),
        }]),
    };
    let account = client
        .replace_account("a1", &input)
        .await
        .expect("replaced");
    assert_eq!(
        account,
        Account {
            id: "a1".into(),
            name: "Ada".into(),
            owner: Owner {
                id: 7,
                email: "ada@example.com".into(),
            },
            stamp: stamp(),
            aliases: Some(vec![Owner {
                id: 100,
                email: "countess@example.com".into(),
            }]),
        }
    );
    assert_eq!(
        *service.passwords.lock().expect("not poisoned"),
        ["correct horse"]
    );
    // On the wire: no read-only property, the write-only one.
    assert_eq!(
        serde_json::to_value(&input).expect("encodes"),
        serde_json::json!({
            "name": "Ada",
            "password": "correct horse",
            "owner": {"email": "ada@example.com"},
            "stamp": {},
            "aliases": [{"email": "countess@example.com"}]
        })
    );
}

#[tokio::test]
async fn a_body_sent_one_way_only_leaves_its_read_only_properties_out() {
    let (client, _, _) = serve().await;
    let account = client
        .create_account(&NewAccount {
            name: "Grace".into(),
        })
        .await
        .expect("created");
    assert_eq!(account.id, "a-new");
    let session = client.current_session().await.expect("a session");
    assert_eq!(session, Session { user: "ada".into() });
}

#[tokio::test]
async fn read_only_properties_in_a_request_are_ignored_not_refused() {
    let (_, base_url, service) = serve().await;
    let answer = reqwest::Client::new()
        .put(format!("{base_url}/accounts/a2"))
        .header("content-type", "application/json")
        .body(
            serde_json::json!({
                "id": "chosen-by-the-client",
                "name": "Ada",
                "password": "correct horse",
                "owner": {"id": 99, "email": "ada@example.com"},
                "stamp": {"createdAt": "2030-01-01T00:00:00Z", "revision": 9}
            })
            .to_string(),
        )
        .send()
        .await
        .expect("sent");
    assert_eq!(answer.status(), 200);
    let account: Account =
        serde_json::from_str(&answer.text().await.expect("a body")).expect("an account");
    assert_eq!((account.id.as_str(), account.owner.id), ("a2", 7));
    assert_eq!(account.stamp, stamp());
    // The read form has no field for a write-only property a server sends anyway.
    assert_eq!(service.passwords.lock().expect("not poisoned").len(), 1);
    let read: Session = serde_json::from_value(serde_json::json!({
        "user": "ada",
        "token": "leaked"
    }))
    .expect("decodes");
    assert_eq!(
        serde_json::to_value(&read).expect("encodes"),
        serde_json::json!({"user": "ada"})
    );
}
