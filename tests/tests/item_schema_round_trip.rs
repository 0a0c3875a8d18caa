//! The OpenAPI 3.2 `itemSchema` fixture over loopback: events chosen by their `event:` name
//! arrive as the enum's variants; an ASP.NET-style event object's `data`, a 3.2 event object
//! whose JSON `data` sits in a string, and JSON Lines records arrive typed.

mod support;

use std::sync::Arc;

use futures::{TryStreamExt, stream};
use oasgen_tests::fixtures::item_schema::client::{Client, Error};
use oasgen_tests::fixtures::item_schema::operations::{
    create_run, export_records, stream_run_events, todo_feed,
};
use oasgen_tests::fixtures::item_schema::server::{
    self, Event, Events, ItemSchemas, RequestContext,
};
use oasgen_tests::fixtures::item_schema::types::{
    CreateRunOkEvent, Record, RunDelta, RunEvent, RunEventKind, RunStarted, Todo,
};

struct Service;

fn run_events() -> Vec<CreateRunOkEvent> {
    vec![
        CreateRunOkEvent::Started(RunStarted {
            run_id: "r1".into(),
        }),
        CreateRunOkEvent::Delta(RunDelta { text: "he".into() }),
        CreateRunOkEvent::Note("not JSON: \"half".into()),
        CreateRunOkEvent::Delta(RunDelta { text: "llo".into() }),
    ]
}

impl ItemSchemas for Service {
    async fn export_records(
        &self,
        _: RequestContext,
        _: export_records::Request,
    ) -> export_records::Response {
        let records = (0..3).map(|id| Record {
            id,
            name: Some(format!("record {id}")),
        });
        export_records::Response::Ok(Events::from_data(stream::iter(records)))
    }

    async fn create_run(&self, _: RequestContext, _: create_run::Request) -> create_run::Response {
        create_run::Response::Ok(Events::from_data(stream::iter(run_events())))
    }

    async fn stream_run_events(
        &self,
        _: RequestContext,
        request: stream_run_events::Request,
    ) -> stream_run_events::Response {
        if request.run_id != "r1" {
            return stream_run_events::Response::NotFound;
        }
        let kinds = [RunEventKind::Started, RunEventKind::Finished];
        stream_run_events::Response::Ok(Events::new(stream::iter(
            kinds.map(|kind| Event::new(RunEvent { kind, detail: None }).named("progress")),
        )))
    }

    async fn todo_feed(&self, _: RequestContext, _: todo_feed::Request) -> todo_feed::Response {
        let todos = (1..=2).map(|id| {
            Event::new(Todo {
                id,
                title: format!("todo {id}"),
                done: Some(id == 1),
            })
            .with_id(format!("t{id}"))
        });
        todo_feed::Response::Ok(Events::new(stream::iter(todos)))
    }
}

async fn client() -> Client {
    Client::new(support::serve(server::router(Arc::new(Service))).await)
}

#[tokio::test]
async fn events_chosen_by_name_arrive_as_variants_under_their_names() {
    let client = client().await;
    let events: Vec<Event<CreateRunOkEvent>> = client
        .create_run()
        .await
        .expect("a stream")
        .try_collect()
        .await
        .expect("every event");
    let names: Vec<Option<&str>> = events.iter().map(|event| event.event.as_deref()).collect();
    assert_eq!(
        names,
        [Some("started"), Some("delta"), Some("note"), Some("delta")]
    );
    let data: Vec<CreateRunOkEvent> = events.into_iter().map(|event| event.data).collect();
    assert_eq!(data, run_events());
}

#[tokio::test]
async fn an_event_objects_data_arrives_typed() {
    let client = client().await;
    let todos: Vec<Event<Todo>> = client
        .todo_feed()
        .await
        .expect("a stream")
        .try_collect()
        .await
        .expect("every todo");
    assert_eq!(todos.len(), 2);
    assert_eq!(todos[0].data.title, "todo 1");
    assert_eq!(todos[1].id.as_deref(), Some("t2"));
    let runs: Vec<RunEvent> = client
        .stream_run_events("r1")
        .await
        .expect("a stream")
        .map_ok(|event| event.data)
        .try_collect()
        .await
        .expect("every event");
    assert_eq!(runs[1].kind, RunEventKind::Finished);
    match client.stream_run_events("r2").await {
        Err(Error::Status { response, .. }) => {
            assert_eq!(response, stream_run_events::ErrorResponse::NotFound)
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
}

#[tokio::test]
async fn json_lines_items_arrive_typed() {
    let client = client().await;
    let records: Vec<Record> = client
        .export_records()
        .await
        .expect("a stream")
        .map_ok(|event| event.data)
        .try_collect()
        .await
        .expect("every record");
    let ids: Vec<i64> = records.iter().map(|record| record.id).collect();
    assert_eq!(ids, [0, 1, 2]);
}
